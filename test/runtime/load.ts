// Load and consistency (issue 8, part 3) against `deno task mock` as a real process over
// loopback:
//
// 1. 64 concurrent SDK clients run a mixed workload (./load/operations.ts) for LOAD_SECONDS
//    (default 60). Every acknowledged write goes into a model; answers are checked against it as
//    they come. Then the mock's whole state, read through its API, must equal the model: zero
//    errors, zero mismatches, zero lost writes.
// 2. 500 parallel `instances.create`: 500 distinct ids, and `instances.list`'s `total` grows by
//    exactly 500.
// 3. Rool: rounds of concurrent WebDAV `PUT`s with the same `If-Match` on one file: one winner a
//    round, 412 for the others, and the file holds the winner's bytes.
//
// Run by the `load` stage of scripts/test.ts (`deno test --allow-all test/runtime/load.ts`); the
// name avoids the `*.test.*` globs, so the unit-test stages leave it alone. LOAD_SECONDS shortens
// the workload while developing; LOAD_SEED replays a run's choices (timing aside).
import assert from 'node:assert/strict';
import process from 'node:process';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createRojClient } from '../../mod.ts';
import { type MockProcess, startMockProcess } from '../helpers/mock-process.ts';
import { compareState } from './load/compare.ts';
import { ifMatchRounds } from './load/if-match.ts';
import { LoadModel } from './load/model.ts';
import { readServerState } from './load/snapshot.ts';
import { runWorkload } from './load/workload.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const apiKey = 'roj_dev_key';
const clients = 64;
const seconds = readNumber('LOAD_SECONDS', 60, { min: 1, max: 3600 });
const seed = readNumber('LOAD_SEED', Math.floor(Math.random() * 2 ** 31), {
  min: 0,
  max: 2 ** 31 - 1,
});
const burst = 500;
const rool = { token: 'rool_alice_token', rounds: 8, writers: 16, bytes: 256 * 1024 };

/** The figures the run reports at the end. */
const figures: string[] = [];

describe('the mock under load over loopback', () => {
  let mock: MockProcess;
  before(async () => {
    mock = await startMockProcess(
      Deno.execPath(),
      ['task', '--quiet', 'mock', '--port', '0', '--quiet'],
      { cwd: root },
    );
  });
  after(async () => {
    await mock?.stop();
    console.log(`load: ${figures.join('; ')}`);
  });

  test(`${clients} clients, a mixed workload for ${seconds} s: no error, and the final state equals what was acknowledged`, async () => {
    console.log(`load: ${clients} clients for ${seconds} s, LOAD_SEED=${seed}`);
    const model = new LoadModel();
    const stats = await runWorkload(model, {
      url: mock.url,
      apiKey,
      clients,
      seconds,
      seed,
      onProgress: (s, ms) =>
        console.log(
          `load: ${(ms / 1000).toFixed(0)} s, ${
            s.operations.toLocaleString('en-US')
          } operations, ` +
            `${s.errors} errors, ${s.mismatches} mismatches`,
        ),
    });
    console.log(`load: ${stats.breakdown()}`);
    const state = await readServerState(model, { url: mock.url, apiKey });
    const found = compareState(model, state);
    const lost = found.filter((d) => d.kind === 'lost').length;
    const tokens = [...model.instances.values()].reduce((n, i) => n + i.tokens.length, 0);
    figures.push(
      `${
        stats.operations.toLocaleString('en-US')
      } operations under load, ${stats.errors} errors, ` +
        `${stats.mismatches} mismatches; final state: ${model.instances.size} instances ` +
        `(${model.liveInstances().length} live), ${tokens} tokens, ${model.resources.size} ` +
        `resources, ${found.length} differences, ${lost} lost writes`,
    );
    assert.deepEqual(stats.samples, [], `${stats.errors} errors, ${stats.mismatches} mismatches`);
    assert.equal(stats.errors + stats.mismatches, 0);
    assert.deepEqual(found.slice(0, 20), [], `${found.length} differences from the model`);
    assert.ok(stats.operations > clients, `only ${stats.operations} operations ran`);
  });

  test(`${burst} parallel instances.create: distinct ids, and the total grows by exactly ${burst}`, async () => {
    const roj = createRojClient({ url: mock.url, apiKey, timeout: 60_000 });
    const before = (await roj.instances.list({ limit: 1 })).total;
    const created = await Promise.all(
      Array.from(
        { length: burst },
        (_, i) => roj.instances.create({ templateSlug: 'starter', name: `burst ${i}` }),
      ),
    );
    const ids = new Set(created.map((c) => c.instanceId));
    const listed = new Set<string>();
    for (let offset = 0; offset < burst; offset += 100) {
      const page = await roj.instances.list({ limit: 100, offset });
      for (const instance of page.instances) listed.add(instance.instanceId);
    }
    const { total } = await roj.instances.list({ limit: 1 });
    figures.push(`${burst} parallel creates: ${ids.size} distinct ids, total ${before} → ${total}`);
    assert.equal(ids.size, burst, 'every create got its own id');
    assert.equal(total, before + burst);
    assert.deepEqual(
      [...ids].filter((id) => !listed.has(id)),
      [],
      'the newest page lists them all',
    );
  });

  test(`Rool: ${rool.writers} concurrent PUTs with one If-Match, ${rool.rounds} rounds: one winner a round, 412 for the others, no lost update`, async () => {
    const result = await ifMatchRounds({ url: mock.url, ...rool });
    figures.push(
      `Rool If-Match: ${result.puts} PUTs, ${result.winners} won, ${result.refused} got 412, ` +
        `${result.unexpected.length} other answers, ${result.lostUpdates.length} rounds with a ` +
        `lost update, ${result.lostWrites} lost writes`,
    );
    assert.deepEqual(result.lostUpdates, []);
    assert.equal(result.lostWrites, 0);
    assert.deepEqual(result.unexpected, []);
    assert.equal(result.winners, rool.rounds);
    assert.equal(result.refused, rool.rounds * (rool.writers - 1));
  });
});

function readNumber(name: string, fallback: number, range: { min: number; max: number }): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new RangeError(`${name} must be an integer from ${range.min} to ${range.max}: ${text}`);
  }
  return value;
}
