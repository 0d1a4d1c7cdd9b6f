/**
 * `client`: what the clients cost their users. Per call: `createRojClient`
 * calling `instances.get` against a hand-written `fetch` of the same request,
 * both in this process against one bare server process
 * (./servers/roj-bare.ts on Deno). In bytes: the Roj client and the Rool SDK
 * bundled for the browser, minified and gzipped.
 *
 * The bare server rather than the mock: it answers in a few microseconds, so
 * the client's own work is as large a share of a call as it can be, and the
 * ratio is the strictest it can be.
 *
 * @module
 */
import { bareApiKey } from '../servers/bare.ts';
import { startBenchServer } from '../process.ts';
import { type BenchRow, limitRow, row } from '../report.ts';
import type { BenchContext, Scenario } from '../scenario.ts';
import { measureClientOverhead } from './client-overhead.ts';
import { type BundleEntry, type BundleSize, measureBundle } from './client-size.ts';

/** One kilobyte, decimal: the stricter reading of "3 KB". */
const kb = 1000;

/** The bundles and their budgets. */
const bundles: (BundleEntry & { title: string; limit: number })[] = [
  {
    title: 'Roj client bundle (createRojClient)',
    name: 'roj-client',
    module: 'src/roj/mod.ts',
    exportName: 'createRojClient',
    limit: 3 * kb,
  },
  {
    title: 'Rool SDK bundle (RoolClient)',
    name: 'rool-sdk',
    module: 'src/rool/mod.ts',
    exportName: 'RoolClient',
    limit: 25 * kb,
  },
];

/** The scenario. */
export const clientScenario: Scenario = {
  name: 'client',
  title: 'Roj client per call vs a hand-written fetch; Roj client and Rool SDK bundle sizes',
  async run(ctx) {
    return [await overheadRow(ctx), ...(await sizeRows(ctx))];
  },
};

async function overheadRow(ctx: BenchContext): Promise<BenchRow> {
  ctx.progress('starting the bare server on Deno');
  const server = await startBenchServer({
    runtime: 'deno',
    entry: 'scripts/bench/servers/roj-bare.ts',
    args: ['--instances', '1000'],
    root: ctx.root,
    scratch: ctx.scratch,
  });
  try {
    const result = await measureClientOverhead({
      url: server.url,
      apiKey: bareApiKey,
      instanceIds: server.info.instanceIds as string[],
      pairs: ctx.quick ? 5_000 : 50_000,
      warmupCalls: ctx.quick ? 500 : 2_000,
      maxMs: ctx.quick ? 5_000 : 30_000,
      progress: ctx.progress,
    });
    return row({
      scenario: clientScenario.name,
      name: 'Roj client: instances.get per call',
      figure: { value: result.clientUs, unit: 'µs' },
      comparison: { name: 'hand-written fetch', value: result.fetchUs, unit: 'µs' },
      budget: { kind: 'at-most', ratio: 1.05, label: '≤ 1.05×' },
      notes: `median of ${result.pairs} calls per side, one of each in turn, each timed ` +
        `(means: client ${result.clientMeanUs.toFixed(1)} µs, fetch ${
          result.fetchMeanUs.toFixed(1)
        } µs); Deno fetch in the bench process, bare Deno.serve server process`,
    });
  } finally {
    await server.stop();
  }
}

async function sizeRows(ctx: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const entry of bundles) {
    ctx.progress(`bundling ${entry.exportName} from ${entry.module}`);
    const size = await measureBundle(entry, ctx);
    rows.push(limitRow({
      scenario: clientScenario.name,
      name: `${entry.title}, minified + gzip`,
      figure: { value: size.gzipped, unit: 'B' },
      limit: entry.limit,
      label: `≤ ${entry.limit / kb} KB`,
      notes: `${describeSize(size)}; deno bundle --platform browser --minify, gzip level 6, ` +
        `1 KB = ${kb} B`,
    }));
  }
  return rows;
}

function describeSize(size: BundleSize): string {
  const largest = size.largest.map((m) => `${m.module.split('/').slice(-2).join('/')} ${m.bytes}`)
    .join(', ');
  return `raw ${size.raw} B, minified ${size.minified} B, gzipped ${size.gzipped} B; largest ` +
    `modules, raw B: ${largest}`;
}
