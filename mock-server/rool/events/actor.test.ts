import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Actor, sourceFor, storageSourceFor, systemActor, type Viewer } from './actor.ts';

const tabOne: Viewer = { userId: 'usr_alice', clientId: 'alice-tab-1' };

const cases: [string, { actor: Actor; viewer: Viewer; want: string; storage: string }][] = [
  ['own client', {
    actor: { userId: 'usr_alice', clientId: 'alice-tab-1', agent: false },
    viewer: tabOne,
    want: 'local_user',
    storage: 'local',
  }],
  ['same user, other tab', {
    actor: { userId: 'usr_alice', clientId: 'alice-tab-2', agent: false },
    viewer: tabOne,
    want: 'remote_user',
    storage: 'remote',
  }],
  ['another user naming this client ID', {
    actor: { userId: 'usr_bob', clientId: 'alice-tab-1', agent: false },
    viewer: tabOne,
    want: 'remote_user',
    storage: 'remote',
  }],
  ['neither names a client', {
    actor: { userId: 'usr_alice', clientId: null, agent: false },
    viewer: { userId: 'usr_alice', clientId: null },
    want: 'remote_user',
    storage: 'remote',
  }],
  ['the agent on the own prompt', {
    actor: { userId: 'usr_alice', clientId: 'alice-tab-1', agent: true },
    viewer: tabOne,
    want: 'remote_agent',
    storage: 'remote',
  }],
  ['the mock', { actor: systemActor, viewer: tabOne, want: 'system', storage: 'remote' }],
];

describe('sourceFor and storageSourceFor', () => {
  for (const [name, { actor, viewer, want, storage }] of cases) {
    it(name, () => {
      assert.equal(sourceFor(actor, viewer), want);
      assert.equal(storageSourceFor(actor, viewer), storage);
    });
  }
});
