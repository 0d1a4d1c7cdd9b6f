/**
 * Listens with Node's HTTP server through `@hono/node-server`: the Node
 * adapter, apart from the entry point (./node.ts) so that a bundle importing
 * it does not also run the mock's command line.
 *
 * Node's own time limits are set explicitly: a client has 10 s to send its
 * headers (Node's default is 60 s, checked only every 30 s), and 5 minutes for
 * the whole request, longer than the mock's own body limits (60 s at most by
 * default), so a slow body is answered with the mock's `request_timeout`
 * envelope, and Node's bare 408 is only the backstop.
 *
 * @module
 */
import { serve } from '@hono/node-server';
import type { FetchHandler } from './request-log.ts';
import type { Listening } from './run.ts';

/** Node's time limits on receiving a request, in milliseconds. */
export interface NodeTimeouts {
  /** To receive the headers (`server.headersTimeout`); default 10 000. */
  headersTimeoutMs?: number;
  /** To receive the whole request (`server.requestTimeout`); default 300 000. */
  requestTimeoutMs?: number;
}

/**
 * Listens with Node's HTTP server, through `@hono/node-server`.
 *
 * @param fetch The handler.
 * @param address The `port` (0: any free one) and `host` to bind.
 * @param timeouts Node's limits on receiving a request.
 * @returns Once listening, the port and a graceful `close`.
 * @throws {Error} When the port is taken, and the like.
 *
 * @example Serve the mock on a free port
 * ```ts ignore
 * import { createMockServer } from '../mod.ts';
 * import { listenOnNode } from './node-server.ts';
 * const server = await listenOnNode(createMockServer().fetch, { port: 0, host: '127.0.0.1' });
 * await server.close();
 * ```
 */
export function listenOnNode(
  fetch: FetchHandler,
  address: { port: number; host: string },
  timeouts: NodeTimeouts = {},
): Promise<Listening> {
  const headersTimeout = timeouts.headersTimeoutMs ?? 10_000;
  const serverOptions = {
    headersTimeout,
    requestTimeout: timeouts.requestTimeoutMs ?? 300_000,
    // How often Node looks for requests past those limits (default 30 s, far past 10 s).
    connectionsCheckingInterval: Math.min(1_000, headersTimeout),
  };
  return new Promise((resolve, reject) => {
    // @hono/node-server calls `fetch(request, {incoming, outgoing})`; pass the request alone.
    const handler = (request: Request) => fetch(request);
    const options = {
      fetch: handler,
      port: address.port,
      hostname: address.host,
      serverOptions,
      // The adapter's lightweight global `Response` is its fast path on Node. Deno and Bun start
      // this server only in tests, in a process that also runs Deno.serve or Bun.serve, which
      // refuse any other `Response` class: leave their globals alone.
      overrideGlobalObjects: !('Deno' in globalThis || 'Bun' in globalThis),
    };
    const server = serve(options, (info) => {
      server.off('error', reject);
      resolve({
        port: info.port,
        close: () =>
          new Promise((done, fail) => server.close((error) => error ? fail(error) : done())),
      });
    });
    server.once('error', reject);
  });
}
