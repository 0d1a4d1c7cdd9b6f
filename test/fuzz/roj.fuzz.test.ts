/**
 * Fuzzing the Roj mock in process (issue 8): hostile requests to the
 * platform, instance and mock-control RPC endpoints and to the upload, and
 * the exhaustive wrong-type sweep of every method. Each answer is checked
 * (./invariants.ts, ./runner.ts). Sizes: `FUZZ_RUNS`; seed: `FUZZ_SEED` (./config.ts).
 *
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { inputPool } from './arbitraries/inputs.ts';
import { uploadRequest } from './arbitraries/multipart.ts';
import { rpcRequest } from './arbitraries/rpc.ts';
import { strayRequest } from './arbitraries/routes.ts';
import { endpoints } from './catalog.ts';
import { seedFor } from './config.ts';
import { fewestRequests, fuzz } from './property.ts';
import { FuzzStats, runBatch } from './runner.ts';
import { createFuzzTarget, fuzzLimits } from './target.ts';
import { wrongTypeRequests } from './wrong-types.ts';

/** Requests in process at scale 1 (see ./config.ts: Deno and Bun draw different ones). */
const requests = 30_000;
const batch = 32;
const { platform, instance, admin } = endpoints(fuzzLimits);

describe('the Roj mock under fuzzing, in process', () => {
  it('refuses every method with each field given a wrong type, at that field', async () => {
    const target = await createFuzzTarget();
    const stats = new FuzzStats();
    const sweep = [platform, instance, admin].flatMap((e) => wrongTypeRequests(e, seedFor(0)));
    for (let i = 0; i < sweep.length; i += batch) {
      await runBatch(target, sweep.slice(i, i + batch), { send: target.mock.fetch, stats });
    }
    console.log(stats.summary('roj wrong-type sweep'));
    assert.equal(stats.accepted, 0);
    // Every method of the three registries has at least its input's own type to get wrong.
    const methods = new Set(sweep.map((r) => r.label.split(':')[0]));
    assert.equal(
      methods.size,
      platform.methods.length + instance.methods.length + admin.methods.length,
    );
  });

  it('answers hostile requests with error envelopes, changing nothing and leaking nothing', async () => {
    const pool = { perMethod: 48, seed: seedFor(0) };
    const request = fc.oneof(
      { weight: 10, arbitrary: rpcRequest(platform, inputPool(platform, pool)) },
      { weight: 6, arbitrary: rpcRequest(instance, inputPool(instance, pool)) },
      { weight: 2, arbitrary: rpcRequest(admin, inputPool(admin, pool)) },
      { weight: 4, arbitrary: uploadRequest(fuzzLimits.uploadBytes) },
      { weight: 1, arbitrary: strayRequest() },
    );
    const target = await createFuzzTarget();
    const stats = await fuzz({
      name: 'roj in process',
      target,
      request,
      requests,
      batch,
      seedOffset: 1,
    });
    console.log(stats.summary('roj in process'));
    assert.ok(stats.requests >= fewestRequests(requests), `only ${stats.requests} requests`);
  });
});
