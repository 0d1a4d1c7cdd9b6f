/**
 * WebDAV storage per space (docs/rool-webdav.md) at `/v1/spaces/{id}/dav/...`.
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
export function mountWebdav(app: Hono, runtime: RoolRuntime, options: RoolAppOptions): void {
  // Not yet served: see the issue this module belongs to.
  void app;
  void runtime;
  void options;
}
