import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RoolMockOptions } from '../mod.ts';
import { mockAgentPrompt as script, setupRool, until } from '../_testing.ts';

async function world(options: RoolMockOptions = {}) {
  const setup = setupRool(options);
  const ref = await setup.space();
  const { alice } = setup;
  await alice.collections.create({
    ...ref,
    name: 'body',
    def: { fields: [{ name: 'name', type: { kind: 'string' } }] },
    ephemeral: true,
  });
  await alice.objects.put({
    ...ref,
    path: '/space/body/sun.json',
    body: { name: 'Sun', _secret: 'hidden' },
    ephemeral: true,
  });
  return { ...setup, ref };
}

describe('stopping a prompt', () => {
  it('ai.stop stops the conversation in-flight prompt mid-way; it answers what was done', async () => {
    const { alice, bob, ref, mock } = await world({ agentDelayMs: 30 });
    await alice.members.add({ spaceId: ref.spaceId, userId: 'usr_bob', role: 'viewer' });
    const running = alice.ai.prompt({
      ...ref,
      interactionId: 'long-prompt',
      text: script([
        { name: 'put_object', input: { path: '/space/body/a.json', body: {} } },
        { name: 'put_object', input: { path: '/space/body/b.json', body: {} } },
      ]),
    });
    const space = mock.runtime.state.spaces.get(ref.spaceId)!;
    const live = () =>
      space.channels.get('main')!.conversations.get('default')!.interactions.get('long-prompt');
    await until(() => live()?.toolCalls.length === 1);
    const seen = (await bob.conversations.get(ref)).conversation.interactions['long-prompt'];
    assert.equal(seen.status, 'streaming');
    assert.equal(seen.output, null);
    assert.deepEqual(await bob.ai.stop({ ...ref, conversationId: 'other' }), { stopped: false });
    assert.deepEqual(await bob.ai.stop(ref), { stopped: true });
    const answer = await running;
    assert.equal(answer.message, 'Stopped');
    assert.equal(answer.interaction.status, 'error');
    assert.equal(answer.interaction.output, 'Stopped');
    assert.deepEqual(answer.objects.map((o) => o.path), ['/space/body/a.json']);
    assert.deepEqual(answer.interaction.toolCalls.length, 1);
    assert.equal(
      (await alice.objects.get({ spaceId: ref.spaceId, path: '/space/body/b.json' })).object,
      null,
    );
    assert.deepEqual(await bob.ai.stop(ref), { stopped: false }, 'nothing left in flight');
    assert.equal(mock.runtime.inFlight.size, 0);
  });

  it('ai.stopInteraction stops one prompt by ID, even an ephemeral one', async () => {
    const { alice, ref, mock } = await world({ agentDelayMs: 200 });
    const running = alice.ai.prompt({
      ...ref,
      text: 'slow',
      interactionId: 'ephemeral-1',
      ephemeral: true,
    });
    await until(() => mock.runtime.inFlight.size === 1);
    assert.deepEqual(
      await alice.ai.stopInteraction({ ...ref, interactionId: 'someone-else' }),
      { stopped: false },
    );
    await assert.rejects(
      alice.ai.prompt({ ...ref, text: 'again', interactionId: 'ephemeral-1' }),
      { type: 'conflict' },
      'an ID in flight is taken',
    );
    assert.deepEqual(await alice.ai.stopInteraction({ ...ref, interactionId: 'ephemeral-1' }), {
      stopped: true,
    });
    const answer = await running;
    assert.equal(answer.interaction.status, 'error');
    assert.equal(answer.interaction.output, 'Stopped');
  });

  it('resetting the mock or deleting the space stops prompts in flight', async () => {
    const { alice, ref, mock } = await world({ agentDelayMs: 200 });
    const first = alice.ai.prompt({ ...ref, text: 'slow' });
    await until(() => mock.runtime.inFlight.size === 1);
    await alice.spaces.delete({ spaceId: ref.spaceId });
    assert.equal((await first).message, 'Stopped');
    const other = await world({ agentDelayMs: 200 });
    const second = other.alice.ai.prompt({ ...other.ref, text: 'slow' });
    await until(() => other.mock.runtime.inFlight.size === 1);
    other.mock.reset();
    assert.equal((await second).message, 'Stopped');
  });
});
