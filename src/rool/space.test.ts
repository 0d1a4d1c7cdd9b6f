import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  channelInfo,
  channelSnapshot,
  type FakeHandler,
  fakeRool,
  spaceInfo,
} from '../../test/helpers/rool-fake.ts';
import { RoolClient } from './client.ts';
import { RoolError } from './errors.ts';
import type { Logger } from './logger.ts';
import { TokenAuthProvider } from './token-auth.ts';
import type { ChannelInfo, SpaceMember } from './types.ts';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

function member(id: string): SpaceMember {
  return { id, email: `${id}@example.com`, role: 'editor', photoUrl: null };
}

async function setup(handlers: Record<string, FakeHandler> = {}, channels = [channelInfo()]) {
  const fake = fakeRool({
    'spaces.get': () => ({ space: spaceInfo({ memberCount: 2 }), channels }),
    'channels.open': (input) =>
      channelSnapshot({
        channel: channelInfo({ id: input.channelId }),
        created: !channels.some((c) => c.id === input.channelId),
      }),
    ...handlers,
  });
  const client = new RoolClient({
    apiUrl: 'https://api.rool.test',
    authProvider: new TokenAuthProvider('tok'),
    fetch: fake.fetch,
    logger: silent,
  });
  const space = await client.openSpace('spc1');
  const clientEvents: unknown[][] = [];
  for (
    const event of ['channelCreated', 'channelUpdated', 'channelDeleted', 'spaceRenamed'] as const
  ) {
    client.on(event, (...args: unknown[]) => clientEvents.push([event, ...args]));
  }
  const spaceEvents: unknown[][] = [];
  for (const event of ['channelCreated', 'channelUpdated', 'channelDeleted'] as const) {
    space.on(event, (arg: unknown) => spaceEvents.push([event, arg]));
  }
  return { fake, client, space, clientEvents, spaceEvents };
}

