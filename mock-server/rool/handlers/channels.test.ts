import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setupRool, t0 } from '../_testing.ts';

describe('channels.*', () => {
  it('open creates a channel with its default conversation, then opens it', async () => {
    const { alice, clock } = setupRool();
    const { id: spaceId } = await alice.spaces.create({ name: 'S' });
    const first = await alice.channels.open({ spaceId, channelId: 'main' });
    assert.equal(first.created, true);
    assert.equal(first.userId, 'usr_alice');
    assert.deepEqual(first.channel, {
      id: 'main',
      name: null,
      createdAt: t0,
      createdBy: 'usr_alice',
      createdByName: 'Alice',
      conversationCount: 1,
    });
    assert.deepEqual(first.conversations, {
      default: {
        id: 'default',
        name: null,
        systemInstruction: null,
        createdAt: t0,
        createdBy: 'usr_alice',
        interactions: {},
      },
    });
    assert.deepEqual([first.schema, first.metadata, first.history], [{}, {}, {
      canUndo: false,
      canRedo: false,
    }]);
    clock.now += 10;
    const again = await alice.channels.open({ spaceId, channelId: 'main' });
    assert.equal(again.created, false);
    assert.equal(again.channel.createdAt, t0);
  });

  it('a viewer opens an existing channel but cannot create one (403)', async () => {
    const { alice, bob, space, digest } = setupRool();
    const { spaceId } = await space();
    await alice.members.add({ spaceId, userId: 'usr_bob', role: 'viewer' });
    assert.equal((await bob.channels.open({ spaceId, channelId: 'main' })).created, false);
    const before = digest();
    await assert.rejects(bob.channels.open({ spaceId, channelId: 'other' }), {
      type: 'forbidden',
      message: 'Creating a channel needs the editor role or higher; you are a viewer',
    });
    assert.equal(digest(), before);
  });

  it('refuses channel IDs outside 1–32 characters of A–Z a–z 0–9 _ -', async () => {
    const { rpc, space } = setupRool();
    const { spaceId } = await space();
    for (const channelId of ['', 'a'.repeat(33), 'a b', 'a/b', '.hidden', 'é']) {
      const { status, body } = await rpc('channels.open', { spaceId, channelId });
      assert.equal(status, 400, channelId);
      assert.equal(body.error!.path, '/channelId');
    }
  });

  it('lists channels oldest first; renames; deletes with their history', async () => {
    const { alice, space, clock } = setupRool();
    const { spaceId } = await space();
    clock.now += 1;
    await alice.channels.open({ spaceId, channelId: 'second' });
    assert.deepEqual((await alice.channels.list({ spaceId })).channels.map((c) => c.id), [
      'main',
      'second',
    ]);
    const { channel } = await alice.channels.rename({ spaceId, channelId: 'second', name: 'Two' });
    assert.equal(channel.name, 'Two');
    await alice.metadata.set({ spaceId, channelId: 'second', key: 'k', value: 1 });
    assert.deepEqual(await alice.channels.delete({ spaceId, channelId: 'second' }), {});
    assert.deepEqual((await alice.channels.list({ spaceId })).channels.map((c) => c.id), ['main']);
    const reopened = await alice.channels.open({ spaceId, channelId: 'second' });
    assert.equal(reopened.created, true);
    assert.deepEqual(reopened.conversations.default.interactions, {});
    assert.deepEqual(reopened.metadata, { k: 1 }, 'metadata belongs to the space');
  });

  it('rename and delete of an unknown channel are 404', async () => {
    const { alice, space } = setupRool();
    const { spaceId } = await space();
    await assert.rejects(alice.channels.rename({ spaceId, channelId: 'nope', name: 'x' }), {
      type: 'not_found',
    });
    await assert.rejects(alice.channels.delete({ spaceId, channelId: 'nope' }), {
      type: 'not_found',
      message: /^Channel "nope" not found in space "spc_\w+"; open it with channels.open first$/,
    });
  });
});
