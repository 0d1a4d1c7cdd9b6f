/**
 * `memory`: the mock's resident memory with 100k instances and 100k sessions
 * (one per instance), seeded through its own RPC endpoint, against the 250 MB
 * budget; and the heap it keeps per instance against the bare baseline's
 * store of wire records.
 *
 * Every server is its own process, read one at a time: the mock empty, with
 * the instances only, and with instances and sessions, so per-record figures
 * are differences within the run. `--quick` uses a 10k store and reports its
 * RSS against the empty mock instead of the budget (the runtime's fixed
 * footprint would make a scaled budget meaningless). Full runs also read the
 * mock on Bun; Node is left out because seeding 100k records there through
 * `Request` objects takes about 30 s.
 *
 * @module
 */
import { type BenchRuntime, type BenchServer, startBenchServer } from '../process.ts';
import type { Scenario } from '../scenario.ts';
import { settledRss } from '../settled-rss.ts';
import { memoryRows, storeLabel, type StoreReading } from './memory-rows.ts';

/** The scenario. */
export const memoryScenario: Scenario = {
  name: 'memory',
  title: 'Mock RSS with 100k instances + 100k sessions (budget 250 MB), heap per instance',
  async run(ctx) {
    const n = ctx.quick ? 10_000 : 100_000;
    const read = async (
      runtime: BenchRuntime,
      entry: string,
      store: { instances: number; sessions: number },
    ): Promise<StoreReading> => {
      ctx.progress(
        `${runtime} ${entry.split('/').pop()}: ${storeLabel(store.instances, store.sessions)}`,
      );
      let server: BenchServer | undefined;
      try {
        server = await startBenchServer({
          runtime,
          entry,
          args: ['--instances', String(store.instances), '--sessions', String(store.sessions)],
          root: ctx.root,
          scratch: ctx.scratch,
        });
        const reading = {
          ...store,
          rssBytes: await settledRss(server),
          heapUsedBytes: Number(server.info.heapUsed),
          seedMs: server.info.seedMs === undefined ? undefined : Number(server.info.seedMs),
        };
        ctx.progress(
          `  RSS ${(reading.rssBytes / 1e6).toFixed(0)} MB, heap in use ` +
            `${(reading.heapUsedBytes / 1e6).toFixed(0)} MB`,
        );
        return reading;
      } finally {
        await server?.stop();
      }
    };
    const mock = 'scripts/bench/servers/roj-mock.ts';
    const bare = 'scripts/bench/servers/bare-memory.ts';
    const readings = {
      deno: {
        empty: await read('deno', mock, { instances: 0, sessions: 0 }),
        instances: await read('deno', mock, { instances: n, sessions: 0 }),
        full: await read('deno', mock, { instances: n, sessions: n }),
      },
      bare: {
        empty: await read('deno', bare, { instances: 0, sessions: 0 }),
        full: await read('deno', bare, { instances: n, sessions: 0 }),
      },
      bun: ctx.quick ? undefined : await read('bun', mock, { instances: n, sessions: n }),
    };
    for (const r of [readings.deno.empty, readings.deno.full, readings.bare.full]) {
      if (!Number.isFinite(r.heapUsedBytes)) {
        throw new Error('A Deno server gave no heap reading in its ready line');
      }
    }
    return memoryRows(readings, { scenario: this.name, budgeted: !ctx.quick, limitMB: 250 });
  },
};