describe('RoolSpace', () => {
  test('properties come from spaces.get', async () => {
    const { space } = await setup();
    assert.equal(space.id, 'spc1');
    assert.equal(space.name, 'Solar System');
    assert.equal(space.role, 'owner');
    assert.equal(space.linkAccess, 'none');
    assert.equal(space.memberCount, 2);
    assert.deepEqual(space.channels.map((c) => c.id), ['main']);
    assert.deepEqual(space.route, { server: 'https://api.rool.test' });
  });

  test('openChannel refuses a malformed ID without a call', async () => {
    const { space, fake } = await setup();
    for (const id of ['', 'a'.repeat(33), 'has space', 'dot.ted']) {
      await assert.rejects(space.openChannel(id), (error) => {
        return error instanceof RoolError && error.type === 'validation_error' &&
          error.message === 'Channel ID must be 1–32 characters of A–Z, a–z, 0–9, _ or -';
      });
    }
    assert.equal(fake.callsOf('channels.open').length, 0);
  });

  test('opening a new channel adds it and emits channelCreated on the space and the client', async () => {
    const { space, spaceEvents, clientEvents } = await setup();
    await space.openChannel('main');
    assert.deepEqual(spaceEvents, []);
    const channel = await space.openChannel('notes');
    assert.equal(channel.channelId, 'notes');
    assert.deepEqual(space.channels.map((c) => c.id), ['main', 'notes']);
    const info = channelInfo({ id: 'notes' });
    assert.deepEqual(spaceEvents, [['channelCreated', info]]);
    assert.deepEqual(clientEvents, [['channelCreated', 'spc1', info]]);
  });

  test('renaming a channel updates the list, the open handles and emits channelUpdated', async () => {
    let renamed: ChannelInfo | undefined;
    const { space, spaceEvents, clientEvents, fake } = await setup({
      'channels.rename': (input) => ({
        channel: renamed = channelInfo({ id: input.channelId, name: input.name }),
      }),
    });
    const channel = await space.openChannel('main');
    const channelEvents: unknown[] = [];
    channel.on('channelUpdated', (event) => channelEvents.push(event));
    await channel.rename('Main room');
    assert.deepEqual(fake.callsOf('channels.rename')[0]!.input, {
      spaceId: 'spc1',
      channelId: 'main',
      name: 'Main room',
    });
    assert.equal(channel.channelName, 'Main room');
    assert.equal(space.channels[0]!.name, 'Main room');
    assert.deepEqual(spaceEvents, [['channelUpdated', renamed]]);
    assert.deepEqual(clientEvents, [['channelUpdated', 'spc1', renamed]]);
    assert.deepEqual(channelEvents, [{ channelId: 'main', source: 'local_user' }]);
  });

  test('deleteChannel removes it and emits channelDeleted', async () => {
    const { space, spaceEvents, clientEvents } = await setup({ 'channels.delete': () => ({}) });
    await space.deleteChannel('main');
    assert.deepEqual(space.channels, []);
    assert.deepEqual(spaceEvents, [['channelDeleted', 'main']]);
    assert.deepEqual(clientEvents, [['channelDeleted', 'spc1', 'main']]);
  });

  test('rename updates the name everywhere and the client emits spaceRenamed', async () => {
    const { space, clientEvents } = await setup({
      'spaces.rename': (input) => spaceInfo({ name: input.name }),
    });
    const channel = await space.openChannel('main');
    await space.rename('Planets');
    assert.equal(space.name, 'Planets');
    assert.equal(channel.name, 'Planets');
    assert.deepEqual(clientEvents, [['spaceRenamed', 'spc1', 'Planets']]);
  });

  test('members: the answers keep memberCount current', async () => {
    const members = [member('usr_alice'), member('usr_bob')];
    const { space, fake } = await setup({
      'members.list': () => ({ members }),
      'members.add': (input) => ({ members: [...members, member(input.userId)] }),
      'members.remove': () => ({ members: [members[0]] }),
    });
    assert.deepEqual(await space.listUsers(), members);
    await space.addUser('usr_carol', 'viewer');
    assert.equal(space.memberCount, 3);
    assert.deepEqual(fake.callsOf('members.add')[0]!.input, {
      spaceId: 'spc1',
      userId: 'usr_carol',
      role: 'viewer',
    });
    await space.removeUser('usr_bob');
    assert.equal(space.memberCount, 1);
  });

  test('setLinkAccess takes the answer, also seen by open channels', async () => {
    const { space } = await setup({
      'spaces.setLinkAccess': (input) => spaceInfo({ linkAccess: input.linkAccess }),
    });
    const channel = await space.openChannel('main');
    await space.setLinkAccess('viewer');
    assert.equal(space.linkAccess, 'viewer');
    assert.equal(channel.linkAccess, 'viewer');
  });

  test('refresh rereads the space and emits events for what changed meanwhile', async () => {
    let channels = [channelInfo({ id: 'main' }), channelInfo({ id: 'old' })];
    let name = 'Solar System';
    const { space, spaceEvents, clientEvents, fake } = await setup({}, channels);
    fake.handlers['spaces.get'] = () => ({ space: spaceInfo({ name }), channels });
    channels = [channelInfo({ id: 'main', name: 'Renamed' }), channelInfo({ id: 'new' })];
    name = 'Planets';
    await space.refresh();
    assert.equal(space.name, 'Planets');
    assert.deepEqual(space.channels, channels);
    assert.deepEqual(spaceEvents, [
      ['channelCreated', channelInfo({ id: 'new' })],
      ['channelUpdated', channelInfo({ id: 'main', name: 'Renamed' })],
      ['channelDeleted', 'old'],
    ]);
    assert.deepEqual(clientEvents[0], ['spaceRenamed', 'spc1', 'Planets']);
    await space.refresh();
    assert.equal(spaceEvents.length, 3, 'nothing changed the second time');
  });

  test('close closes its channels and stops listening', async () => {
    const { space } = await setup();
    const channel = await space.openChannel('main');
    channel.on('schemaUpdated', () => {});
    space.close();
    assert.equal(channel.listenerCount('schemaUpdated'), 0);
    assert.equal(space.listenerCount('channelCreated'), 0);
  });

  test('delete deletes through the client, which emits spaceRemoved', async () => {
    const { space, client, fake } = await setup({ 'spaces.delete': () => ({}) });
    const removed: string[] = [];
    client.on('spaceRemoved', (id) => removed.push(id));
    await space.delete();
    assert.deepEqual(fake.callsOf('spaces.delete')[0]!.input, { spaceId: 'spc1' });
    assert.deepEqual(removed, ['spc1']);
  });
});
