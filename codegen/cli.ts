/**
 * The codegen command line.
 *
 * ```
 * deno task codegen            write every target's generated files
 * deno task codegen --check    exit 1, naming each stale file, when the committed output is stale
 * deno task openapi            print the OpenAPI document on stdout
 * ```
 *
 * Exit codes (docs/cli.md): 0 success; 1 stale output or types codegen
 * cannot represent; 2 a usage error or a config that does not load. Errors
 * print as `error:` and `hint:` lines, with the causes and stack under
 * `--verbose`. Progress over the targets shows on stderr: a bar on a
 * terminal, one line per phase in CI or a log, nothing with `--quiet`.
 *
 * @module
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { CliError, UsageError } from '../cli/errors.ts';
import { writeCliError } from '../cli/error-output.ts';
import { ExitCode } from '../cli/exit-codes.ts';
import { commonOptions, formatHelp } from '../cli/help.ts';
import { processIo, type TerminalIo } from '../cli/io.ts';

export type { CliEnv } from '../cli/color.ts';
export type { TerminalIo };
import { usageErrorFromParseArgs } from '../cli/parse-error.ts';
import { progressMode, ProgressReporter } from '../cli/progress.ts';
import { hasFlag } from '../cli/raw-args.ts';
import { versionLine } from '../cli/version.ts';
import { checkFiles } from './check.ts';
import { type CodegenTarget, generate, type TargetOutput } from './generate.ts';
import { CodegenError, type Problem } from './problems.ts';

/** The name codegen gives itself in `--version`. */
export const codegenCommand = 'roj-codegen';

/** The `--help` text. */
export const codegenUsage: string = formatHelp({
  usage: [
    'deno task codegen [--check] [--config FILE] [--quiet]',
    'deno task openapi [--target NAME] [--config FILE]',
  ],
  description: 'Reads the method registries named in the config (default: codegen.config.ts) ' +
    "and writes, per target, OpenAPI 3.1 and 3.2 documents, JSON Schemas, validators, typed bindings and openapi-typescript types into the target's generated folder. Progress over the targets shows on stderr: a bar on a terminal, one line per phase in CI (CI=true) or when stderr is not a terminal.",
  sections: [{
    title: 'Options',
    options: [
      {
        flags: '--check',
        text: 'Write nothing; exit 1 and name every stale file if the output is out of date',
      },
      { flags: '--config FILE', text: 'Module exporting `targets` (default: codegen.config.ts)' },
      {
        flags: '--target NAME',
        text: "For `openapi`: which target's document to print (default: the first)",
      },
      { flags: '--quiet', text: 'Print nothing but errors' },
      { flags: '--verbose', text: 'List every file written; on an error, its causes and stack' },
      ...commonOptions.filter((option) => option.flags !== '--verbose'),
    ],
  }],
  examples: [
    { text: 'Regenerate after changing a registry', command: 'deno task codegen' },
    {
      text: 'In CI: fail when the committed output is stale',
      command: 'deno task codegen --check',
    },
    {
      text: 'Print the Rool document, e.g. for another tool',
      command: 'deno task openapi --target rool > rool-openapi.json',
    },
    {
      text: 'Generate bindings for your own registry, listed in its own config',
      command: 'deno task codegen --config my-codegen.config.ts',
    },
  ],
  exitCodes: {
    0: 'Generated, or up to date with --check',
    1: 'Stale output (--check), or types codegen cannot represent (each with file:line)',
    2: 'A usage error, or a config that does not load',
  },
});

const flags = {
  check: { type: 'boolean' },
  config: { type: 'string' },
  target: { type: 'string' },
  quiet: { type: 'boolean' },
  verbose: { type: 'boolean' },
  version: { type: 'boolean', short: 'V' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** What the command line asks for. */
interface CodegenArgs {
  command: 'generate' | 'openapi';
  check: boolean;
  config: string;
  target?: string;
  quiet: boolean;
  verbose: boolean;
}

/**
 * Runs the codegen command line in the current directory.
 *
 * @param argv The arguments, without the program and script.
 * @param io Where to write, and whether stderr is a terminal. Default: the process's.
 * @returns The exit code: 0 success, 1 stale output or unrepresentable types, 2 usage or
 * config error.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { main } from './cli.ts';
 * let out = '';
 * const io = { stdout: (text: string) => out += text, stderr: () => {} };
 * assert.equal(await main(['--version'], io), 0);
 * assert.match(out, /^roj-codegen \d+\.\d+\.\d+/);
 * ```
 */
export async function main(argv: string[], io: TerminalIo = processIo()): Promise<number> {
  let verbose = hasFlag(argv, '--verbose');
  try {
    const args = parseCodegenArgs(argv);
    if (args === 'help') {
      io.stdout(`${codegenUsage}\n`);
      return ExitCode.ok;
    }
    if (args === 'version') {
      io.stdout(`${versionLine(codegenCommand)}\n`);
      return ExitCode.ok;
    }
    verbose = args.verbose;
    return await run(args, io);
  } catch (error) {
    return writeCliError(io, error, { verbose });
  }
}

function parseCodegenArgs(argv: string[]): CodegenArgs | 'help' | 'version' {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: flags, strict: true });
  } catch (error) {
    throw usageErrorFromParseArgs(error, Object.keys(flags));
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (values.version) return 'version';
  const command = positionals[0] ?? 'generate';
  if ((command !== 'generate' && command !== 'openapi') || positionals.length > 1) {
    throw new UsageError(`Unknown command ${JSON.stringify(positionals.join(' '))}`, {
      hint: 'Run `deno task codegen` (no command) to generate, or `deno task openapi` to print ' +
        'the document',
    });
  }
  if (values.target !== undefined && command !== 'openapi') {
    throw new UsageError('--target is for `deno task openapi`', {
      hint: 'Leave it out: `deno task codegen` generates every target of the config',
    });
  }
  return {
    command,
    check: values.check === true,
    config: values.config ?? 'codegen.config.ts',
    ...(values.target === undefined ? {} : { target: values.target }),
    quiet: values.quiet === true,
    verbose: values.verbose === true,
  };
}

