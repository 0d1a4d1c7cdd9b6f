/**
 * What a benchmark run reports: one row per budget, each with the figure, the
 * figure it is compared with (measured in the same run, or the budget's own
 * limit when the budget is absolute), their ratio and the verdict. Rendered as
 * JSON for tools and as a markdown table for people.
 *
 * Only ratios hold from run to run on a noisy machine, so every row carries
 * one: `value / comparison.value`.
 *
 * @module
 */
import type { BenchFix } from './fixes.ts';

/** A measured figure and its unit, e.g. `{ value: 71234, unit: 'req/s' }`. */
export interface Figure {
  /** The number. */
  value: number;
  /** Its unit, e.g. `req/s`, `ms`, `MB`, `B`, `s`, `commands/s`. */
  unit: string;
}

/**
 * A budget on a row's ratio.
 *
 * - `at-least`: the ratio must be at least `ratio` (throughput against a peer).
 * - `at-most`: the ratio must be at most `ratio` (a cost against a peer, or a figure against
 *   an absolute limit, where the limit is the comparison and `ratio` is 1).
 */
export interface Budget {
  /** Which side of `ratio` passes. */
  kind: 'at-least' | 'at-most';
  /** The bound on the ratio. */
  ratio: number;
  /** How people say it, e.g. `≥ 0.75× bare` or `< 2 ms`. */
  label: string;
}

/** One row of the results table. */
export interface BenchRow {
  /** The scenario the row belongs to, e.g. `mock-throughput`. */
  scenario: string;
  /** What was measured, e.g. `Deno: mock instances.get`. */
  name: string;
  /** The figure. */
  figure: Figure;
  /** What it is compared with: a peer measured in the same run, or the budget's limit. */
  comparison: Figure & { name: string };
  /** `figure.value / comparison.value`. */
  ratio: number;
  /** The budget, when the row has one; informational rows have none. */
  budget?: Budget;
  /** Whether the ratio meets the budget; absent without a budget. */
  pass?: boolean;
  /** Anything a reader needs to judge the figure: sample sizes, the load generator… */
  notes?: string;
}

/** A row as a scenario states it; {@linkcode row} adds the ratio and the verdict. */
export interface RowInput {
  /** See {@linkcode BenchRow.scenario}. */
  scenario: string;
  /** See {@linkcode BenchRow.name}. */
  name: string;
  /** See {@linkcode BenchRow.figure}. */
  figure: Figure;
  /** See {@linkcode BenchRow.comparison}. */
  comparison: Figure & { name: string };
  /** See {@linkcode BenchRow.budget}. */
  budget?: Budget;
  /** See {@linkcode BenchRow.notes}. */
  notes?: string;
}

/**
 * Completes a row: its ratio and, with a budget, its verdict.
 *
 * @param input The row as measured.
 * @returns The row.
 *
 * @example A throughput row against a peer
 * ```ts
 * import assert from 'node:assert/strict';
 * import { row } from './report.ts';
 * const r = row({
 *   scenario: 'mock-throughput',
 *   name: 'Deno: mock instances.get',
 *   figure: { value: 80_000, unit: 'req/s' },
 *   comparison: { name: 'bare Deno.serve', value: 100_000, unit: 'req/s' },
 *   budget: { kind: 'at-least', ratio: 0.75, label: '≥ 0.75×' },
 * });
 * assert.equal(r.ratio, 0.8);
 * assert.equal(r.pass, true);
 * ```
 */
export function row(input: RowInput): BenchRow {
  const ratio = input.comparison.value === 0
    ? Infinity
    : input.figure.value / input.comparison.value;
  const pass = input.budget === undefined
    ? undefined
    : input.budget.kind === 'at-least'
    ? ratio >= input.budget.ratio
    : ratio <= input.budget.ratio;
  return { ...input, ratio, ...(pass === undefined ? {} : { pass }) };
}

