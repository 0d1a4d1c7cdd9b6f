/**
 * Single byte ranges (RFC 9110 §14): `bytes=a-b`, `bytes=a-` and
 * `bytes=-n`. Several ranges in one header are answered with the whole
 * content, as the RFC allows; a range past the end is 416.
 *
 * @module
 */

/** The outcome of a `Range` header against a length. */
export type RangeOutcome =
  /** Serve everything (no header, several ranges, or a unit other than bytes). */
  | { kind: 'full' }
  /** Serve bytes `start` to `end` inclusive. */
  | { kind: 'partial'; start: number; end: number }
  /** No byte of the content is in the range. */
  | { kind: 'unsatisfiable' };

/**
 * Interprets a `Range` header.
 *
 * @param header The header, or `null`.
 * @param length The content's length.
 * @returns What to serve.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { rangeOf } from './range.ts';
 * assert.deepEqual(rangeOf('bytes=2-5', 10), { kind: 'partial', start: 2, end: 5 });
 * assert.deepEqual(rangeOf('bytes=-3', 10), { kind: 'partial', start: 7, end: 9 });
 * assert.deepEqual(rangeOf('bytes=8-20', 10), { kind: 'partial', start: 8, end: 9 });
 * assert.deepEqual(rangeOf('bytes=10-', 10), { kind: 'unsatisfiable' });
 * assert.deepEqual(rangeOf('bytes=0-1,4-5', 10), { kind: 'full' });
 * ```
 */
export function rangeOf(header: string | null, length: number): RangeOutcome {
  if (header === null) return { kind: 'full' };
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!match || (match[1] === '' && match[2] === '')) return { kind: 'full' };
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || length === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, length - suffix), end: length - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? length - 1 : Math.min(Number(match[2]), length - 1);
  if (match[2] !== '' && Number(match[2]) < start) return { kind: 'full' };
  if (start >= length) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end };
}
