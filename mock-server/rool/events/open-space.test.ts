// Opening a space (docs/rool-events.md, Opening a space): `spaces.get` names the space scope's
// latest event ID, and a stream opened with it as Last-Event-ID carries exactly the later changes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setupRool, tokens } from '../_testing.ts';
import { openStream } from './_testing.ts';
import { spaceScope } from './hub.ts';

const alice = { token: tokens.alice, clientId: 'alice-tab-1' };

describe('spaces.get eventId', () => {
  it('is 0 for a space without events, then the ID of its latest event', async () => {
    const setup = setupRool();
    const { id: spaceId } = await setup.alice.spaces.create({ name: 'S' });
    assert.equal((await setup.alice.spaces.get({ spaceId })).eventId, 0);
    await setup.alice.channels.open({ spaceId, channelId: 'main' });
    await setup.alice.metadata.set({ spaceId, channelId: 'main', key: 'k', value: 1 });
    const { eventId } = await setup.alice.spaces.get({ spaceId });
    // Every event the space stream has, replayed from the start: the last one is the snapshot's.
    const all = await openStream(setup, `/v1/spaces/${spaceId}/events`, {
      ...alice,
      lastEventId: '0',
    });
    const events = await all.events(3);
    assert.deepEqual(events.map((e) => e.event), [
      'channelCreated',
      'conversationUpdated',
      'metadataUpdated',
    ]);
    assert.equal(eventId, events.at(-1)!.id);
    assert.equal(eventId, setup.mock.runtime.events.hub.latestId(spaceScope(spaceId)));
    await all.cancel();
  });

  it('as Last-Event-ID, replays exactly the changes made after the snapshot', async () => {
    const setup = setupRool();
    const { id: spaceId } = await setup.alice.spaces.create({ name: 'S' });
    await setup.alice.channels.open({ spaceId, channelId: 'one' });
    const snapshot = await setup.bob.spaces.get({ spaceId }).catch(() => null);
    assert.equal(snapshot, null, 'Bob is no member yet');
    await setup.alice.members.add({ spaceId, userId: 'usr_bob', role: 'viewer' });
    const { channels, eventId } = await setup.bob.spaces.get({ spaceId });
    assert.deepEqual(channels.map((c) => c.id), ['one']);
    // Between Bob's snapshot and his stream's first connection.
    await setup.alice.channels.open({ spaceId, channelId: 'two' });
    const stream = await openStream(setup, `/v1/spaces/${spaceId}/events`, {
      token: tokens.bob,
      lastEventId: String(eventId),
    });
    const first = await stream.event();
    assert.equal(first.event, 'channelCreated');
    assert.equal(first.data.channel.id, 'two');
    assert.equal(first.id, eventId + 1);
    await stream.cancel();
  });

  it('after a reset, is where the new sequence starts, which a stream accepts without resync', async () => {
    const setup = setupRool();
    const before = await setup.alice.spaces.create({ name: 'Before' });
    await setup.alice.channels.open({ spaceId: before.id, channelId: 'main' });
    setup.mock.reset();
    const { id: spaceId } = await setup.alice.spaces.create({ name: 'After' });
    const { eventId } = await setup.alice.spaces.get({ spaceId });
    assert.ok(eventId >= 1, `IDs go on above those before the reset, not ${eventId}`);
    const stream = await openStream(setup, `/v1/spaces/${spaceId}/events`, {
      ...alice,
      lastEventId: String(eventId),
    });
    await setup.alice.channels.open({ spaceId, channelId: 'main' });
    const first = await stream.event();
    assert.equal(first.event, 'channelCreated', 'no resync');
    assert.equal(first.id, eventId + 1);
    await stream.cancel();
  });
});
