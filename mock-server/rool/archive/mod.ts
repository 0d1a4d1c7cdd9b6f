/**
 * Space archives (docs/rool-archive.md): export a space as a zip, import one as a new space.
 *
 * @module
 */
import type { Hono } from 'hono';
import type { RoolAppOptions } from '../app.ts';
import type { RoolRuntime } from '../context.ts';

/**
 * Adds the routes to the Rool app.
 *
 * @param app The Rool app, its routes relative to `runtime.basePath`.
 * @param runtime The running mock.
 * @param options The app's options (handler overrides, error reporting).
 */
export function mountArchive(app: Hono, runtime: RoolRuntime, options: RoolAppOptions): void {
  // Not yet served: see the issue this module belongs to.
  void app;
  void runtime;
  void options;
}
