// Proof that the suite has teeth: every mutant backend (./mutants/) is reported within the
// default run count, with a shrunk replay of a handful of steps whose report names the seed and
// the path; and the unmodified mock is reported conforming across many seeds.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createMockServer } from '../mock-server/mod.ts';
import { allCommands } from './commands/mod.ts';
import { type ConformanceConfig, defaultConfig, referenceOptions } from './config.ts';
import { mutants } from './mutants/mod.ts';
import { formatReport } from './report.ts';
import { runConformance } from './run.ts';

const apiKey = 'roj_dev_key';
const url = 'http://target.test';
/** A small upload limit, so oversize uploads stay cheap; target and reference share it. */
const config: ConformanceConfig = { ...defaultConfig(), uploadLimitBytes: 64 * 1024 };
/**
 * A fixed seed per mutant, from its name (FNV-1a), keeps the test deterministic and unaffected by
 * the order of the list; the seed is in every failure message, to replay.
 */
function seedOf(name: string): number {
  let hash = 0x811c9dc5;
  for (const c of name) hash = Math.imul(hash ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return hash >>> 1;
}

describe('mutants', () => {
  for (const mutant of mutants) {
    test(`${mutant.name}: ${mutant.description}`, async () => {
      const seed = seedOf(mutant.name);
      const target = { url, apiKey, fetch: mutant.build(config).fetch };
      const result = await runConformance({ target, config, seed });
      assert.equal(result.error, undefined, `seed ${seed}: the run failed: ${result.error}`);
      assert.equal(
        result.ok,
        false,
        `seed ${seed}: not reported after ${result.progress.runs} runs (caught by: ${mutant.caughtBy})`,
      );
      const divergence = result.divergence!;
      // A handful of commands; a walk command makes several calls, each shown in the replay.
      assert.ok(
        divergence.commands.length <= 6,
        `seed ${seed}: the shrunk sequence has ${divergence.commands.length} commands:\n${
          divergence.commands.join('\n')
        }`,
      );
      assert.ok(divergence.steps.at(-1)!.differences.length > 0, 'the last step diverges');
      const report = formatReport(result, { target: url, color: false });
      assert.match(report, new RegExp(`--seed[ =]${result.seed} `));
      assert.ok(report.includes(`--path ${divergence.path}`), report);

      // The seed and path replay the shrunk sequence against the same target, as a user would
      // against their deployment (some deviations only show on a target with history).
      const replay = await runConformance({
        target,
        config,
        seed: result.seed,
        path: divergence.path,
      });
      assert.equal(replay.ok, false, `seed ${seed}: the replay of ${divergence.path} conforms`);
      assert.deepEqual(replay.divergence?.commands, divergence.commands);
    });
  }
});

test('the unmodified mock conforms across 20 seeds', async () => {
  // Every command but auth.expiry, whose drawn wait (a second or so, a few per 100 sequences)
  // would add about a minute over 20 seeds; auth.expiry's own conformance is tested in
  // commands/auth.test.ts, and the long-lived test below runs the full suite.
  const only = allCommands(config).map((c) => c.name).filter((n) => n !== 'auth.expiry').join(',');
  for (let seed = 1; seed <= 20; seed++) {
    const target = createMockServer(referenceOptions(config));
    const result = await runConformance({
      target: { url, apiKey, fetch: target.fetch },
      config,
      seed,
      only,
    });
    assert.ok(result.ok, `seed ${seed}:\n${formatReport(result, { target: url, color: false })}`);
  }
});

test('the unmodified mock conforms as a long-lived target, across runs', async () => {
  // One target for every seed: it keeps the leftovers of earlier runs, as a staging deployment does.
  const target = createMockServer(referenceOptions(config));
  for (let seed = 101; seed <= 105; seed++) {
    const result = await runConformance({
      target: { url, apiKey, fetch: target.fetch },
      config,
      seed,
    });
    assert.ok(result.ok, `seed ${seed}:\n${formatReport(result, { target: url, color: false })}`);
  }
});
