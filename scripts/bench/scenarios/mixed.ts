/**
 * `mixed-workload`: the mock under a stateful mix of calls (create, get, list
 * with paging, sessions, tokens), against the bare `instances.get` baseline;
 * then the same mix, and a list-only load, on a store of 1k and of 100k
 * instances, to show that neither throughput nor `list` with a `limit`
 * depends on the size of the store.
 *
 * @module
 */
import type { LoadRequest } from '../load.ts';
import { type BenchServer, startBenchServer } from '../process.ts';
import { type BenchRow, row } from '../report.ts';
import type { Scenario } from '../scenario.ts';
import { checkCall, loadInTurn, medianRound, rpcRequest } from './_rpc.ts';

/**
 * The mixed workload: 1,000 calls, ten blocks of the same 100-call mix over different
 * instances. Writes are few (5 in 100), so a run grows the store by a few thousand instances
 * at most and the 1k and 100k stores stay two orders of magnitude apart.
 *
 * @param ids Instance IDs to read and write, spread over the store.
 * @returns The 1,000 calls.
 *
 * @example The mix
 * ```ts
 * import assert from 'node:assert/strict';
 * import { mixedRequests } from './mixed.ts';
 * const calls = mixedRequests(['ins_1', 'ins_2']).map((r) => JSON.parse(r.body!).method);
 * assert.equal(calls.length, 1000);
 * assert.equal(calls.filter((m) => m === 'instances.get').length, 550);
 * assert.equal(calls.filter((m) => m === 'instances.list').length, 250);
 * ```
 */
export function mixedRequests(ids: readonly string[]): LoadRequest[] {
  const requests: LoadRequest[] = [];
  for (let n = 0; n < 1000; n++) {
    // Ten blocks of the same 100 calls over different instances, so that writes spread over
    // many instances rather than piling thousands of sessions onto two.
    const k = n % 100;
    const instanceId = ids[(n * 37 + Math.floor(n / 100) * 101) % ids.length];
    if (k === 0) {
      requests.push(rpcRequest('instances.create', { templateSlug: 'starter', name: 'mixed' }));
    } else if (k < 3) {
      requests.push(rpcRequest('sessions.create', { instanceId, presetId: 'default' }));
    } else if (k < 5) requests.push(rpcRequest('tokens.create', { instanceId }));
    else if (k < 30) requests.push(listRequest(k));
    else if (k < 45) requests.push(rpcRequest('sessions.list', { instanceId }));
    else requests.push(rpcRequest('instances.get', { instanceId }));
  }
  return requests;
}

// Pages through the newest 1,000 instances, 20 at a time.
function listRequest(k: number): LoadRequest {
  return rpcRequest('instances.list', { limit: 20, offset: (k * 20) % 1000 });
}

/** The scenario. */
export const mixedScenario: Scenario = {
  name: 'mixed-workload',
  title: 'Mixed stateful workload vs bare; the same and list paging on 1k vs 100k instances',
  async run(ctx) {
    const big = ctx.quick ? 10_000 : 100_000;
    const bigLabel = ctx.quick ? '10k' : '100k';
    const servers: BenchServer[] = [];
    try {
      const start = async (entry: string, instances: number) => {
        ctx.progress(`starting ${entry.split('/').at(-1)} with ${instances} instances`);
        const server = await startBenchServer({
          runtime: 'deno',
          entry,
          args: ['--instances', String(instances)],
          root: ctx.root,
          scratch: ctx.scratch,
        });
        servers.push(server);
        return server;
      };
      const bare = await start('scripts/bench/servers/roj-bare.ts', 1000);
      const small = await start('scripts/bench/servers/roj-mock.ts', 1000);
      const large = await start('scripts/bench/servers/roj-mock.ts', big);
      const ids = (server: BenchServer) => server.info.instanceIds as string[];
      const list = [listRequest(0), listRequest(7), listRequest(19)];
      const targets = [
        {
          name: 'bare get',
          server: bare,
          requests: [rpcRequest('instances.get', { instanceId: ids(bare)[0] })],
        },
        { name: 'mixed 1k', server: small, requests: mixedRequests(ids(small)) },
        { name: `mixed ${bigLabel}`, server: large, requests: mixedRequests(ids(large)) },
        { name: 'list 1k', server: small, requests: list },
        { name: `list ${bigLabel}`, server: large, requests: list },
      ];
      for (const t of targets) {
        for (const r of new Set(t.requests)) await checkCall(t.server, r);
      }
      const results = await loadInTurn(targets, {
        rounds: ctx.quick ? 2 : 7,
        seconds: ctx.quick ? 1 : 2,
        warmupSeconds: ctx.quick ? 0 : 2,
        scratch: ctx.scratch,
        progress: ctx.progress,
      });
      const rounds = ctx.quick ? 2 : 7;
      const pair = (measured: string, baseline: string) =>
        medianRound(results.get(measured)!.runs, results.get(baseline)!.runs);
      const mixedVsBare = pair('mixed 1k', 'bare get');
      const mixedBig = pair(`mixed ${bigLabel}`, 'mixed 1k');
      const listBig = pair(`list ${bigLabel}`, 'list 1k');
      const notes = `the round with the median ratio of ${rounds} rounds, each loading every ` +
        `target in turn; wrk, 1 thread, 32 connections`;
      return [
        row({
          scenario: this.name,
          name: 'Deno: mixed stateful workload, 1k instances',
          figure: { value: mixedVsBare.measured.rps, unit: 'req/s' },
          comparison: {
            name: 'bare Deno.serve get',
            value: mixedVsBare.baseline.rps,
            unit: 'req/s',
          },
          budget: { kind: 'at-least', ratio: 0.5, label: '≥ 0.5×' },
          notes:
            `per 100 calls: 55 get, 25 list (limit 20), 15 sessions.list, 2 sessions.create, ` +
            `2 tokens.create, 1 instances.create; ${notes}`,
        }),
        row({
          scenario: this.name,
          name: `Deno: mixed workload, ${bigLabel} vs 1k instances`,
          figure: { value: mixedBig.measured.rps, unit: 'req/s' },
          comparison: { name: 'mixed, 1k instances', value: mixedBig.baseline.rps, unit: 'req/s' },
          budget: { kind: 'at-least', ratio: 0.85, label: 'no fall (≥ 0.85×)' },
          notes,
        }),
        row({
          scenario: this.name,
          name: `Deno: instances.list limit 20, ${bigLabel} vs 1k instances`,
          figure: { value: listBig.measured.rps, unit: 'req/s' },
          comparison: { name: 'list, 1k instances', value: listBig.baseline.rps, unit: 'req/s' },
          budget: { kind: 'at-least', ratio: 0.85, label: 'O(limit): ≥ 0.85×' },
          notes,
        }),
      ] satisfies BenchRow[];
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
  },
};
