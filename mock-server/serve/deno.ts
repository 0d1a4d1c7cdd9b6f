/**
 * Serves the mock with `Deno.serve`. `deno task mock` (../cli.ts) runs it.
 *
 * @module
 */
import type { FetchHandler } from './request-log.ts';
import type { Listening } from './run.ts';

/**
 * Listens with `Deno.serve`.
 *
 * @param fetch The handler.
 * @param address The `port` (0: any free one) and `host` to bind.
 * @returns Once listening, the port and a graceful `close`.
 * @throws {Deno.errors.AddrInUse} When the port is taken, and the like.
 *
 * @example Serve the mock on a free port
 * ```ts ignore
 * import { createMockServer } from '../mod.ts';
 * import { listenOnDeno } from './deno.ts';
 * const server = await listenOnDeno(createMockServer().fetch, { port: 0, host: '127.0.0.1' });
 * await server.close();
 * ```
 */
export function listenOnDeno(
  fetch: FetchHandler,
  address: { port: number; host: string },
): Promise<Listening> {
  return new Promise((resolve) => {
    const server = Deno.serve({
      port: address.port,
      hostname: address.host,
      onListen: ({ port }) => resolve({ port, close: () => server.shutdown() }),
    }, (request) => fetch(request));
  });
}
