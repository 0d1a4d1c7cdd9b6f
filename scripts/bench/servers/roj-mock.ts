/**
 * The Roj mock as a benchmark server: `createMockServer` with its defaults
 * (auth, validation, output checks), seeded through its own RPC endpoint with
 * `--instances N` instances and `--sessions N` sessions spread over them, and
 * served with the runtime's own server. Prints the ready line with the port,
 * a sample of instance IDs and the seeding time.
 *
 * ```sh
 * deno run -A scripts/bench/servers/roj-mock.ts --instances 1000 --sessions 0
 * ```
 *
 * @module
 */
import process from 'node:process';
import { createMockServer, defaultApiKey } from '../../../mock-server/mod.ts';
import { argument, serveAndAnnounce } from './listen.ts';

const instances = Number(argument('instances', '1000'));
const sessions = Number(argument('sessions', '0'));
const mock = createMockServer({ onError: (error) => console.error(error) });

async function call(method: string, input: unknown): Promise<Record<string, unknown>> {
  const response = await mock.fetch(
    new Request('http://127.0.0.1/api/v1/rpc', {
      method: 'POST',
      headers: { authorization: `Bearer ${defaultApiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ method, input }),
    }),
  );
  const body = await response.json();
  if (!body.ok) throw new Error(`${method} failed while seeding: ${JSON.stringify(body.error)}`);
  return body.value;
}

const started = performance.now();
const ids: string[] = [];
for (let i = 0; i < instances; i++) {
  const { instanceId } = await call('instances.create', {
    templateSlug: 'starter',
    name: `bench ${i}`,
  });
  ids.push(instanceId as string);
}
for (let i = 0; i < sessions; i++) {
  await call('sessions.create', { instanceId: ids[i % ids.length], presetId: 'default' });
}
const seedMs = performance.now() - started;
// A sample spread over the whole store, so reads touch old and new records alike.
const step = Math.max(1, Math.floor(ids.length / 1000));
const sample = ids.filter((_, i) => i % step === 0).slice(0, 1000);
// Started with `--expose-gc` by scripts/bench/process.ts, so the memory read is of live data.
(globalThis as { gc?: () => void }).gc?.();
const { rss, heapUsed } = process.memoryUsage();
await serveAndAnnounce(mock.fetch, { instanceIds: sample, seedMs, rss, heapUsed });
