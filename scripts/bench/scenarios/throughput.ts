/**
 * `mock-throughput`: the mock answering `instances.get` (auth, validation,
 * output checks, the handler) against the least a server can do on the same
 * runtime (./servers/roj-bare.ts): `Deno.serve`, `Bun.serve` and `node:http`.
 * wrk, one thread, 32 connections; the two servers are loaded in turn.
 *
 * @module
 */
import { limitRow, row } from '../report.ts';
import { type BenchRuntime, startBenchServer } from '../process.ts';
import type { BenchRow } from '../report.ts';
import type { Scenario } from '../scenario.ts';
import { checkCall, loadInTurn, medianP99, medianRound, rpcRequest } from './_rpc.ts';

const baselines: Record<BenchRuntime, string> = {
  deno: 'bare Deno.serve',
  bun: 'bare Bun.serve',
  node: 'bare node:http',
};
const names: Record<BenchRuntime, string> = { deno: 'Deno', bun: 'Bun', node: 'Node' };

/** The scenario. */
export const throughputScenario: Scenario = {
  name: 'mock-throughput',
  title: 'Mock instances.get vs a bare server on Deno, Bun and Node (wrk, 32 connections)',
  async run(ctx) {
    const rows: BenchRow[] = [];
    for (const runtime of ['deno', 'bun', 'node'] as const) {
      const start = (entry: string) =>
        startBenchServer({
          runtime,
          entry,
          args: ['--instances', '1000'],
          root: ctx.root,
          scratch: ctx.scratch,
        });
      ctx.progress(`${names[runtime]}: starting the mock and the bare server`);
      const mock = await start('scripts/bench/servers/roj-mock.ts');
      try {
        const bare = await start('scripts/bench/servers/roj-bare.ts');
        try {
          const targets = [bare, mock].map((server, i) => {
            const instanceId = (server.info.instanceIds as string[])[0];
            return {
              name: i === 0 ? baselines[runtime] : `${names[runtime]} mock`,
              server,
              requests: [rpcRequest('instances.get', { instanceId })],
            };
          });
          for (const t of targets) await checkCall(t.server, t.requests[0]);
          const results = await loadInTurn(targets, {
            rounds: ctx.quick ? 2 : 7,
            seconds: ctx.quick ? 1 : 2,
            warmupSeconds: ctx.quick ? 0 : 2,
            scratch: ctx.scratch,
            progress: ctx.progress,
          });
          const { measured, baseline: base } = medianRound(
            results.get(targets[1].name)!.runs,
            results.get(targets[0].name)!.runs,
          );
          const rounds = results.get(targets[1].name)!.runs.length;
          rows.push(row({
            scenario: this.name,
            name: `${names[runtime]}: mock instances.get`,
            figure: { value: measured.rps, unit: 'req/s' },
            comparison: { name: baselines[runtime], value: base.rps, unit: 'req/s' },
            budget: { kind: 'at-least', ratio: 0.75, label: '≥ 0.75×' },
            notes:
              `the round with the median ratio of ${rounds} rounds, each loading both servers ` +
              `back to back; wrk, 1 thread, 32 connections`,
          }));
          if (runtime === 'deno') {
            rows.push(limitRow({
              scenario: this.name,
              name: 'Deno: mock p99 latency at 32 connections',
              figure: { value: medianP99(results.get(targets[1].name)!.runs), unit: 'ms' },
              limit: 2,
              label: '< 2 ms',
              notes: `median p99 of ${rounds} wrk runs; bare Deno.serve in the same runs: ${
                medianP99(results.get(targets[0].name)!.runs).toFixed(2)
              } ms`,
            }));
          }
        } finally {
          await bare.stop();
        }
      } finally {
        await mock.stop();
      }
    }
    return rows;
  },
};
