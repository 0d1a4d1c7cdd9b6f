/**
 * The Roj auth matrix: every method of every endpoint (platform, instance, the mock's control
 * endpoint) and the upload, read from the API definitions, × every credential case of its
 * scheme, each answered exactly as docs/roj-contract.md §2 documents. A refused credential is
 * sent with a valid and with an invalid request and must be refused the same way, since
 * authentication comes first (§1.1, §4); the invalid request, with a good credential, gets the
 * refusal of its content, so the first answer was the credential's. Every accepted credential
 * runs on a fixture of its own and must succeed.
 *
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  compare,
  countMatrix,
  crossMatrix,
  isRefusal,
  type Outcome,
  readAnswer,
  type Row,
} from './matrix.ts';
import { type RojCase, rojCases, type RojCredential, rojSecrets } from './roj-cases.ts';
import { createRojFixture, type RojFixture } from './roj-fixture.ts';
import { type RojBody, rojRequests } from './roj-requests.ts';
import { type RojTarget, rojTargetName, rojTargets } from './roj-targets.ts';
import { stateSnapshot } from '../helpers/roj-state.ts';

const targets = rojTargets();
const rows = crossMatrix(
  targets,
  rojCases,
  (t, c) => (t.scheme === c.scheme ? c.outcome : undefined),
);

async function send(
  fx: RojFixture,
  target: RojTarget,
  credential: RojCredential,
  request: RojBody,
): Promise<Response> {
  const path = target.path.replace('{instanceId}', credential.instanceId ?? fx.instanceId);
  const headers = new Headers(credential.headers);
  if (request.contentType) headers.set('content-type', request.contentType);
  return await fx.send(path, { method: 'POST', headers, body: request.body });
}

async function check(
  fx: RojFixture,
  target: RojTarget,
  credential: RojCredential,
  request: RojBody,
  expected: Outcome,
): Promise<string | undefined> {
  const answer = await readAnswer(await send(fx, target, credential, request));
  return compare(expected, answer, { secrets: rojSecrets(fx) });
}

/** Runs one target's rows and answers every mismatch. */
async function runTarget(target: RojTarget, own: Row<RojTarget, RojCase>[]): Promise<string[]> {
  const request = rojRequests[rojTargetName(target)];
  const failures: string[] = [];
  const fail = (what: string, problem: string | undefined) => {
    if (problem) failures.push(`${rojTargetName(target)}, ${what}: ${problem}`);
  };
  // Refusals change nothing (§1.1), so they share one fixture.
  const shared = await createRojFixture(request.sandbox);
  const good = own.find((r) => !isRefusal(r.expected))!.kase.credential(shared);
  for (const invalid of request.invalid) {
    fail(
      `a good credential with ${invalid.name}`,
      await check(shared, target, good, invalid.body, invalid.outcome),
    );
  }
  for (const { kase, expected } of own.filter((r) => isRefusal(r.expected))) {
    const credential = kase.credential(shared);
    const before = stateSnapshot(shared.mock);
    fail(kase.name, await check(shared, target, credential, request.valid(shared), expected));
    // Authentication is step 1 of §1.1: the content does not matter.
    if (expected.status === 401 || expected.status === 403) {
      for (const invalid of request.invalid) {
        fail(
          `${kase.name}, with ${invalid.name}`,
          await check(shared, target, credential, invalid.body, expected),
        );
      }
    }
    if (stateSnapshot(shared.mock) !== before) {
      fail(kase.name, 'the refused call changed the state');
    }
  }
  for (const { kase, expected } of own.filter((r) => !isRefusal(r.expected))) {
    const fx = await createRojFixture(request.sandbox);
    fail(kase.name, await check(fx, target, kase.credential(fx), request.valid(fx), expected));
  }
  return failures;
}

describe('Roj auth matrix', () => {
  it('has a valid request for every method of every registry and every upload', () => {
    assert.deepEqual(
      Object.keys(rojRequests).sort(),
      targets.map(rojTargetName).sort(),
    );
  });

  it('meets every target with the refusals and acceptances its credential has', () => {
    const statuses = (target: RojTarget) =>
      new Set(rows.filter((r) => r.target === target).map((r) => r.expected.status));
    for (const target of targets) {
      const want = target.scheme === 'apiKey' ? [200, 401] : [200, 401, 403, 409];
      assert.deepEqual([...statuses(target)].sort(), want, rojTargetName(target));
    }
    const count = countMatrix(rows, rojTargetName, (c) => `${c.scheme} ${c.name}`);
    assert.equal(count.targets, targets.length);
    console.log(`auth matrix, Roj: ${count.rows} cases (${count.targets} routes and methods)`);
  });

  for (const target of targets) {
    it(`${rojTargetName(target)}: each credential gets the documented answer`, async () => {
      const own = rows.filter((r) => r.target === target);
      assert.deepEqual(await runTarget(target, own), []);
    });
  }
});
