/**
 * A server's resident set size once it has settled. Right after a burst of
 * work a runtime may still hold memory it is about to give back (Bun returns
 * about 120 MB within a second of seeding 100k records; Deno keeps what it
 * has), so one early reading would overstate what the store costs.
 *
 * @module
 */
import type { BenchServer } from './process.ts';

/** Options of {@linkcode settledRss}. */
export interface SettledRssOptions {
  /** Time between readings. Default: 250 ms. */
  intervalMs?: number;
  /** Give up waiting after this long and take the last reading. Default: 3000 ms. */
  maxMs?: number;
}

/**
 * Reads a server's RSS until it settles ({@linkcode isSettled}) or time runs out.
 *
 * @param server The server.
 * @param options How often to read and for how long at most.
 * @returns The last reading, in bytes.
 * @throws {Error} When there is no reading (the process is gone, or not on Linux).
 */
export async function settledRss(
  server: Pick<BenchServer, 'rssBytes'>,
  options: SettledRssOptions = {},
): Promise<number> {
  const interval = options.intervalMs ?? 250;
  const deadline = performance.now() + (options.maxMs ?? 3000);
  const samples: number[] = [];
  for (;;) {
    const rss = server.rssBytes();
    if (rss === undefined) {
      throw new Error('No RSS reading: the server is gone, or this is not Linux');
    }
    samples.push(rss);
    if (isSettled(samples) || performance.now() >= deadline) return rss;
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/**
 * Whether the last `window` readings lie within `tolerance` of each other (relative to the
 * largest of them).
 *
 * @param samples The readings so far, oldest first.
 * @param window How many readings must agree. Default: 4.
 * @param tolerance Their allowed spread. Default: 0.01 (1 %).
 * @returns `true` once settled.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { isSettled } from './settled-rss.ts';
 * assert.equal(isSettled([309, 187, 187, 187]), false);
 * assert.equal(isSettled([309, 187, 187, 187, 187]), true);
 * ```
 */
export function isSettled(samples: number[], window = 4, tolerance = 0.01): boolean {
  if (samples.length < window) return false;
  const last = samples.slice(-window);
  const max = Math.max(...last);
  return max - Math.min(...last) <= max * tolerance;
}
