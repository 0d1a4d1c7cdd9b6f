/**
 * Runs the mixed workload: `clients` SDK clients, each running one operation after another
 * (./operations.ts), picked at random by weight from a seeded source, until the time is up.
 * Whatever the mock acknowledges goes into the model; every failure is counted.
 *
 * @module
 */
import { createRojClient } from '../../../mod.ts';
import type { LoadModel } from './model.ts';
import { type LoadClient, type Operation, operations } from './operations.ts';
import { LoadStats } from './stats.ts';

/** Options of {@linkcode runWorkload}. */
export interface WorkloadOptions {
  /** The mock's origin. */
  url: string;
  /** Its API key. */
  apiKey: string;
  /** Concurrent clients, 1–1024. */
  clients: number;
  /** How long to run, in seconds (more than 0, at most 3600). */
  seconds: number;
  /** Seeds the clients' random choices (client `i` uses `seed + i`). */
  seed: number;
  /** Told the counts every `progressMs` (default 5 s), and once at the end. */
  onProgress?: (stats: LoadStats, elapsedMs: number) => void;
  /** How often to report progress, in milliseconds. Default 5000. */
  progressMs?: number;
  /** The `fetch` the clients call; default the global one (a test may pass an in-process mock). */
  fetch?: typeof fetch;
}

/**
 * Runs the workload.
 *
 * @param model Receives every acknowledged write.
 * @param options The mock, the clients, the duration and the seed.
 * @returns The counts.
 * @throws {RangeError} When `clients` or `seconds` is out of range.
 *
 * @example Against the mock in process, for a moment
 * ```ts
 * import assert from 'node:assert/strict';
 * import { LoadModel } from './model.ts';
 * import { runWorkload } from './workload.ts';
 * import { createMockServer } from '../../../mock-server/mod.ts';
 * const mock = createMockServer();
 * const model = new LoadModel();
 * const stats = await runWorkload(model, {
 *   url: 'http://mock.test', apiKey: 'roj_dev_key', clients: 2, seconds: 0.2, seed: 1,
 *   fetch: (input, init) => mock.fetch(new Request(input, init)),
 * });
 * assert.equal(stats.errors + stats.mismatches, 0);
 * assert.ok(stats.operations > 0);
 * ```
 */
export async function runWorkload(
  model: LoadModel,
  options: WorkloadOptions,
): Promise<LoadStats> {
  if (!Number.isInteger(options.clients) || options.clients < 1 || options.clients > 1024) {
    throw new RangeError(`Clients must be an integer from 1 to 1024, got ${options.clients}`);
  }
  if (!(options.seconds > 0 && options.seconds <= 3600)) {
    throw new RangeError(`Seconds must be more than 0 and at most 3600, got ${options.seconds}`);
  }
  const stats = new LoadStats();
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const report = () => options.onProgress?.(stats, performance.now() - started);
  const timer = setInterval(report, options.progressMs ?? 5000);
  try {
    const clients = Array.from({ length: options.clients }, (_, index): LoadClient => ({
      index,
      url: options.url,
      fetch: options.fetch,
      roj: createRojClient({
        url: options.url,
        apiKey: options.apiKey,
        timeout: 30_000,
        fetch: options.fetch,
      }),
      random: mulberry32(options.seed + index),
      live: [],
      archived: [],
      resources: [],
      serial: 0,
    }));
    await Promise.all(clients.map(async (client) => {
      while (performance.now() < deadline) {
        const operation = choose(client, model);
        try {
          await operation.run(client, model);
          stats.done(operation.name);
        } catch (error) {
          stats.failed(operation.name, error);
        }
      }
    }));
  } finally {
    clearInterval(timer);
  }
  report();
  return stats;
}

function choose(client: LoadClient, model: LoadModel): Operation {
  const ready = operations.filter((o) => o.ready(client, model));
  let roll = client.random() * ready.reduce((sum, o) => sum + o.weight, 0);
  for (const operation of ready) {
    roll -= operation.weight;
    if (roll < 0) return operation;
  }
  return ready[ready.length - 1];
}

/**
 * A small seeded source of uniform numbers in [0, 1) (mulberry32), so that a run's choices can be
 * replayed from its seed.
 *
 * @param seed The seed.
 * @returns The source.
 *
 * @example Same seed, same numbers
 * ```ts
 * import assert from 'node:assert/strict';
 * import { mulberry32 } from './workload.ts';
 * const a = mulberry32(7);
 * const b = mulberry32(7);
 * assert.equal(a(), b());
 * ```
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