/**
 * A row for an absolute budget (`p99 under 2 ms`): the limit is the comparison, the ratio is
 * the figure over the limit, and it passes at or below 1 (or above it, for a floor).
 *
 * @param input The row, with `limit` in the figure's unit and `label` saying the budget.
 * @returns The row.
 *
 * @example A latency under a limit
 * ```ts
 * import assert from 'node:assert/strict';
 * import { limitRow } from './report.ts';
 * const r = limitRow({
 *   scenario: 'mock-throughput',
 *   name: 'Deno: p99 latency at 32 connections',
 *   figure: { value: 1.5, unit: 'ms' },
 *   limit: 2,
 *   label: '< 2 ms',
 * });
 * assert.equal(r.ratio, 0.75);
 * assert.equal(r.pass, true);
 * ```
 */
export function limitRow(
  input: Omit<RowInput, 'comparison' | 'budget'> & {
    limit: number;
    label: string;
    floor?: boolean;
  },
): BenchRow {
  const { limit, label, floor, ...rest } = input;
  return row({
    ...rest,
    comparison: { name: 'budget', value: limit, unit: input.figure.unit },
    budget: { kind: floor ? 'at-least' : 'at-most', ratio: 1, label },
  });
}

/** What `bench/results.json` holds. */
export interface BenchResults {
  /** When the run started, ISO 8601. */
  date: string;
  /** `quick` for `--quick` runs, else `full`. */
  mode: 'quick' | 'full';
  /** The machine and the tools, as measured. */
  machine: Record<string, string>;
  /** Every row, in run order. */
  rows: BenchRow[];
  /** Scenarios that failed to run, with the error. */
  failures: { scenario: string; error: string }[];
  /** What the benchmark found and what was done, with figures before and after. */
  fixes?: readonly BenchFix[];
}

/**
 * The markdown table of a run: one line per row, figures rounded for reading.
 *
 * @param results The run.
 * @returns The table, with a heading line naming the machine and date.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { limitRow, markdownTable } from './report.ts';
 * const table = markdownTable({
 *   date: '2026-11-21T12:00:00.000Z',
 *   mode: 'full',
 *   machine: { cpu: 'test', cores: '2' },
 *   rows: [limitRow({
 *     scenario: 'codegen',
 *     name: 'Codegen, full run',
 *     figure: { value: 2.1, unit: 's' },
 *     limit: 3,
 *     label: '< 3 s',
 *   })],
 *   failures: [],
 * });
 * assert.match(table, /\| Codegen, full run \| 2\.1 s \| budget 3 s \| 0\.70× \| < 3 s \| ✅ \|/);
 * ```
 */
export function markdownTable(results: BenchResults): string {
  const machine = Object.entries(results.machine).map(([k, v]) => `${k}: ${v}`).join(', ');
  const lines = [
    `Measured ${results.date.slice(0, 10)} (${results.mode} run) on ${machine}.`,
    '',
    '| Scenario | Figure | Compared with | Ratio | Budget | Verdict |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of results.rows) {
    const verdict = r.pass === undefined ? '—' : r.pass ? '✅' : '❌ over budget';
    lines.push(
      `| ${r.name} | ${formatFigure(r.figure)} | ${r.comparison.name} ${
        formatFigure(r.comparison)
      } | ${formatRatio(r.ratio)} | ${r.budget?.label ?? '—'} | ${verdict} |`,
    );
  }
  for (const f of results.failures) {
    lines.push(`| ${f.scenario} | did not run: ${cell(f.error)} | | | | ❌ |`);
  }
  if (results.fixes?.length) {
    lines.push(
      '',
      'Fixes the benchmark led to, measured when they were made:',
      '',
      '| Scenario | Finding | Change | Before | After |',
      '| --- | --- | --- | --- | --- |',
      ...results.fixes.map((f) =>
        `| ${f.scenario} | ${cell(f.finding)} | ${cell(f.change)} | ${cell(f.before)} | ${
          cell(f.after)
        } |`
      ),
    );
  }
  return lines.join('\n');
}

/**
 * A figure for reading: three significant digits at most, thousands grouped.
 *
 * @param figure The figure.
 * @returns E.g. `71,200 req/s`, `1.52 ms`.
 */
export function formatFigure(figure: Figure): string {
  return `${formatNumber(figure.value)} ${figure.unit}`;
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|');
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return Number(value.toPrecision(3)).toString();
}

function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return '∞';
  return `${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(2)}×`;
}
