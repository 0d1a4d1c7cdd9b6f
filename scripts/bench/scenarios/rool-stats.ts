/**
 * Latency statistics of the Rool scenarios: percentiles of a list of
 * samples, by the nearest-rank method, so every figure reported is one
 * actually measured.
 *
 * @module
 */

/** What {@linkcode summarize} gives. */
export interface LatencySummary {
  /** How many samples. */
  count: number;
  /** The median (nearest rank). */
  p50: number;
  /** The 99th percentile (nearest rank). */
  p99: number;
  /** The smallest sample. */
  min: number;
  /** The largest sample. */
  max: number;
}

/**
 * A percentile by the nearest-rank method: the smallest sample that at least `p` percent of the
 * samples are at or below.
 *
 * @param samples The samples, in any order; at least one.
 * @param p The percentile, in (0, 100].
 * @returns The sample.
 * @throws {RangeError} Without samples, or for `p` outside (0, 100].
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { percentile } from './rool-stats.ts';
 * assert.equal(percentile([5, 1, 4, 2, 3], 50), 3);
 * assert.equal(percentile([5, 1, 4, 2, 3], 99), 5);
 * ```
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new RangeError('A percentile needs at least one sample');
  if (!(p > 0 && p <= 100)) throw new RangeError(`A percentile must be in (0, 100], not ${p}`);
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1];
}

/**
 * The count, median, 99th percentile and extremes of samples.
 *
 * @param samples The samples; at least one.
 * @returns The summary.
 * @throws {RangeError} Without samples.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { summarize } from './rool-stats.ts';
 * assert.deepEqual(summarize([3, 1, 2]), { count: 3, p50: 2, p99: 3, min: 1, max: 3 });
 * ```
 */
export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    min: sorted[0],
    max: sorted[sorted.length - 1],
  };
}

/**
 * A summary as a note: `p50 1.2 ms, p99 3.4 ms, max 5 ms over 40`.
 *
 * @param summary The summary, in milliseconds.
 * @returns The note.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { describeLatency } from './rool-stats.ts';
 * const note = describeLatency({ count: 40, p50: 1.234, p99: 3.4, min: 1, max: 5 });
 * assert.equal(note, 'p50 1.23 ms, p99 3.40 ms, max 5.00 ms over 40');
 * ```
 */
export function describeLatency(summary: LatencySummary): string {
  const ms = (value: number) => `${value.toFixed(2)} ms`;
  return `p50 ${ms(summary.p50)}, p99 ${ms(summary.p99)}, max ${ms(summary.max)} over ` +
    `${summary.count}`;
}
