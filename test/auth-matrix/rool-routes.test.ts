/**
 * The Rool auth matrix beyond RPC: every WebDAV method, every live-event route and both archive
 * routes × every credential case, each answered as docs/rool-webdav.md §2, rool-events.md and
 * rool-archive.md document. A refused request changes nothing, and where the route has a request
 * refused for its content, that request is refused for the credential or role all the same: they
 * are checked first. A WebDAV 401 carries the `WWW-Authenticate` challenges.
 *
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { digest } from '../../mock-server/rool/_testing.ts';
import { davMethods } from '../../mock-server/rool/webdav/cors.ts';
import { eventRoutes } from '../../mock-server/rool/events/mod.ts';
import {
  compare,
  countMatrix,
  crossMatrix,
  isRefusal,
  type Outcome,
  readAnswer,
  type Row,
} from './matrix.ts';
import { type RoolCase, roolCases, roolSecrets, withQuery } from './rool-cases.ts';
import { davCalls } from './rool-dav-calls.ts';
import {
  type RouteContext,
  routeOutcome,
  type RouteRequest,
  type RouteTarget,
  routeTargets,
} from './rool-routes.ts';
import { createRoolWorld, createSpace, type SpaceFixture, tokenOf } from './rool-world.ts';

const targets = routeTargets();
const rows = crossMatrix(targets, roolCases, routeOutcome);
const label = (t: RouteTarget) => `${t.surface} ${t.name}`;

async function check(
  ctx: RouteContext,
  target: RouteTarget,
  request: RouteRequest,
  expected: Outcome,
): Promise<string | undefined> {
  const { world, kase } = ctx;
  const response = await world.send(withQuery(request.path, kase.query?.(world)), {
    method: request.method,
    headers: { ...request.headers, ...kase.headers(world) },
    body: request.body,
  });
  const answer = await readAnswer(response);
  const problem = compare(expected, answer, {
    envelope: target.envelope,
    successEnvelope: false,
    secrets: roolSecrets(world),
  });
  if (problem) return problem;
  if (!isRefusal(expected) && target.accepts) return target.accepts(answer);
  const challenge = answer.headers.get('www-authenticate') ?? '';
  if (target.surface === 'webdav' && expected.status === 401 && !/Basic.*Bearer/.test(challenge)) {
    return `a 401 without the Basic and Bearer challenges (${JSON.stringify(challenge)})`;
  }
  return undefined;
}

/** Runs one route's rows and answers every mismatch. */
async function runTarget(target: RouteTarget, own: Row<RouteTarget, RoolCase>[]) {
  const failures: string[] = [];
  const fail = (what: string, problem: string | undefined) => {
    if (problem) failures.push(`${label(target)}, ${what}: ${problem}`);
  };
  const world = await createRoolWorld();
  const spaces = new Map<string, Promise<SpaceFixture>>();
  const shared = (kase: RoolCase) => {
    const link = kase.link ?? 'none';
    if (!spaces.has(link)) spaces.set(link, createSpace(world, link));
    return spaces.get(link)!;
  };
  if (target.invalid) {
    const owner = roolCases.find((c) => c.name === 'the owner')!;
    const ctx = { world, fx: await shared(owner), kase: owner, succeeds: true };
    fail(
      'the owner with an invalid request',
      await check(ctx, target, await target.invalid.request(ctx), target.invalid.outcome),
    );
  }
  for (const { kase, expected } of own.filter((r) => isRefusal(r.expected))) {
    const ctx = { world, fx: await shared(kase), kase, succeeds: false };
    const request = await target.valid(ctx);
    const before = digest(world.mock.rool);
    fail(kase.name, await check(ctx, target, request, expected));
    if (target.invalid) {
      const invalid = await target.invalid.request(ctx);
      fail(`${kase.name}, an invalid request`, await check(ctx, target, invalid, expected));
    }
    if (digest(world.mock.rool) !== before) {
      fail(kase.name, 'the refused request changed the state');
    }
  }
  for (const { kase, expected } of own.filter((r) => !isRefusal(r.expected))) {
    const ctx = { world, fx: await createSpace(world, kase.link), kase, succeeds: true };
    fail(kase.name, await check(ctx, target, await target.valid(ctx), expected));
  }
  return failures;
}

describe('Rool auth matrix beyond RPC', () => {
  it('has a request for every WebDAV method and event route the mock serves, and no other', () => {
    assert.deepEqual(Object.keys(davCalls).sort(), [...davMethods].sort());
    const events = targets.filter((t) => t.surface === 'events');
    assert.equal(events.length, Object.keys(eventRoutes).length);
    const count = countMatrix(rows, label, (c) => c.name);
    assert.equal(count.targets, targets.length);
    console.log(`auth matrix, Rool routes: ${count.rows} cases (${count.targets} routes)`);
  });

  it('answers the CORS preflight of every route without a credential', async () => {
    const world = await createRoolWorld();
    const fx = await createSpace(world);
    const owner = roolCases.find((c) => c.name === 'the owner')!;
    const problems: string[] = [];
    const preflights = [
      ...targets.map(async (t) => {
        const request = await t.valid({ world, fx, kase: owner, succeeds: true });
        return {
          target: label(t),
          method: request.method,
          path: request.path,
          webdav: t.surface === 'webdav',
        };
      }),
      Promise.resolve({ target: 'rpc', method: 'POST', path: '/v1/rpc', webdav: false }),
    ];
    for (const { target, method, path, webdav } of await Promise.all(preflights)) {
      const response = await world.send(path, {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example', 'access-control-request-method': method },
      });
      await response.body?.cancel();
      const allowed = response.headers.get('access-control-allow-origin') === '*';
      // rool-webdav.md §3 says 204; the other routes say only that they answer preflights.
      const statusOk = webdav ? response.status === 204 : response.ok;
      if (!allowed || !statusOk) problems.push(`${target}: ${response.status}`);
    }
    assert.deepEqual(problems, []);
  });

  it('refuses a malformed WebDAV path with 400 before authentication', async () => {
    // rool-webdav.md §1: the path is checked before the credential, which is the one exception.
    const world = await createRoolWorld();
    const fx = await createSpace(world);
    const credentials: Record<string, string>[] = [{}, {
      authorization: `Bearer ${tokenOf('alice')}`,
    }];
    for (const headers of credentials) {
      const response = await world.send(`/v1/spaces/${fx.spaceId}/dav/rool-drive/a%2Fb`, {
        method: 'PROPFIND',
        headers,
      });
      await response.body?.cancel();
      assert.equal(response.status, 400);
    }
  });

  for (const target of targets) {
    it(`${label(target)}: each credential and role gets the documented answer`, async () => {
      const own = rows.filter((r) => r.target === target);
      assert.deepEqual(await runTarget(target, own), []);
    });
  }
});
