/**
 * The closing report of `deno task test`: a table of stages and the count line that CI reads.
 *
 * @module
 */

/** How one stage ended. `skipped` stages were left out by `--only` or `--skip`. */
export type StageOutcome = 'passed' | 'failed' | 'skipped';

/** One stage's result. */
export interface StageResult {
  /** The stage name. */
  name: string;
  /** How it ended. */
  outcome: StageOutcome;
  /** Wall-clock duration in seconds; 0 for a skipped stage. */
  seconds: number;
  /** Why it failed, e.g. `exit code 1` or `timed out after 300 s`. */
  reason?: string;
}

/**
 * Formats the summary table, one row per stage, then a blank line and {@linkcode countLine}.
 * The total is the run's wall-clock time when it is given: stages that run side by side would
 * count twice in a sum of their times.
 *
 * @param results Every stage, in pipeline order, skipped ones included.
 * @param wallSeconds The whole run's time. Default: the sum of the stages' times.
 * @returns The lines, joined with `\n`.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { formatSummary } from './summary.ts';
 * const text = formatSummary([{ name: 'lint', outcome: 'passed', seconds: 1.25 }]);
 * assert.equal(text.split('\n').at(-1), 'test: 1 passed, 0 failed');
 * ```
 */
export function formatSummary(results: readonly StageResult[], wallSeconds?: number): string {
  const width = Math.max(5, ...results.map((r) => r.name.length));
  const rows = results.map((r) => {
    const seconds = r.outcome === 'skipped' ? '-' : r.seconds.toFixed(1);
    const row = `${r.name.padEnd(width)}  ${r.outcome.padEnd(7)}  ${seconds.padStart(7)}`;
    return r.reason === undefined ? row : `${row}  ${r.reason}`;
  });
  const total = wallSeconds ?? results.reduce((sum, r) => sum + r.seconds, 0);
  return [
    `${'stage'.padEnd(width)}  ${'result'.padEnd(7)}  ${'seconds'.padStart(7)}`,
    ...rows,
    `${'total'.padEnd(width)}  ${(wallSeconds === undefined ? '' : 'wall').padEnd(7)}  ${
      total.toFixed(1).padStart(7)
    }`,
    '',
    countLine(results),
  ].join('\n');
}

/**
 * The last line of the run: `test: N passed, N failed`, counting stages that ran.
 *
 * @param results Every stage; skipped ones are not counted.
 * @returns The line.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { countLine } from './summary.ts';
 * assert.equal(countLine([{ name: 'check', outcome: 'failed', seconds: 2 }]), 'test: 0 passed, 1 failed');
 * ```
 */
export function countLine(results: readonly StageResult[]): string {
  const passed = results.filter((r) => r.outcome === 'passed').length;
  const failed = results.filter((r) => r.outcome === 'failed').length;
  return `test: ${passed} passed, ${failed} failed`;
}
