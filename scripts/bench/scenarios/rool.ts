/**
 * `rool`: the Rool mock's WebDAV and live events against their budgets, each
 * server a Deno process of its own, the client the benchmark process.
 *
 * - `PROPFIND Depth: 1` over 10,000 entries, under 50 ms (./rool-propfind.ts);
 * - `sync-collection` costs the changes, not the tree: the same 10 changes in
 *   a 1k and a 100k tree (10k in quick mode), at most 1.5× (./rool-sync.ts);
 * - one event to 1,000 SSE subscribers, p99 delivery under 100 ms
 *   (./rool-fanout.ts).
 *
 * @module
 */
import { startBenchServer } from '../process.ts';
import type { BenchRow } from '../report.ts';
import type { Scenario } from '../scenario.ts';
import { type FanoutServerInfo, measureFanout } from './rool-fanout.ts';
import { measurePropfind } from './rool-propfind.ts';
import { measureSync, type SyncTree } from './rool-sync.ts';

/** The scenario. */
export const roolScenario: Scenario = {
  name: 'rool',
  title: 'Rool: PROPFIND over 10k entries, sync-collection cost, SSE fan-out to 1,000',
  async run(ctx) {
    const rows: BenchRow[] = [];
    const trees = ctx.quick ? [1000, 10_000] : [1000, 10_000, 100_000];
    ctx.progress(`starting the WebDAV server, seeding trees of ${trees.join(', ')} files`);
    const dav = await startBenchServer({
      runtime: 'deno',
      entry: 'scripts/bench/servers/rool-webdav.ts',
      args: ['--trees', trees.join(','), '--changes', '1000', '--recent', '10'],
      root: ctx.root,
      scratch: ctx.scratch,
    });
    try {
      const seeded = dav.info.trees as (SyncTree & { seedMs: number })[];
      ctx.progress(
        `seeded in ${seeded.map((t) => `${(t.seedMs / 1000).toFixed(1)} s`).join(', ')}`,
      );
      const bySize = (files: number) => seeded.find((t) => t.files === files)!;
      rows.push(...await measurePropfind(ctx, dav, bySize(10_000)));
      rows.push(
        ...await measureSync(ctx, dav, {
          small: bySize(trees[0]),
          large: bySize(trees.at(-1)!),
          changes: dav.info.changes as number,
          recent: dav.info.recent as number,
        }),
      );
    } finally {
      await dav.stop();
    }
    ctx.progress('starting the events server');
    const events = await startBenchServer({
      runtime: 'deno',
      entry: 'scripts/bench/servers/rool-events.ts',
      args: ['--users', '10'],
      root: ctx.root,
      scratch: ctx.scratch,
    });
    try {
      rows.push(...await measureFanout(ctx, events, events.info as unknown as FanoutServerInfo));
    } finally {
      await events.stop();
    }
    return rows;
  },
};
