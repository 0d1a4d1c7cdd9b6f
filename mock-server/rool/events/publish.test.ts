// Which RPC call publishes which event (docs/rool-events.md, Events and payloads), as two
// clients see it: alice's tab, which makes every call, and bob's, a fellow editor. Every case
// also checks that nothing else was published: the events read carry the scope's latest IDs,
// and the next check starts where this one ended, so an extra event fails the next one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mockAgentPrompt, type RoolSetup, setupRool, t0, tokens } from '../_testing.ts';
import { callAs, type FrameReader, openStream } from './_testing.ts';
import { type ScopeKey, spaceScope, userScope } from './hub.ts';

const alice = { token: tokens.alice, clientId: 'alice-tab-1' };
const bob = { token: tokens.bob, clientId: 'bob-tab-1' };
const def = { fields: [{ name: 'name', type: { kind: 'string' } }] };

/** An event as alice's tab should see it; bob's sees `remote_user` where she sees `local_user`. */
type Wanted = [event: string, data: Record<string, unknown>];

interface Watch {
  setup: RoolSetup;
  spaceId: string;
  ref: { spaceId: string; channelId: string };
  /** Alice calls a method from her tab. */
  call(method: string, input: Record<string, unknown>): Promise<unknown>;
  /** Reads the next events from both streams, and checks nothing more was published. */
  expect(wanted: Wanted[]): Promise<void>;
  close(): Promise<void>;
}

async function watchSpace(): Promise<Watch> {
  const setup = setupRool();
  const { spaceId, channelId } = await setup.space();
  await setup.alice.members.add({ spaceId, userId: 'usr_bob', role: 'editor' });
  const progress = { scope: spaceScope(spaceId), seen: 0 };
  progress.seen = setup.mock.runtime.events.hub.latestId(progress.scope);
  const mine = await openStream(setup, `/v1/spaces/${spaceId}/events`, alice);
  const theirs = await openStream(setup, `/v1/spaces/${spaceId}/events`, bob);
  return {
    setup,
    spaceId,
    ref: { spaceId, channelId },
    call: (method, input) => callAs(setup, method, input, alice),
    expect: (wanted) =>
      expectOn(setup, progress, [[mine, 'local_user'], [theirs, 'remote_user']], wanted),
    close: async () => {
      await mine.cancel();
      await theirs.cancel();
    },
  };
}

/** Where a scope's checks have got to: the latest ID at the previous check. */
interface Progress {
  scope: ScopeKey;
  seen: number;
}

/**
 * Reads the next events from each stream and compares them, and checks that they are all the
 * scope published since the previous check.
 */
async function expectOn(
  setup: RoolSetup,
  progress: Progress,
  readers: [FrameReader, string][],
  wanted: Wanted[],
): Promise<void> {
  const latest = setup.mock.runtime.events.hub.latestId(progress.scope);
  assert.equal(latest - progress.seen, wanted.length, 'events published since the last check');
  for (const [reader, ownSource] of readers) {
    const got = await reader.events(wanted.length);
    const want = wanted.map(([event, data]) => {
      const source = data.source === 'local_user' ? ownSource : data.source;
      return [event, source === undefined ? data : { ...data, source }];
    });
    assert.deepEqual(got.map((e) => [e.event, e.data]), want, `as seen with ${ownSource}`);
    assert.deepEqual(got.map((e) => e.id), wanted.map((_, i) => progress.seen + i + 1));
  }
  progress.seen = latest;
}

const local = 'local_user';

function channel(id: string, name: string | null, conversationCount = 1) {
  return {
    id,
    name,
    createdAt: t0,
    createdBy: 'usr_alice',
    createdByName: 'Alice',
    conversationCount,
  };
}

