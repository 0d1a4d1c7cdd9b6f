/**
 * Where a command line writes, and what it knows about its terminal. Commands take a
 * {@linkcode TerminalIo} so that tests inject streams and an environment and never touch the
 * real process; {@linkcode processIo} is the real one.
 *
 * @module
 */
import process from 'node:process';
import type { CliEnv } from './color.ts';

/** Streams and terminal facts a command line uses. */
export interface TerminalIo {
  /** Writes text, as is, to standard output. */
  stdout(text: string): void;
  /** Writes text, as is, to standard error. */
  stderr(text: string): void;
  /** Standard output is a terminal. Default `false`. */
  stdoutIsTerminal?: boolean;
  /** Standard error is a terminal: progress may redraw one line. Default `false`. */
  stderrIsTerminal?: boolean;
  /** The variables that steer the output: `NO_COLOR`, `FORCE_COLOR`, `CI`, `TERM`. Default `{}`. */
  env?: CliEnv;
  /** The terminal's width in columns, when known. */
  columns?: number;
}

/** The environment variables a command line's output depends on. */
export const terminalEnvNames: readonly string[] = ['NO_COLOR', 'FORCE_COLOR', 'CI', 'TERM'];

/**
 * The variables of {@linkcode terminalEnvNames} from an environment. Under Deno, a variable the
 * process may not read counts as unset, rather than failing the command.
 *
 * @param source The environment. Default: the process's.
 * @returns The variables that are set.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { terminalEnv } from './io.ts';
 * assert.deepEqual(terminalEnv({ CI: 'true', HOME: '/root' }), { CI: 'true' });
 * ```
 */
export function terminalEnv(source: Readonly<Record<string, unknown>> = process.env): CliEnv {
  const env: Record<string, string> = {};
  for (const name of terminalEnvNames) {
    try {
      const value = source[name];
      if (typeof value === 'string') env[name] = value;
    } catch {
      // Deno without --allow-env for this name.
    }
  }
  return env;
}

/**
 * The process's standard streams, whether they are terminals, and its terminal variables.
 *
 * @returns The process's {@linkcode TerminalIo}.
 *
 * @example Usage
 * ```ts ignore
 * import { processIo } from './io.ts';
 * processIo().stderr('hello\n');
 * ```
 */
export function processIo(): Required<Omit<TerminalIo, 'columns'>> & Pick<TerminalIo, 'columns'> {
  const columns = process.stderr.columns;
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    stdoutIsTerminal: process.stdout.isTTY === true,
    stderrIsTerminal: process.stderr.isTTY === true,
    env: terminalEnv(),
    ...(typeof columns === 'number' && columns > 0 ? { columns } : {}),
  };
}
