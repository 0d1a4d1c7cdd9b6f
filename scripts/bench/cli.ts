/**
 * `deno task bench`: runs every benchmark scenario, shows progress on stderr
 * (a bar on a terminal, one line per scenario in CI or a log), then writes
 * `bench/results.json` and `bench/results.md` and prints the table. Each row
 * holds a figure, what it is compared with in the same run (or the budget's
 * limit), the ratio and the budget.
 *
 * Exit codes (docs/cli.md): 0 every scenario ran and every row is within its
 * budget; 1 a scenario could not run, or a row is over budget (not with
 * `--quick`, whose short runs give figures to look at, not to judge: CI's
 * smoke run fails only when a scenario cannot run); 2 a usage error.
 *
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { writeCliError } from '../../cli/error-output.ts';
import { ExitCode } from '../../cli/exit-codes.ts';
import { processIo, type TerminalIo } from '../../cli/io.ts';
import { progressMode, ProgressReporter } from '../../cli/progress.ts';
import { hasFlag } from '../../cli/raw-args.ts';
import { versionLine } from '../../cli/version.ts';
import { type BenchArgs, benchUsage, parseBenchArgs } from './cli-args.ts';
import { benchFixes } from './fixes.ts';
import { machineInfo } from './machine.ts';
import type { BenchResults, BenchRow } from './report.ts';
import { markdownTable } from './report.ts';
import type { BenchContext, Scenario } from './scenario.ts';
import { scenarios as allScenarios } from './scenarios/mod.ts';
import { soakScenario } from './scenarios/soak.ts';

/** The name the bench gives itself in `--version`. */
export const benchCommand = 'roj-bench';

/** Options of {@linkcode runBenchCli}; tests replace the scenarios and the machine. */
export interface BenchCliOptions {
  /** Where to write. Default: the process's streams. */
  io?: TerminalIo;
  /** The scenarios of a full run. Default: every scenario of ./scenarios/mod.ts. */
  scenarios?: readonly Scenario[];
  /** The scenario `--soak` runs. Default: ./scenarios/soak.ts. */
  soak?: Scenario;
  /** Describes the machine for the results. Default: {@linkcode machineInfo}. */
  machine?: () => Promise<Record<string, string>>;
}

/**
 * Runs the benchmark command line.
 *
 * @param argv The arguments, without the program and script.
 * @param options Streams, scenarios and machine description.
 * @returns The exit code.
 *
 * @example Usage
 * ```ts ignore
 * import { runBenchCli } from './cli.ts';
 * Deno.exit(await runBenchCli(['--quick', '--out', '.tmp/bench-smoke']));
 * ```
 */
export async function runBenchCli(argv: string[], options: BenchCliOptions = {}): Promise<number> {
  const io = options.io ?? processIo();
  const scenarios = options.scenarios ?? allScenarios;
  let verbose = hasFlag(argv, '--verbose');
  try {
    const parsed = parseBenchArgs(argv, scenarios);
    if (parsed.action === 'help') {
      io.stdout(`${benchUsage(scenarios)}\n`);
      return ExitCode.ok;
    }
    if (parsed.action === 'version') {
      io.stdout(`${versionLine(benchCommand)}\n`);
      return ExitCode.ok;
    }
    if (parsed.action === 'list') {
      for (const s of scenarios) io.stdout(`${s.name.padEnd(20)} ${s.title}\n`);
      return ExitCode.ok;
    }
    const { args } = parsed;
    verbose = args.verbose;
    const selected = args.soak
      ? [options.soak ?? soakScenario]
      : scenarios.filter((s) => args.only?.includes(s.name) ?? true);
    return await run(args, selected, io, options.machine ?? machineInfo);
  } catch (error) {
    return writeCliError(io, error, { verbose });
  }
}

async function run(
  args: BenchArgs,
  selected: readonly Scenario[],
  io: TerminalIo,
  machine: () => Promise<Record<string, string>>,
): Promise<number> {
  const root = resolve(new URL('../..', import.meta.url).pathname);
  const scratch = join(root, '.tmp', 'bench');
  mkdirSync(scratch, { recursive: true });
  const results: BenchResults = {
    date: new Date().toISOString(),
    mode: args.quick ? 'quick' : 'full',
    machine: await machine(),
    rows: [],
    failures: [],
    fixes: benchFixes,
  };
  const progress = new ProgressReporter(io, {
    mode: progressMode(io, { quiet: args.quiet }),
    label: 'bench',
    total: selected.length,
  });
  const started = performance.now();
  for (const [index, scenario] of selected.entries()) {
    const prefix = `[${index + 1}/${selected.length} ${scenario.name}]`;
    const ctx: BenchContext = {
      quick: args.quick,
      root,
      scratch,
      progress: (message) => {
        progress.update(index, `${scenario.name}: ${message}`);
        // Logs keep one line per scenario; --verbose keeps every message too.
        if (args.verbose && progress.mode === 'lines') progress.log(`${prefix} ${message}`);
      },
    };
    ctx.progress(scenario.title);
    const scenarioStarted = performance.now();
    let outcome: string;
    try {
      const rows: BenchRow[] = await scenario.run(ctx);
      results.rows.push(...rows);
      const over = rows.filter((r) => r.pass === false).map((r) => r.name);
      outcome = `${rows.length} row${rows.length === 1 ? '' : 's'}` +
        (over.length > 0 ? `, over budget: ${over.join('; ')}` : '');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      results.failures.push({ scenario: scenario.name, error: message.split('\n')[0] });
      outcome = `failed: ${message.split('\n')[0]}`;
    }
    const seconds = ((performance.now() - scenarioStarted) / 1000).toFixed(1);
    progress.update(index + 1, scenario.name);
    progress.log(`bench: ${prefix} ${outcome} (${seconds} s)`);
  }
  progress.finish();
  const outDir = resolve(root, args.out);
  mkdirSync(outDir, { recursive: true });
  const table = markdownTable(results);
  writeFileSync(join(outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(outDir, 'results.md'), `${table}\n`);
  io.stdout(`${table}\n`);
  const over = results.rows.filter((r) => r.pass === false).length;
  // The summary is a result, not progress: it prints even with --quiet.
  io.stderr(
    `bench: ${results.rows.length} row${results.rows.length === 1 ? '' : 's'}, ${over} over budget${
      args.quick && over > 0 ? ' (not judged: --quick)' : ''
    }, ` +
      `${results.failures.length} scenarios failed, ` +
      `${((performance.now() - started) / 1000).toFixed(0)} s; ` +
      `written to ${join(args.out, 'results.json')} and results.md\n`,
  );
  const failed = results.failures.length > 0 || (!args.quick && over > 0);
  return failed ? ExitCode.failed : ExitCode.ok;
}

if (import.meta.main) process.exit(await runBenchCli(process.argv.slice(2)));
