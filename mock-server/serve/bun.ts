/**
 * Serves the mock with `Bun.serve`. Run it with Bun, which runs TypeScript as
 * is and finds `hono` in node_modules/ (`deno install` fills it):
 *
 * ```sh
 * npx -y bun@1 mock-server/serve/bun.ts --port 8787
 * ```
 *
 * It takes the flags of `deno task mock` and, in their absence, the `ROJ_MOCK_*`
 * environment variables (see ./options.ts).
 *
 * @module
 */
import process from 'node:process';
import type { FetchHandler } from './request-log.ts';
import { type Listening, runMock } from './run.ts';

/** The part of Bun's API this file uses; Bun's own types are not a dependency here. */
interface BunServe {
  serve(options: {
    port: number;
    hostname: string;
    fetch(request: Request, server: BunServer): Promise<Response>;
  }): BunServer;
}

/** A running `Bun.serve` server, as far as this file uses it. */
interface BunServer {
  port: number;
  stop(closeActiveConnections?: boolean): Promise<void> | void;
  /** Sets one request's idle timeout in seconds; 0 turns it off. */
  timeout?(request: Request, seconds: number): void;
}

/**
 * Listens with `Bun.serve`.
 *
 * @param fetch The handler.
 * @param address The `port` (0: any free one) and `host` to bind.
 * @returns Once listening, the port and a graceful `close`.
 * @throws {Error} When not running on Bun, or the port is taken.
 *
 * @example Serve the mock on a free port
 * ```ts ignore
 * import { createMockServer } from '../mod.ts';
 * import { listenOnBun } from './bun.ts';
 * const server = await listenOnBun(createMockServer().fetch, { port: 0, host: '127.0.0.1' });
 * await server.close();
 * ```
 */
export function listenOnBun(
  fetch: FetchHandler,
  address: { port: number; host: string },
): Promise<Listening> {
  const bun = (globalThis as { Bun?: BunServe }).Bun;
  if (bun === undefined) {
    return Promise.reject(new Error('Bun.serve needs Bun: run this file with bun'));
  }
  try {
    // Bun calls `fetch(request, server)`; the handler must see the request alone.
    const server = bun.serve({
      port: address.port,
      hostname: address.host,
      fetch: async (request, server) => {
        const response = await fetch(request);
        // Bun closes a connection idle for 10 s; an event stream between heartbeats (15 s,
        // docs/rool-events.md) is idle by design, so its request is exempt.
        if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
          server.timeout?.(request, 0);
        }
        return response;
      },
    });
    return Promise.resolve({ port: server.port, close: async () => await server.stop() });
  } catch (error) {
    return Promise.reject(error);
  }
}

if (import.meta.main) {
  process.exit(
    await runMock(process.argv.slice(2), { listen: listenOnBun, runtime: 'Bun', env: process.env }),
  );
}
