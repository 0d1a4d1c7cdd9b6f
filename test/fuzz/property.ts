/**
 * One fuzzing property: batches of generated requests sent to a target, each
 * batch from the fixtures' state, until about a target number of requests
 * were sent, with the seed, replay path and sizes of ./config.ts.
 *
 * @module
 */
import fc from 'fast-check';
import { fuzzParameters, fuzzSettings } from './config.ts';
import type { FuzzRequest } from './request.ts';
import { FuzzStats, runBatch, type Send } from './runner.ts';
import type { FuzzTarget } from './target.ts';

/** What {@linkcode fuzz} needs. */
export interface FuzzOptions {
  /** The property's name, for failure reports and `FUZZ_PROPERTY`. */
  name: string;
  /** The mock. */
  target: FuzzTarget;
  /** The requests to draw from. */
  request: fc.Arbitrary<FuzzRequest>;
  /** About how many requests to send at scale 1. */
  requests: number;
  /** Most requests in one batch: enough for one to set up the state another acts on. */
  batch: number;
  /** The property's seed is the base seed plus this, so properties draw different cases. */
  seedOffset: number;
  /** How to send. Default: the mock's `fetch`, in process. */
  send?: Send;
  /** The origin requests are addressed to. Default: the fixtures' origin. */
  origin?: string;
  /** Whether the runtime's server may refuse a request before the mock sees it (socket runs). */
  runtimeMayRefuse?: (request: FuzzRequest) => boolean;
}

/**
 * Runs the property; fails with the seed and replay path on the first broken invariant.
 *
 * @param options The target, the requests and the sizes.
 * @returns What was sent, and what it cost.
 * @throws {Error} The failure report, with the shrunk counterexample.
 */
export async function fuzz(options: FuzzOptions): Promise<FuzzStats> {
  const stats = new FuzzStats();
  const send = options.send ?? options.target.mock.fetch;
  // Batch lengths are nearly uniform in [1, batch]; fast-check's bias toward small values brings
  // their mean a few percent under (batch + 1) / 2.
  const runs = Math.ceil(options.requests / (0.94 * (options.batch + 1) / 2));
  await fc.assert(
    fc.asyncProperty(
      fc.array(options.request, { minLength: 1, maxLength: options.batch, size: 'max' }),
      async (requests) => {
        await runBatch(options.target, requests, {
          send,
          stats,
          origin: options.origin,
          runtimeMayRefuse: options.runtimeMayRefuse,
        });
      },
    ),
    fuzzParameters(options.name, { offset: options.seedOffset, runs }),
  );
  return stats;
}

/**
 * The fewest requests a run of {@linkcode fuzz} may send and still count as the size asked:
 * batch lengths are random, so a run falls short of its target by a little at times.
 *
 * @param requests The target at scale 1.
 * @returns 95 % of it, scaled by `FUZZ_RUNS`.
 */
export function fewestRequests(requests: number): number {
  return Math.floor(requests * fuzzSettings().scale * 0.95);
}
