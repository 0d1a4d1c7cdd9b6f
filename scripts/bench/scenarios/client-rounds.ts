/**
 * The arithmetic of interleaved rounds: which subject goes first in a round,
 * and the median that summarises the rounds. Pure, so the client and codegen
 * scenarios share one tested version.
 *
 * @module
 */

/**
 * The order of the subjects in round `round`: as given in even rounds, reversed in odd ones
 * (A B, B A, A B …), so neither side always runs first, after the other has warmed the
 * connection pool, the JIT or the disk cache.
 *
 * @param subjects The subjects, e.g. `['client', 'fetch']`.
 * @param round The round's index, from 0.
 * @returns The subjects in the order to run them.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { roundOrder } from './client-rounds.ts';
 * assert.deepEqual(roundOrder(['a', 'b'], 0), ['a', 'b']);
 * assert.deepEqual(roundOrder(['a', 'b'], 1), ['b', 'a']);
 * ```
 */
export function roundOrder<T>(subjects: readonly T[], round: number): T[] {
  return round % 2 === 0 ? [...subjects] : [...subjects].reverse();
}

/**
 * The median: the middle value, or the mean of the two middle values.
 *
 * @param values The values; not modified.
 * @returns The median.
 * @throws {RangeError} When there are no values.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { median } from './client-rounds.ts';
 * assert.equal(median([3, 1, 2]), 2);
 * assert.equal(median([4, 1, 3, 2]), 2.5);
 * ```
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('Median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
