/**
 * The fake shell's builtins (contract §5.1): `echo`, `true`, `false`, `pwd`,
 * `cd`, `ls`, `cat`, `mkdir`, `touch`, `rm`, `env` and `exit`. Errors go to
 * stderr as `sh: <cmd>: <what>` with status 1; messages about a path read
 * `sh: <cmd>: <path>: <reason>`, with the path as it was written.
 *
 * Options come before operands, as POSIX utilities read them; `--` ends them.
 *
 * @module
 */
import type { SandboxRecord } from '../../state.ts';
import { formatPath, FsError, homeDirectory, resolvePath, type ShellFs } from './fs.ts';
import type { CappedOutput } from './output.ts';

/** What a builtin may read and change. */
export interface CommandContext {
  /** The sandbox, whose working directory `cd` changes. */
  sandbox: SandboxRecord;
  /** Its file tree. */
  fs: ShellFs;
  /** The environment `env` prints. */
  environment: ReadonlyMap<string, string>;
  /** The status of the last command that ran, for `exit` without N. */
  lastStatus: number;
  /** Where output goes: the result's stdout, or a redirect's file. */
  stdout: CappedOutput;
  /** The result's stderr. */
  stderr: CappedOutput;
}

/** A builtin's outcome: its exit status, or `exit` asking to stop the command line. */
export type CommandOutcome = number | { exit: number };

/** A builtin: the arguments (the name first) and the context, to the outcome. */
export type Builtin = (args: string[], ctx: CommandContext) => CommandOutcome;

/** Every builtin, by name. */
export const builtins: ReadonlyMap<string, Builtin> = new Map<string, Builtin>([
  ['echo', echo],
  ['true', () => 0],
  ['false', () => 1],
  ['pwd', pwd],
  ['cd', cd],
  ['ls', ls],
  ['cat', cat],
  ['mkdir', mkdir],
  ['touch', touch],
  ['rm', rm],
  ['env', env],
  ['exit', exit],
]);

/**
 * Writes `sh: <cmd>: <what>` to stderr.
 *
 * @param ctx The context.
 * @param what The command and what went wrong, e.g. `cd: x: No such file or directory`.
 * @returns Status 1.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { fail } from './commands.ts';
 * import { CappedOutput } from './output.ts';
 * const stderr = new CappedOutput(100);
 * assert.equal(fail({ stderr }, 'cd: x: No such file or directory'), 1);
 * assert.equal(stderr.text(), 'sh: cd: x: No such file or directory\n');
 * ```
 */
export function fail(ctx: Pick<CommandContext, 'stderr'>, what: string): number {
  ctx.stderr.write(`sh: ${what}\n`);
  return 1;
}

function echo(args: string[], ctx: CommandContext): number {
  let first = 1;
  while (first < args.length && /^-n+$/.test(args[first])) first++;
  ctx.stdout.write(args.slice(first).join(' ') + (first > 1 ? '' : '\n'));
  return 0;
}

function pwd(_args: string[], ctx: CommandContext): number {
  ctx.stdout.write(`${ctx.sandbox.cwd}\n`);
  return 0;
}

function cd(args: string[], ctx: CommandContext): number {
  if (args.length > 2) return fail(ctx, 'cd: too many arguments');
  const target = args[1] ?? homeDirectory;
  return operate(ctx, `cd: ${target}`, () => {
    const segments = resolvePath(target, ctx.sandbox.cwd);
    if (ctx.fs.lookup(segments).kind !== 'dir') throw new FsError('Not a directory');
    ctx.sandbox.cwd = formatPath(segments);
  });
}

function ls(args: string[], ctx: CommandContext): number {
  const parsed = options(args, 'a', ctx);
  if (typeof parsed === 'number') return parsed;
  const all = parsed.flags.has('a');
  const operands = parsed.operands.length ? parsed.operands : ['.'];
  const files: string[] = [];
  const dirs: Array<[string, string[]]> = [];
  let status = 0;
  for (const operand of operands) {
    status |= operate(ctx, `ls: ${operand}`, () => {
      const node = ctx.fs.lookup(resolvePath(operand, ctx.sandbox.cwd));
      if (node.kind === 'file') files.push(operand);
      else dirs.push([operand, listing(node.children, all)]);
    });
  }
  const blocks = files.length ? [files.sort().map((f) => `${f}\n`).join('')] : [];
  for (const [operand, entries] of dirs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const lines = entries.map((e) => `${e}\n`).join('');
    blocks.push(operands.length > 1 ? `${operand}:\n${lines}` : lines);
  }
  ctx.stdout.write(blocks.join('\n'));
  return status;
}

// A directory's entries: directories first with a trailing `/`, then files, each group sorted by
// code unit; `-a` adds the hidden ones and `./`, `../` at the top.
function listing(children: Map<string, { kind: 'dir' | 'file' }>, all: boolean): string[] {
  const dirs: string[] = [];
  const files: string[] = [];
  for (const [name, node] of children) {
    if (!all && name.startsWith('.')) continue;
    if (node.kind === 'dir') dirs.push(`${name}/`);
    else files.push(name);
  }
  return [...(all ? ['./', '../'] : []), ...dirs.sort(), ...files.sort()];
}

