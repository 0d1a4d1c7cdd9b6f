import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setupRool, t0 } from '../_testing.ts';

describe('conversations.*', () => {
  it('every channel has default; others are created by a recorded interaction, rename or instruction', async () => {
    const { alice, space, clock } = setupRool();
    const ref = await space();
    clock.now += 1;
    await alice.metadata.set({ ...ref, conversationId: 'notes', key: 'k', value: 1 });
    clock.now += 1;
    const renamed = await alice.conversations.rename({
      ...ref,
      conversationId: 'named',
      name: 'N',
    });
    assert.equal(renamed.conversation.name, 'N');
    clock.now += 1;
    const instructed = await alice.conversations.setSystemInstruction({
      ...ref,
      conversationId: 'sys',
      instruction: 'Be brief',
    });
    assert.equal(instructed.conversation.systemInstruction, 'Be brief');
    await alice.metadata.set({
      ...ref,
      conversationId: 'eph',
      key: 'k',
      value: 2,
      ephemeral: true,
    });
    const { conversations } = await alice.conversations.list(ref);
    assert.deepEqual(conversations.map((c) => [c.id, c.interactionCount, c.createdAt]), [
      ['default', 0, t0],
      ['notes', 1, t0 + 1],
      ['named', 0, t0 + 2],
      ['sys', 0, t0 + 3],
    ]);
    const cleared = await alice.conversations.setSystemInstruction({ ...ref, instruction: null });
    assert.equal(cleared.conversation.systemInstruction, null);
  });

  it('get answers the tree; an unknown conversation is 404', async () => {
    const { alice, space } = setupRool();
    const ref = await space();
    const { interaction } = await alice.metadata.set({ ...ref, key: 'k', value: 1 });
    const { conversation } = await alice.conversations.get(ref);
    assert.equal(conversation.id, 'default');
    assert.deepEqual(conversation.interactions, { [interaction!.id]: interaction });
    await assert.rejects(alice.conversations.get({ ...ref, conversationId: 'nope' }), {
      type: 'not_found',
      message: 'Conversation "nope" not found in channel "main"',
    });
  });

  it('delete removes a conversation; default cannot be deleted (409); unknown is 404', async () => {
    const { alice, space, digest } = setupRool();
    const ref = await space();
    const { interaction } = await alice.metadata.set({
      ...ref,
      conversationId: 'x',
      key: 'k',
      value: 1,
      interactionId: 'chosen-1',
    });
    const before = digest();
    await assert.rejects(alice.conversations.delete(ref), {
      type: 'conflict',
      message: 'The default conversation cannot be deleted',
    });
    await assert.rejects(alice.conversations.delete({ ...ref, conversationId: 'default' }), {
      type: 'conflict',
    });
    await assert.rejects(alice.conversations.delete({ ...ref, conversationId: 'nope' }), {
      type: 'not_found',
    });
    assert.equal(digest(), before);
    assert.deepEqual(await alice.conversations.delete({ ...ref, conversationId: 'x' }), {});
    assert.deepEqual((await alice.conversations.list(ref)).conversations.map((c) => c.id), [
      'default',
    ]);
    // Its interaction IDs are free again.
    const again = await alice.metadata.set({
      ...ref,
      key: 'k',
      value: 2,
      interactionId: 'chosen-1',
    });
    assert.equal(again.interaction!.id, interaction!.id);
  });
});
