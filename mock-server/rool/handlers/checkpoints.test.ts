import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setupRool, t0 } from '../_testing.ts';

async function world(options: Parameters<typeof setupRool>[0] = {}) {
  const setup = setupRool(options);
  const ref = await setup.space();
  await setup.alice.channels.open({ spaceId: ref.spaceId, channelId: 'side' });
  return { ...setup, ref, side: { ...ref, channelId: 'side' } };
}

describe('checkpoints.*', () => {
  it('undo restores objects with their stats, schema and metadata; redo reapplies', async () => {
    const { alice, ref, clock } = await world();
    const read = async () => {
      const opened = await alice.channels.open(ref);
      const sun = await alice.objects.get({ spaceId: ref.spaceId, path: '/space/body/sun.json' });
      return { schema: opened.schema, metadata: opened.metadata, sun };
    };
    await alice.collections.create({ ...ref, name: 'body', def: { fields: [] } });
    await alice.objects.put({ ...ref, path: '/space/body/sun.json', body: { v: 1 } });
    await alice.metadata.set({ ...ref, key: 'k', value: 'before' });
    const saved = await read();
    const { checkpointId } = await alice.checkpoints.create({ ...ref, label: 'Rename things' });
    assert.equal(checkpointId, 'chk_000001');

    clock.now += 1000;
    await alice.objects.put({ ...ref, path: '/space/body/sun.json', body: { v: 2 } });
    await alice.collections.create({ ...ref, name: 'moon', def: { fields: [] } });
    await alice.metadata.set({ ...ref, key: 'k', value: 'after' });
    const changed = await read();
    const interactionsBefore = (await alice.conversations.get(ref)).conversation.interactions;

    assert.deepEqual(await alice.checkpoints.undo(ref), {
      applied: true,
      canUndo: false,
      canRedo: true,
    });
    assert.deepEqual(await read(), saved);
    assert.deepEqual(
      (await alice.conversations.get(ref)).conversation.interactions,
      interactionsBefore,
      'undo records no interaction',
    );
    assert.deepEqual(await alice.checkpoints.redo(ref), {
      applied: true,
      canUndo: true,
      canRedo: false,
    });
    assert.deepEqual(await read(), changed);
  });

  it('answers applied: false with an empty stack', async () => {
    const { alice, ref, digest } = await world();
    const before = digest();
    assert.deepEqual(await alice.checkpoints.undo(ref), {
      applied: false,
      canUndo: false,
      canRedo: false,
    });
    assert.deepEqual(await alice.checkpoints.redo(ref), {
      applied: false,
      canUndo: false,
      canRedo: false,
    });
    assert.equal(digest(), before);
  });

  it('keeps a stack per channel', async () => {
    const { alice, ref, side } = await world();
    await alice.metadata.set({ ...ref, key: 'k', value: 1 });
    await alice.checkpoints.create(ref);
    await alice.metadata.set({ ...side, key: 'k', value: 2 });
    assert.deepEqual(await alice.checkpoints.status(side), { canUndo: false, canRedo: false });
    assert.equal((await alice.checkpoints.undo(side)).applied, false);
    assert.deepEqual(await alice.checkpoints.status(ref), { canUndo: true, canRedo: false });
    assert.equal((await alice.checkpoints.undo(ref)).applied, true);
    assert.deepEqual((await alice.metadata.get({ spaceId: ref.spaceId })).metadata, { k: 1 });
    assert.deepEqual((await alice.channels.open(ref)).history, { canUndo: false, canRedo: true });
  });

  it('a new checkpoint clears the redo stack; history lists both stacks', async () => {
    const { alice, ref, clock } = await world();
    await alice.checkpoints.create({ ...ref, label: 'one' });
    clock.now += 1;
    await alice.checkpoints.create({ ...ref, label: 'two' });
    clock.now += 1;
    await alice.checkpoints.undo(ref);
    assert.deepEqual(await alice.checkpoints.history(ref), {
      canUndo: true,
      canRedo: true,
      undo: [{ id: 'chk_000001', label: 'one', createdAt: t0 }],
      redo: [{ id: 'chk_000002', label: 'two', createdAt: t0 + 2 }],
    });
    await alice.checkpoints.create(ref);
    const history = await alice.checkpoints.history(ref);
    assert.deepEqual(history.redo, []);
    assert.deepEqual(history.undo.map((c) => c.label), ['one', null]);
    assert.deepEqual(await alice.checkpoints.clear(ref), { canUndo: false, canRedo: false });
  });

  it('keeps at most 100 checkpoints per channel, dropping the oldest', async () => {
    const { alice, ref } = await world();
    for (let i = 0; i < 101; i++) await alice.checkpoints.create({ ...ref, label: `c${i}` });
    const { undo } = await alice.checkpoints.history(ref);
    assert.equal(undo.length, 100);
    assert.equal(undo[0].label, 'c1');
    assert.equal(undo[99].label, 'c100');
  });

  it('undo and redo need the editor role; status and history the viewer role', async () => {
    const { alice, bob, ref } = await world();
    await alice.members.add({ spaceId: ref.spaceId, userId: 'usr_bob', role: 'viewer' });
    await alice.checkpoints.create(ref);
    assert.deepEqual(await bob.checkpoints.status(ref), { canUndo: true, canRedo: false });
    await assert.rejects(bob.checkpoints.undo(ref), { type: 'forbidden' });
    await assert.rejects(bob.checkpoints.create(ref), { type: 'forbidden' });
    await assert.rejects(bob.checkpoints.clear(ref), { type: 'forbidden' });
  });
});
