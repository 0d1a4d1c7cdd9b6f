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
 * environment variables (see ./options.ts). `listenOnNode` lives in ./node-server.ts.
 *
 * @module
 */
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import { listenOnNode } from './node-server.ts';
import { runMock } from './run.ts';

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
