/**
 * Whether to colour a stream, and the few styles the command lines use. The rules, in order:
 *
 * 1. `FORCE_COLOR` set to anything but `0` or `false` turns colour on, even into a pipe; set to
 *    `0` or `false` it turns colour off (Node's convention: it overrides `NO_COLOR`).
 * 2. `NO_COLOR` set and not empty turns colour off (https://no-color.org).
 * 3. `TERM=dumb` turns colour off.
 * 4. Otherwise colour is on only when the stream is a terminal.
 *
 * @module
 */

/** Environment variables, as `process.env` holds them. */
export type CliEnv = Readonly<Record<string, string | undefined>>;

/**
 * Decides whether to colour what is written to a stream.
 *
 * @param isTerminal Whether the stream is a terminal (TTY).
 * @param env The environment: `FORCE_COLOR`, `NO_COLOR` and `TERM` are read.
 * @returns `true` to colour.
 *
 * @example NO_COLOR wins over a terminal, FORCE_COLOR over a pipe
 * ```ts
 * import assert from 'node:assert/strict';
 * import { colorEnabled } from './color.ts';
 * assert.equal(colorEnabled(true, {}), true);
 * assert.equal(colorEnabled(true, { NO_COLOR: '1' }), false);
 * assert.equal(colorEnabled(false, { FORCE_COLOR: '1' }), true);
 * ```
 */
export function colorEnabled(isTerminal: boolean, env: CliEnv): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return isTerminal;
}

/** The styles the command lines use; each returns its text unchanged when colour is off. */
export interface Paint {
  /** Errors, divergences. */
  red(text: string): string;
  /** Hints, warnings. */
  yellow(text: string): string;
  /** Success. */
  green(text: string): string;
  /** Emphasis. */
  bold(text: string): string;
  /** Secondary details: causes, stacks. */
  dim(text: string): string;
}

/**
 * The styles, as ANSI SGR sequences or as no-ops.
 *
 * @param enabled Whether to colour, e.g. from {@linkcode colorEnabled}.
 * @returns The styles.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { createPaint } from './color.ts';
 * assert.equal(createPaint(true).red('no'), '\x1b[31mno\x1b[39m');
 * assert.equal(createPaint(false).red('no'), 'no');
 * ```
 */
export function createPaint(enabled: boolean): Paint {
  const sgr = (open: number, close: number) => (text: string) =>
    enabled ? `\x1b[${open}m${text}\x1b[${close}m` : text;
  return {
    red: sgr(31, 39),
    yellow: sgr(33, 39),
    green: sgr(32, 39),
    bold: sgr(1, 22),
    dim: sgr(2, 22),
  };
}