async function run(args: CodegenArgs, io: TerminalIo): Promise<number> {
  const root = process.cwd();
  let targets = await loadTargets(root, args.config);
  if (args.command === 'openapi') targets = [pickTarget(targets, args.target)];

  // `openapi` prints the document and only it: stdout is for the document, stderr stays quiet.
  const quiet = args.quiet || args.command === 'openapi';
  const progress = new ProgressReporter(io, {
    mode: progressMode(io, { quiet }),
    label: 'codegen',
    total: targets.length,
  });
  const started = performance.now();
  progress.log(`codegen: reading ${targets.map((t) => t.api).join(', ')}`);
  let outputs: TargetOutput[];
  try {
    outputs = await generateEach(root, targets, progress);
  } finally {
    progress.finish();
  }
  if (args.command === 'openapi') {
    io.stdout(JSON.stringify(outputs[0].document, null, 2) + '\n');
    return ExitCode.ok;
  }
  const elapsed = `${((performance.now() - started) / 1000).toFixed(1)}s`;
  const files = outputs.flatMap((o) => o.files);
  const say = (line: string) => args.quiet || io.stderr(`${line}\n`);
  if (args.check) {
    const stale = checkFiles(root, outputs);
    if (stale.length === 0) {
      say(`codegen: ${files.length} generated files are up to date (${elapsed})`);
      return ExitCode.ok;
    }
    const why = { stale: 'is stale', missing: 'is missing', extra: 'is no longer generated' };
    throw new CliError(
      `${stale.length} generated file${stale.length === 1 ? ' is' : 's are'} out of date`,
      {
        details: stale.map((s) => `${s.path} ${why[s.kind]}`),
        hint: 'Run `deno task codegen` and commit the result',
        exitCode: ExitCode.failed,
      },
    );
  }
  for (const { target } of outputs) {
    rmSync(join(root, target.out), { recursive: true, force: true });
  }
  for (const f of files) {
    mkdirSync(dirname(join(root, f.path)), { recursive: true });
    writeFileSync(join(root, f.path), f.contents);
  }
  say(`codegen: wrote ${files.length} files (${elapsed})`);
  if (args.verbose) { for (const f of files) say(`  ${f.path}`); }
  return ExitCode.ok;
}

/**
 * Generates every target, and reports the problems of all of them together. On a terminal it
 * generates one target at a time, to move the bar; elsewhere (CI, tests, `--quiet`) in one
 * call, which shares one TypeScript program between the targets and is about a second faster.
 */
async function generateEach(
  root: string,
  targets: readonly CodegenTarget[],
  progress: ProgressReporter,
): Promise<TargetOutput[]> {
  const outputs: TargetOutput[] = [];
  const problems: Problem[] = [];
  const batches = progress.mode === 'bar' ? targets.map((target) => [target]) : [[...targets]];
  let done = 0;
  for (const batch of batches) {
    progress.update(done, batch.map((t) => t.name).join(', '));
    try {
      outputs.push(...await generate(root, batch));
    } catch (error) {
      if (!(error instanceof CodegenError)) throw error;
      // Targets share files (src/rpc/): a problem there is reported once.
      for (const problem of error.problems) {
        const seen = problems.some((p) =>
          p.file === problem.file && p.line === problem.line && p.message === problem.message
        );
        if (!seen) problems.push(problem);
      }
    }
    done += batch.length;
    progress.update(done, batch.map((t) => t.name).join(', '));
  }
  if (problems.length > 0) {
    const n = problems.length;
    throw new CliError(`Codegen found ${n} problem${n === 1 ? '' : 's'}`, {
      details: problems.map((p) => `${p.file}:${p.line}: ${p.message}`),
      hint: 'Change these types to ones JSON can carry: codegen cannot represent them',
      exitCode: ExitCode.failed,
      cause: new CodegenError(problems),
    });
  }
  return outputs;
}

async function loadTargets(root: string, config: string): Promise<CodegenTarget[]> {
  let targets: unknown;
  try {
    targets = (await import(pathToFileURL(resolve(root, config)).href)).targets;
  } catch (error) {
    throw new CliError(`Cannot load config ${config}: ${firstLine(error)}`, {
      hint: 'Pass a module that exports `targets`, e.g. --config codegen.config.ts',
      cause: error,
    });
  }
  if (!Array.isArray(targets) || targets.length === 0) {
    throw new CliError(`Config ${config} does not export a non-empty array named targets`, {
      hint: 'Export `targets: CodegenTarget[]`, each {name, api, export, out}, as ' +
        'codegen.config.ts does',
    });
  }
  return targets;
}

function pickTarget(targets: CodegenTarget[], name: string | undefined): CodegenTarget {
  if (name === undefined) return targets[0];
  const chosen = targets.find((t) => t.name === name);
  if (!chosen) {
    throw new UsageError(`No target named ${JSON.stringify(name)}`, {
      hint: `Pick one of ${targets.map((t) => t.name).join(', ')}`,
    });
  }
  return chosen;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0].replace(/\.$/, '');
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