describe('space stream events', () => {
  it('channels: created on first open only, renamed, deleted', async () => {
    const w = await watchSpace();
    const { spaceId } = w;
    await w.expect([]);
    await w.call('channels.open', { spaceId, channelId: 'side' });
    await w.expect([['channelCreated', { channel: channel('side', null), source: local }]]);
    await w.call('channels.open', { spaceId, channelId: 'side' });
    await w.expect([]);
    await w.call('channels.rename', { spaceId, channelId: 'side', name: 'Side' });
    await w.expect([['channelUpdated', { channel: channel('side', 'Side'), source: local }]]);
    await w.call('channels.delete', { spaceId, channelId: 'side' });
    await w.expect([['channelDeleted', { channelId: 'side', source: local }]]);
    await w.close();
  });

  it('metadata and schema, with the interaction they record', async () => {
    const w = await watchSpace();
    const conversation = { conversationId: 'default', channelId: 'main', source: local };
    const files = { spaceId: w.spaceId, timestamp: t0, source: local };
    await w.call('metadata.set', { ...w.ref, key: 'k', value: 1 });
    await w.expect([
      ['conversationUpdated', conversation],
      ['metadataUpdated', { metadata: { k: 1 }, source: local }],
    ]);
    await w.call('metadata.set', { ...w.ref, key: 'k', value: null, ephemeral: true });
    await w.expect([['metadataUpdated', { metadata: {}, source: local }]]);
    await w.call('collections.create', { ...w.ref, name: 'body', def });
    await w.expect([
      ['filesChanged', files],
      ['conversationUpdated', conversation],
      ['schemaUpdated', { schema: { body: def }, source: local }],
    ]);
    const altered = { fields: [...def.fields, { name: 'mass', type: { kind: 'number' } }] };
    await w.call('collections.alter', { ...w.ref, name: 'body', def: altered, ephemeral: true });
    await w.expect([
      ['filesChanged', files],
      ['schemaUpdated', { schema: { body: altered }, source: local }],
    ]);
    await w.close();
  });

  it('objects: filesChanged for every write, and a drop that deletes objects', async () => {
    const w = await watchSpace();
    const { spaceId } = w;
    const conversation = { conversationId: 'default', channelId: 'main', source: local };
    const files = { spaceId, timestamp: t0, source: local };
    await w.call('collections.create', { ...w.ref, name: 'body', def, ephemeral: true });
    await w.expect([
      ['filesChanged', { spaceId: w.spaceId, timestamp: t0, source: local }],
      ['schemaUpdated', { schema: { body: def }, source: local }],
    ]);
    await w.call('objects.put', { ...w.ref, path: '/space/body/sun.json', body: { name: 'Sun' } });
    await w.expect([['filesChanged', files], ['conversationUpdated', conversation]]);
    w.setup.clock.now += 7;
    await w.call('objects.patch', {
      ...w.ref,
      path: '/space/body/sun.json',
      data: { name: 'Sol' },
      ephemeral: true,
    });
    await w.expect([['filesChanged', { ...files, timestamp: t0 + 7 }]]);
    await w.call('collections.drop', { ...w.ref, name: 'body' });
    await w.expect([
      ['filesChanged', { ...files, timestamp: t0 + 7 }],
      ['conversationUpdated', conversation],
      ['schemaUpdated', { schema: {}, source: local }],
    ]);
    await w.close();
  });

  it('collection definitions are files under /space: create, alter and drop publish filesChanged', async () => {
    const w = await watchSpace();
    const files = { spaceId: w.spaceId, timestamp: t0, source: local };
    const dav = w.setup.mock.runtime.state.spaces.get(w.spaceId)!.files.log;
    const before = dav.seq;
    await w.call('collections.create', { ...w.ref, name: 'empty', def, ephemeral: true });
    assert.equal(dav.seq, before + 1, 'the definition is in the change log');
    await w.expect([
      ['filesChanged', files],
      ['schemaUpdated', { schema: { empty: def }, source: local }],
    ]);
    await w.call('collections.alter', { ...w.ref, name: 'empty', def, ephemeral: true });
    await w.expect([
      ['filesChanged', files],
      ['schemaUpdated', { schema: { empty: def }, source: local }],
    ]);
    // A drop deleting no object still deletes the definition.
    await w.call('collections.drop', { ...w.ref, name: 'empty', ephemeral: true });
    await w.expect([['filesChanged', files], ['schemaUpdated', { schema: {}, source: local }]]);
    await w.close();
  });

  it('conversations: rename, system instruction, delete', async () => {
    const w = await watchSpace();
    const where = { conversationId: 'c2', channelId: 'main', source: local };
    await w.call('conversations.rename', { ...w.ref, conversationId: 'c2', name: 'Two' });
    await w.expect([['conversationUpdated', where]]);
    await w.call('conversations.setSystemInstruction', {
      ...w.ref,
      conversationId: 'c2',
      instruction: 'Be brief',
    });
    await w.expect([['conversationUpdated', where]]);
    await w.call('conversations.delete', { ...w.ref, conversationId: 'c2' });
    await w.expect([['conversationUpdated', where]]);
    await w.close();
  });

  it('undo and redo: reset, then filesChanged; nothing when there is nothing to undo', async () => {
    const w = await watchSpace();
    const { spaceId } = w;
    await w.call('checkpoints.undo', w.ref);
    await w.expect([]);
    await w.call('checkpoints.create', w.ref);
    await w.call('metadata.set', { ...w.ref, key: 'k', value: 1, ephemeral: true });
    await w.expect([['metadataUpdated', { metadata: { k: 1 }, source: local }]]);
    const reset = [
      ['reset', { channelId: 'main', source: local }],
      ['filesChanged', { spaceId, timestamp: t0, source: local }],
    ] satisfies Wanted[];
    await w.call('checkpoints.undo', w.ref);
    await w.expect(reset);
    await w.call('checkpoints.redo', w.ref);
    await w.expect(reset);
    await w.close();
  });

  it('a refused call publishes nothing', async () => {
    const w = await watchSpace();
    const { setup } = w;
    await w.call('collections.create', { ...w.ref, name: 'body', def, ephemeral: true });
    await w.expect([
      ['filesChanged', { spaceId: w.spaceId, timestamp: t0, source: local }],
      ['schemaUpdated', { schema: { body: def }, source: local }],
    ]);
    const refusals = [
      await setup.rpc('collections.create', { ...w.ref, name: 'body', def }),
      await setup.rpc('objects.put', { ...w.ref, path: '/space/x/a.json', body: {} }),
      await setup.rpc('objects.delete', { ...w.ref, paths: ['/space/body/none.json'] }),
      await setup.rpc('channels.rename', { ...w.ref, name: 'X' }, tokens.carol),
      await setup.rpc('spaces.rename', { spaceId: w.spaceId, name: 'X' }, tokens.bob),
    ];
    assert.deepEqual(refusals.map((r) => r.status), [409, 400, 404, 404, 403]);
    await w.expect([]);
    await w.close();
  });

  it('a prompt: recorded, each tool call as it starts and finishes, its writes, its end', async () => {
    const w = await watchSpace();
    const { spaceId } = w;
    await w.call('collections.create', { ...w.ref, name: 'body', def, ephemeral: true });
    await w.expect([
      ['filesChanged', { spaceId: w.spaceId, timestamp: t0, source: local }],
      ['schemaUpdated', { schema: { body: def }, source: local }],
    ]);
    await w.call('ai.prompt', {
      ...w.ref,
      text: mockAgentPrompt([
        { name: 'put_object', input: { path: '/space/body/moon.json', body: { name: 'Moon' } } },
        { name: 'put_object', input: { path: '/space/nope/x.json', body: {} } },
      ]),
    });
    const agent = 'remote_agent';
    const conversation = { conversationId: 'default', channelId: 'main' };
    await w.expect([
      ['conversationUpdated', { ...conversation, source: local }],
      ['conversationUpdated', { ...conversation, source: agent }],
      ['filesChanged', { spaceId, timestamp: t0, source: agent }],
      ['conversationUpdated', { ...conversation, source: agent }],
      // The second call fails: no filesChanged.
      ['conversationUpdated', { ...conversation, source: agent }],
      ['conversationUpdated', { ...conversation, source: agent }],
      ['conversationUpdated', { ...conversation, source: agent }],
    ]);
    // An ephemeral prompt records nothing, so only its writes are announced.
    await w.call('ai.prompt', {
      ...w.ref,
      ephemeral: true,
      text: mockAgentPrompt([
        { name: 'delete_objects', input: { paths: ['/space/body/moon.json'] } },
      ]),
    });
    await w.expect([['filesChanged', { spaceId, timestamp: t0, source: agent }]]);
    await w.close();
  });
});

