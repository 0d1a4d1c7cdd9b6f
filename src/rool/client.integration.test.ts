// The SDK against the in-process Rool mock (createMockServer serves it under /rool): every
// behaviour here goes through the real wire contract, docs/rool-contract.md.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createMockServer, type MockServerOptions } from '../../mock-server/mod.ts';
import { RoolClient } from './client.ts';
import { RoolError } from './errors.ts';
import type { Logger } from './logger.ts';
import { TokenAuthProvider } from './token-auth.ts';

const apiUrl = 'http://mock.test/rool';
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

function setup(options: MockServerOptions = {}) {
  const mock = createMockServer(options);
  const as = (token: string) =>
    new RoolClient({
      apiUrl,
      authProvider: new TokenAuthProvider(token),
      fetch: mock.fetch,
      logger: silent,
    });
  return { mock, alice: as('rool_alice_token'), bob: as('rool_bob_token'), as };
}

/** A prompt that makes the mock agent call `toolCalls` (docs/rool-contract.md §6). */
function script(
  text: string,
  toolCalls: { name: string; input: unknown }[],
  message?: string,
): string {
  return `${text}\n\`\`\`mock-agent\n${JSON.stringify({ message, toolCalls })}\n\`\`\``;
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

describe('Rool SDK against the mock', () => {
  test("the README's opening example", async () => {
    const { alice } = setup();
    assert.equal(await alice.initialize(), true);
    assert.equal(alice.currentUser?.id, 'usr_alice');
    const space = await alice.createSpace('Solar System');
    const channel = await space.openChannel('main');
    await channel.createCollection('body', [
      { name: 'name', type: { kind: 'string' } },
      { name: 'orbits', type: { kind: 'maybe', inner: { kind: 'ref' } } },
    ]);
    const { object: sun } = await channel.putObject('/space/body/sun.json', { name: 'Sun' });
    const { object: earth } = await channel.putObject('/space/body/earth.json', {
      name: 'Earth',
      orbits: sun.path,
    });
    const { message, objects } = await channel.prompt(script('Add Mars.', [
      {
        name: 'put_object',
        input: { path: '/space/body/mars.json', body: { name: 'Mars', orbits: sun.path } },
      },
    ], 'Added Mars'));
    assert.equal(message, 'Added Mars');
    assert.deepEqual(objects.map((o) => o.path), ['/space/body/mars.json']);
    assert.equal((await channel.getObject(earth.path))?.body.name, 'Earth');
    assert.equal(channel.stat(earth.path)?.modifiedBy, 'usr_alice');
    assert.deepEqual(
      channel.getInteractions().map((i) => i.operation),
      ['createCollection', 'putObject', 'putObject', 'prompt'],
    );
    space.close();
  });

  test("the local trees, active leaves and conversations match the server's", async () => {
    const { alice } = setup();
    const space = await alice.createSpace('Branches');
    const channel = await space.openChannel('main');
    await channel.prompt('First');
    const first = channel.activeLeafId!;
    await channel.prompt('Second');
    channel.setActiveLeaf(first);
    await channel.prompt('Sibling of second');
    await channel.prompt('A new root', { parentInteractionId: null });
    await channel.prompt('Just a look', { ephemeral: true });
    const thread = channel.conversation('thread-42');
    await thread.setSystemInstruction('Answer in haiku');
    await thread.prompt('Hello from another thread');
    await thread.rename('Haiku');

    const tree = channel.getTree();
    const sibling = Object.values(tree).find((i) => i.input === 'Sibling of second')!;
    assert.equal(sibling.parentId, first);
    assert.equal(Object.values(tree).find((i) => i.input === 'A new root')!.parentId, null);
    assert.equal(Object.keys(tree).length, 4, 'the ephemeral prompt is not in the tree');

    // A fresh handle is built from the server's snapshot alone.
    const fresh = await space.openChannel('main');
    assert.deepEqual(fresh.getTree(), tree);
    assert.deepEqual(fresh.conversation('thread-42').getTree(), thread.getTree());
    assert.deepEqual(fresh.getConversations(), channel.getConversations());
    assert.equal(fresh.conversation('thread-42').getSystemInstruction(), 'Answer in haiku');
    assert.deepEqual(channel.getConversations().map((c) => [c.id, c.name]), [
      ['default', null],
      ['thread-42', 'Haiku'],
    ]);
  });

  test('objects: getObjects, patch with undefined, move, delete, and their stats', async () => {
    const { alice } = setup();
    const channel = await (await alice.createSpace('Objects')).openChannel('main');
    await channel.createCollection('article', [{ name: 'title', type: { kind: 'string' } }]);
    await channel.putObject('/space/article/a.json', { title: 'A', draft: true, _ui: { x: 1 } });
    await channel.patchObject('/space/article/a.json', {
      data: { draft: undefined, status: 'published' },
    });
    assert.deepEqual((await channel.getObject('/space/article/a.json'))?.body, {
      title: 'A',
      _ui: { x: 1 },
      status: 'published',
    });
    const { objects, missing } = await channel.getObjects([
      '/space/article/a.json',
      '/space/article/nope.json',
    ]);
    assert.equal(objects.length, 1);
    assert.deepEqual(missing, ['/space/article/nope.json']);
    await channel.moveObject('/space/article/a.json', '/space/article/b.json', {
      body: { title: 'B' },
    });
    assert.equal(channel.stat('/space/article/a.json'), undefined);
    assert.equal(
      channel.stat('/space/article/b.json')?.modifiedInInteraction,
      channel.activeLeafId,
    );
    await assert.rejects(
      channel.deleteObjects(['/space/article/b.json', '/space/article/zzz.json']),
      (error) => {
        return error instanceof RoolError && error.type === 'not_found' && error.status === 404;
      },
    );
    await channel.deleteObjects(['/space/article/b.json']);
    assert.equal(await channel.getObject('/space/article/b.json'), undefined);
    await assert.rejects(channel.putObject('/space/missing/x.json', {}), (error) => {
      return error instanceof RoolError && error.type === 'validation_error';
    });
  });

  test("metadata is fire-and-forget; a viewer's write is rolled back as a syncError", async () => {
    const { alice, bob } = setup();
    const space = await alice.createSpace('Meta');
    const channel = await space.openChannel('main');
    channel.setMetadata('viewport', { zoom: 2 });
    await settle();
    assert.deepEqual((await space.openChannel('main')).getMetadata('viewport'), { zoom: 2 });

    await space.setLinkAccess('viewer');
    await bob.initialize();
    const bobChannel = await (await bob.openSpace(space.id)).openChannel('main');
    assert.equal(bobChannel.isReadOnly, true);
    const errors: Error[] = [];
    bobChannel.on('syncError', (error) => errors.push(error));
    bobChannel.setMetadata('viewport', { zoom: 9 });
    assert.deepEqual(bobChannel.getMetadata('viewport'), { zoom: 9 });
    await settle();
    assert.deepEqual(bobChannel.getMetadata('viewport'), { zoom: 2 });
    assert.ok(
      errors[0] instanceof RoolError && errors[0].type === 'forbidden' && errors[0].status === 403,
    );
  });

  test('undo and redo restore the state and emit reset', async () => {
    const { alice } = setup();
    const channel = await (await alice.createSpace('Undo')).openChannel('main');
    await channel.createCollection('note', [{ name: 'text', type: { kind: 'string' } }]);
    await channel.putObject('/space/note/a.json', { text: 'keep me' });
    assert.equal(await channel.canUndo(), false);
    await channel.checkpoint('Delete note');
    await channel.deleteObjects(['/space/note/a.json']);
    let resets = 0;
    channel.on('reset', () => resets++);
    assert.equal(await channel.undo(), true);
    assert.equal((await channel.getObject('/space/note/a.json'))?.body.text, 'keep me');
    assert.equal(await channel.canRedo(), true);
    assert.equal(await channel.redo(), true);
    assert.equal(await channel.getObject('/space/note/a.json'), undefined);
    assert.equal(resets, 2);
    await channel.clearHistory();
    assert.equal(await channel.undo(), false);
  });

  test('abort stops an in-flight prompt, which still resolves', async () => {
    const { alice } = setup({ rool: { agentDelayMs: 100 } });
    const channel = await (await alice.createSpace('Stop')).openChannel('main');
    await channel.createCollection('n', [{ name: 'i', type: { kind: 'number' } }]);
    const toolCalls = Array.from({ length: 20 }, (_, i) => ({
      name: 'put_object',
      input: { path: `/space/n/n${i}.json`, body: { i } },
    }));
    const ac = new AbortController();
    const promptPromise = channel.prompt(script('Write twenty', toolCalls), { signal: ac.signal });
    ac.abort();
    const { message, objects } = await promptPromise;
    assert.equal(message, 'Stopped');
    assert.ok(objects.length < 20, `${objects.length} objects written`);
    const stopped = channel.getTree()[channel.activeLeafId!]!;
    assert.equal(stopped.status, 'error');
    assert.equal(stopped.output, 'Stopped');
    assert.equal(await channel.stop(), false, 'nothing is in flight any more');
  });

  test('channel.fetch goes through proxy.fetch; loopback is refused', async () => {
    const remote = (input: Request | string | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      return Promise.resolve(
        Response.json({ method: request.method, url: request.url }, {
          headers: { 'x-remote': '1' },
        }),
      );
    };
    const { alice } = setup({ rool: { fetch: remote } });
    const channel = await (await alice.createSpace('Fetch')).openChannel('main');
    const response = await channel.fetch('https://api.example.com/items?q=1', {
      method: 'POST',
      body: '{}',
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-remote'), '1');
    assert.deepEqual(await response.json(), {
      method: 'POST',
      url: 'https://api.example.com/items?q=1',
    });
    await assert.rejects(channel.fetch('http://127.0.0.1:8080/'), (error) => {
      return error instanceof RoolError && error.type === 'forbidden';
    });
  });

  test('spaces: list, rename, members, link access, channels, duplicate and delete', async () => {
    const { alice, bob } = setup();
    await alice.initialize();
    const events: string[] = [];
    alice.on('spaceRenamed', (_id, name) => events.push(`renamed:${name}`));
    alice.on('channelUpdated', (_id, channel) => events.push(`channel:${channel.name}`));
    alice.on('spaceRemoved', (id) => events.push(`removed:${id}`));
    const space = await alice.createSpace('Team');
    assert.deepEqual((await alice.listSpaces()).map((s) => s.name), ['Team']);
    await space.rename('Team space');
    const bobUser = await alice.searchUser('BOB@example.com');
    assert.equal(bobUser?.id, 'usr_bob');
    await space.addUser(bobUser!.id, 'editor');
    assert.equal(space.memberCount, 2);
    assert.deepEqual((await space.listUsers()).map((m) => m.role), ['owner', 'editor']);
    await bob.initialize();
    assert.equal((await bob.openSpace(space.id)).role, 'editor');
    await space.setLinkAccess('viewer');
    assert.equal(space.linkAccess, 'viewer');
    await space.openChannel('notes');
    await space.renameChannel('notes', 'Notes');
    const copy = await alice.duplicateSpace(space.id, 'Copy');
    assert.deepEqual(copy.channels.map((c) => c.name), ['Notes']);
    await space.deleteChannel('notes');
    assert.deepEqual(space.channels, []);
    await space.delete();
    await assert.rejects(
      alice.openSpace(space.id),
      (error) => error instanceof RoolError && error.status === 404,
    );
    assert.deepEqual(events, ['renamed:Team space', 'channel:Notes', `removed:${space.id}`]);
  });

  test('user storage syncs to the server; a new client reads it back', async () => {
    const { alice, as } = setup();
    await alice.initialize();
    alice.setUserStorage('theme', 'dark');
    alice.setUserStorage('layout', { columns: 3 });
    alice.setUserStorage('layout', null);
    await settle();
    const again = as('rool_alice_token');
    await again.initialize();
    assert.deepEqual(again.getAllUserStorage(), { theme: 'dark' });
  });

  test('the user: profile updates, conflicts, getAuthUser, logout revokes the token', async () => {
    const { alice, bob, as } = setup();
    await alice.initialize();
    await bob.initialize();
    assert.equal((await alice.updateCurrentUser({ name: 'Alice A' })).name, 'Alice A');
    await assert.rejects(alice.updateCurrentUser({ slug: 'bob' }), (error) => {
      return error instanceof RoolError && error.type === 'conflict' && error.status === 409;
    });
    // Seeded tokens are opaque: the identity comes from currentUser.
    assert.deepEqual(alice.getAuthUser(), {
      id: 'usr_alice',
      email: 'alice@example.com',
      name: 'Alice A',
    });
    alice.logout();
    await settle();
    assert.equal(await as('rool_alice_token').initialize(), false);
    assert.equal(await bob.isAuthenticated(), true);
  });

  test('deleteCurrentUser signs out for good', async () => {
    const { bob, as } = setup();
    await bob.initialize();
    await bob.deleteCurrentUser();
    assert.equal(bob.currentUser, null);
    assert.equal(await as('rool_bob_token').initialize(), false);
  });

  test('a bad token is unauthorized; a space nobody shared is not found', async () => {
    const { alice, bob, as } = setup();
    await assert.rejects(as('nope').listSpaces(), (error) => {
      return error instanceof RoolError && error.type === 'unauthorized' && error.status === 401;
    });
    const space = await alice.createSpace('Private');
    await assert.rejects(bob.openSpace(space.id), (error) => {
      return error instanceof RoolError && error.type === 'not_found';
    });
  });
});
