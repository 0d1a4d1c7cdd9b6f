import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setupRool, t0 } from '../_testing.ts';

describe('spaces.*', () => {
  it('creates a space the caller owns, with an unguessable ID', async () => {
    const { alice } = setupRool();
    const space = await alice.spaces.create({ name: 'Notes' });
    assert.match(space.id, /^spc_[a-z0-9]{20}$/);
    assert.deepEqual({ ...space, id: 'x', inboundEmailAddress: 'x' }, {
      id: 'x',
      name: 'Notes',
      inboundEmailAddress: 'x',
      role: 'owner',
      ownerId: 'usr_alice',
      size: 0,
      createdAt: new Date(t0).toISOString(),
      updatedAt: new Date(t0).toISOString(),
      linkAccess: 'none',
      memberCount: 1,
    });
    assert.equal(space.inboundEmailAddress, `${space.id}@inbound.rool.test`);
  });

  it('lists the spaces the caller is a member of, newest first, not those seen by link', async () => {
    const { alice, bob, clock } = setupRool();
    const a = await alice.spaces.create({ name: 'A' });
    clock.now += 1000;
    const b = await alice.spaces.create({ name: 'B' });
    const shared = await bob.spaces.create({ name: 'Bob’s' });
    await bob.spaces.setLinkAccess({ spaceId: shared.id, linkAccess: 'editor' });
    assert.deepEqual((await alice.spaces.list({})).spaces.map((s) => s.name), ['B', 'A']);
    await alice.spaces.get({ spaceId: shared.id });
    assert.equal((await alice.spaces.list({})).spaces.length, 2);
    await alice.members.add({ spaceId: a.id, userId: 'usr_bob', role: 'viewer' });
    assert.deepEqual((await bob.spaces.list({})).spaces.map((s) => [s.name, s.role]), [
      ['Bob’s', 'owner'],
      ['A', 'viewer'],
    ]);
    assert.ok(b);
  });

  it('spaces.get answers the space and its channels, oldest first', async () => {
    const { alice, clock } = setupRool();
    const { id } = await alice.spaces.create({ name: 'S' });
    await alice.channels.open({ spaceId: id, channelId: 'one' });
    clock.now += 5;
    await alice.channels.open({ spaceId: id, channelId: 'two' });
    const got = await alice.spaces.get({ spaceId: id });
    assert.equal(got.space.id, id);
    assert.deepEqual(got.channels.map((c) => [c.id, c.createdAt]), [['one', t0], ['two', t0 + 5]]);
  });

  it('counts the size of objects, schema and metadata', async () => {
    const { alice, space } = setupRool();
    const { spaceId, channelId } = await space();
    const def = { fields: [] };
    await alice.collections.create({ spaceId, channelId, name: 'n', def });
    await alice.objects.put({ spaceId, channelId, path: '/space/n/a.json', body: { é: 1 } });
    await alice.metadata.set({ spaceId, channelId, key: 'k', value: true });
    const expected = '/space/n/a.json'.length + '{"é":1}'.length + 1 + 1 +
      JSON.stringify(def).length + 1 + 4;
    assert.equal((await alice.spaces.get({ spaceId })).space.size, expected);
  });

  it('renames (admin) and sets link access (admin)', async () => {
    const { alice, bob } = setupRool();
    const { id: spaceId } = await alice.spaces.create({ name: 'S' });
    await alice.members.add({ spaceId, userId: 'usr_bob', role: 'admin' });
    assert.equal((await bob.spaces.rename({ spaceId, name: 'T' })).name, 'T');
    assert.equal(
      (await bob.spaces.setLinkAccess({ spaceId, linkAccess: 'viewer' })).linkAccess,
      'viewer',
    );
  });

  it('only the owner deletes; then the space is gone for everyone', async () => {
    const { alice, bob, digest } = setupRool();
    const { id: spaceId } = await alice.spaces.create({ name: 'S' });
    await alice.members.add({ spaceId, userId: 'usr_bob', role: 'admin' });
    const before = digest();
    await assert.rejects(bob.spaces.delete({ spaceId }), { type: 'forbidden', status: 403 });
    assert.equal(digest(), before);
    assert.deepEqual(await alice.spaces.delete({ spaceId }), {});
    await assert.rejects(alice.spaces.get({ spaceId }), { type: 'not_found', status: 404 });
    await assert.rejects(bob.spaces.get({ spaceId }), { type: 'not_found' });
  });

  it('duplicate copies objects, schema, metadata and channels into a space the caller owns', async () => {
    const { alice, bob, space } = setupRool();
    const { spaceId, channelId } = await space();
    await alice.collections.create({ spaceId, channelId, name: 'n', def: { fields: [] } });
    await alice.objects.put({ spaceId, channelId, path: '/space/n/a.json', body: { v: 1 } });
    await alice.metadata.set({ spaceId, channelId, key: 'k', value: 'v' });
    await alice.checkpoints.create({ spaceId, channelId });
    await alice.spaces.setLinkAccess({ spaceId, linkAccess: 'viewer' });

    const copy = await bob.spaces.duplicate({ spaceId, name: 'Copy' });
    assert.notEqual(copy.id, spaceId);
    assert.deepEqual([copy.name, copy.role, copy.ownerId, copy.linkAccess, copy.memberCount], [
      'Copy',
      'owner',
      'usr_bob',
      'none',
      1,
    ]);
    const opened = await bob.channels.open({ spaceId: copy.id, channelId });
    assert.equal(opened.created, false);
    assert.deepEqual(opened.schema, { n: { fields: [] } });
    assert.deepEqual(opened.metadata, { k: 'v' });
    assert.equal(Object.keys(opened.conversations.default.interactions).length, 3);
    assert.deepEqual(opened.history, { canUndo: false, canRedo: false });
    assert.deepEqual(
      (await bob.objects.get({ spaceId: copy.id, path: '/space/n/a.json' })).object,
      {
        path: '/space/n/a.json',
        body: { v: 1 },
      },
    );
    // The copy is independent of the original.
    await bob.objects.delete({ spaceId: copy.id, channelId, paths: ['/space/n/a.json'] });
    assert.ok((await alice.objects.get({ spaceId, path: '/space/n/a.json' })).object);
  });

  it('answers 404 for a space the caller has no role in, without revealing it', async () => {
    const { alice, bob } = setupRool();
    const { id: spaceId } = await alice.spaces.create({ name: 'Private' });
    const unknown = await bob.spaces.get({ spaceId: 'spc_doesnotexist' }).catch((e) => e);
    const hidden = await bob.spaces.get({ spaceId }).catch((e) => e);
    assert.equal(hidden.type, 'not_found');
    assert.equal(hidden.message, unknown.message.replace('spc_doesnotexist', spaceId));
  });
});
