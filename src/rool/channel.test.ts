import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  channelInfo,
  channelSnapshot,
  type FakeHandler,
  fakeRool,
  interaction,
  Refusal,
  spaceInfo,
  stat,
} from '../../test/helpers/rool-fake.ts';
import { base64ToBytes } from './_base64.ts';
import type { ChannelSnapshot } from './space-methods.ts';
import { RoolClient } from './client.ts';
import { RoolError } from './errors.ts';
import type { Logger } from './logger.ts';
import { TokenAuthProvider } from './token-auth.ts';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

async function setup(
  handlers: Record<string, FakeHandler> = {},
  snapshot: Partial<ChannelSnapshot> = {},
) {
  const fake = fakeRool({
    'spaces.get': () => ({ space: spaceInfo(), channels: [channelInfo()] }),
    'channels.open': () => channelSnapshot(snapshot),
    ...handlers,
  });
  const client = new RoolClient({
    apiUrl: 'https://api.rool.test',
    authProvider: new TokenAuthProvider('tok'),
    fetch: fake.fetch,
    logger: silent,
  });
  const space = await client.openSpace('spc1');
  const channel = await space.openChannel('main');
  return { fake, client, space, channel };
}

/** Lets fire-and-forget calls reach the fake and their answers come back. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

function mutationAnswer(path: string, id: string | null, body: Record<string, unknown> = {}) {
  return (input: { parentInteractionId?: string | null }) => ({
    object: { path, body },
    message: `Wrote ${path}`,
    stat: stat(path, { modifiedInInteraction: id }),
    interaction: id === null
      ? null
      : interaction(id, { parentId: input.parentInteractionId ?? null }),
  });
}

describe('RoolChannel properties', () => {
  test('come from the space and the channel snapshot', async () => {
    const { channel } = await setup({}, {
      space: spaceInfo({ role: 'viewer', linkAccess: 'viewer', name: 'Shared' }),
      channel: channelInfo({ name: 'Main room' }),
      userId: 'usr_bob',
    });
    assert.equal(channel.id, 'spc1');
    assert.equal(channel.name, 'Shared');
    assert.equal(channel.role, 'viewer');
    assert.equal(channel.isReadOnly, true);
    assert.equal(channel.linkAccess, 'viewer');
    assert.equal(channel.userId, 'usr_bob');
    assert.equal(channel.channelId, 'main');
    assert.equal(channel.channelName, 'Main room');
    assert.equal(channel.conversationId, 'default');
    assert.equal(channel.activeLeafId, undefined);
  });
});

describe('objects and the stat cache', () => {
  test('getObject caches the stat; a missing object is undefined and forgets it', async () => {
    let present = true;
    const { channel } = await setup({
      'objects.get': (input) =>
        present
          ? { object: { path: input.path, body: { a: 1 } }, stat: stat(input.path) }
          : { object: null, stat: null },
    });
    assert.equal(channel.stat('/space/a/b.json'), undefined);
    assert.deepEqual(await channel.getObject('/space/a/b.json'), {
      path: '/space/a/b.json',
      body: { a: 1 },
    });
    assert.equal(channel.stat('/space/a/b.json')?.modifiedBy, 'usr_alice');
    present = false;
    assert.equal(await channel.getObject('/space/a/b.json'), undefined);
    assert.equal(channel.stat('/space/a/b.json'), undefined);
  });

  test('getObjects caches found stats and forgets missing ones', async () => {
    const { channel } = await setup({
      'objects.get': (input) => ({
        object: { path: input.path, body: {} },
        stat: stat(input.path),
      }),
      'objects.getMany': () => ({
        objects: [{ path: '/space/a/x.json', body: {} }],
        missing: ['/space/a/y.json'],
        stats: [stat('/space/a/x.json')],
      }),
    });
    await channel.getObject('/space/a/y.json');
    const result = await channel.getObjects(['/space/a/x.json', '/space/a/y.json']);
    assert.deepEqual(result, {
      objects: [{ path: '/space/a/x.json', body: {} }],
      missing: ['/space/a/y.json'],
    });
    assert.ok(channel.stat('/space/a/x.json'));
    assert.equal(channel.stat('/space/a/y.json'), undefined);
  });

  test('putObject records the interaction as the active leaf and emits conversationUpdated', async () => {
    const { channel, fake } = await setup({
      'objects.put': mutationAnswer('/space/a/x.json', 'i1'),
    });
    const events: unknown[] = [];
    channel.on('conversationUpdated', (event) => events.push(event));
    const result = await channel.putObject('/space/a/x.json', { title: 'X' });
    assert.deepEqual(result, {
      object: { path: '/space/a/x.json', body: {} },
      message: 'Wrote /space/a/x.json',
    });
    const [call] = fake.callsOf('objects.put');
    assert.deepEqual(call!.input, {
      spaceId: 'spc1',
      channelId: 'main',
      conversationId: 'default',
      path: '/space/a/x.json',
      body: { title: 'X' },
    });
    assert.equal(channel.activeLeafId, 'i1');
    assert.equal(channel.stat('/space/a/x.json')?.modifiedInInteraction, 'i1');
    assert.deepEqual(events, [{
      conversationId: 'default',
      channelId: 'main',
      source: 'local_user',
    }]);
  });

  test('without parentInteractionId a mutation continues from the active leaf; null starts a root', async () => {
    let next = 0;
    const { channel, fake } = await setup({
      'objects.put': (input) => mutationAnswer(input.path, `i${++next}`)(input),
    });
    await channel.putObject('/space/a/x.json', {});
    await channel.putObject('/space/a/x.json', {});
    await channel.putObject('/space/a/x.json', {}, { parentInteractionId: null });
    const sent = fake.callsOf('objects.put').map((call) => call.input.parentInteractionId);
    assert.deepEqual(sent, [undefined, 'i1', null]);
    assert.deepEqual(channel.getInteractions().map((i) => i.id), ['i3']);
    channel.setActiveLeaf('i2');
    await channel.putObject('/space/a/x.json', {});
    assert.equal(fake.callsOf('objects.put')[3]!.input.parentInteractionId, 'i2');
    assert.deepEqual(channel.getInteractions().map((i) => i.id), ['i1', 'i2', 'i4']);
  });

  test('an ephemeral mutation is sent as such and recorded nowhere', async () => {
    const { channel, fake } = await setup({
      'objects.put': mutationAnswer('/space/a/x.json', null),
    });
    let updates = 0;
    channel.on('conversationUpdated', () => updates++);
    await channel.putObject('/space/a/x.json', {}, { ephemeral: true });
    assert.equal(fake.callsOf('objects.put')[0]!.input.ephemeral, true);
    assert.deepEqual(channel.getTree(), {});
    assert.equal(updates, 0);
  });

  test('patchObject sends undefined values as null', async () => {
    const { channel, fake } = await setup({
      'objects.patch': mutationAnswer('/space/a/x.json', 'i1'),
    });
    await channel.patchObject('/space/a/x.json', {
      data: { keep: 1, gone: undefined, alsoGone: null },
    });
    assert.deepEqual(fake.callsOf('objects.patch')[0]!.input.data, {
      keep: 1,
      gone: null,
      alsoGone: null,
    });
  });

  test('moveObject forgets the old stat, caches the new one, and sends body only when given', async () => {
    const { channel, fake } = await setup({
      'objects.get': (input) => ({
        object: { path: input.path, body: {} },
        stat: stat(input.path),
      }),
      'objects.move': (input) => mutationAnswer(input.to, 'i1')(input),
    });
    await channel.getObject('/space/a/x.json');
    await channel.moveObject('/space/a/x.json', '/space/a/y.json');
    await channel.moveObject('/space/a/y.json', '/space/a/z.json', { body: { n: 1 } });
    const [first, second] = fake.callsOf('objects.move');
    assert.equal('body' in first!.input, false);
    assert.deepEqual(second!.input.body, { n: 1 });
    assert.equal(channel.stat('/space/a/x.json'), undefined);
    assert.equal(channel.stat('/space/a/y.json'), undefined);
    assert.ok(channel.stat('/space/a/z.json'));
  });

  test('deleteObjects forgets the deleted stats', async () => {
    const { channel } = await setup({
      'objects.put': mutationAnswer('/space/a/x.json', 'i1'),
      'objects.delete': (input) => ({ deleted: input.paths, interaction: interaction('i2') }),
    });
    await channel.putObject('/space/a/x.json', {});
    await channel.deleteObjects(['/space/a/x.json']);
    assert.equal(channel.stat('/space/a/x.json'), undefined);
    assert.equal(channel.activeLeafId, 'i2');
  });

  test('a refused mutation rejects with RoolError and changes no cache', async () => {
    const { channel } = await setup({
      'objects.put': () =>
        new Refusal('validation_error', 'Collection a does not exist; create it first'),
    });
    await assert.rejects(channel.putObject('/space/a/x.json', {}), (error) => {
      return error instanceof RoolError && error.type === 'validation_error' &&
        error.status === 400;
    });
    assert.equal(channel.activeLeafId, undefined);
    assert.equal(channel.stat('/space/a/x.json'), undefined);
  });
});

describe('schema and metadata', () => {
  test('collections update the schema cache and emit schemaUpdated; drop forgets stats', async () => {
    const schema: Record<string, unknown> = {};
    const { channel, fake } = await setup({
      'collections.create': (input) => {
        schema[input.name] = input.def;
        return { collection: input.def, schema: { ...schema }, interaction: interaction('c1') };
      },
      'collections.drop': (input) => {
        delete schema[input.name];
        return {
          collection: null,
          schema: { ...schema },
          interaction: interaction('c2', { parentId: 'c1' }),
        };
      },
      'objects.put': mutationAnswer('/space/article/x.json', 'p1'),
    });
    const events: unknown[] = [];
    channel.on('schemaUpdated', (event) => events.push(event));
    const fields = [{ name: 'title', type: { kind: 'string' as const } }];
    assert.deepEqual(await channel.createCollection('article', fields), { fields });
    await channel.createCollection('note', { fields, schemaOrgType: 'Note' });
    assert.deepEqual(fake.callsOf('collections.create')[1]!.input.def, {
      fields,
      schemaOrgType: 'Note',
    });
    assert.deepEqual(Object.keys(channel.getSchema()), ['article', 'note']);
    await channel.putObject('/space/article/x.json', {});
    await channel.dropCollection('article');
    assert.deepEqual(Object.keys(channel.getSchema()), ['note']);
    assert.equal(channel.stat('/space/article/x.json'), undefined);
    assert.equal(events.length, 3);
    assert.deepEqual(events[2], {
      schema: { note: { fields, schemaOrgType: 'Note' } },
      source: 'local_user',
    });
  });

  test('setMetadata changes the cache at once and sends the write', async () => {
    const { channel, fake } = await setup({
      'metadata.set': () => ({ metadata: {}, interaction: interaction('m1') }),
    }, { metadata: { zoom: 1 } });
    const events: unknown[] = [];
    channel.on('metadataUpdated', (event) => events.push(event));
    channel.setMetadata('viewport', { x: 0 });
    assert.deepEqual(channel.getMetadata('viewport'), { x: 0 });
    channel.setMetadata('zoom', undefined);
    assert.equal(channel.getMetadata('zoom'), undefined);
    assert.deepEqual(channel.getAllMetadata(), { viewport: { x: 0 } });
    assert.deepEqual(events, [
      { metadata: { zoom: 1, viewport: { x: 0 } }, source: 'local_user' },
      { metadata: { viewport: { x: 0 } }, source: 'local_user' },
    ]);
    await settle();
    assert.deepEqual(fake.callsOf('metadata.set').map((c) => [c.input.key, c.input.value]), [
      ['viewport', { x: 0 }],
      ['zoom', null],
    ]);
    assert.equal(channel.activeLeafId, 'm1');
  });

  test('a refused setMetadata rolls back and emits syncError', async () => {
    const { channel } = await setup({
      'metadata.set': () => new Refusal('forbidden', 'Editor role needed'),
    }, { metadata: { zoom: 1 } });
    const errors: Error[] = [];
    channel.on('syncError', (error) => errors.push(error));
    channel.setMetadata('zoom', 2);
    assert.equal(channel.getMetadata('zoom'), 2);
    await settle();
    assert.equal(channel.getMetadata('zoom'), 1);
    assert.equal(errors.length, 1);
    assert.ok(errors[0] instanceof RoolError && errors[0].type === 'forbidden');
  });

  test('a refused write does not undo a newer one', async () => {
    let calls = 0;
    const { channel } = await setup({
      'metadata.set': () =>
        ++calls === 1 ? new Refusal('conflict', 'No') : { metadata: {}, interaction: null },
    });
    channel.setMetadata('k', 'first');
    channel.setMetadata('k', 'second');
    await settle();
    assert.equal(channel.getMetadata('k'), 'second');
  });
});

describe('conversations', () => {
  test('the snapshot fills trees, conversations and instructions', async () => {
    const { channel } = await setup({}, {
      conversations: {
        default: {
          id: 'default',
          name: null,
          systemInstruction: 'Be brief',
          createdAt: 1,
          createdBy: 'usr_alice',
          interactions: {
            a: interaction('a', { timestamp: 1 }),
            b: interaction('b', { parentId: 'a', timestamp: 2 }),
          },
        },
        thread: {
          id: 'thread',
          name: 'Thread',
          systemInstruction: null,
          createdAt: 2,
          createdBy: 'usr_alice',
          interactions: {},
        },
      },
    });
    assert.equal(channel.activeLeafId, 'b');
    assert.equal(channel.getSystemInstruction(), 'Be brief');
    assert.deepEqual(channel.getConversations().map((c) => [c.id, c.interactionCount]), [
      ['default', 2],
      ['thread', 0],
    ]);
    assert.equal(channel.conversation('thread').getSystemInstruction(), undefined);
  });

  test('setActiveLeaf emits conversationUpdated; an unknown ID throws', async () => {
    const { channel } = await setup({}, {
      conversations: {
        default: {
          id: 'default',
          name: null,
          systemInstruction: null,
          createdAt: 1,
          createdBy: 'usr_alice',
          interactions: {
            a: interaction('a', { timestamp: 1 }),
            b: interaction('b', { timestamp: 2 }),
          },
        },
      },
    });
    const events: unknown[] = [];
    channel.on('conversationUpdated', (event) => events.push(event));
    channel.setActiveLeaf('a');
    assert.equal(channel.activeLeafId, 'a');
    assert.deepEqual(events, [{
      conversationId: 'default',
      channelId: 'main',
      source: 'local_user',
    }]);
    assert.throws(() => channel.setActiveLeaf('zzz'), RoolError);
  });

  test('a conversation handle records in its own conversation', async () => {
    const { channel, fake } = await setup({
      'objects.put': mutationAnswer('/space/a/x.json', 't1'),
      'conversations.setSystemInstruction': (input) => ({
        conversation: {
          id: input.conversationId,
          name: null,
          systemInstruction: input.instruction,
          createdAt: 5,
          createdBy: 'usr_alice',
          interactions: { t1: interaction('t1') },
        },
      }),
    });
    const thread = channel.conversation('thread-42');
    assert.equal(channel.conversation('thread-42'), thread);
    await thread.putObject('/space/a/x.json', {});
    assert.equal(fake.callsOf('objects.put')[0]!.input.conversationId, 'thread-42');
    assert.equal(thread.activeLeafId, 't1');
    assert.equal(channel.activeLeafId, undefined);
    await thread.setSystemInstruction('Answer in haiku');
    assert.equal(thread.getSystemInstruction(), 'Answer in haiku');
    assert.equal(thread.activeLeafId, 't1');
    assert.deepEqual(channel.getConversations().map((c) => c.id), ['thread-42']);
    assert.throws(() => channel.conversation('bad id'), RoolError);
  });

  test('deleteConversation forgets it', async () => {
    const { channel, fake } = await setup({
      'objects.put': mutationAnswer('/space/a/x.json', 't1'),
      'conversations.delete': () => ({}),
    });
    await channel.conversation('old').putObject('/space/a/x.json', {});
    await channel.deleteConversation('old');
    assert.deepEqual(fake.callsOf('conversations.delete')[0]!.input, {
      spaceId: 'spc1',
      channelId: 'main',
      conversationId: 'old',
    });
    assert.deepEqual(channel.getConversations(), []);
  });
});

describe('undo and redo', () => {
  test('an applied undo rereads schema and metadata, forgets stats and emits reset', async () => {
    let applied = true;
    const { channel } = await setup({
      'objects.put': mutationAnswer('/space/a/x.json', 'i1'),
      'checkpoints.create': (input) => ({ checkpointId: `cp-${input.label}` }),
      'checkpoints.undo': () => ({ applied, canUndo: false, canRedo: applied }),
      'checkpoints.status': () => ({ canUndo: false, canRedo: true }),
      'schema.get': () => ({ schema: { a: { fields: [] } } }),
      'metadata.get': () => ({ metadata: { restored: true } }),
    });
    assert.equal(await channel.checkpoint('Delete'), 'cp-Delete');
    await channel.putObject('/space/a/x.json', {});
    let resets = 0;
    channel.on('reset', () => resets++);
    assert.equal(await channel.undo(), true);
    assert.deepEqual(channel.getSchema(), { a: { fields: [] } });
    assert.deepEqual(channel.getAllMetadata(), { restored: true });
    assert.equal(channel.stat('/space/a/x.json'), undefined);
    assert.equal(resets, 1);
    applied = false;
    assert.equal(await channel.undo(), false);
    assert.equal(resets, 1);
    assert.equal(await channel.canUndo(), false);
    assert.equal(await channel.canRedo(), true);
  });
});

describe('channel.fetch', () => {
  test('sends the request through proxy.fetch and answers a real Response', async () => {
    const { channel, fake } = await setup({
      'proxy.fetch': () => ({
        status: 201,
        statusText: 'Created',
        headers: { 'content-type': 'application/json', 'x-remote': 'yes' },
        bodyBase64: btoa('{"id":7}'),
      }),
    });
    const response = await channel.fetch('https://api.example.com/items', {
      method: 'post',
      headers: { Authorization: 'Bearer remote' },
      body: JSON.stringify({ key: 'value' }),
    });
    assert.ok(response instanceof Response);
    assert.equal(response.status, 201);
    assert.equal(response.statusText, 'Created');
    assert.equal(response.headers.get('x-remote'), 'yes');
    assert.deepEqual(await response.json(), { id: 7 });
    const { input } = fake.callsOf('proxy.fetch')[0]!;
    assert.equal(input.url, 'https://api.example.com/items');
    assert.equal(input.method, 'POST');
    assert.equal(input.headers.authorization, 'Bearer remote');
    assert.match(input.headers['content-type'], /^text\/plain/);
    assert.equal(new TextDecoder().decode(base64ToBytes(input.bodyBase64)), '{"key":"value"}');
  });

  test('a GET has no body; a 204 answers without one', async () => {
    const { channel, fake } = await setup({
      'proxy.fetch': () => ({ status: 204, statusText: 'No Content', headers: {}, bodyBase64: '' }),
    });
    const response = await channel.fetch('https://api.example.com/ping');
    assert.equal(response.status, 204);
    assert.equal(response.body, null);
    const { input } = fake.callsOf('proxy.fetch')[0]!;
    assert.equal(input.method, 'GET');
    assert.equal('bodyBase64' in input, false);
    assert.equal('headers' in input, false);
  });

  test('refuses what fetch would refuse, before any call', async () => {
    const { channel, fake } = await setup({});
    for (
      const [url, init] of [
        ['https://x.test', { method: 'GET', body: 'x' }],
        ['/relative', undefined],
        ['https://x.test', { method: 'CONNECT' }],
      ] as const
    ) {
      await assert.rejects(channel.fetch(url, init), (error) => {
        return error instanceof RoolError && error.type === 'validation_error';
      });
    }
    assert.equal(fake.callsOf('proxy.fetch').length, 0);
  });
});
