/**
 * The exit codes all four command lines share (mock, conformance, codegen, bench), so that a
 * script or a CI step can tell "the thing checked failed" from "the command could not run".
 *
 * | Code | Meaning                                                                             |
 * | ---- | ----------------------------------------------------------------------------------- |
 * | 0    | Success                                                                             |
 * | 1    | The thing checked failed: a divergence, stale output, a row over budget; or a bug  |
 * | 2    | A usage, configuration or connection error: nothing was checked                     |
 *
 * @module
 */

/** The exit codes by meaning. */
export const ExitCode = {
  /** Success. */
  ok: 0,
  /** The thing checked failed (a divergence, stale output, over budget), or an internal error. */
  failed: 1,
  /** A usage, configuration or connection error: the command could not do its job. */
  usage: 2,
} as const;

/** One of {@linkcode ExitCode}'s values. */
export type ExitCode = typeof ExitCode[keyof typeof ExitCode];
