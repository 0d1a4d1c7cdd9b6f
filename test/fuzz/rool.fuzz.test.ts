/**
 * Fuzzing the Rool mock in process (issue 8): hostile requests to the RPC
 * endpoint, WebDAV and archive imports, and the exhaustive wrong-type sweep of
 * every method. Each answer is checked (./invariants.ts, ./runner.ts). Sizes:
 * `FUZZ_RUNS`; seed: `FUZZ_SEED` (./config.ts).
 *
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { davRequest } from './arbitraries/dav.ts';
import { inputPool } from './arbitraries/inputs.ts';
import { rpcRequest } from './arbitraries/rpc.ts';
import { importRequest, strayRequest } from './arbitraries/routes.ts';
import { endpoints } from './catalog.ts';
import { seedFor } from './config.ts';
import { fewestRequests, fuzz } from './property.ts';
import { FuzzStats, runBatch } from './runner.ts';
import { createFuzzTarget, fuzzLimits } from './target.ts';
import { wrongTypeRequests } from './wrong-types.ts';

/** Requests in process at scale 1 (see ./config.ts: Deno and Bun draw different ones). */
const requests = 24_000;
const batch = 32;
const { rool } = endpoints(fuzzLimits);

describe('the Rool mock under fuzzing, in process', () => {
  it('refuses every method with each field given a wrong type, at that field', async () => {
    const target = await createFuzzTarget();
    const stats = new FuzzStats();
    const sweep = wrongTypeRequests(rool, seedFor(0));
    for (let i = 0; i < sweep.length; i += batch) {
      await runBatch(target, sweep.slice(i, i + batch), { send: target.mock.fetch, stats });
    }
    console.log(stats.summary('rool wrong-type sweep'));
    assert.equal(stats.accepted, 0);
    const methods = new Set(sweep.map((r) => r.label.split(':')[0]));
    assert.equal(methods.size, rool.methods.length);
  });

  it('answers hostile requests with error envelopes, changing nothing and leaking nothing', async () => {
    const pool = inputPool(rool, { perMethod: 48, seed: seedFor(0) });
    const request = fc.oneof(
      { weight: 10, arbitrary: rpcRequest(rool, pool) },
      { weight: 8, arbitrary: davRequest() },
      { weight: 1, arbitrary: importRequest(fuzzLimits.archiveBytes) },
      { weight: 1, arbitrary: strayRequest() },
    );
    const target = await createFuzzTarget();
    const stats = await fuzz({
      name: 'rool in process',
      target,
      request,
      requests,
      batch,
      seedOffset: 2,
    });
    console.log(stats.summary('rool in process'));
    assert.ok(stats.requests >= fewestRequests(requests), `only ${stats.requests} requests`);
  });
});
