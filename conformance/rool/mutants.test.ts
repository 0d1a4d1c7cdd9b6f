// Proof that the Rool suite has teeth: every Rool mutant (./mutants/) is reported within the
// default run count, with a shrunk replay of a handful of steps that replays from the seed and
// path; and the unmodified Rool mock is reported conforming across several seeds.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatReport } from '../report.ts';
import { runConformance } from '../run.ts';
import { roolMutantMock, roolMutants } from './mutants/mod.ts';

const url = 'http://target.test/rool';
const credentials = ['rool_alice_token', 'rool_bob_token'];

/** A fixed seed per mutant, from its name (FNV-1a), as in ../mutants.test.ts. */
function seedOf(name: string): number {
  let hash = 0x811c9dc5;
  for (const c of name) hash = Math.imul(hash ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return hash >>> 1;
}

function target(fetch: (input: Request | string | URL, init?: RequestInit) => Promise<Response>) {
  return { url, apiKey: credentials[0], credentials, fetch };
}

describe('rool mutants', () => {
  for (const mutant of roolMutants) {
    test(`${mutant.name}: ${mutant.description}`, async () => {
      const seed = seedOf(mutant.name);
      const on = target(mutant.build().fetch);
      const result = await runConformance({ product: 'rool', target: on, seed });
      assert.equal(result.error, undefined, `seed ${seed}: the run failed: ${result.error}`);
      assert.equal(
        result.ok,
        false,
        `seed ${seed}: not reported after ${result.progress.runs} runs (caught by: ${mutant.caughtBy})`,
      );
      const divergence = result.divergence!;
      assert.ok(
        divergence.commands.length <= 6,
        `seed ${seed}: the shrunk sequence has ${divergence.commands.length} commands:\n${
          divergence.commands.join('\n')
        }`,
      );
      assert.ok(divergence.steps.at(-1)!.differences.length > 0, 'the last step diverges');
      const report = formatReport(result, {
        target: url,
        product: 'rool',
        tokens: credentials,
        color: false,
      });
      assert.ok(report.includes('--product rool'), report);
      assert.ok(report.includes(`--path ${divergence.path}`), report);
      const replay = await runConformance({
        product: 'rool',
        target: on,
        seed: result.seed,
        path: divergence.path,
      });
      assert.equal(replay.ok, false, `seed ${seed}: the replay of ${divergence.path} conforms`);
      // The same commands; names carry each invocation's own run tag.
      const untagged = (commands: string[] = []) =>
        commands.map((c) => c.replace(/(conformance-|cf-)[a-z0-9]+/g, '$1<tag>'));
      assert.deepEqual(untagged(replay.divergence?.commands), untagged(divergence.commands));
      console.log(
        `${mutant.name}: caught after ${result.progress.runs} runs (shrinking included), ` +
          `${divergence.commands.length} commands, ${divergence.steps.length} steps`,
      );
    });
  }
});

test('the mutants cover WebDAV, live events and quota as well as RPC', () => {
  const names = roolMutants.map((m) => m.name);
  for (
    const name of [
      'rool-stale-etag',
      'rool-sync-skips-change',
      'rool-event-never-sent',
      'rool-lock-not-enforced',
      'rool-no-quota-check',
    ]
  ) assert.ok(names.includes(name), name);
  assert.equal(new Set(names).size, names.length, 'names are unique');
});

test('the unmodified Rool mock conforms across 8 seeds', async () => {
  for (let seed = 1; seed <= 8; seed++) {
    const result = await runConformance({
      product: 'rool',
      target: target(roolMutantMock().fetch),
      seed,
    });
    assert.ok(result.ok, `seed ${seed}:\n${formatReport(result, { target: url, color: false })}`);
  }
});

test('the unmodified Rool mock conforms as a long-lived target, across runs', async () => {
  const mock = roolMutantMock();
  for (let seed = 101; seed <= 103; seed++) {
    const result = await runConformance({ product: 'rool', target: target(mock.fetch), seed });
    assert.ok(result.ok, `seed ${seed}:\n${formatReport(result, { target: url, color: false })}`);
  }
  // Cleanup left no space of the runs behind.
  const answer = await mock.fetch(`${url}/v1/rpc`, {
    method: 'POST',
    headers: { authorization: `Bearer ${credentials[0]}`, 'content-type': 'application/json' },
    body: JSON.stringify({ method: 'spaces.list', input: {} }),
  });
  assert.deepEqual((await answer.json()).value.spaces, []);
});
