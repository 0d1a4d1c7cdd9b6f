/**
 * One log line per request: method, path, status and duration. Nothing else:
 * headers and bodies carry API keys and tokens, and the query string is left
 * out for the same reason.
 *
 * @module
 */

/** A `fetch`-style request handler. */
export type FetchHandler = (request: Request) => Promise<Response>;

/**
 * Wraps a handler so that it logs each request once its response is ready.
 *
 * @param fetch The handler.
 * @param options `log`: where lines go; `now`: a millisecond clock (default `performance.now`).
 * @returns The logging handler.
 *
 * @example A line per request
 * ```ts
 * import assert from 'node:assert/strict';
 * import { withRequestLog } from './request-log.ts';
 * const lines: string[] = [];
 * const handler = withRequestLog(() => Promise.resolve(new Response('ok', { status: 201 })), {
 *   log: (line) => lines.push(line),
 *   now: () => 0,
 * });
 * await handler(new Request('http://mock.test/api/v1/rpc?secret=1', { method: 'POST' }));
 * assert.deepEqual(lines, ['POST /api/v1/rpc 201 0 ms']);
 * ```
 */
export function withRequestLog(
  fetch: FetchHandler,
  options: { log: (line: string) => void; now?: () => number },
): FetchHandler {
  const now = options.now ?? (() => performance.now());
  return async (request) => {
    const started = now();
    const line = (status: number | string) =>
      `${request.method} ${pathOf(request.url)} ${status} ${Math.round(now() - started)} ms`;
    try {
      const response = await fetch(request);
      options.log(line(response.status));
      return response;
    } catch (error) {
      options.log(line('failed'));
      throw error;
    }
  };
}

/** The path alone, shortened so that a hostile URL cannot flood the log. */
function pathOf(url: string): string {
  const path = new URL(url).pathname;
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}
