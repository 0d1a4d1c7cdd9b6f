/**
 * The fuzzing suites' settings: a fixed seed by default, so a run is
 * repeatable, and sizes that the environment may change.
 *
 * Deno and Bun run the same suites with different seeds (Bun's is offset by
 * {@linkcode bunSeedOffset}), so the two runs of `deno task test` fuzz
 * different cases: together they send twice what one runtime sends. A failure
 * report names the runtime, to replay it on.
 *
 * - `FUZZ_SEED`: the seed of every property (default 20_260_801). Each suite derives its own from it.
 * - `FUZZ_PATH` and `FUZZ_PROPERTY`: with `FUZZ_SEED`, replay the one failing case of the named
 *   property that a failure report printed.
 * - `FUZZ_RUNS`: a factor on every suite's number of runs (default 1; `0.1` for a quick look,
 *   `10` for a long hunt).
 *
 * @module
 */
import process from 'node:process';
import fc from 'fast-check';

/** The seed when `FUZZ_SEED` is not set. */
export const defaultSeed = 20_260_801;

/** What Bun adds to every seed, so that it draws other cases than Deno. */
export const bunSeedOffset = 1_000_003;

/** The runtime the suites run on, as failure reports name it. */
export const runtimeName: string = 'Bun' in globalThis
  ? 'Bun'
  : 'Deno' in globalThis
  ? 'Deno'
  : 'Node';

/**
 * A seed for this runtime: the base seed, Bun's offset on Bun, and an offset of the caller's.
 *
 * @param offset The caller's offset, so that properties draw different cases.
 * @param settings The settings. Default: from the environment.
 * @returns The seed.
 */
export function seedFor(offset: number, settings: FuzzSettings = fuzzSettings()): number {
  return settings.seed + (runtimeName === 'Bun' ? bunSeedOffset : 0) + offset;
}

/** The settings read from the environment. */
export interface FuzzSettings {
  /** The base seed. */
  seed: number;
  /** The replay path fast-check printed, if one was given. */
  path?: string;
  /** The property the replay path belongs to. */
  property?: string;
  /** The factor on the number of runs. */
  scale: number;
}

/**
 * Reads the settings from the environment.
 *
 * @param env The environment. Default: `process.env`.
 * @returns The settings.
 * @throws {Error} When `FUZZ_SEED` is not an integer or `FUZZ_RUNS` not a positive number.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { fuzzSettings } from './config.ts';
 * assert.deepEqual(fuzzSettings({ FUZZ_SEED: '7', FUZZ_RUNS: '0.5' }), { seed: 7, scale: 0.5 });
 * ```
 */
export function fuzzSettings(
  env: Record<string, string | undefined> = process.env,
): FuzzSettings {
  const seed = env.FUZZ_SEED === undefined ? defaultSeed : Number(env.FUZZ_SEED);
  if (!Number.isSafeInteger(seed)) throw new Error('FUZZ_SEED must be an integer');
  const scale = env.FUZZ_RUNS === undefined ? 1 : Number(env.FUZZ_RUNS);
  if (!(scale > 0 && scale <= 1000)) throw new Error('FUZZ_RUNS must be a number in (0, 1000]');
  if (!env.FUZZ_PATH) return { seed, scale };
  return { seed, path: env.FUZZ_PATH, property: env.FUZZ_PROPERTY, scale };
}

/**
 * The parameters of one property's `fc.assert`: its own seed (the base seed plus `offset`, so
 * suites do not draw the same cases), its number of runs scaled, and a failure report that says
 * how to replay it.
 *
 * @param name The property's name, for the report.
 * @param options The offset of its seed and its number of runs at scale 1.
 * @param settings The settings. Default: from the environment.
 * @returns The parameters.
 */
export function fuzzParameters<T>(
  name: string,
  options: { offset: number; runs: number },
  settings: FuzzSettings = fuzzSettings(),
): fc.Parameters<T> {
  const seed = seedFor(options.offset, settings);
  return {
    seed,
    ...(settings.path && settings.property === name ? { path: settings.path } : {}),
    numRuns: Math.max(1, Math.round(options.runs * settings.scale)),
    reporter(details) {
      if (!details.failed) return;
      throw new Error(
        `Fuzz property "${name}" failed on ${runtimeName}; replay there with FUZZ_SEED=${settings.seed} ` +
          `FUZZ_PROPERTY=${JSON.stringify(name)} FUZZ_PATH=${details.counterexamplePath ?? ''} ` +
          `(seed of this property ${seed})\n` +
          `Counterexample: ${
            details.counterexample ? fc.stringify(details.counterexample) : '?'
          }\n` +
          `${details.errorInstance instanceof Error ? details.errorInstance.message : ''}`,
        { cause: details.errorInstance },
      );
    },
  };
}
