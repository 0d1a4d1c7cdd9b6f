import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setupRool } from '../_testing.ts';

describe('metadata.*', () => {
  it('sets keys to any JSON value, deletes with null, and records setMetadata', async () => {
    const { alice, bob, space } = setupRool();
    const ref = await space();
    const set = await alice.metadata.set({ ...ref, key: 'theme', value: { dark: true } });
    assert.deepEqual(set.metadata, { theme: { dark: true } });
    assert.equal(set.interaction!.operation, 'setMetadata');
    assert.equal(set.interaction!.input, 'setMetadata theme');
    assert.equal(set.interaction!.output, 'Set metadata theme');
    assert.deepEqual(set.interaction!.modifiedObjectPaths, []);
    await alice.metadata.set({ ...ref, key: 'n', value: 0, ephemeral: true });
    assert.deepEqual(await alice.metadata.get({ spaceId: ref.spaceId }), {
      metadata: { theme: { dark: true }, n: 0 },
    });
    const deleted = await alice.metadata.set({ ...ref, key: 'theme', value: null });
    assert.deepEqual(deleted.metadata, { n: 0 });
    assert.equal(deleted.interaction!.output, 'Deleted metadata theme');
    await alice.members.add({ spaceId: ref.spaceId, userId: 'usr_bob', role: 'viewer' });
    assert.deepEqual(await bob.metadata.get({ spaceId: ref.spaceId }), { metadata: { n: 0 } });
    await assert.rejects(bob.metadata.set({ ...ref, key: 'x', value: 1 }), { type: 'forbidden' });
  });

  it('refuses keys outside 1–256 characters', async () => {
    const { rpc, space } = setupRool();
    const ref = await space();
    for (const key of ['', 'k'.repeat(257)]) {
      const { status, body } = await rpc('metadata.set', { ...ref, key, value: 1 });
      assert.equal(status, 400);
      assert.equal(body.error!.path, '/key');
    }
  });
});
