/**
 * The `roj` command of the npm package: `roj <command> [flags]` hands the
 * flags to the command's own command line (the mock's, the conformance
 * suite's), and answers `--help` and `--version` itself, in the layout and
 * with the error lines of the other command lines (../cli/).
 *
 * Exit codes: the command's own; 0 after `--help` or
 * `--version`; 2 for a missing or unknown command, or one the npm package
 * does not have.
 *
 * @module
 */
import { UsageError } from '../cli/errors.ts';
import { writeCliError } from '../cli/error-output.ts';
import { ExitCode } from '../cli/exit-codes.ts';
import { formatHelp } from '../cli/help.ts';
import type { TerminalIo } from '../cli/io.ts';
import { versionLine } from '../cli/version.ts';

/** A command `roj` runs. */
export interface RojCommand {
  /** One line on what it does, for `roj --help`. */
  summary: string;
  /** A command line that runs it, for `roj --help`, e.g. `roj mock --port 0`. */
  example: string;
  /**
   * Runs it.
   *
   * @param args The arguments after the command's name.
   * @returns The exit code.
   */
  run(args: readonly string[]): Promise<number>;
}

/** The commands `roj` knows, by name, in the order `--help` lists them. */
export type RojCommands = Readonly<Record<string, RojCommand>>;

/** Longest argument list `roj` accepts: far past any real command line. */
const maxArgs = 1_000;

/** Longest command name an error repeats. */
const maxShownName = 40;

/**
 * The `roj --help` text.
 *
 * @param commands The commands, by name.
 * @returns The text, without a final newline.
 *
 * @example Every command with its example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { rojUsage } from './roj.ts';
 * const run = () => Promise.resolve(0);
 * const text = rojUsage({ mock: { summary: 'Serve the mock', example: 'roj mock', run } });
 * assert.match(text, /^ {2}mock +Serve the mock$/m);
 * assert.match(text, /^ {2}roj mock$/m);
 * ```
 */
export function rojUsage(commands: RojCommands): string {
  return formatHelp({
    usage: ['roj <command> [options]', 'roj <command> --help'],
    description:
      'The command line of @roj/sdk on Node: the Roj mock (with the Rool mock under /rool) and the conformance suite. Each command takes the flags of its `deno task` counterpart.',
    sections: [
      {
        title: 'Commands',
        options: Object.entries(commands).map(([name, command]) => ({
          flags: name,
          text: command.summary,
        })),
      },
      {
        title: 'Options',
        options: [
          { flags: '-V, --version', text: 'Print the version and exit' },
          { flags: '-h, --help', text: 'Show this help and exit' },
        ],
      },
    ],
    examples: Object.values(commands).map((command) => ({
      text: command.summary,
      command: command.example,
    })),
    exitCodes: {
      0: 'The command succeeded, or --help or --version',
      1: 'The command found a failure (see `roj <command> --help`)',
      2: 'A missing or unknown command, or a usage, configuration or connection error',
    },
  });
}

/**
 * Runs `roj` with its arguments.
 *
 * @param args The arguments, without the program and script.
 * @param commands The commands, by name.
 * @param io Where to write, and whether stderr is a terminal (for colour).
 * @returns The exit code.
 * @throws {Error} Whatever the command throws: each command reports its own errors as exit
 * codes, so anything thrown is a bug worth its stack trace.
 *
 * @example An unknown command exits 2 with a hint
 * ```ts
 * import assert from 'node:assert/strict';
 * import { runRoj } from './roj.ts';
 * let err = '';
 * const run = () => Promise.resolve(0);
 * const commands = { mock: { summary: 'Serve the mock', example: 'roj mock', run } };
 * const io = { stdout: () => {}, stderr: (text: string) => err += text };
 * assert.equal(await runRoj(['serve'], commands, io), 2);
 * assert.equal(
 *   err,
 *   'error: Unknown command serve; the command is mock\nhint: Run roj --help to see the commands\n',
 * );
 * ```
 */
export async function runRoj(
  args: readonly string[],
  commands: RojCommands,
  io: TerminalIo,
): Promise<number> {
  const names = Object.keys(commands);
  const list = names.length === 1
    ? `the command is ${names[0]}`
    : `the commands are ${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
  const fail = (message: string) =>
    writeCliError(io, new UsageError(message, { hint: 'Run roj --help to see the commands' }));

  if (args.length > maxArgs) return fail(`Too many arguments: at most ${maxArgs}`);
  const [first, ...rest] = args;
  if (first === '-h' || first === '--help' || first === 'help') {
    io.stdout(`${rojUsage(commands)}\n`);
    return ExitCode.ok;
  }
  if (first === '-V' || first === '--version') {
    io.stdout(`${versionLine('roj')}\n`);
    return ExitCode.ok;
  }
  if (first === undefined) return fail(`Missing command: ${list}`);
  if (!Object.hasOwn(commands, first)) {
    const shown = first.length > maxShownName ? `${first.slice(0, maxShownName)}…` : first;
    return fail(`Unknown command ${shown}; ${list}`);
  }
  return await commands[first].run(rest);
}
