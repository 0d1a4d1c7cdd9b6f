// Live events end to end: RoolClients on the in-process Rool mock (docs/rool-events.md), through
// a network stand-in that can cut event streams underneath the SDK. Each test shows what a user
// of the other client would notice, that the acting client sees its own changes exactly once,
// and that caches converge.
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { createMockServer } from '../../mock-server/mod.ts';
import type { RoolMockOptions } from '../../mock-server/rool/mod.ts';
import type { FetchFn } from '../rpc/client.ts';
import { RoolClient } from './client.ts';
import type { RoolEventsConfig } from './config.ts';
import type { ConnectionState } from './event-types.ts';
import type { Logger } from './logger.ts';
import type { RoolSpace } from './space.ts';
import { TokenAuthProvider } from './token-auth.ts';

const apiUrl = 'http://mock.test/rool';
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** One event stream as the network stand-in passed it on. */
interface Stream {
  path: string;
  headers: Headers;
  open: boolean;
  cut(): void;
}

/**
 * The in-process mock behind a `fetch` that records every request's headers and can cut event
 * streams, as a dropped connection would: the SDK sees its body fail, the mock sees it cancelled.
 */
function network(fetch: FetchFn) {
  const requests: { path: string; headers: Headers }[] = [];
  const streams: Stream[] = [];
  const wrapped: FetchFn = async (input, init) => {
    const path = new URL(String(input instanceof Request ? input.url : input)).pathname;
    const headers = new Headers(init?.headers);
    requests.push({ path, headers });
    const response = await fetch(input, init);
    if (!response.headers.get('content-type')?.startsWith('text/event-stream')) return response;
    const reader = response.body!.getReader();
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const stream: Stream = {
      path,
      headers,
      open: true,
      cut() {
        if (!stream.open) return;
        stream.open = false;
        controller.error(new TypeError('Connection reset'));
        void reader.cancel().catch(() => {});
      },
    };
    streams.push(stream);
    const body = new ReadableStream<Uint8Array>({
      start: (c) => void (controller = c),
      async pull(c) {
        const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
        if (!stream.open) return;
        if (done) {
          stream.open = false;
          c.close();
        } else c.enqueue(value!);
      },
      cancel() {
        stream.open = false;
        return reader.cancel();
      },
    });
    return new Response(body, { status: response.status, headers: response.headers });
  };
  return {
    fetch: wrapped,
    requests,
    streams,
    /** Open streams at a path ending, e.g. `/v1/events`. */
    openAt: (suffix: string) => streams.filter((s) => s.open && s.path.endsWith(suffix)),
  };
}

const clients: RoolClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

function setup(rool: Omit<RoolMockOptions, 'basePath'> = {}) {
  const mock = createMockServer({ rool: { heartbeatMs: 50, ...rool } });
  const net = network(mock.fetch);
  const as = (token: string, events: RoolEventsConfig = {}) => {
    const client = new RoolClient({
      apiUrl,
      authProvider: new TokenAuthProvider(token),
      fetch: net.fetch,
      logger: silent,
      events: { reconnectBaseMs: 20, reconnectMaxMs: 200, heartbeatTimeoutMs: 2_000, ...events },
    });
    clients.push(client);
    return client;
  };
  return { mock, net, as };
}

