import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RoolMockOptions } from '../mod.ts';
import { mockAgentPrompt as script, setupRool, t0 } from '../_testing.ts';

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

describe('ai.prompt', () => {
  it('answers by default with what it saw, never a _ field, and records the prompt', async () => {
    const { alice, ref, mock } = await world();
    await alice.conversations.setSystemInstruction({ ...ref, instruction: 'Be brief' });
    const answer = await alice.ai.prompt({
      ...ref,
      text: 'What is there?',
      attachments: ['/space/body/sun.json', '/rool-drive/notes.txt', 'rool-machine:/x/y'],
    });
    assert.equal(
      answer.message,
      [
        'You asked: What is there?',
        'Collections: body (name: string)',
        'Objects I can see (1): /space/body/sun.json {"name":"Sun"}',
        'Attachments: rool-machine:/space/body/sun.json; rool-machine:/rool-drive/notes.txt; ' +
        'rool-machine:/x/y',
        'System instruction: Be brief',
        'Mode: read-write, effort STANDARD; tools: put_object, patch_object, move_object, ' +
        'delete_objects',
      ].join('\n'),
    );
    assert.ok(!answer.message.includes('hidden'));
    assert.deepEqual(answer.objects, []);
    assert.deepEqual(answer.interaction, {
      id: 'int_000001',
      parentId: null,
      timestamp: t0,
      userId: 'usr_alice',
      userName: 'Alice',
      operation: 'prompt',
      input: 'What is there?',
      output: answer.message,
      status: 'done',
      ai: true,
      modifiedObjectPaths: [],
      toolCalls: [],
      attachments: [
        'rool-machine:/space/body/sun.json',
        'rool-machine:/rool-drive/notes.txt',
        'rool-machine:/x/y',
      ],
    });
    const { conversation } = await alice.conversations.get(ref);
    assert.deepEqual(conversation.interactions.int_000001, answer.interaction);
    assert.deepEqual(mock.runtime.state.telemetry.map((e) => e.event), ['prompt_user']);
  });

  it('runs the tools of a mock-agent block in order, going on after a failure', async () => {
    const { alice, ref } = await world();
    const answer = await alice.ai.prompt({
      ...ref,
      text: script([
        { name: 'put_object', input: { path: '/space/body/moon.json', body: { name: 'Moon' } } },
        { name: 'put_object', input: { path: '/space/nope/x.json', body: {} } },
        { name: 'patch_object', input: { path: '/space/body/sun.json', data: { name: 'Sol' } } },
        {
          name: 'move_object',
          input: { from: '/space/body/moon.json', to: '/space/body/luna.json' },
        },
        { name: 'put_object', input: { path: '/space/body/tmp.json', body: {} } },
        { name: 'delete_objects', input: { paths: ['/space/body/tmp.json'] } },
        { name: 'fly', input: {} },
      ], 'Done it'),
    });
    assert.equal(answer.message, 'Done it');
    assert.deepEqual(
      answer.interaction.toolCalls.map((c) => [c.name, c.status, c.status === 'done' && c.result]),
      [
        ['put_object', 'done', 'Created /space/body/moon.json'],
        ['put_object', 'done', 'Error: Collection "nope" does not exist; create it first'],
        ['patch_object', 'done', 'Updated /space/body/sun.json'],
        ['move_object', 'done', 'Moved /space/body/moon.json to /space/body/luna.json'],
        ['put_object', 'done', 'Created /space/body/tmp.json'],
        ['delete_objects', 'done', 'Deleted 1 object'],
        [
          'fly',
          'done',
          'Error: unknown tool "fly"; tools: put_object, patch_object, move_object, delete_objects',
        ],
      ],
    );
    assert.deepEqual(answer.interaction.modifiedObjectPaths, [
      '/space/body/moon.json',
      '/space/body/sun.json',
      '/space/body/luna.json',
      '/space/body/tmp.json',
    ]);
    assert.deepEqual(answer.objects, [
      { path: '/space/body/sun.json', body: { name: 'Sol', _secret: 'hidden' } },
      { path: '/space/body/luna.json', body: { name: 'Moon' } },
    ]);
    const { stat } = await alice.objects.stat({
      spaceId: ref.spaceId,
      path: '/space/body/luna.json',
    });
    assert.equal(stat!.modifiedInInteraction, answer.interaction.id);
    assert.equal(stat!.modifiedInConversation, 'default');
  });

  it('checks tool inputs with the method schemas', async () => {
    const { alice, ref } = await world();
    const answer = await alice.ai.prompt({
      ...ref,
      text: script([
        { name: 'put_object', input: { path: '/space/body/.x.json', body: {} } },
        { name: 'patch_object', input: { path: '/space/body/sun.json' } },
        { name: 'delete_objects', input: { paths: ['nope'] } },
      ]),
    });
    const results = answer.interaction.toolCalls.map((c) => c.status === 'done' ? c.result : '');
    assert.match(results[0], /^Error: .* at \/path$/);
    assert.equal(results[1], 'Error: Missing required property at /data');
    assert.match(results[2], /^Error: Path at \/paths\/0 is not an object path/);
  });

  it('keeps _ fields out of the agent reach: dropped when sent, kept when stored', async () => {
    const { alice, ref } = await world();
    const answer = await alice.ai.prompt({
      ...ref,
      text: script([
        { name: 'put_object', input: { path: '/space/body/sun.json', body: { name: 'S', _x: 1 } } },
        { name: 'patch_object', input: { path: '/space/body/sun.json', data: { _secret: null } } },
      ]),
    });
    assert.deepEqual(answer.objects, [
      { path: '/space/body/sun.json', body: { name: 'S', _secret: 'hidden' } },
    ]);
  });

  for (
    const [why, input, role] of [
      ['readOnly', { readOnly: true }, 'editor'],
      ['QUICK effort', { effort: 'QUICK' }, 'editor'],
      ['a viewer', {}, 'viewer'],
    ] as const
  ) {
    it(`refuses mutations for ${why}: the tools are not run`, async () => {
      const { alice, bob, ref } = await world();
      await alice.members.add({ spaceId: ref.spaceId, userId: 'usr_bob', role });
      const answer = await bob.ai.prompt({
        ...ref,
        ...input,
        text: script([{ name: 'delete_objects', input: { paths: ['/space/body/sun.json'] } }]),
      });
      assert.deepEqual(answer.interaction.toolCalls.map((c) => c.status === 'done' && c.result), [
        'Error: mutations are disabled (read-only)',
      ]);
      assert.deepEqual(answer.interaction.modifiedObjectPaths, []);
      assert.ok(
        (await bob.objects.get({ spaceId: ref.spaceId, path: '/space/body/sun.json' })).object,
      );
    });
  }

  it('answers JSON of the responseSchema', async () => {
    const { alice, ref } = await world();
    const answer = await alice.ai.prompt({
      ...ref,
      text: 'Summarize',
      responseSchema: {
        type: 'object',
        properties: { count: { type: 'integer', minimum: 3 }, ok: { type: 'boolean' } },
      },
    });
    assert.deepEqual(JSON.parse(answer.message), { count: 3, ok: true });
    assert.equal(answer.interaction.output, answer.message);
  });

  it('says so when the mock-agent block is broken', async () => {
    const { alice, ref } = await world();
    const answer = await alice.ai.prompt({ ...ref, text: '```mock-agent\n{nope\n```' });
    assert.equal(answer.message, 'Error: the mock-agent block is not valid JSON');
    assert.deepEqual(answer.interaction.toolCalls, []);
  });

  it('an ephemeral prompt answers its interaction without recording it or stamping one', async () => {
    const { alice, ref } = await world();
    const answer = await alice.ai.prompt({
      ...ref,
      ephemeral: true,
      text: script([{ name: 'put_object', input: { path: '/space/body/e.json', body: {} } }]),
    });
    assert.equal(answer.interaction.status, 'done');
    assert.deepEqual((await alice.conversations.get(ref)).conversation.interactions, {});
    const { stat } = await alice.objects.stat({ spaceId: ref.spaceId, path: '/space/body/e.json' });
    assert.equal(stat!.modifiedInInteraction, null);
    assert.equal(stat!.modifiedInConversation, null);
  });

  it('turns attachments into rool-machine: URIs, refusing anything else', async () => {
    const { alice, rpc, ref } = await world();
    const answer = await alice.ai.prompt({
      ...ref,
      text: 'Look',
      interactionId: 'with-files',
      files: [
        { data: btoa('hello'), contentType: 'text/plain', filename: 'a b.txt' },
        { data: '', contentType: 'application/octet-stream' },
      ],
    });
    assert.deepEqual(answer.interaction.attachments, [
      'rool-machine:/uploads/with-files/1-a_b.txt',
      'rool-machine:/uploads/with-files/file-2',
    ]);
    const bad = await rpc('ai.prompt', { ...ref, text: 'x', attachments: ['https://x.test/a'] });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error!.path, '/attachments/0');
    const data = await rpc('ai.prompt', {
      ...ref,
      text: 'x',
      files: [{ data: 'not base64!', contentType: 'text/plain' }],
    });
    assert.equal(data.body.error!.path, '/files/0/data');
  });
});
