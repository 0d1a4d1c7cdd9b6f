/**
 * `deno task bench:conformance`: how many commands per second the suite runs,
 * with the reference in process, against the mock in process and against the
 * mock over loopback HTTP. A benchmark, not a test: it prints figures and
 * judges nothing. Each mode runs batches of sequences until its time is up,
 * and prints its progress on stderr.
 *
 * The `auth.expiry` command waits, on purpose, for a token to expire (a
 * second or more), so the figures are given with it (the suite as it runs)
 * and without it (what the machinery costs).
 *
 * ```sh
 * deno task bench:conformance                # 5 s per mode
 * deno task bench:conformance --seconds 20
 * ```
 *
 * @module
 */
import { parseArgs } from 'node:util';
import { createMockServer } from '../mock-server/mod.ts';
import { defaultConfig, type Endpoint, runConformance } from '../conformance/mod.ts';
import { allCommands } from '../conformance/commands/mod.ts';

const { values } = parseArgs({
  args: Deno.args,
  options: { seconds: { type: 'string', default: '5' } },
  strict: true,
});
const seconds = Number(values.seconds);
if (!(seconds > 0)) {
  console.error('bench:conformance: --seconds must be a number above 0');
  Deno.exit(2);
}

/** Every command but the ones that wait on purpose. */
const withoutWaits = allCommands(defaultConfig()).map((c) => c.name)
  .filter((name) => name !== 'auth.expiry').join(',');

/** Runs batches of 100 sequences against a target until the time is up. */
async function measure(name: string, target: Endpoint, only?: string): Promise<void> {
  const started = performance.now();
  let commands = 0;
  let runs = 0;
  for (let seed = 1; (performance.now() - started) / 1000 < seconds; seed++) {
    const result = await runConformance({ target, runs: 100, seed, only });
    if (!result.ok) {
      console.error(`${name}: seed ${seed} did not conform; the figures would mean nothing`);
      Deno.exit(1);
    }
    commands += result.progress.commands;
    runs += result.progress.runs;
    const elapsed = (performance.now() - started) / 1000;
    console.error(
      `  ${name}: ${runs} sequences, ${commands} commands, ${
        Math.round(commands / elapsed)
      } commands/s`,
    );
  }
  const elapsed = (performance.now() - started) / 1000;
  console.log(
    `${name.padEnd(42)} ${
      String(Math.round(commands / elapsed)).padStart(6)
    } commands/s  (${commands} commands, ${runs} sequences, ${elapsed.toFixed(1)} s)`,
  );
}

const apiKey = 'roj_dev_key';
console.log(`Conformance commands per second, reference in process, ${seconds} s per mode:`);

const inProcess = createMockServer();
const local = { url: 'http://target.test', apiKey, fetch: inProcess.fetch };
await measure('mock in process', local);
await measure('mock in process, without auth.expiry waits', local, withoutWaits);

const served = createMockServer();
const listening = Promise.withResolvers<number>();
const server = Deno.serve(
  { hostname: '127.0.0.1', port: 0, onListen: ({ port }) => listening.resolve(port) },
  (request) => served.fetch(request),
);
try {
  const url = `http://127.0.0.1:${await listening.promise}`;
  await measure('mock over loopback HTTP', { url, apiKey });
  await measure('mock over loopback HTTP, without waits', { url, apiKey }, withoutWaits);
} finally {
  await server.shutdown();
}