describe('client stream events', () => {
  async function watchUsers() {
    const setup = setupRool();
    const streams = {
      aliceTab1: await openStream(setup, '/v1/events', alice),
      aliceTab2: await openStream(setup, '/v1/events', { ...alice, clientId: 'alice-tab-2' }),
      bob: await openStream(setup, '/v1/events', bob),
    };
    const close = async () => {
      for (const stream of Object.values(streams)) await stream.cancel();
    };
    return { setup, streams, close };
  }

  it('spaces: added on create, duplicate and membership; renamed; removed', async () => {
    const { setup, streams, close } = await watchUsers();
    const { id: spaceId } = await callAs(setup, 'spaces.create', { name: 'One' }, alice);
    const created = await streams.aliceTab1.event();
    assert.equal(created.event, 'spaceAdded');
    assert.deepEqual(created.data.space, (await setup.alice.spaces.get({ spaceId })).space);
    assert.equal((await streams.aliceTab2.event()).event, 'spaceAdded');

    await setup.alice.spaces.setLinkAccess({ spaceId, linkAccess: 'viewer' });
    await setup.alice.members.add({ spaceId, userId: 'usr_bob', role: 'viewer' });
    const added = await streams.bob.event();
    assert.equal(added.event, 'spaceAdded');
    assert.equal(added.data.space.role, 'viewer', "bob's copy shows his role");
    assert.equal(added.data.space.id, spaceId);
    // A role change is not an addition.
    await setup.alice.members.add({ spaceId, userId: 'usr_bob', role: 'editor' });

    await setup.alice.spaces.rename({ spaceId, name: 'Uno' });
    for (const stream of [streams.aliceTab1, streams.bob]) {
      assert.deepEqual((await stream.event()).data, { spaceId, name: 'Uno' });
    }
    await setup.alice.members.remove({ spaceId, userId: 'usr_bob' });
    assert.deepEqual(await streams.bob.event(), {
      kind: 'event',
      id: 3,
      event: 'spaceRemoved',
      data: { spaceId },
    });

    const copy = await setup.alice.spaces.duplicate({ spaceId, name: 'Copy' });
    assert.equal((await streams.aliceTab1.event()).data.space.id, copy.id);
    await setup.alice.members.add({ spaceId, userId: 'usr_bob', role: 'editor' });
    assert.equal((await streams.bob.event()).event, 'spaceAdded');
    await setup.alice.spaces.delete({ spaceId });
    assert.deepEqual((await streams.aliceTab1.event()).data, { spaceId });
    assert.deepEqual((await streams.bob.event()).data, { spaceId });
    assert.equal(setup.mock.runtime.events.hub.latestId(userScope('usr_bob')), 5);
    assert.equal(setup.mock.runtime.events.hub.latestId(userScope('usr_alice')), 4);
    await close();
  });

  it('user storage: local on the writing tab, remote on the others; value absent on delete', async () => {
    const { setup, streams, close } = await watchUsers();
    await callAs(setup, 'storage.set', { key: 'theme', value: 'dark' }, alice);
    assert.deepEqual((await streams.aliceTab1.event()).data, {
      key: 'theme',
      value: 'dark',
      source: 'local',
    });
    assert.deepEqual((await streams.aliceTab2.event()).data, {
      key: 'theme',
      value: 'dark',
      source: 'remote',
    });
    await callAs(setup, 'storage.set', { key: 'theme', value: null }, {
      ...alice,
      clientId: 'alice-tab-2',
    });
    assert.deepEqual((await streams.aliceTab1.event()).data, { key: 'theme', source: 'remote' });
    assert.deepEqual((await streams.aliceTab2.event()).data, { key: 'theme', source: 'local' });
    // Deleting a key that is not there changes nothing and announces nothing; bob hears nothing.
    await callAs(setup, 'storage.set', { key: 'theme', value: null }, alice);
    assert.equal(setup.mock.runtime.events.hub.latestId(userScope('usr_alice')), 2);
    assert.equal(setup.mock.runtime.events.hub.latestId(userScope('usr_bob')), 0);
    await close();
  });
});
