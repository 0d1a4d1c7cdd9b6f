/**
 * Rool as a conformance product: one RPC route, the Rool rules and commands, and an
 * in-process Rool mock as the reference whose two users have the target users' email, name
 * and slug. Before any run it asks the target who its two users are (`user.get`); each run
 * pairs their IDs, measures the spaces each user already sees and user A's storage, and ends
 * by deleting the spaces the run created (as their owner) and the storage keys it set, and by
 * restoring the users' name and slug.
 *
 * @module
 */
import openapi from '../../src/rool/_generated/openapi.json' with { type: 'json' };
import { roolApi } from '../../src/rool/api.ts';
import { createRoolMock } from '../../mock-server/rool/mod.ts';
import type { Routes } from '../call.ts';
import { type Model, record } from '../model.ts';
import { OpenApiCheck } from '../openapi-check.ts';
import type { Pair } from '../pair.ts';
import type { ConformanceProduct, InProcessReference } from '../product.ts';
import { roolCommands } from '../rool/commands/mod.ts';
import { roolRules } from '../rool/rules.ts';
import { roolRun } from '../rool/run-state.ts';
import { compareDav } from '../rool/dav/compare.ts';
import { compareArchive } from '../rool/archive/compare-archive.ts';
import { compareExchanges } from '../compare.ts';
import { measureQuota } from '../rool/quota.ts';
import { checkSpaceEvents, closeSpaceStreams } from '../rool/events/space-events.ts';
import type { Side } from '../side.ts';

/**
 * The RPC route, and the routes of part 2 (docs/rool-webdav.md, rool-events.md,
 * rool-archive.md), whose `{spaceId}` each call fills.
 */
const routes: Routes = {
  rool: roolApi.endpoints.rool.path,
  dav: '/v1/spaces/{spaceId}/dav',
  events: '/v1/spaces/{spaceId}/events',
  archive: '/v1/spaces/{spaceId}/archive',
  import: '/v1/spaces/import',
};

/** The reference's users' tokens: user A's, then user B's. */
export const roolReferenceTokens: readonly string[] = [
  'rool_reference_a_token',
  'rool_reference_b_token',
];

/** Who a user is, as `user.get` says. */
interface UserFacts {
  id: string;
  email: string;
  name: string | null;
  slug: string;
}

/**
 * The Rool product.
 *
 * @returns The product.
 */
export function roolProduct(): ConformanceProduct {
  let users: UserFacts[] | undefined;
  let quotaBytes: number | undefined;
  return {
    name: 'rool',
    routes,
    openapi: new OpenApiCheck(openapi, routes),
    rules: roolRules,
    commands: roolCommands(),
    comparators: {
      dav: compareDav,
      archive: compareArchive,
      // The new space's info, as is (no envelope): not in the OpenAPI document, which has RPC only.
      import: (_call, { target, reference }, ctx) => compareExchanges(target, reference, ctx),
    },
    async prepare(target) {
      if (target.credentials.length !== 2) {
        throw new Error(`Rool needs two users' tokens, not ${target.credentials.length}`);
      }
      const found: UserFacts[] = [];
      for (const [index, token] of target.credentials.entries()) {
        const answer = await rpc(target, token, 'user.get', {});
        const value = (answer.body as { value?: UserFacts })?.value;
        if (answer.status !== 200 || !value) {
          throw new Error(
            `The target refused user ${'AB'[index]}'s token (user.get gave HTTP ${answer.status})`,
          );
        }
        found.push(value);
      }
      if (found[0].id === found[1].id) {
        throw new Error('Both tokens are the same user: Rool needs two different users');
      }
      users = found;
      const token = target.credentials[0];
      quotaBytes = await measureQuota(target, {
        davRoute: routes.dav,
        name: `conformance-quota-${crypto.randomUUID().slice(0, 8)}`,
        token,
        rpc: (method, input) => rpc(target, token, method, input),
      });
    },
    createReference(): InProcessReference {
      const mock = createRoolMock({
        users: [
          { name: 'usera', token: roolReferenceTokens[0] },
          { name: 'userb', token: roolReferenceTokens[1] },
        ],
        checkOutputs: true,
        onError: () => {},
        log: () => {},
        // The target's quota, so over-quota writes are refused alike.
        ...(quotaBytes === undefined ? {} : { limits: { storageBytesPerSpace: quotaBytes } }),
      });
      // The reference's users look like the target's, so names, emails and slugs compare.
      (users ?? []).forEach((facts, i) => {
        const user = mock.runtime.state.users.get(`usr_user${'ab'[i]}`)!;
        user.email = facts.email;
        user.name = facts.name;
        user.slug = facts.slug;
      });
      return {
        fetch: mock.fetch,
        apiKey: roolReferenceTokens[0],
        credentials: roolReferenceTokens,
      };
    },
    resetReference() {
      return Promise.reject(
        new Error('Rool runs compare with an in-process mock only: --reference is not supported'),
      );
    },
    async measureBaseline(target) {
      const baseline: Record<string, number> = {};
      for (const [index, token] of target.credentials.entries()) {
        const list = await value<{ spaces: unknown[] }>(target, token, 'spaces.list');
        baseline[`spaces${index}`] = list.spaces.length;
      }
      const storage = await value<{ usedBytes: number }>(
        target,
        target.credentials[0],
        'storage.get',
      );
      baseline.storage0 = storage.usedBytes;
      return baseline;
    },
    async startRun(model: Model, pair: Pair) {
      roolRun(model).callBase = pair.calls;
      roolRun(model).emails = users!.map((u) => u.email);
      roolRun(model).slugs = users!.map((u) => u.slug);
      for (const [index, token] of pair.reference.credentials.entries()) {
        const reference = await value<UserFacts>(pair.reference, token, 'user.get');
        const paired = record(model, 'user', { target: users![index].id, reference: reference.id });
        if ('error' in paired) throw new Error(`Cannot pair the users: ${paired.error}`);
      }
    },
    async finishRun(model: Model, pair: Pair) {
      await checkSpaceEvents(model, pair);
    },
    async cleanup(target, model) {
      const run = roolRun(model);
      await closeSpaceStreams(model);
      for (const [i, space] of model.entities.space.entries()) {
        if (space.gone) continue;
        const owner = run.spaces[i]?.owner ?? 0;
        await rpc(target, target.credentials[owner], 'spaces.delete', { spaceId: space.target });
      }
      for (const key of run.storageKeys) {
        await rpc(target, target.credentials[0], 'storage.set', { key, value: null });
      }
      for (const index of run.usersChanged) {
        const { name, slug } = users![index];
        await rpc(target, target.credentials[index], 'user.update', {
          ...(name === null ? {} : { name }),
          slug,
        });
      }
    },
  };
}

async function rpc(side: Side, token: string, method: string, input: unknown) {
  return await side.send({
    path: routes.rool,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ method, input }),
  });
}

async function value<T>(side: Side, token: string, method: string): Promise<T> {
  const answer = await rpc(side, token, method, {});
  const body = answer.body as { ok?: boolean; value?: T };
  if (answer.status !== 200 || !body.ok) {
    throw new Error(`Cannot read the ${side.name}'s ${method} (HTTP ${answer.status})`);
  }
  return body.value!;
}
