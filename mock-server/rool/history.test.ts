import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setupRool, t0 } from './_testing.ts';

async function withCollection() {
  const setup = setupRool();
  const ref = await setup.space();
  await setup.alice.collections.create({
    ...ref,
    name: 'body',
    def: { fields: [] },
    ephemeral: true,
  });
  return { ...setup, ref };
}

describe('conversation history', () => {
  it('records a mutation as a done, non-AI interaction describing the call', async () => {
    const { alice, ref } = await withCollection();
    const { interaction } = await alice.objects.put({
      ...ref,
      path: '/space/body/sun.json',
      body: { name: 'Sun' },
    });
    assert.deepEqual(interaction, {
      id: 'int_000001',
      parentId: null,
      timestamp: t0,
      userId: 'usr_alice',
      userName: 'Alice',
      operation: 'putObject',
      input: 'putObject /space/body/sun.json',
      output: 'Created /space/body/sun.json',
      status: 'done',
      ai: false,
      modifiedObjectPaths: ['/space/body/sun.json'],
      toolCalls: [],
    });
    const { conversation } = await alice.conversations.get(ref);
    assert.deepEqual(conversation.interactions, { int_000001: interaction });
  });

  it('records nothing for an ephemeral mutation', async () => {
    const { alice, ref, digest, mock } = await withCollection();
    await alice.objects.put({ ...ref, path: '/space/body/a.json', body: {}, ephemeral: true });
    const { conversation } = await alice.conversations.get(ref);
    assert.deepEqual(conversation.interactions, {});
    assert.ok(digest().length > 0);
    assert.equal(mock.runtime.state.spaces.get(ref.spaceId)!.interactionIndex.size, 0);
  });

  it('continues from the active leaf when the parent is omitted, starts a root with null', async () => {
    const { alice, ref } = await withCollection();
    const put = (name: string, parentInteractionId?: string | null) =>
      alice.objects.put({
        ...ref,
        path: `/space/body/${name}.json`,
        body: {},
        ...(parentInteractionId === undefined ? {} : { parentInteractionId }),
      }).then((r) => r.interaction!);
    const a = await put('a');
    const b = await put('b');
    assert.equal(b.parentId, a.id);
    const root = await put('c', null);
    assert.equal(root.parentId, null);
    const child = await put('d');
    assert.equal(child.parentId, root.id, 'the new root is the active leaf');
    const branch = await put('e', a.id);
    assert.equal(branch.parentId, a.id);
    assert.equal((await put('f')).parentId, branch.id);
  });

  it('refuses a parent not in the conversation (404) and a used interaction ID (409)', async () => {
    const { alice, ref, digest } = await withCollection();
    const { interaction } = await alice.metadata.set({
      ...ref,
      conversationId: 'other',
      key: 'k',
      value: 1,
      interactionId: 'my-own-id',
    });
    assert.equal(interaction!.id, 'my-own-id');
    const before = digest();
    await assert.rejects(
      alice.objects.put({
        ...ref,
        path: '/space/body/a.json',
        body: {},
        parentInteractionId: 'my-own-id',
      }),
      {
        type: 'not_found',
        path: '/parentInteractionId',
        message: 'Parent interaction "my-own-id" not found in conversation "default"',
      },
    );
    await assert.rejects(
      alice.objects.put({
        ...ref,
        path: '/space/body/a.json',
        body: {},
        interactionId: 'my-own-id',
      }),
      { type: 'conflict', status: 409 },
    );
    assert.equal(digest(), before, 'the object was not written either');
  });

  it('skips generated IDs the caller already took', async () => {
    const { alice, ref } = await withCollection();
    await alice.metadata.set({ ...ref, key: 'k', value: 1, interactionId: 'int_000001' });
    const next = await alice.metadata.set({ ...ref, key: 'k', value: 2 });
    assert.equal(next.interaction!.id, 'int_000002');
  });

  it('keeps 200 interactions: the 201st evicts the oldest, whose children become roots', async () => {
    const { alice, ref, clock, mock } = await withCollection();
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) {
      clock.now = t0 + i;
      const { interaction } = await alice.metadata.set({ ...ref, key: 'k', value: i });
      ids.push(interaction!.id);
    }
    let { conversation } = await alice.conversations.get(ref);
    assert.equal(Object.keys(conversation.interactions).length, 200);
    assert.equal(conversation.interactions[ids[1]].parentId, ids[0]);
    clock.now = t0 + 200;
    const { interaction } = await alice.metadata.set({
      ...ref,
      key: 'k',
      value: 200,
      parentInteractionId: ids[0],
    });
    ({ conversation } = await alice.conversations.get(ref));
    assert.equal(Object.keys(conversation.interactions).length, 200);
    assert.equal(conversation.interactions[ids[0]], undefined);
    assert.equal(conversation.interactions[ids[1]].parentId, null);
    assert.equal(conversation.interactions[interaction!.id].parentId, null);
    assert.equal(mock.runtime.state.spaces.get(ref.spaceId)!.interactionIndex.has(ids[0]), false);
    const [info] = (await alice.conversations.list(ref)).conversations;
    assert.equal(info.interactionCount, 200);
  });

  it('evicts by timestamp, then ID', async () => {
    const setup = setupRool({ limits: { interactionsPerConversation: 2 } });
    const ref = await setup.space();
    const { alice, clock } = setup;
    clock.now = t0 + 10;
    await alice.metadata.set({ ...ref, key: 'k', value: 1, interactionId: 'zzzzzz' });
    await alice.metadata.set({ ...ref, key: 'k', value: 1, interactionId: 'yyyyyy' });
    clock.now = t0 + 11; // Recorded first, zzzzzz stays: at equal times the smaller ID goes.
    await alice.metadata.set({ ...ref, key: 'k', value: 1, interactionId: 'xxxxxx' });
    const ids = Object.keys((await alice.conversations.get(ref)).conversation.interactions).sort();
    assert.deepEqual(ids, ['xxxxxx', 'zzzzzz']);
  });
});
