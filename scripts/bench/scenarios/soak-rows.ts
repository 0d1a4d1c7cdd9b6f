/**
 * The rows of the `soak` scenario, from the RSS samples taken while wrk loaded the mock: the
 * median of the last minute against the median of the second (the first is warm-up: JIT, the
 * heap growing to its working size, the agent log filling to its cap). Flat memory is a ratio
 * of at most 1.1.
 *
 * @module
 */
import type { LoadResult } from '../load.ts';
import { type BenchRow, row } from '../report.ts';

/** One RSS reading, taken `atMs` after the load started. */
export interface RssSample {
  /** Milliseconds since the load started. */
  atMs: number;
  /** Resident set size, in bytes. */
  rssBytes: number;
}

/** What one soak measured. */
export interface SoakReading {
  /** How long the load ran, in minutes (at least 3, so the two windows do not overlap). */
  minutes: number;
  /** The RSS samples, oldest first. */
  samples: RssSample[];
  /** The time between samples, in milliseconds. */
  intervalMs: number;
  /** wrk's figures for the whole run. */
  load: LoadResult;
  /** The heap in use after seeding, from the server's ready line, in bytes, when it gave one. */
  heapAfterSeedBytes?: number;
}

/**
 * The budget: the last minute's RSS may exceed the second minute's by 10 %. A Deno server under a
 * steady load that leaks nothing holds its RSS within a few per cent once warm (V8 sizes the old
 * generation in steps of a few MB, and the allocator keeps freed pages for reuse); 10 % leaves
 * room for one such step, while a leak of a few bytes a request, at tens of thousands of
 * requests a second for three minutes, exceeds it (each run's notes state the smallest leak it
 * would have caught).
 */
export const soakBudget = 1.1;

const MB = 1e6;

/**
 * The median of the samples taken in `[fromMs, toMs)`.
 *
 * @param samples The samples.
 * @param fromMs The window's start.
 * @param toMs Its end.
 * @returns The median RSS, in bytes.
 * @throws {Error} When no sample falls in the window.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { windowMedian } from './soak-rows.ts';
 * const samples = [0, 5, 10, 15].map((s, i) => ({ atMs: s * 1000, rssBytes: [9, 3, 1, 2][i] }));
 * assert.equal(windowMedian(samples, 5000, 20_000), 2);
 * ```
 */
export function windowMedian(samples: readonly RssSample[], fromMs: number, toMs: number): number {
  const values = samples.filter((s) => s.atMs >= fromMs && s.atMs < toMs).map((s) => s.rssBytes)
    .sort((a, b) => a - b);
  if (values.length === 0) throw new Error(`No RSS sample between ${fromMs} and ${toMs} ms`);
  const middle = values.length >> 1;
  return values.length % 2 === 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

/**
 * Checks that the load measured what it claims: no socket error, and as many error answers as
 * the mix holds (20 in 1,000; `tolerance` for requests still in flight when wrk stopped).
 *
 * @param load wrk's figures.
 * @param options The share of requests that answer an error, and the tolerance in requests.
 * @throws {Error} When a socket failed or the error answers are not the mix's.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { checkSoakLoad } from './soak-rows.ts';
 * const load = (non2xx: number) => ({
 *   requests: 100_000, rps: 1000, non2xx, socketErrors: 0,
 *   latency: { p50: 1, p90: 1, p99: 1, max: 1, mean: 1 },
 * });
 * checkSoakLoad(load(2000), { errorShare: 0.02, tolerance: 52 });
 * assert.throws(() => checkSoakLoad(load(2100), { errorShare: 0.02, tolerance: 52 }));
 * ```
 */
export function checkSoakLoad(
  load: LoadResult,
  options: { errorShare: number; tolerance: number },
): void {
  if (load.socketErrors > 0) {
    throw new Error(`${load.socketErrors} socket errors in ${load.requests} requests`);
  }
  const expected = load.requests * options.errorShare;
  if (Math.abs(load.non2xx - expected) > options.tolerance) {
    throw new Error(
      `${load.non2xx} error answers in ${load.requests} requests; the mix has ${
        Math.round(expected)
      } (±${options.tolerance})`,
    );
  }
}

/**
 * Computes the rows.
 *
 * @param reading The soak's samples and load figures.
 * @param scenario The scenario's name.
 * @returns One row: the last minute's RSS against the second minute's, budget ≤ 1.1×.
 * @throws {RangeError} When the soak ran less than 3 minutes.
 * @throws {Error} When a window has no sample.
 *
 * @example Flat memory passes
 * ```ts
 * import assert from 'node:assert/strict';
 * import { soakRows } from './soak-rows.ts';
 * const samples = Array.from({ length: 61 }, (_, i) => ({ atMs: i * 5000, rssBytes: 100e6 }));
 * const [rss] = soakRows({
 *   minutes: 5, samples, intervalMs: 5000,
 *   load: {
 *     requests: 9e6, rps: 30_000, non2xx: 180_000, socketErrors: 0,
 *     latency: { p50: 1, p90: 1, p99: 2, max: 9, mean: 1 },
 *   },
 * }, 'soak');
 * assert.equal(rss.ratio, 1);
 * assert.equal(rss.pass, true);
 * ```
 */
export function soakRows(reading: SoakReading, scenario: string): BenchRow[] {
  const { minutes, samples, load } = reading;
  if (!(minutes >= 3)) throw new RangeError(`A soak runs at least 3 minutes, got ${minutes}`);
  const minute = 60_000;
  const second = windowMedian(samples, minute, 2 * minute);
  const last = windowMedian(samples, (minutes - 1) * minute, minutes * minute);
  const peak = Math.max(...samples.map((s) => s.rssBytes));
  // The windows' middles are (minutes − 2) minutes apart: what a leak has that long to add.
  const between = load.rps * (minutes - 2) * 60;
  const smallestLeak = (soakBudget - 1) * second / between;
  const notes = [
    `RSS from /proc every ${reading.intervalMs / 1000} s (${samples.length} samples), ` +
    `median of each minute`,
    `start ${(samples[0].rssBytes / MB).toFixed(0)} MB, peak ${(peak / MB).toFixed(0)} MB`,
    `wrk, 1 thread, 32 connections: ${(load.requests / 1e6).toFixed(2)}M requests, ` +
    `${Math.round(load.rps).toLocaleString('en-US')} req/s, p99 ${
      load.latency.p99.toFixed(2)
    } ms, ` +
    `${load.non2xx.toLocaleString('en-US')} error answers as the mix has them, 0 socket errors`,
    "mixed-workload reads with its writes swapped for writes that keep the store's size " +
    '(scripts/bench/scenarios/soak-requests.ts)',
    `a leak of ${smallestLeak.toFixed(1)} B a request would exceed the budget`,
    reading.heapAfterSeedBytes === undefined
      ? 'heap not readable during the run'
      : `heap not readable during the run (${
        (reading.heapAfterSeedBytes / MB).toFixed(0)
      } MB after seeding, from the ready line)`,
    'MB = 10⁶ bytes',
  ];
  return [row({
    scenario,
    name: `Deno: mock RSS, last vs second minute of a ${minutes}-minute soak`,
    figure: { value: last / MB, unit: 'MB' },
    comparison: { name: 'second minute', value: second / MB, unit: 'MB' },
    budget: { kind: 'at-most', ratio: soakBudget, label: `flat: ≤ ${soakBudget}×` },
    notes: notes.join('; '),
  })];
}
