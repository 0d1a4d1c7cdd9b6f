/**
 * Runs a command line in a sandbox's fake shell (contract §5.1): parse it all,
 * then run its commands in order, honouring `;`, `&&` and `||`, expanding each
 * command's words just before it runs, and sending stdout to a file for `>`
 * and `>>`. User input never makes it throw: a line it cannot parse is a
 * syntax error with status 2, and every output is capped.
 *
 * @module
 */
import type { SandboxRecord } from '../../state.ts';
import { builtins, type CommandContext, fail } from './commands.ts';
import { expandedLength, expandWord } from './expand.ts';
import { fsCapBytes, FsError, homeDirectory, resolvePath, ShellFs } from './fs.ts';
import { CappedOutput, streamCapBytes } from './output.ts';
import { parseCommandLine, type SimpleCommand } from './parse.ts';

/** What a command line produced. */
export interface ShellResult {
  /** Standard output, at most 64 KiB. */
  stdout: string;
  /** Standard error, at most 64 KiB. */
  stderr: string;
  /** The final status: the last command's, 2 for a syntax error, or `exit`'s. */
  exitCode: number;
  /** `true` exactly when `exitCode` is 0. */
  success: boolean;
}

/** The most a command's expanded arguments may add up to, in UTF-16 code units. */
export const maxArgumentsLength = 1024 * 1024;

/**
 * The environment of a sandbox's shell (contract §5.1).
 *
 * @param sandbox The sandbox.
 * @returns `HOME`, `USER`, `PWD`, `ROJ_INSTANCE_ID`, `ROJ_SANDBOX_ID` and `ROJ_SANDBOX_TOKEN`.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { shellEnvironment } from './run.ts';
 * import { createSandboxFs } from './fs.ts';
 * const sandbox = {
 *   id: 'sbx_1', instanceId: 'ins_1', state: 'running' as const, token: 'rjs_x', e2bId: 'e2b_1',
 *   lastActivityAt: 0, log: [], fs: createSandboxFs(), cwd: '/tmp',
 * };
 * assert.equal(shellEnvironment(sandbox).get('PWD'), '/tmp');
 * ```
 */
export function shellEnvironment(sandbox: SandboxRecord): Map<string, string> {
  return new Map([
    ['HOME', homeDirectory],
    ['USER', 'user'],
    ['PWD', sandbox.cwd],
    ['ROJ_INSTANCE_ID', sandbox.instanceId],
    ['ROJ_SANDBOX_ID', sandbox.id],
    ['ROJ_SANDBOX_TOKEN', sandbox.token],
  ]);
}

/**
 * Runs a command line. The sandbox's file tree and working directory change
 * in place.
 *
 * @param sandbox The sandbox whose shell runs it.
 * @param commandLine The command line.
 * @returns Its stdout, stderr and final status.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { runCommandLine } from './run.ts';
 * import { createSandboxFs } from './fs.ts';
 * const sandbox = {
 *   id: 'sbx_1', instanceId: 'ins_1', state: 'running' as const, token: 'rjs_x', e2bId: 'e2b_1',
 *   lastActivityAt: 0, log: [], fs: createSandboxFs(), cwd: '/home/user',
 * };
 * const result = runCommandLine(sandbox, 'cd .. && pwd; nope || echo "$USER"');
 * assert.equal(result.stdout, '/home\nuser\n');
 * assert.equal(result.stderr, 'sh: nope: command not found\n');
 * assert.equal(result.success, true);
 * ```
 */
export function runCommandLine(sandbox: SandboxRecord, commandLine: string): ShellResult {
  const stdout = new CappedOutput(streamCapBytes);
  const stderr = new CappedOutput(streamCapBytes);
  const parsed = parseCommandLine(commandLine);
  if (!parsed.ok) {
    stderr.write(`sh: syntax error: ${parsed.error}\n`);
    return result(stdout, stderr, 2);
  }
  const fs = new ShellFs(sandbox.fs);
  let status = 0;
  for (const { connector, command } of parsed.line) {
    if ((connector === '&&' && status !== 0) || (connector === '||' && status === 0)) continue;
    const outcome = runCommand(command, { sandbox, fs, lastStatus: status, stdout, stderr });
    if (typeof outcome !== 'number') return result(stdout, stderr, outcome.exit);
    status = outcome;
  }
  return result(stdout, stderr, status);
}

function runCommand(
  command: SimpleCommand,
  io: Omit<CommandContext, 'environment'>,
): number | { exit: number } {
  const environment = shellEnvironment(io.sandbox);
  const variables = new Map(environment).set('?', String(io.lastStatus));
  let total = 0;
  for (const word of [...command.words, ...command.redirects.map((r) => r.target)]) {
    total += expandedLength(word, variables);
  }
  if (total > maxArgumentsLength) {
    const first = command.words[0];
    const name = first && expandedLength(first, variables) <= maxArgumentsLength
      ? expandWord(first, variables)
      : undefined;
    return fail(io, `${name ?? 'sh'}: Argument list too long`);
  }

  const args: string[] = [];
  for (const word of command.words) {
    const arg = expandWord(word, variables);
    if (arg !== undefined) args.push(arg);
  }
  // POSIX 2.7: every redirect is opened in order (`>` truncates), and the last one gets stdout.
  let target: { path: string; segments: string[]; append: boolean } | undefined;
  for (const redirect of command.redirects) {
    const path = expandWord(redirect.target, variables);
    if (path === undefined) {
      // Only a word of unquoted parameters can vanish; name it as written, as bash does.
      const written = redirect.target.map((p) => p.kind === 'param' ? `$${p.name}` : p.text);
      return fail(io, `${written.join('')}: ambiguous redirect`);
    }
    try {
      const segments = resolvePath(path, io.sandbox.cwd);
      io.fs.writeFile(segments, { text: '', append: redirect.append });
      target = { path, segments, append: redirect.append };
    } catch (error) {
      if (error instanceof FsError) return fail(io, `${path}: ${error.reason}`);
      throw error;
    }
  }
  if (!args.length) return 0;

  // A file can never take more than the tree's cap, so a redirect keeps no more than that.
  const stdout = target ? new CappedOutput(fsCapBytes) : io.stdout;
  const builtin = builtins.get(args[0]);
  const outcome = builtin
    ? builtin(args, { ...io, environment, stdout })
    : (io.stderr.write(`sh: ${args[0]}: command not found\n`), 127);
  if (!target) return outcome;
  try {
    if (stdout.overflowed) throw new FsError('No space left on device');
    io.fs.writeFile(target.segments, { text: stdout.text(), append: true });
    return outcome;
  } catch (error) {
    if (!(error instanceof FsError)) throw error;
    const status = fail(io, `${target.path}: ${error.reason}`);
    return typeof outcome === 'number' ? status : outcome;
  }
}

function result(stdout: CappedOutput, stderr: CappedOutput, exitCode: number): ShellResult {
  return { stdout: stdout.text(), stderr: stderr.text(), exitCode, success: exitCode === 0 };
}
