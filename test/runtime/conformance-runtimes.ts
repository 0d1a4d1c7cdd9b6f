// The conformance suite finds no divergence between the mock on one runtime and the mock on
// another: Deno, Bun, Node and workerd each serve as a target and each as a reference, over
// loopback HTTP, for 20 seeds per pair.
//
// | target  | reference                      |
// |---------|--------------------------------|
// | Bun     | in process, in this Deno test  |
// | Node    | Bun, over HTTP (`--reference`) |
// | workerd | Node, over HTTP                |
// | Deno    | workerd, over HTTP             |
//
// The pairs run in two rounds of two, side by side: a reference is reset before every run, and
// each runtime is a target in one pair and a reference in another, so the two pairs of a round
// share no mock. The seeds are new on every test run and are
// printed with any divergence, so a failure can be replayed with `deno task conformance`.
//
// Run by the `mock-runtimes` stage of scripts/test.ts, which builds the bundles first.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { defaultConfig, formatReport, runConformance } from '../../conformance/mod.ts';
import {
  assertBundlesBuilt,
  type RuntimeName,
  runtimeNames,
  type StartedMock,
  startRuntimeMock,
} from '../helpers/runtime-mocks.ts';

const apiKey = 'rk_conformance_runtimes';
/** Small, so that oversize uploads are cheap; the suite is told through its configuration. */
const uploadLimit = 64 * 1024;
/** Seeds per pair: the issue asks for at least 20. */
const seeds = 20;
/** Sequences per seed: each starts from a reset reference. */
const runsPerSeed = 3;

type Pair = { target: RuntimeName; reference: RuntimeName | 'in process' };

/**
 * The pairs, in two rounds whose pairs share no mock, so each round runs its pairs at the same
 * time (a reference is reset at every sequence: it cannot be another pair's target meanwhile).
 */
const rounds: readonly (readonly Pair[])[] = [
  [{ target: 'Bun', reference: 'in process' }, { target: 'workerd', reference: 'Node' }],
  [{ target: 'Node', reference: 'Bun' }, { target: 'Deno', reference: 'workerd' }],
];

describe('conformance between runtimes', () => {
  const started = new Map<RuntimeName, StartedMock>();
  const failures = new Map<RuntimeName, unknown>();

  before(async () => {
    assertBundlesBuilt();
    await Promise.all(
      runtimeNames.map(async (name) => {
        try {
          started.set(name, await startRuntimeMock(name, { apiKey, uploadLimit, quiet: true }));
        } catch (error) {
          failures.set(name, error);
        }
      }),
    );
  });

  after(async () => {
    await Promise.all([...started.values()].map((s) => s.stop()));
  });

  /** Runs `seeds` seeds of one pair, and fails on the first divergence. */
  async function checkPair({ target, reference }: Pair): Promise<void> {
    for (const name of [target, reference]) {
      if (failures.has(name as RuntimeName)) throw failures.get(name as RuntimeName);
    }
    const config = { ...defaultConfig(), uploadLimitBytes: uploadLimit };
    const base = Math.floor(Math.random() * 0x7fffffff);
    let commands = 0;
    for (let i = 0; i < seeds; i++) {
      const seed = (base + i) | 0;
      const result = await runConformance({
        target: { url: started.get(target)!.url, apiKey },
        ...(reference === 'in process'
          ? {}
          : { reference: { url: started.get(reference)!.url, apiKey } }),
        config,
        seed,
        runs: runsPerSeed,
      });
      assert.equal(result.error, undefined, `${target}/${reference} seed ${seed}: ${result.error}`);
      if (!result.ok) {
        const targetUrl = started.get(target)!.url;
        const referenceUrl = reference === 'in process' ? undefined : started.get(reference)!.url;
        assert.fail(formatReport(result, { target: targetUrl, reference: referenceUrl, apiKey }));
      }
      commands += result.progress.commands;
    }
    // Every seed ran commands on both sides; a suite that silently skipped would fail here.
    assert.ok(
      commands >= seeds * runsPerSeed,
      `${target}/${reference}: only ${commands} commands ran`,
    );
  }

  for (const round of rounds) {
    const names = round.map(({ target, reference }) => `${target} target, ${reference} reference`);
    test(`${names.join('; ')}: no divergence across ${seeds} seeds each`, {
      timeout: 240_000,
    }, async () => {
      await Promise.all(round.map(checkPair));
    });
  }
});
