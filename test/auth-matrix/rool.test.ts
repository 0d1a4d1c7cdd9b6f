/**
 * The Rool auth matrix over RPC: every method of the registry (`src/rool/methods.ts`), in a
 * variant per role rule, × every credential case, each answered exactly as
 * docs/rool-contract.md §2 and §3 document. Refused calls must change nothing (§1). A refused
 * credential is also sent with a text/plain body, a body that is not JSON and an input of the
 * wrong type, and refused the same way, since authentication comes first (§1); with the owner's
 * token each of those gets its own refusal. A role refusal is also sent naming a channel the
 * space lacks, still 403, since the role is checked before the method's own rules. Every
 * accepted call runs in a space of its own.
 *
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { digest } from '../../mock-server/rool/_testing.ts';
import { roolMethods } from '../../src/rool/methods.ts';
import { roolValidators } from '../../src/rool/_generated/validators.ts';
import {
  compare,
  countMatrix,
  crossMatrix,
  isRefusal,
  type Outcome,
  readAnswer,
  refusal,
  type Row,
} from './matrix.ts';
import { type RoolCase, roolCases, roolSecrets, withQuery } from './rool-cases.ts';
import { roolInputs } from './rool-inputs.ts';
import { methodOf, roolRpcOutcome, roolRules } from './rool-policy.ts';
import {
  createRoolWorld,
  createSpace,
  type RoolUser,
  type RoolWorld,
  type SpaceFixture,
} from './rool-world.ts';

const variants = Object.keys(roolRules);
const rows = crossMatrix(variants, roolCases, (v, c) => roolRpcOutcome(roolRules[v], c));

/** What the inputs of methods of the caller's own are given: they name no space. */
const noSpace: SpaceFixture = {
  spaceId: 'spc_none',
  channelId: 'none',
  collection: 'none',
  objectPath: '/space/none/none.json',
  conversationId: 'none',
  drivePath: '/rool-drive/none',
};

/** A request body and its content type. */
interface Body {
  text: string;
  type: string;
}

const envelope = (method: string, input: unknown): Body => ({
  text: JSON.stringify({ method, input }),
  type: 'application/json',
});

/** Bodies refused for their content, one per check after authentication (§1), and the refusal. */
const invalidBodies = (method: string): { name: string; body: Body; outcome: Outcome }[] => [
  {
    name: 'a text/plain body',
    body: { ...envelope(method, {}), type: 'text/plain' },
    outcome: refusal('unsupported_media_type'),
  },
  {
    name: 'a body that is not JSON',
    body: { text: '{"method', type: 'application/json' },
    outcome: refusal('invalid_request'),
  },
  {
    // Every input is an object, so a number breaks every schema.
    name: 'an input of the wrong type',
    body: envelope(method, 42),
    outcome: refusal('validation_error'),
  },
];

async function rpc(
  world: RoolWorld,
  kase: RoolCase,
  body: Body,
  expected: Outcome,
): Promise<string | undefined> {
  const response = await world.send(withQuery('/v1/rpc', kase.query?.(world)), {
    method: 'POST',
    headers: { ...kase.headers(world), 'content-type': body.type },
    body: body.text,
  });
  return compare(expected, await readAnswer(response), { secrets: roolSecrets(world) });
}

/** Runs one variant's rows and answers every mismatch. */
async function runVariant(variant: string, own: Row<string, RoolCase>[]): Promise<string[]> {
  const method = methodOf(variant);
  const input = roolInputs[variant];
  const failures: string[] = [];
  const fail = (what: string, problem: string | undefined) => {
    if (problem) failures.push(`${variant}, ${what}: ${problem}`);
  };
  const user = (kase: RoolCase): RoolUser => kase.user ?? 'alice';

  // Refusals change nothing (§1): they share a world, and a space per link access.
  const world = await createRoolWorld();
  const spaces = new Map<string, Promise<SpaceFixture>>();
  const shared = (kase: RoolCase) => {
    const link = kase.link ?? 'none';
    if (!spaces.has(link)) spaces.set(link, createSpace(world, link));
    return spaces.get(link)!;
  };
  const owner = roolCases.find((c) => c.name === 'the owner')!;
  for (const invalid of invalidBodies(method)) {
    fail(`the owner with ${invalid.name}`, await rpc(world, owner, invalid.body, invalid.outcome));
  }
  for (const { kase, expected } of own.filter((r) => isRefusal(r.expected))) {
    const fx = await shared(kase);
    const before = digest(world.mock.rool);
    const valid = input(fx, user(kase));
    fail(kase.name, await rpc(world, kase, envelope(method, valid), expected));
    if (expected.type === 'unauthorized') {
      for (const invalid of invalidBodies(method)) {
        fail(`${kase.name}, ${invalid.name}`, await rpc(world, kase, invalid.body, expected));
      }
    }
    // The role comes before the method's own rules, such as the channel existing (§1, §3).
    if (expected.type === 'forbidden' && 'channelId' in valid) {
      const missing = envelope(method, { ...valid, channelId: 'missing' });
      fail(`${kase.name}, a missing channel`, await rpc(world, kase, missing, expected));
    }
    if (digest(world.mock.rool) !== before) fail(kase.name, 'the refused call changed the state');
  }
  const rule = roolRules[variant];
  for (const { kase, expected } of own.filter((r) => !isRefusal(r.expected))) {
    // A success that revokes the caller's credentials gets a world of its own; a method of the
    // caller's own names no space.
    const own = rule.revokesCaller ? await createRoolWorld() : world;
    const fx = rule.needs === 'signedIn' ? noSpace : await createSpace(own, kase.link);
    const body = envelope(method, input(fx, user(kase)));
    fail(kase.name, await rpc(own, kase, body, expected));
  }
  return failures;
}

describe('Rool auth matrix over RPC', () => {
  it('has a rule and an input for every method of the registry, and for nothing else', () => {
    assert.deepEqual(
      [...new Set(variants.map(methodOf))].sort(),
      Object.keys(roolMethods).sort(),
    );
    assert.deepEqual(Object.keys(roolInputs).sort(), [...variants].sort());
  });

  it("gives every variant an input its method's generated validator accepts", async () => {
    const world = await createRoolWorld();
    const fx = await createSpace(world);
    for (const variant of variants) {
      const method = methodOf(variant) as keyof typeof roolValidators;
      const result = roolValidators[method].input(roolInputs[variant](fx, 'dave'));
      assert.ok(result.ok, `${variant}: ${JSON.stringify(result)}`);
    }
  });

  it('decides every pair but the undocumented ones', () => {
    const count = countMatrix(rows, (v) => v, (c) => c.name);
    console.log(`auth matrix, Rool RPC: ${count.rows} cases (${count.targets} method variants)`);
    assert.equal(count.targets, variants.length);
    assert.equal(count.cases, roolCases.length);
    const undecided = variants.length * roolCases.length - count.rows;
    // Only a visitor leaving a space they are no member of: the two link visitors.
    assert.equal(undecided, 2);
  });

  for (const variant of variants) {
    it(`${variant}: each credential and role gets the documented answer`, async () => {
      const own = rows.filter((r) => r.target === variant);
      assert.deepEqual(await runVariant(variant, own), []);
    });
  }
});
