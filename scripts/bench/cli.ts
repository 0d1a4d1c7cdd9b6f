/**
 * `deno task bench`: runs every benchmark scenario, prints progress on stderr,
 * then writes `bench/results.json` and `bench/results.md` and prints the
 * table. Each row holds a figure, what it is compared with in the same run
 * (or the budget's limit), the ratio and the budget.
 *
 * A benchmark, not a test: a row over budget is reported, not failed. The
 * exit code is 1 only when a scenario could not run at all.
 *
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type BenchResults, type BenchRow, markdownTable } from './report.ts';
import type { BenchContext } from './scenario.ts';
import { scenarios } from './scenarios/mod.ts';
import { soakScenario } from './scenarios/soak.ts';
import { machineInfo } from './machine.ts';
import { benchFixes } from './fixes.ts';

const help = `Usage: deno task bench [--quick] [--only NAME,…] [--out DIR]
       deno task bench --soak [--out DIR]

Runs the benchmark scenarios against servers on 127.0.0.1, each in its own
process, with wrk as the load generator, and writes DIR/results.json and
DIR/results.md (default DIR: bench/).

Options:
  --quick        Short runs and small stores, under 2 minutes (CI smoke run)
  --only NAMES   Run only these scenarios, comma-separated
  --list         List the scenarios and exit
  --soak         Run only the soak: the mock under steady load for SOAK_MINUTES
                 (default 5) minutes, its memory must stay flat (default DIR:
                 bench/soak); not part of the default run nor of --quick
  --out DIR      Where to write the results (default: bench)
  -h, --help     Show this help

Scenarios:
${scenarios.map((s) => `  ${s.name.padEnd(20)} ${s.title}`).join('\n')}

Exit codes: 0 every scenario ran (rows over budget are reported, not failed),
1 a scenario failed to run, 2 usage error`;

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        quick: { type: 'boolean' },
        only: { type: 'string' },
        list: { type: 'boolean' },
        out: { type: 'string' },
        soak: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`bench: ${(error as Error).message}\nRun with --help to see the options`);
    return 2;
  }
  if (values.help) {
    console.log(help);
    return 0;
  }
  if (values.list) {
    for (const s of scenarios) console.log(`${s.name.padEnd(20)} ${s.title}`);
    return 0;
  }
  if (values.soak && (values.quick || values.only !== undefined)) {
    console.error('bench: --soak runs the soak alone, without --quick or --only');
    return 2;
  }
  const out = values.out ?? (values.soak ? join('bench', 'soak') : 'bench');
  const only = values.only?.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = only?.filter((name) => !scenarios.some((s) => s.name === name)) ?? [];
  if (unknown.length > 0) {
    console.error(
      `bench: unknown scenario ${unknown.join(', ')}; known: ${
        scenarios.map((s) => s.name).join(', ')
      }`,
    );
    return 2;
  }
  const selected = values.soak
    ? [soakScenario]
    : scenarios.filter((s) => only === undefined || only.includes(s.name));
  const root = resolve(new URL('../..', import.meta.url).pathname);
  const scratch = join(root, '.tmp', 'bench');
  mkdirSync(scratch, { recursive: true });
  const quick = values.quick === true;
  const results: BenchResults = {
    date: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    machine: await machineInfo(),
    rows: [],
    failures: [],
    fixes: benchFixes,
  };
  const started = performance.now();
  for (const [index, scenario] of selected.entries()) {
    const prefix = `[${index + 1}/${selected.length} ${scenario.name}]`;
    const ctx: BenchContext = {
      quick,
      root,
      scratch,
      progress: (message) => console.error(`${prefix} ${message}`),
    };
    ctx.progress(scenario.title);
    const scenarioStarted = performance.now();
    try {
      const rows: BenchRow[] = await scenario.run(ctx);
      results.rows.push(...rows);
      for (const r of rows) {
        const verdict = r.pass === undefined ? '' : r.pass ? ' ok' : ' OVER BUDGET';
        ctx.progress(`${r.name}: ratio ${r.ratio.toFixed(2)}${verdict}`);
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      results.failures.push({ scenario: scenario.name, error: message.split('\n')[0] });
      ctx.progress(`failed: ${message}`);
    }
    ctx.progress(`done in ${((performance.now() - scenarioStarted) / 1000).toFixed(1)} s`);
  }
  const outDir = resolve(root, out);
  mkdirSync(outDir, { recursive: true });
  const table = markdownTable(results);
  writeFileSync(join(outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(outDir, 'results.md'), `${table}\n`);
  console.log(table);
  const over = results.rows.filter((r) => r.pass === false).length;
  console.error(
    `bench: ${results.rows.length} rows, ${over} over budget, ${results.failures.length} ` +
      `scenarios failed, ${((performance.now() - started) / 1000).toFixed(0)} s; ` +
      `written to ${join(out, 'results.json')} and results.md`,
  );
  return results.failures.length > 0 ? 1 : 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
