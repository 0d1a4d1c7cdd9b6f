/**
 * The errors a command line reports as `error: <what>` and `hint: <what to do>` (see
 * ./error-output.ts), each with the exit code it ends with. This file uses no runtime API: the
 * mock's Worker entry point, which has no command line, shares its option checks.
 *
 * @module
 */
import { ExitCode } from './exit-codes.ts';

/** Options of {@linkcode CliError}. */
export interface CliErrorOptions {
  /** What to do about it, as one sentence. */
  hint?: string;
  /** Lines under the error, e.g. one per problem in a file. Default none. */
  details?: readonly string[];
  /** `ExitCode.usage` (2, the default) or `ExitCode.failed` (1). */
  exitCode?: typeof ExitCode.failed | typeof ExitCode.usage;
  /** What caused it; printed with `--verbose` only. */
  cause?: unknown;
}

/**
 * An error a command line reports to its user, rather than a bug: a bad flag, a configuration
 * that does not load, a server that cannot be reached, stale output.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { CliError } from './errors.ts';
 * const error = new CliError('Cannot reach http://127.0.0.1:1', {
 *   hint: 'Start the server, or check the URL',
 * });
 * assert.equal(error.exitCode, 2);
 * ```
 */
export class CliError extends Error {
  /** Always `CliError`, or a subclass's name. */
  override name = 'CliError';
  /** What to do about it. */
  readonly hint: string;
  /** Lines printed under the error. */
  readonly details: readonly string[];
  /** The exit code it ends with. */
  readonly exitCode: typeof ExitCode.failed | typeof ExitCode.usage;

  /**
   * Creates the error.
   *
   * @param message What is wrong: a capital first letter, no trailing period.
   * @param options The hint, details, exit code and cause.
   */
  constructor(message: string, options: CliErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.hint = options.hint ?? 'Run with --verbose for more, or --help to see the options';
    this.details = options.details ?? [];
    this.exitCode = options.exitCode ?? ExitCode.usage;
  }
}

/** The hint of a usage error unless it has a better one. */
export const usageHint = 'Run with --help to see the options';

/**
 * A command line that cannot run: a bad flag or value, or a bad environment variable. Ends
 * with exit code 2.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { UsageError } from './errors.ts';
 * const error = new UsageError('Option --port must be an integer from 0 to 65535, not "x"');
 * assert.equal(error.exitCode, 2);
 * assert.equal(error.hint, 'Run with --help to see the options');
 * ```
 */
export class UsageError extends CliError {
  /** Always `UsageError`. */
  override name = 'UsageError';

  /**
   * Creates the error.
   *
   * @param message What is wrong and what is allowed.
   * @param options The hint (default: see --help), details and cause.
   */
  constructor(message: string, options: Omit<CliErrorOptions, 'exitCode'> = {}) {
    super(message, { ...options, hint: options.hint ?? usageHint, exitCode: ExitCode.usage });
  }
}
