/**
 * Everything CI runs, behind `deno task test`: codegen check, type check, lint, docs lint,
 * unit tests on Deno and Bun, runtime tests on Node and workerd, the mock server on all four
 * runtimes, and the published client and README examples against `deno task mock`.
 *
 * Stages run in order, each as subprocesses whose output is streamed. Neighbouring stages marked
 * `concurrent` (the unit suites on Deno and on Bun, which mostly wait) run side by side; the
 * output of all but the first of them is printed as a block once they are all done. A failed
 * stage does not stop the run, so one run reports every failure. The run ends with a summary table and the
 * line `test: N passed, N failed`, and exits non-zero if any stage failed.
 *
 * ```sh
 * deno task test                      # every stage
 * deno task test --only check,lint    # just these
 * deno task test --skip bun-unit      # all but these
 * ```
 *
 * @module
 */
import { fileURLToPath } from 'node:url';
import { parseTestArgs } from './test/args.ts';
import { runStep } from './test/run-step.ts';
import { type StageContext, stageGroups, stages } from './test/stages.ts';
import { formatSummary, type StageResult } from './test/summary.ts';

/** No single command may take longer than this. */
const stepTimeoutSeconds = 420;
/** The whole run's budget: a command is cut off when it would overrun it. */
const budgetSeconds = 600;

function usage(): string {
  const width = Math.max(...stages.map((s) => s.name.length));
  return [
    'Usage: deno task test [--only <stage,...>] [--skip <stage,...>]',
    '',
    'Runs the stages below in order, reports every failure, and exits non-zero if any failed.',
    '',
    'Stages:',
    ...stages.map((s) => `  ${s.name.padEnd(width)}  ${s.summary}`),
    '',
    'Options:',
    '  --only <stage,...>  Run only these stages',
    '  --skip <stage,...>  Run all stages but these',
    '  -h, --help          Show this help',
  ].join('\n');
}

function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}

/**
 * Runs one stage. With `buffer`, its output (its banner and verdict included) is collected
 * there instead of printed, for a stage running beside another.
 */
async function runStage(
  name: string,
  position: string,
  context: StageContext,
  started: number,
  buffer?: Uint8Array[],
): Promise<StageResult> {
  const stage = stages.find((s) => s.name === name)!;
  const encoder = new TextEncoder();
  const print = (line: string) =>
    buffer ? buffer.push(encoder.encode(`${line}\n`)) : console.log(line);
  print(`\n=== [${position}] ${name}: ${stage.summary} (at ${seconds(started).toFixed(1)} s)`);
  const stageStarted = performance.now();
  let reason: string | undefined;
  try {
    for (const step of await stage.steps(context)) {
      const left = Math.floor(budgetSeconds - seconds(started));
      if (left <= 0) {
        reason = `not run: the ${budgetSeconds} s budget is spent`;
        break;
      }
      print(`$ ${step.display ?? step.cmd.join(' ').replace(context.deno, 'deno')}`);
      const outcome = await runStep(step, {
        cwd: context.root,
        timeoutSeconds: Math.min(stepTimeoutSeconds, left),
        output: buffer && ((bytes) => buffer.push(bytes)),
      });
      if (!outcome.ok) {
        reason = outcome.reason;
        break;
      }
    }
  } catch (error) {
    reason = error instanceof Error ? error.message : String(error);
  }
  const elapsed = seconds(stageStarted);
  const verdict = reason === undefined ? 'passed' : `FAILED (${reason})`;
  print(`=== ${name} ${verdict} in ${elapsed.toFixed(1)} s`);
  return reason === undefined
    ? { name, outcome: 'passed', seconds: elapsed }
    : { name, outcome: 'failed', seconds: elapsed, reason };
}

/**
 * Runs the selected stages and prints the summary.
 *
 * @param argv The command-line arguments.
 * @returns The exit code: 0 when every selected stage passed, 1 otherwise, 2 for bad usage.
 */
export async function main(argv: string[]): Promise<number> {
  const names = stages.map((s) => s.name);
  let selected: string[];
  try {
    const args = parseTestArgs(argv, names);
    if (args.help) {
      console.log(usage());
      return 0;
    }
    selected = args.stages;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${usage()}`);
    return 2;
  }
  const context: StageContext = {
    root: fileURLToPath(new URL('..', import.meta.url)),
    deno: Deno.execPath(),
  };
  // Tests that drive Deno tasks (the codegen CLI) find Deno here when Bun runs them.
  Deno.env.set('DENO_BIN', context.deno);
  const started = performance.now();
  const results: StageResult[] = [];
  const position = (name: string) => `${selected.indexOf(name) + 1}/${selected.length}`;
  for (const group of stageGroups(selected)) {
    const [first, ...beside] = group;
    const buffers = beside.map((): Uint8Array[] => []);
    const done = await Promise.all([
      runStage(first, position(first), context, started),
      ...beside.map((name, i) => runStage(name, position(name), context, started, buffers[i])),
    ]);
    for (const buffer of buffers) for (const bytes of buffer) Deno.stdout.writeSync(bytes);
    results.push(...done);
  }
  for (const name of names) {
    if (!selected.includes(name)) results.push({ name, outcome: 'skipped', seconds: 0 });
  }
  results.sort((a, b) => names.indexOf(a.name) - names.indexOf(b.name));
  console.log(`\n${formatSummary(results, seconds(started))}`);
  return results.some((r) => r.outcome === 'failed') ? 1 : 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
