/**
 * Compares the mock's final state (./snapshot.ts) with the model of what it acknowledged
 * (./model.ts). Every difference is one of three kinds:
 *
 * - `lost`: an acknowledged write that the state does not show (an instance, an archive, a
 *   session, a token, a resource, a revision or a delete);
 * - `phantom`: something the state shows that no acknowledged write made;
 * - `wrong`: a record whose fields, or a listing whose totals or order, are not what they must be.
 *
 * @module
 */
import { isDeepStrictEqual } from 'node:util';
import type { LoadModel } from './model.ts';
import { expectedView, instanceView, resourceView, tokenOutcome, withoutTimes } from './views.ts';
import type { ServerState } from './snapshot.ts';

/** One difference between the state and the model. */
export interface Discrepancy {
  /** See the module's documentation. */
  kind: 'lost' | 'phantom' | 'wrong';
  /** What differs; never a secret (tokens are named by their instance and position). */
  message: string;
}

/**
 * Lists every difference.
 *
 * @param model The acknowledged writes.
 * @param state The mock's state.
 * @returns The differences; none when the state equals the model.
 *
 * @example An acknowledged instance the mock no longer has
 * ```ts
 * import assert from 'node:assert/strict';
 * import { LoadModel } from './model.ts';
 * import { compareState } from './compare.ts';
 * const model = new LoadModel();
 * model.instanceCreated({ id: 'ins_1', name: 'a', vcsType: 'none', metadata: null, owner: 0 });
 * const found = compareState(model, {
 *   listed: [], totals: [0], instances: new Map([['ins_1', { ok: false, type: 'not_found' }]]),
 *   sessions: new Map([['ins_1', { ok: false, type: 'not_found' }]]), tokens: new Map(),
 *   resourcesListed: [], resources: new Map(),
 * });
 * assert.deepEqual(found.map((d) => d.kind), ['wrong', 'lost', 'lost', 'lost']);
 * ```
 */
export function compareState(model: LoadModel, state: ServerState): Discrepancy[] {
  const found: Discrepancy[] = [];
  const report = (kind: Discrepancy['kind'], message: string) => found.push({ kind, message });
  compareListing(model, state, report);
  compareInstances(model, state, report);
  compareResources(model, state, report);
  return found;
}

type Report = (kind: Discrepancy['kind'], message: string) => void;

function compareListing(model: LoadModel, state: ServerState, report: Report): void {
  const live = model.liveInstances();
  for (const total of new Set(state.totals)) {
    if (total !== live.length) {
      report('wrong', `instances.list total ${total}, expected ${live.length} live instances`);
    }
  }
  const listedIds = state.listed.map((i) => i.instanceId);
  const listed = new Set(listedIds);
  if (listed.size !== listedIds.length) {
    report('wrong', `instances.list repeats ${listedIds.length - listed.size} instances`);
  }
  for (const instance of live) {
    if (!listed.has(instance.id)) report('lost', `${instance.id} is live but not listed`);
  }
  for (const got of state.listed) {
    const known = model.instances.get(got.instanceId);
    if (known === undefined) report('phantom', `${got.instanceId} is listed, never created`);
    else if (known.archived) report('lost', `${got.instanceId} is listed after its archive`);
  }
  for (let i = 1; i < state.listed.length; i++) {
    if (state.listed[i - 1].createdAt < state.listed[i].createdAt) {
      report('wrong', `instances.list is not newest first at position ${i}`);
      break;
    }
  }
}

function compareInstances(model: LoadModel, state: ServerState, report: Report): void {
  for (const [id, got] of state.instances) {
    const want = model.instances.get(id);
    if (want === undefined) {
      if (got.ok) report('phantom', `${id} exists, never created`);
      continue;
    }
    if (!got.ok) {
      report('lost', `instances.get ${id}: ${got.type}`);
    } else {
      if (!isDeepStrictEqual(instanceView(got.value), expectedView(want))) {
        report(
          'wrong',
          `${id} is ${JSON.stringify(instanceView(got.value))}, expected ${
            JSON.stringify(expectedView(want))
          }`,
        );
      }
      const status = want.archived ? 'archived' : 'ready';
      if (got.value.status !== status) {
        report(want.archived ? 'lost' : 'wrong', `${id} is ${got.value.status}, not ${status}`);
      }
    }
    const sessions = state.sessions.get(id);
    if (sessions === undefined || !sessions.ok) {
      report('lost', `sessions.list ${id}: ${sessions?.ok === false ? sessions.type : 'not read'}`);
    } else {
      compareSessions(id, sessions.value, want.sessions, report);
    }
    const tokens = state.tokens.get(id) ?? [];
    const expected = tokenOutcome(want);
    want.tokens.forEach((_, n) => {
      if (!isDeepStrictEqual(tokens[n], expected)) {
        report(
          'lost',
          `token ${n + 1} of ${id} gives ${JSON.stringify(tokens[n])}, not ${
            JSON.stringify(expected)
          }`,
        );
      }
    });
  }
  for (const id of model.instances.keys()) {
    if (!state.instances.has(id)) report('lost', `${id} was not read`);
  }
}

function compareSessions(id: string, got: string[], want: string[], report: Report): void {
  if (isDeepStrictEqual(got, want)) return;
  const missing = want.filter((s) => !got.includes(s));
  const extra = got.filter((s) => !want.includes(s));
  if (missing.length > 0) report('lost', `${id} lost sessions ${missing.join(', ')}`);
  if (extra.length > 0) report('phantom', `${id} has sessions never created: ${extra.join(', ')}`);
  if (missing.length === 0 && extra.length === 0) {
    report('wrong', `${id} lists its sessions as ${got.join(', ')}, created ${want.join(', ')}`);
  }
}

function compareResources(model: LoadModel, state: ServerState, report: Report): void {
  const listed = new Set(state.resourcesListed.map((r) => r.id));
  if (listed.size !== state.resourcesListed.length) report('wrong', 'resources.list repeats');
  for (const id of model.resources.keys()) {
    if (!listed.has(id)) report('lost', `resource ${id} is not listed`);
  }
  for (const id of listed) {
    if (model.deletedResources.has(id)) report('lost', `resource ${id} is listed after its delete`);
    else if (!model.resources.has(id)) report('phantom', `resource ${id} is listed, never created`);
  }
  for (const [id, got] of state.resources) {
    const want = model.resources.get(id);
    if (want === undefined) {
      if (got.ok && model.deletedResources.has(id)) {
        report('lost', `resource ${id} survived its delete`);
      } else if (got.ok) report('phantom', `resource ${id} exists, never created`);
      continue;
    }
    if (!got.ok) {
      report('lost', `resources.get ${id}: ${got.type}`);
    } else if (!isDeepStrictEqual(withoutTimes(got.value), resourceView(want))) {
      report(
        'lost',
        `resource ${id} is ${JSON.stringify(withoutTimes(got.value))}, expected ${
          JSON.stringify(resourceView(want))
        }`,
      );
    }
  }
}
