/**
 * Listens with Node's HTTP server through `@hono/node-server`: the Node
 * adapter, apart from the entry point (./node.ts) so that a bundle importing
 * it does not also run the mock's command line.
 *
 * @module
 */
import { serve } from '@hono/node-server';
import type { FetchHandler } from './request-log.ts';
import type { Listening } from './run.ts';

/**
 * Listens with Node's HTTP server, through `@hono/node-server`.
 *
 * @param fetch The handler.
 * @param address The `port` (0: any free one) and `host` to bind.
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
): Promise<Listening> {
  return new Promise((resolve, reject) => {
    // @hono/node-server calls `fetch(request, {incoming, outgoing})`; pass the request alone.
    const handler = (request: Request) => fetch(request);
    const server = serve({ fetch: handler, port: address.port, hostname: address.host }, (info) => {
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
