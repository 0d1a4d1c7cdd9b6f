import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GetInstanceOutput, GetResourceOutput } from '../../../mod.ts';
import { compareState, type Discrepancy } from './compare.ts';
import { LoadModel } from './model.ts';
import type { ServerState } from './snapshot.ts';

const createdAt = '2026-11-21T07:13:00.000Z';

// Two instances (the second archived, with a token and a session), a resource with two
// revisions and a deleted one.
function acknowledged(): LoadModel {
  const model = new LoadModel();
  model.instanceCreated({ id: 'ins_1', name: 'one', vcsType: 'none', metadata: null, owner: 0 });
  model.instanceCreated({
    id: 'ins_2',
    name: 'two',
    vcsType: 'github',
    metadata: { tag: 'é' },
    owner: 1,
  });
  model.sessionCreated('ins_1', 'ses_1');
  model.tokenCreated('ins_1', 'rjt_a');
  model.sessionCreated('ins_2', 'ses_2');
  model.tokenCreated('ins_2', 'rjt_b');
  model.instanceArchived('ins_2');
  const file = (id: string) => ({ id, filename: `${id}.bin`, mimeType: 'text/plain', size: 3 });
  model.resourceCreated({
    id: 'res_1',
    slug: 'one',
    name: 'One',
    owner: 0,
    revisions: [{ id: 'rrv_1', label: 'v1', file: file('fil_1') }],
  });
  model.revisionAdded('res_1', { id: 'rrv_2', label: 'v2', file: file('fil_2') });
  model.resourceCreated({
    id: 'res_2',
    slug: 'two',
    name: 'Two',
    owner: 0,
    revisions: [{ id: 'rrv_3', label: 'v1', file: file('fil_3') }],
  });
  model.resourceDeleted('res_2');
  return model;
}

function instance(id: string, model: LoadModel): GetInstanceOutput {
  const want = model.instances.get(id)!;
  return {
    instanceId: id,
    name: want.name,
    status: want.archived ? 'archived' : 'ready',
    templateSlug: 'starter',
    bundleSlug: 'starter',
    bundleRevisionId: 'rev_starter_1',
    vcsType: want.vcsType,
    metadata: want.metadata,
    createdAt,
  };
}

const resource1: GetResourceOutput = {
  id: 'res_1',
  slug: 'one',
  name: 'One',
  description: null,
  latestRevision: {
    id: 'rrv_2',
    label: 'v2',
    file: { id: 'fil_2', filename: 'fil_2.bin', mimeType: 'text/plain', size: 3 },
    createdAt,
  },
  createdAt,
};

// What a mock that kept every acknowledged write shows.
function faithful(model: LoadModel): ServerState {
  return {
    listed: [instance('ins_1', model)],
    totals: [1],
    instances: new Map([
      ['ins_1', { ok: true, value: instance('ins_1', model) }],
      ['ins_2', { ok: true, value: instance('ins_2', model) }],
    ]),
    sessions: new Map([
      ['ins_1', { ok: true, value: ['ses_1'] }],
      ['ins_2', { ok: true, value: ['ses_2'] }],
    ]),
    tokens: new Map([['ins_1', [['ses_1']]], ['ins_2', ['conflict']]]),
    resourcesListed: [resource1],
    resources: new Map([
      ['res_1', { ok: true, value: resource1 }],
      ['res_2', { ok: false, type: 'not_found' }],
    ]),
  };
}

const cases: [string, {
  given: (state: ServerState, model: LoadModel) => void;
  want: Discrepancy['kind'][];
}][] = [
  ['an instance lost', {
    given(state) {
      state.listed = [];
      state.totals = [0];
      state.instances.set('ins_1', { ok: false, type: 'not_found' });
      state.sessions.set('ins_1', { ok: false, type: 'not_found' });
      state.tokens.set('ins_1', ['unauthorized']);
    },
    want: ['wrong', 'lost', 'lost', 'lost', 'lost'],
  }],
  ['an archive lost: the instance is still listed and ready', {
    given(state, model) {
      state.listed.push({ ...instance('ins_2', model), status: 'ready' });
      state.totals = [2, 2];
      state.instances.set('ins_2', {
        ok: true,
        value: { ...instance('ins_2', model), status: 'ready' },
      });
    },
    want: ['wrong', 'lost', 'lost'],
  }],
  ['a phantom instance', {
    given(state, model) {
      const phantom = { ...instance('ins_1', model), instanceId: 'ins_9' };
      state.listed.unshift(phantom);
      state.totals = [2];
      state.instances.set('ins_9', { ok: true, value: phantom });
    },
    want: ['wrong', 'phantom', 'phantom'],
  }],
  ['a field changed', {
    given(state, model) {
      const changed = { ...instance('ins_2', model), metadata: { tag: 'e' } };
      state.instances.set('ins_2', { ok: true, value: changed });
    },
    want: ['wrong'],
  }],
  ['a session lost, another never created', {
    given(state) {
      state.sessions.set('ins_2', { ok: true, value: ['ses_7'] });
    },
    want: ['lost', 'phantom'],
  }],
  ['sessions out of order', {
    given(state, model) {
      model.sessionCreated('ins_1', 'ses_3');
      state.sessions.set('ins_1', { ok: true, value: ['ses_3', 'ses_1'] });
      state.tokens.set('ins_1', [['ses_1', 'ses_3']]);
    },
    want: ['wrong'],
  }],
  ['a token that no longer works', {
    given(state) {
      state.tokens.set('ins_1', ['unauthorized']);
    },
    want: ['lost'],
  }],
  ['a revision lost', {
    given(state) {
      const older = {
        ...resource1,
        latestRevision: {
          id: 'rrv_1',
          label: 'v1',
          file: { id: 'fil_1', filename: 'fil_1.bin', mimeType: 'text/plain', size: 3 },
          createdAt,
        },
      };
      state.resources.set('res_1', { ok: true, value: older });
    },
    want: ['lost'],
  }],
  ['a delete lost', {
    given(state) {
      const survivor = { ...resource1, id: 'res_2', slug: 'two', name: 'Two' };
      state.resourcesListed.push(survivor);
      state.resources.set('res_2', { ok: true, value: survivor });
    },
    want: ['lost', 'lost'],
  }],
  ['the listing not newest first', {
    given(state, model) {
      model.instanceCreated({
        id: 'ins_3',
        name: 'three',
        vcsType: 'none',
        metadata: null,
        owner: 0,
      });
      const newer = { ...instance('ins_3', model), createdAt: '2026-11-21T08:00:00.000Z' };
      state.listed.push(newer);
      state.totals = [2];
      state.instances.set('ins_3', { ok: true, value: newer });
      state.sessions.set('ins_3', { ok: true, value: [] });
    },
    want: ['wrong'],
  }],
];

describe('compareState', () => {
  it('finds nothing when the state holds every acknowledged write and nothing else', () => {
    const model = acknowledged();
    assert.deepEqual(compareState(model, faithful(model)), []);
  });

  for (const [name, { given, want }] of cases) {
    it(`finds ${name}`, () => {
      const model = acknowledged();
      const state = faithful(model);
      given(state, model);
      assert.deepEqual(compareState(model, state).map((d) => d.kind), want);
    });
  }
});
