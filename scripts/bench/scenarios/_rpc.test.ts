import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LoadResult } from '../load.ts';
import { medianRun, rpcRequest } from './_rpc.ts';
import { mixedRequests } from './mixed.ts';

function run(rps: number): LoadResult {
  return {
    requests: rps,
    rps,
    non2xx: 0,
    socketErrors: 0,
    latency: { p50: 0, p90: 0, p99: rps / 1000, max: 0, mean: 0 },
  };
}

describe('medianRun', () => {
  it('takes the middle run by throughput, with its own latencies', () => {
    assert.equal(medianRun([run(5), run(1), run(3)]).latency.p99, 0.003);
    assert.equal(medianRun([run(4), run(1), run(3), run(2)]).rps, 2);
    assert.equal(medianRun([run(7)]).rps, 7);
  });
});

describe('rpcRequest', () => {
  it('is an authenticated JSON envelope to the platform endpoint', () => {
    const request = rpcRequest('instances.list', { limit: 20 });
    assert.equal(request.path, '/api/v1/rpc');
    assert.equal(request.headers['content-type'], 'application/json');
    assert.match(request.headers.authorization, /^Bearer \S+$/);
    assert.deepEqual(JSON.parse(request.body!), { method: 'instances.list', input: { limit: 20 } });
  });
});

describe('mixedRequests', () => {
  it('writes little and reads over every given instance', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `ins_${i}`);
    const calls = mixedRequests(ids).map((r) => JSON.parse(r.body!));
    const writes = calls.filter((c) => /\.create$/.test(c.method));
    assert.equal(writes.length, 50);
    const touched = new Set(calls.map((c) => c.input.instanceId).filter(Boolean));
    assert.ok(touched.size >= 400, `only ${touched.size} instances touched`);
    const sessionTargets = new Set(
      calls.filter((c) => c.method === 'sessions.create').map((c) => c.input.instanceId),
    );
    assert.equal(sessionTargets.size, 20);
    const offsets = calls.filter((c) => c.method === 'instances.list').map((c) => c.input.offset);
    assert.ok(offsets.every((o) => o >= 0 && o < 1000 && o % 20 === 0));
  });
});