async function until(check: () => boolean, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Lets events in flight arrive: long enough for the in-process streams, with margin. */
function settle(ms = 60): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Alice and Bob signed in, on a space of Alice's that Bob edits, both on channel `main`. */
async function sharedSpace(rool: Omit<RoolMockOptions, 'basePath'> = {}) {
  const env = setup(rool);
  const alice = env.as('rool_alice_token');
  const bob = env.as('rool_bob_token');
  assert.equal(await alice.initialize(), true);
  assert.equal(await bob.initialize(), true);
  const aliceSpace = await alice.createSpace('Shared');
  await aliceSpace.addUser('usr_bob', 'editor');
  const bobSpace = await bob.openSpace(aliceSpace.id);
  const aliceMain = await aliceSpace.openChannel('main');
  const bobMain = await bobSpace.openChannel('main');
  await until(() => env.net.openAt(`/${aliceSpace.id}/events`).length === 2, 'both space streams');
  await until(() => env.net.openAt('/v1/events').length === 2, 'both client streams');
  return { ...env, alice, bob, aliceSpace, bobSpace, aliceMain, bobMain };
}

function record<T extends unknown[]>() {
  const calls: T[] = [];
  return { calls, listener: (...args: T) => void calls.push(args) };
}

describe('live events: the client ID', () => {
  test('every request of a client names the same random Rool-Client-Id; clients differ', async () => {
    const { net, as } = setup();
    const alice = as('rool_alice_token');
    const other = as('rool_alice_token');
    await alice.initialize();
    await other.initialize();
    const space = await alice.createSpace('Ids');
    await until(() => net.openAt(`/${space.id}/events`).length === 1, 'the space stream');
    await until(() => net.openAt('/v1/events').length === 2, 'the client streams');
    const ids = new Map<string, Set<string>>();
    for (const request of net.requests) {
      const id = request.headers.get('rool-client-id');
      assert.ok(id, `${request.path} names a client`);
      assert.match(id, /^[A-Za-z0-9_-]{8,64}$/);
      const token = request.headers.get('authorization')!;
      ids.set(id, (ids.get(id) ?? new Set()).add(request.path));
      assert.equal(token, 'Bearer rool_alice_token');
    }
    assert.equal(ids.size, 2, 'one ID per client');
    const paths = [...ids.values()].find((set) => set.size > 2)!;
    assert.ok(paths.has('/rool/v1/rpc') && paths.has('/rool/v1/events'));
    assert.ok(paths.has(`/rool/v1/spaces/${space.id}/events`));
  });
});

describe('live events: the client stream', () => {
  test('a rename reaches the other user; the renamer sees it once', async () => {
    const { alice, bob, aliceSpace, bobSpace } = await sharedSpace();
    const aliceRenames = record<[string, string]>();
    const bobRenames = record<[string, string]>();
    alice.on('spaceRenamed', aliceRenames.listener);
    bob.on('spaceRenamed', bobRenames.listener);
    await aliceSpace.rename('Renamed');
    await until(() => bobRenames.calls.length === 1, "Bob's spaceRenamed");
    await settle();
    assert.deepEqual(bobRenames.calls, [[aliceSpace.id, 'Renamed']]);
    assert.deepEqual(aliceRenames.calls, [[aliceSpace.id, 'Renamed']], 'once for Alice');
    assert.equal(bobSpace.name, 'Renamed', "Bob's open handle follows");
  });

  test('a new member hears spaceAdded; a removed one spaceRemoved, and its stream stops', async () => {
    const { alice, bob } = await sharedSpace();
    const added = record<[{ id: string; role: string }]>();
    const removed = record<[string]>();
    bob.on('spaceAdded', added.listener);
    bob.on('spaceRemoved', removed.listener);
    const other = await alice.createSpace('Second');
    await other.addUser('usr_bob', 'viewer');
    await until(() => added.calls.length === 1, 'spaceAdded');
    assert.deepEqual([added.calls[0]![0].id, added.calls[0]![0].role], [other.id, 'viewer']);

    const bobOther = await bob.openSpace(other.id);
    const states: ConnectionState[] = [];
    bobOther.on('connectionStateChanged', (state) => states.push(state));
    await until(() => states.at(-1) === 'connected', "Bob's space stream");
    await other.removeUser('usr_bob');
    await until(() => removed.calls.length === 1, 'spaceRemoved');
    await until(() => states.at(-1) === 'disconnected', "the space stream's end");
    await settle();
    assert.deepEqual(removed.calls, [[other.id]], 'once, though both streams told');
  });

  test("user storage written by one client reaches the user's other clients", async () => {
    const { as } = setup();
    const tab1 = as('rool_alice_token');
    const tab2 = as('rool_alice_token');
    await tab1.initialize();
    await tab2.initialize();
    const seen1 = record<[{ key: string; value: unknown; source: string }]>();
    const seen2 = record<[{ key: string; value: unknown; source: string }]>();
    tab1.on('userStorageChanged', seen1.listener);
    tab2.on('userStorageChanged', seen2.listener);
    await settle();
    tab1.setUserStorage('theme', 'dark');
    tab1.setUserStorage('theme', 'light');
    tab1.setUserStorage('draft', { text: 'hi' });
    tab1.setUserStorage('draft', null);
    await until(() => seen2.calls.length === 4, "tab 2's four events");
    await settle();
    assert.deepEqual(seen2.calls.map(([e]) => [e.key, e.value, e.source]), [
      ['theme', 'dark', 'remote'],
      ['theme', 'light', 'remote'],
      ['draft', { text: 'hi' }, 'remote'],
      ['draft', undefined, 'remote'],
    ]);
    assert.deepEqual(seen1.calls.map(([e]) => e.source), ['local', 'local', 'local', 'local']);
    assert.deepEqual(tab2.getAllUserStorage(), tab1.getAllUserStorage());
    assert.deepEqual(tab1.getAllUserStorage(), { theme: 'light' });
  });
});

describe('live events: the space stream', () => {
  test('channels created, renamed and deleted reach the other user; caches converge', async () => {
    const { bob, aliceSpace, bobSpace } = await sharedSpace();
    const bobEvents: string[] = [];
    bobSpace.on('channelCreated', (c) => bobEvents.push(`created ${c.id}`));
    bobSpace.on('channelUpdated', (c) => bobEvents.push(`updated ${c.id} ${c.name}`));
    bobSpace.on('channelDeleted', (id) => bobEvents.push(`deleted ${id}`));
    const bobClientEvents: string[] = [];
    bob.on('channelCreated', (id, c) => bobClientEvents.push(`${id === bobSpace.id} ${c.id}`));
    const aliceEvents: string[] = [];
    aliceSpace.on('channelCreated', (c) => aliceEvents.push(`created ${c.id}`));
    aliceSpace.on('channelUpdated', (c) => aliceEvents.push(`updated ${c.id} ${c.name}`));
    aliceSpace.on('channelDeleted', (id) => aliceEvents.push(`deleted ${id}`));

    await aliceSpace.openChannel('notes');
    await aliceSpace.renameChannel('notes', 'Notes');
    await aliceSpace.openChannel('scratch');
    await aliceSpace.deleteChannel('scratch');
    const want = ['created notes', 'updated notes Notes', 'created scratch', 'deleted scratch'];
    await until(() => bobEvents.length === 4, "Bob's four events");
    await settle();
    assert.deepEqual(bobEvents, want);
    assert.deepEqual(aliceEvents, want, 'Alice sees each of hers once');
    assert.deepEqual(bobClientEvents, ['true notes', 'true scratch'], 'passed through the client');
    assert.deepEqual(bobSpace.channels, aliceSpace.channels);
  });

  test("an open channel hears a rename of itself with the renamer's source", async () => {
    const { aliceSpace, bobMain } = await sharedSpace();
    const updates = record<[{ channelId: string; source: string }]>();
    bobMain.on('channelUpdated', updates.listener);
    await aliceSpace.renameChannel('main', 'Main');
    await until(() => updates.calls.length === 1, 'channelUpdated');
    assert.deepEqual(updates.calls, [[{ channelId: 'main', source: 'remote_user' }]]);
    assert.equal(bobMain.channelName, 'Main');
  });

  test('metadata and schema reach every open channel; the writer sees each once', async () => {
    const { aliceMain, bobMain, bobSpace } = await sharedSpace();
    const bobNotes = await bobSpace.openChannel('notes');
    const aliceMeta = record<[{ metadata: Record<string, unknown>; source: string }]>();
    const bobMeta = record<[{ metadata: Record<string, unknown>; source: string }]>();
    const bobSchema = record<[{ schema: Record<string, unknown>; source: string }]>();
    const aliceSchema = record<[{ schema: Record<string, unknown>; source: string }]>();
    aliceMain.on('metadataUpdated', aliceMeta.listener);
    aliceMain.on('schemaUpdated', aliceSchema.listener);
    bobMain.on('metadataUpdated', bobMeta.listener);
    bobMain.on('schemaUpdated', bobSchema.listener);

    aliceMain.setMetadata('title', 'Solar');
    aliceMain.setMetadata('owner', 'Alice');
    await aliceMain.createCollection('body', [{ name: 'name', type: { kind: 'string' } }]);
    await aliceMain.createCollection('moon', [{ name: 'name', type: { kind: 'string' } }]);
    await until(() => bobSchema.calls.length === 2 && bobMeta.calls.length === 2, 'Bob');
    await settle();
    assert.deepEqual(bobMeta.calls.map(([e]) => [e.metadata, e.source]), [
      [{ title: 'Solar' }, 'remote_user'],
      [{ title: 'Solar', owner: 'Alice' }, 'remote_user'],
    ]);
    assert.deepEqual(bobSchema.calls.map(([e]) => [Object.keys(e.schema), e.source]), [
      [['body'], 'remote_user'],
      [['body', 'moon'], 'remote_user'],
    ]);
    assert.deepEqual(aliceMeta.calls.map(([e]) => e.source), ['local_user', 'local_user']);
    assert.deepEqual(aliceSchema.calls.map(([e]) => e.source), ['local_user', 'local_user']);
    for (const channel of [bobMain, bobNotes]) {
      assert.deepEqual(channel.getAllMetadata(), aliceMain.getAllMetadata());
      assert.deepEqual(channel.getSchema(), aliceMain.getSchema());
    }
  });

  test("a second handle of the writer's own client gets its changes once, as local_user", async () => {
    const { aliceSpace, aliceMain } = await sharedSpace();
    const second = await aliceSpace.openChannel('main');
    const firstSeen = record<[{ source: string }]>();
    const secondSeen = record<[{ source: string }]>();
    aliceMain.on('metadataUpdated', firstSeen.listener);
    second.on('metadataUpdated', secondSeen.listener);
    aliceMain.setMetadata('k', 1);
    await until(() => secondSeen.calls.length === 1, 'the second handle');
    await settle();
    assert.deepEqual(firstSeen.calls.map(([e]) => e.source), ['local_user']);
    assert.deepEqual(secondSeen.calls.map(([e]) => e.source), ['local_user']);
    assert.deepEqual(second.getAllMetadata(), { k: 1 });
  });

  test('conversations: the other user sees the tree grow and follows the tip', async () => {
    const { aliceMain, bobMain } = await sharedSpace();
    const bobUpdates = record<[{ conversationId: string; source: string }]>();
    const aliceUpdates = record<[{ conversationId: string; source: string }]>();
    bobMain.on('conversationUpdated', bobUpdates.listener);
    aliceMain.on('conversationUpdated', aliceUpdates.listener);
    await aliceMain.prompt('First');
    await aliceMain.createCollection('body', [{ name: 'name', type: { kind: 'string' } }]);
    await aliceMain.conversation('side').prompt('Elsewhere');
    await until(
      () =>
        Object.keys(bobMain.getTree()).length === 2 &&
        Object.keys(bobMain.conversation('side').getTree()).length === 1,
      "Bob's trees",
    );
    await settle();
    assert.deepEqual(bobMain.getTree(), aliceMain.getTree());
    assert.equal(bobMain.activeLeafId, aliceMain.activeLeafId, "Bob's view follows the tip");
    assert.deepEqual(bobMain.getConversations(), aliceMain.getConversations());
    assert.ok(bobUpdates.calls.every(([e]) => e.source !== 'local_user'));
    assert.ok(bobUpdates.calls.some(([e]) => e.source === 'remote_user'));
    // Alice's own changes once each (the agent's steps come as remote_agent).
    assert.deepEqual(
      aliceUpdates.calls.filter(([e]) => e.source === 'local_user').map(([e]) => e.conversationId),
      ['default', 'default', 'side'],
    );

    // Bob continues from the tip he follows, so the history stays one line.
    await bobMain.prompt('Second, by Bob');
    await until(() => Object.keys(aliceMain.getTree()).length === 3, "Alice's tree");
    assert.deepEqual(aliceMain.getInteractions().map((i) => i.input), [
      'First',
      'createCollection body',
      'Second, by Bob',
    ]);
  });

  test('a viewer on another branch stays on it', async () => {
    const { aliceMain, bobMain } = await sharedSpace();
    await aliceMain.prompt('Root');
    await aliceMain.prompt('Child');
    await until(() => Object.keys(bobMain.getTree()).length === 2, "Bob's tree");
    const root = bobMain.getInteractions()[0]!.id;
    bobMain.setActiveLeaf(root);
    await aliceMain.prompt('Grandchild');
    await until(() => Object.keys(bobMain.getTree()).length === 3, "Bob's tree");
    assert.equal(bobMain.activeLeafId, root);
  });

  test('files: writes emit filesChanged for everyone and make cached stats stale', async () => {
    const { aliceMain, bobMain, aliceSpace, bobSpace } = await sharedSpace();
    await aliceMain.createCollection('body', [{ name: 'name', type: { kind: 'string' } }]);
    await aliceMain.putObject('/space/body/sun.json', { name: 'Sun' });
    await bobMain.getObject('/space/body/sun.json');
    assert.equal(bobMain.stat('/space/body/sun.json')?.modifiedBy, 'usr_alice');
    const bobFiles = record<[{ spaceId: string; source: string; timestamp: number }]>();
    const aliceFiles = record<[{ spaceId: string; source: string; timestamp: number }]>();
    bobSpace.on('filesChanged', bobFiles.listener);
    aliceSpace.on('filesChanged', aliceFiles.listener);
    await aliceMain.patchObject('/space/body/sun.json', { data: { name: 'Sol' } });
    await until(() => bobFiles.calls.length === 1 && aliceFiles.calls.length === 1, 'both');
    assert.equal(bobFiles.calls[0]![0].source, 'remote_user');
    assert.equal(bobFiles.calls[0]![0].spaceId, aliceSpace.id);
    assert.equal(typeof bobFiles.calls[0]![0].timestamp, 'number');
    assert.equal(aliceFiles.calls[0]![0].source, 'local_user', 'never emitted locally otherwise');
    assert.equal(bobMain.stat('/space/body/sun.json'), undefined, 'the stale stat is gone');
    assert.equal((await bobMain.getObject('/space/body/sun.json'))?.body.name, 'Sol');
  });

  test('undo elsewhere resets every open channel and rereads its caches', async () => {
    const { aliceMain, bobMain, bobSpace } = await sharedSpace();
    const bobNotes = await bobSpace.openChannel('notes');
    await aliceMain.checkpoint('before');
    await aliceMain.createCollection('body', []);
    await until(() => 'body' in bobMain.getSchema(), 'the schema');
    const resets = record<[{ source: string }]>();
    bobMain.on('reset', resets.listener);
    bobNotes.on('reset', resets.listener);
    assert.equal(await aliceMain.undo(), true);
    await until(() => resets.calls.length === 2, 'both resets');
    assert.deepEqual(resets.calls.map(([e]) => e.source), ['remote_user', 'remote_user']);
    assert.deepEqual(bobMain.getSchema(), {});
    assert.deepEqual(bobNotes.getSchema(), {});
  });
});

describe('live events: connections', () => {
  test('a cut stream reconnects with Last-Event-ID and loses nothing', async () => {
    const { net, aliceSpace, aliceMain, bobSpace, bobMain } = await sharedSpace();
    const states: ConnectionState[] = [];
    bobSpace.on('connectionStateChanged', (state) => states.push(state));
    const events: string[] = [];
    bobSpace.on('channelCreated', (c) => events.push(`created ${c.id}`));
    bobMain.on('metadataUpdated', (e) => events.push(`metadata ${Object.keys(e.metadata)}`));

    aliceMain.setMetadata('a', 1);
    await until(() => events.length === 1, 'the first event');
    for (const stream of net.openAt(`/${bobSpace.id}/events`)) {
      if (stream.headers.get('authorization') === 'Bearer rool_bob_token') stream.cut();
    }
    // While Bob is cut off.
    await aliceSpace.openChannel('during');
    aliceMain.setMetadata('b', 2);
    await until(() => states.includes('reconnecting'), 'reconnecting');
    await until(() => states.at(-1) === 'connected', 'reconnected');
    await until(() => events.length === 3, 'every event');
    await settle();
    assert.deepEqual(events, ['metadata a', 'created during', 'metadata a,b']);
    assert.deepEqual(states, ['reconnecting', 'connected']);
    const resumed = net.streams.filter((s) =>
      s.path.endsWith(`/${bobSpace.id}/events`) &&
      s.headers.get('authorization') === 'Bearer rool_bob_token'
    ).at(-1)!;
    assert.match(resumed.headers.get('last-event-id') ?? '', /^\d+$/);
    assert.deepEqual(bobSpace.channels, aliceSpace.channels);
    assert.deepEqual(bobMain.getAllMetadata(), { a: 1, b: 2 });
  });

  test("the client's connectionStateChanged sums up its streams", async () => {
    const { net, as } = setup();
    const alice = as('rool_alice_token');
    const states: ConnectionState[] = [];
    alice.on('connectionStateChanged', (state) => states.push(state));
    await alice.initialize();
    const space = await alice.createSpace('States');
    await until(() => net.openAt(`/${space.id}/events`).length === 1, 'the space stream');
    net.openAt('/v1/events')[0]!.cut();
    await until(() => states.at(-1) === 'connected' && states.length >= 3, 'reconnected');
    space.close();
    alice.destroy();
    assert.deepEqual(states.slice(0, 3), ['connected', 'reconnecting', 'connected']);
  });

  test('missed events beyond what the server keeps: resync rereads the caches', async () => {
    const { net, as } = setup({ limits: { eventsKeptPerScope: 2 } });
    const tab1 = as('rool_alice_token');
    const tab2 = as('rool_alice_token', { reconnectBaseMs: 200, reconnectMaxMs: 200 });
    await tab1.initialize();
    await tab2.initialize();
    await until(() => net.openAt('/v1/events').length === 2, 'both client streams');
    tab1.setUserStorage('seen', 0);
    await until(() => tab2.getUserStorage('seen') === 0, 'the first value');
    const changes: string[] = [];
    tab2.on('userStorageChanged', (e) => changes.push(`${e.key}=${e.value} ${e.source}`));
    // Tab 1 made the first call of all: its ID tells its stream from tab 2's.
    const tab1Id = net.requests[0]!.headers.get('rool-client-id');
    for (const stream of net.openAt('/v1/events')) {
      if (stream.headers.get('rool-client-id') !== tab1Id) stream.cut();
    }
    for (let i = 1; i <= 5; i++) tab1.setUserStorage('seen', i);
    tab1.setUserStorage('other', 'x');
    await until(() => tab2.getUserStorage('other') === 'x', 'the resync');
    await settle();
    assert.deepEqual(tab2.getAllUserStorage(), { seen: 5, other: 'x' });
    assert.deepEqual(changes.sort(), ['other=x remote', 'seen=5 remote']);
  });

  test('a revoked token stops the streams and signs the client out', async () => {
    const { as } = setup();
    const alice = as('rool_alice_token');
    const states: boolean[] = [];
    alice.on('authStateChanged', (authenticated) => states.push(authenticated));
    await alice.initialize();
    const revoker = as('rool_alice_token', { enabled: false });
    await revoker.initialize();
    revoker.logout(); // revokes the seeded token on the server
    await until(() => states.at(-1) === false, 'signed out');
    assert.deepEqual(states, [true, false]);
    assert.equal(alice.currentUser, null);
  });

  test('destroy and close end every stream on the server side too', async () => {
    const { net, as } = setup();
    const alice = as('rool_alice_token');
    await alice.initialize();
    const space: RoolSpace = await alice.createSpace('Closing');
    await until(() => net.openAt('/events').length === 2, 'both streams');
    space.close();
    await until(() => net.openAt(`/${space.id}/events`).length === 0, 'the space stream closed');
    alice.destroy();
    await until(() => net.openAt('/events').length === 0, 'the client stream closed');
    const before = net.streams.length;
    await settle(150);
    assert.equal(net.streams.length, before, 'no reconnect after destroy');
  });

  test('events can be turned off', async () => {
    const { net, as } = setup();
    const alice = as('rool_alice_token', { enabled: false });
    await alice.initialize();
    await alice.createSpace('Quiet');
    await settle();
    assert.equal(net.streams.length, 0);
  });
});