function cat(args: string[], ctx: CommandContext): number {
  const parsed = options(args, '', ctx);
  if (typeof parsed === 'number') return parsed;
  let status = 0;
  for (const operand of parsed.operands) {
    status |= operate(ctx, `cat: ${operand}`, () => {
      const node = ctx.fs.lookup(resolvePath(operand, ctx.sandbox.cwd));
      if (node.kind === 'dir') throw new FsError('Is a directory');
      ctx.stdout.write(node.content);
    });
  }
  return status;
}

function mkdir(args: string[], ctx: CommandContext): number {
  const parsed = options(args, 'p', ctx);
  if (typeof parsed === 'number') return parsed;
  if (!parsed.operands.length) return fail(ctx, 'mkdir: missing operand');
  let status = 0;
  for (const operand of parsed.operands) {
    status |= operate(ctx, `mkdir: ${operand}`, () => {
      const segments = resolvePath(operand, ctx.sandbox.cwd);
      ctx.fs.makeDirectory(segments, { parents: parsed.flags.has('p') });
    });
  }
  return status;
}

function touch(args: string[], ctx: CommandContext): number {
  const parsed = options(args, '', ctx);
  if (typeof parsed === 'number') return parsed;
  if (!parsed.operands.length) return fail(ctx, 'touch: missing operand');
  let status = 0;
  for (const operand of parsed.operands) {
    status |= operate(ctx, `touch: ${operand}`, () => {
      const segments = resolvePath(operand, ctx.sandbox.cwd);
      try {
        ctx.fs.lookup(segments);
      } catch (error) {
        if (!(error instanceof FsError)) throw error;
        // Appending nothing creates the file, and reports why when it cannot.
        ctx.fs.writeFile(segments, { text: '', append: true });
      }
    });
  }
  return status;
}

function rm(args: string[], ctx: CommandContext): number {
  const parsed = options(args, 'r', ctx);
  if (typeof parsed === 'number') return parsed;
  if (!parsed.operands.length) return fail(ctx, 'rm: missing operand');
  let status = 0;
  for (const operand of parsed.operands) {
    // As GNU rm does, refuse `.`, `..` and `/` rather than empty the tree.
    const last = operand.split('/').filter((s) => s !== '').at(-1);
    if (last === '.' || last === '..') {
      status = fail(ctx, `rm: ${operand}: Refusing to remove '.' or '..'`);
    } else if (operand !== '' && last === undefined) {
      status = fail(ctx, `rm: ${operand}: Refusing to remove the root directory`);
    } else {
      status |= operate(ctx, `rm: ${operand}`, () => {
        const segments = resolvePath(operand, ctx.sandbox.cwd);
        ctx.fs.remove(segments, { recursive: parsed.flags.has('r') });
      });
    }
  }
  return status;
}

function env(args: string[], ctx: CommandContext): number {
  if (args.length > 1) return fail(ctx, 'env: too many arguments');
  const names = [...ctx.environment.keys()].sort();
  ctx.stdout.write(names.map((name) => `${name}=${ctx.environment.get(name)}\n`).join(''));
  return 0;
}

function exit(args: string[], ctx: CommandContext): CommandOutcome {
  if (args.length > 2) return fail(ctx, 'exit: too many arguments');
  if (args.length === 1) return { exit: ctx.lastStatus };
  if (!/^[+-]?[0-9]+$/.test(args[1])) {
    return { exit: fail(ctx, `exit: ${args[1]}: numeric argument required`) };
  }
  // The status is the low 8 bits, as a process's would be: 256 → 0, -1 → 255.
  return { exit: Number(((BigInt(args[1]) % 256n) + 256n) % 256n) };
}

// Runs a file system action; an FsError becomes `sh: <what>: <reason>` with status 1.
function operate(ctx: CommandContext, what: string, action: () => void): number {
  try {
    action();
    return 0;
  } catch (error) {
    if (error instanceof FsError) return fail(ctx, `${what}: ${error.reason}`);
    throw error;
  }
}

// Splits leading options (each letter of `allowed`) from operands; an unknown option is an error.
function options(
  args: string[],
  allowed: string,
  ctx: CommandContext,
): { flags: Set<string>; operands: string[] } | number {
  const flags = new Set<string>();
  let i = 1;
  for (; i < args.length && args[i].startsWith('-') && args[i] !== '-'; i++) {
    if (args[i] === '--') {
      i++;
      break;
    }
    for (const letter of args[i].slice(1)) {
      if (!allowed.includes(letter)) return fail(ctx, `${args[0]}: invalid option -- '${letter}'`);
      flags.add(letter);
    }
  }
  return { flags, operands: args.slice(i) };
}
