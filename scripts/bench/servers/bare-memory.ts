/**
 * The bare baseline's store as a memory peer: `--instances N` wire records of
 * `instances.get` in a `Map` (./bare.ts), served by the bare handler, with the
 * heap in use after a full collection in the ready line. What the mock keeps
 * per instance is compared with what the answer itself takes.
 *
 * ```sh
 * deno run -A --v8-flags=--expose-gc scripts/bench/servers/bare-memory.ts --instances 1000
 * ```
 *
 * @module
 */
import process from 'node:process';
import { bareAnswer, bareStore } from './bare.ts';
import { argument, serveAndAnnounce } from './listen.ts';

const store = bareStore(Number(argument('instances', '1000')));
const headers = { 'content-type': 'application/json' };

async function handle(request: Request): Promise<Response> {
  const answer = bareAnswer(request.headers.get('authorization'), await request.text(), store);
  return new Response(answer.body, { status: answer.status, headers });
}

// Started with `--expose-gc` by scripts/bench/process.ts, so the reading is of live data.
(globalThis as { gc?: () => void }).gc?.();
const { rss, heapUsed } = process.memoryUsage();
await serveAndAnnounce(handle, { instances: store.size, rss, heapUsed });
