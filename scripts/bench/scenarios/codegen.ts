/**
 * `codegen`: the wall time of `deno task codegen`, a full run and `--check`,
 * as a user sees it: a fresh Deno process started with the task's own
 * arguments from `deno.json`, timed from spawn to exit. Full runs and checks
 * are taken in turn, and each figure is the median of its runs.
 *
 * A full run rewrites the generated files in place. So that it only ever
 * writes back what is there, the scenario first requires `--check` to pass
 * (it refuses to run over stale output, which may be someone's work in
 * progress), and afterwards compares the files with what they were and runs
 * `--check` once more.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { targets } from '../../../codegen.config.ts';
import { type BenchRow, limitRow } from '../report.ts';
import type { Scenario } from '../scenario.ts';
import { median, roundOrder } from './client-rounds.ts';
import { snapshotDiff, snapshotDirs } from './codegen-snapshot.ts';
import { denoTaskArgs } from './codegen-task.ts';

type Mode = 'full run' | '--check';

/** The scenario. */
export const codegenScenario: Scenario = {
  name: 'codegen',
  title: 'deno task codegen: a full run and --check, wall time from process start',
  async run(ctx) {
    const args = denoTaskArgs(
      JSON.parse(readFileSync(join(ctx.root, 'deno.json'), 'utf8')),
      'codegen',
    );
    const command: Record<Mode, string[]> = { 'full run': args, '--check': [...args, '--check'] };
    const run = async (mode: Mode): Promise<number> => {
      const { ms, code, stderr } = await timedRun(command[mode], ctx.root);
      if (code !== 0) {
        throw new Error(
          mode === '--check'
            ? `codegen --check failed, so a full run would change the generated files; run ` +
              `deno task codegen first:\n${stderr}`
            : `codegen failed (exit ${code}):\n${stderr}`,
        );
      }
      return ms;
    };
    const outDirs = targets.map((t) => t.out);
    // Also warms Deno's module cache, as any second run a user makes finds it.
    ctx.progress('checking that the generated files are up to date');
    await run('--check');
    const before = snapshotDirs(ctx.root, outDirs);
    const rounds = ctx.quick ? 2 : 5;
    const times: Record<Mode, number[]> = { 'full run': [], '--check': [] };
    const started = performance.now();
    for (let round = 0; round < rounds; round++) {
      if (round >= 1 && performance.now() - started > (ctx.quick ? 6_000 : 60_000)) break;
      for (const mode of roundOrder<Mode>(['full run', '--check'], round)) {
        times[mode].push(await run(mode));
      }
      ctx.progress(
        `round ${round + 1}/${rounds}: full run ${format(times['full run'].at(-1)!)}, ` +
          `--check ${format(times['--check'].at(-1)!)}`,
      );
    }
    const changed = snapshotDiff(before, snapshotDirs(ctx.root, outDirs));
    if (changed.length > 0) {
      throw new Error(`A full codegen run changed the generated files: ${changed.join(', ')}`);
    }
    await run('--check');
    return (['full run', '--check'] as const).map((mode): BenchRow =>
      limitRow({
        scenario: codegenScenario.name,
        name: `Codegen, ${mode}`,
        figure: { value: median(times[mode]) / 1000, unit: 's' },
        limit: 3,
        label: '< 3 s',
        notes: `median wall time of ${times[mode].length} runs from process start ` +
          `(best ${format(Math.min(...times[mode]))}; all: ${
            times[mode].map(format).join(', ')
          }); ` +
          `deno ${command[mode].join(' ')}; ${before.size} generated files, ${
            mode === 'full run' ? 'rewritten identically' : 'up to date'
          }`,
      })
    );
  },
};

async function timedRun(
  args: string[],
  root: string,
): Promise<{ ms: number; code: number; stderr: string }> {
  const started = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args,
    cwd: root,
    stdin: 'null',
    stdout: 'piped',
    stderr: 'piped',
    env: { NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' },
  }).spawn();
  const timer = setTimeout(() => {
    try {
      child.kill('SIGKILL');
    } catch { /* already gone */ }
  }, 120_000);
  try {
    const output = await child.output();
    const ms = performance.now() - started;
    return { ms, code: output.code, stderr: new TextDecoder().decode(output.stderr).trim() };
  } finally {
    clearTimeout(timer);
  }
}

function format(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
