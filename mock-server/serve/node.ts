/**
 * Serves the mock on Node with `@hono/node-server`. Node 20 cannot run
 * TypeScript, so bundle this file first, then run the bundle:
 *
 * ```sh
 * npx -y deno@2 bundle --platform deno -o .tmp/mock-node.js mock-server/serve/node.ts
 * node .tmp/mock-node.js --port 8787
 * ```
 *
 * It takes the flags of `deno task mock` and, in their absence, the `ROJ_MOCK_*`
 * environment variables (see ./options.ts).
 *
 * @module
 */
import { serve } from '@hono/node-server';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import type { FetchHandler } from './request-log.ts';
import { type Listening, runMock } from './run.ts';

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
 * import { listenOnNode } from './node.ts';
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

// Node 20 has no `import.meta.main`: this file is the entry point when node was started with it
// (or with its bundle, whose `import.meta.url` is the bundle's).
const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  process.exit(
    await runMock(process.argv.slice(2), {
      listen: listenOnNode,
      runtime: 'Node',
      env: process.env,
    }),
  );
}
