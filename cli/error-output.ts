/**
 * How a command line prints an error: one red line `error: <what>`, any detail lines, and one
 * line `hint: <what to do>`, and nothing else. `--verbose` adds the cause chain and the stacks.
 * Secrets the command was given (API keys, tokens) are masked in all of it.
 *
 * @module
 */
import { colorEnabled, createPaint } from './color.ts';
import { CliError } from './errors.ts';
import { ExitCode } from './exit-codes.ts';
import type { TerminalIo } from './io.ts';

/** Options of {@linkcode formatCliError}. */
export interface ErrorOutputOptions {
  /** Colour the output. Default `false`. */
  color?: boolean;
  /** Add the cause chain and the stacks. Default `false`. */
  verbose?: boolean;
  /** Values to mask as `***` wherever they appear, e.g. the API keys given as flags. */
  secrets?: readonly string[];
}

/** How deep a cause chain is followed; a cycle stops there too. */
const maxCauses = 8;

/**
 * Formats an error for stderr. A {@linkcode CliError} prints its message, details and hint;
 * anything else is a bug, printed as such with a hint to report it.
 *
 * @param error The error.
 * @param options Colour, verbosity and the secrets to mask.
 * @returns The text, ending with a line break.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { CliError } from './errors.ts';
 * import { formatCliError } from './error-output.ts';
 * const error = new CliError('The API key k_live_1 was refused', { hint: 'Check --api-key' });
 * assert.equal(
 *   formatCliError(error, { secrets: ['k_live_1'] }),
 *   'error: The API key *** was refused\nhint: Check --api-key\n',
 * );
 * ```
 */
export function formatCliError(error: unknown, options: ErrorOutputOptions = {}): string {
  const paint = createPaint(options.color ?? false);
  const known = error instanceof CliError;
  const message = known
    ? error.message
    : `Unexpected ${errorName(error)}: ${oneLine(errorMessage(error))}`;
  const hint = known
    ? error.hint
    : 'This is a bug: run again with --verbose and report what it prints';
  const lines = [`${paint.red(paint.bold('error:'))} ${paint.red(message)}`];
  if (known) lines.push(...error.details.map((line) => `  ${line}`));
  lines.push(`${paint.yellow('hint:')} ${hint}`);
  if (options.verbose) lines.push(...verboseLines(error).map((line) => paint.dim(line)));
  return `${mask(lines.join('\n'), options.secrets ?? [])}\n`;
}

/**
 * The exit code an error ends with: a {@linkcode CliError}'s own, else 1 (a bug).
 *
 * @param error The error.
 * @returns 1 or 2.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { UsageError } from './errors.ts';
 * import { exitCodeOf } from './error-output.ts';
 * assert.equal(exitCodeOf(new UsageError('Missing --target URL')), 2);
 * assert.equal(exitCodeOf(new TypeError('x is undefined')), 1);
 * ```
 */
export function exitCodeOf(error: unknown): ExitCode {
  return error instanceof CliError ? error.exitCode : ExitCode.failed;
}

/**
 * Replaces every occurrence of each secret with `***`.
 *
 * @param text The text.
 * @param secrets The values to hide. Values shorter than 4 characters are left alone: masking
 * them would garble the text, and they protect nothing.
 * @returns The text without them.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { mask } from './error-output.ts';
 * assert.equal(mask('Bearer abc123 and abc123', ['abc123']), 'Bearer *** and ***');
 * ```
 */
export function mask(text: string, secrets: readonly string[]): string {
  // Longest first, so that a secret containing another is hidden whole.
  const sorted = [...new Set(secrets)].filter((s) => s.length >= 4).sort((a, b) =>
    b.length - a.length
  );
  return sorted.reduce((out, secret) => out.replaceAll(secret, '***'), text);
}

function verboseLines(error: unknown): string[] {
  const lines: string[] = [];
  const seen = new Set<unknown>();
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < maxCauses; depth++) {
    if (seen.has(current)) break;
    seen.add(current);
    const stack = current instanceof Error && current.stack
      ? current.stack
      : `${errorName(current)}: ${errorMessage(current)}`;
    const [first, ...rest] = stack.split('\n');
    lines.push(`${depth === 0 ? '' : 'caused by: '}${first}`, ...rest);
    current = (current as { cause?: unknown } | null)?.cause;
  }
  return lines;
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\.$/, '');
}

/**
 * Prints an error on a command line's stderr, coloured when stderr is a terminal (and as
 * `NO_COLOR`/`FORCE_COLOR` say), and gives the exit code it ends with.
 *
 * @param io The stderr writer, whether it is a terminal, and the environment.
 * @param error The error.
 * @param options Verbosity and the secrets to mask.
 * @returns The exit code: the error's own, or 1 for a bug.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { UsageError } from './errors.ts';
 * import { writeCliError } from './error-output.ts';
 * let err = '';
 * const io = { stdout: () => {}, stderr: (text: string) => err += text };
 * assert.equal(writeCliError(io, new UsageError('Missing --target URL')), 2);
 * assert.equal(err, 'error: Missing --target URL\nhint: Run with --help to see the options\n');
 * ```
 */
export function writeCliError(
  io: Pick<TerminalIo, 'stderr' | 'stderrIsTerminal' | 'env'>,
  error: unknown,
  options: Omit<ErrorOutputOptions, 'color'> = {},
): ExitCode {
  const color = colorEnabled(io.stderrIsTerminal ?? false, io.env ?? {});
  io.stderr(formatCliError(error, { ...options, color }));
  return exitCodeOf(error);
}
