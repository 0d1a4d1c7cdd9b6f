/**
 * Where the SDK reports what it does. Pass any object with `debug`, `info`,
 * `warn` and `error` (`console`, pino, winston, …) as the client's `logger`.
 *
 * @module
 */

/** A logger: four levels, each taking what `console.log` takes. */
export interface Logger {
  /** Details for debugging, e.g. each call made. */
  debug(...args: unknown[]): void;
  /** Notable events, e.g. the login URL opened. */
  info(...args: unknown[]): void;
  /** Recoverable problems, e.g. a best-effort call that failed. */
  warn(...args: unknown[]): void;
  /** Failures nobody awaited, e.g. a fire-and-forget write that was refused. */
  error(...args: unknown[]): void;
}

/**
 * The default logger: errors go to `console.error`, everything else is dropped.
 *
 * @example Log everything instead
 * ```ts
 * import { RoolClient, TokenAuthProvider } from './mod.ts';
 * const client = new RoolClient({ authProvider: new TokenAuthProvider('token'), logger: console });
 * ```
 */
export const defaultLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error(...args: unknown[]) {
    console.error(...args);
  },
};
