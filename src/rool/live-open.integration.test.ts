// Opening a space loses no live event (docs/rool-events.md, Opening a space): changes made after
// the `spaces.get` snapshot but before the space stream connects are replayed from the snapshot's
// `eventId`. The stream's first request is held by a network stand-in, so the change always falls
// into that window.
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { createMockServer } from '../../mock-server/mod.ts';
import type { FetchFn } from '../rpc/client.ts';
import { RoolClient } from './client.ts';
import type { FilesChangedEvent } from './event-types.ts';
import type { Logger } from './logger.ts';
import { TokenAuthProvider } from './token-auth.ts';
import type { ChannelInfo } from './types.ts';

const apiUrl = 'http://mock.test/rool';
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const spaceStream = /\/v1\/spaces\/[^/]+\/events$/;

/**
 * A `fetch` that holds the first request of a space stream until `release()`, and records the
 * `Last-Event-ID` each space stream request sent.
 */
function holdFirstSpaceStream(fetch: FetchFn) {
  let arrive!: () => void;
  const arrived = new Promise<void>((resolve) => arrive = resolve);
  let release!: () => void;
  const released = new Promise<void>((resolve) => release = resolve);
  let held = false;
  const resumedFrom: (string | null)[] = [];
  const wrapped: FetchFn = async (input, init) => {
    const path = new URL(String(input instanceof Request ? input.url : input)).pathname;
    if (spaceStream.test(path)) {
      resumedFrom.push(new Headers(init?.headers).get('last-event-id'));
      if (!held) {
        held = true;
        arrive();
        await released;
      }
    }
    return await fetch(input, init);
  };
  return { fetch: wrapped, arrived, release, resumedFrom };
}

const clients: RoolClient[] = [];
const releases: (() => void)[] = [];
afterEach(() => {
  for (const release of releases.splice(0)) release();
  for (const client of clients.splice(0)) client.destroy();
});

function setup() {
  const mock = createMockServer({ rool: { heartbeatMs: 50 } });
  const as = (token: string, fetch: FetchFn = mock.fetch) => {
    const client = new RoolClient({
      apiUrl,
      authProvider: new TokenAuthProvider(token),
      fetch,
      logger: silent,
      events: { reconnectBaseMs: 20, reconnectMaxMs: 200, heartbeatTimeoutMs: 2_000 },
    });
    clients.push(client);
    return client;
  };
  const held = () => {
    const net = holdFirstSpaceStream(mock.fetch);
    releases.push(net.release);
    return net;
  };
  return { as, held };
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

describe('opening a space', () => {
  test("another user's changes between the snapshot and the stream reach the opener", async () => {
    const { as, held } = setup();
    const net = held();
    const alice = as('rool_alice_token');
    const bob = as('rool_bob_token', net.fetch);
    await alice.initialize();
    await bob.initialize();
    const aliceSpace = await alice.createSpace('Shared');
    await aliceSpace.openChannel('main');
    await aliceSpace.addUser('usr_bob', 'editor');

    const bobSpace = await bob.openSpace(aliceSpace.id);
    assert.deepEqual(bobSpace.channels.map((c) => c.id), ['main']);
    const created: string[] = [];
    bobSpace.on('channelCreated', (c: ChannelInfo) => created.push(c.id));
    const files: FilesChangedEvent[] = [];
    bobSpace.on('filesChanged', (e) => files.push(e));
    await net.arrived;

    // After Bob's snapshot, before his stream connects.
    await aliceSpace.openChannel('notes');
    await aliceSpace.openChannel('shared');
    await aliceSpace.webdav.put('/rool-drive/readme.md', '# Shared\n');
    // Bob learns of `shared` from his own call: the replayed channelCreated must not repeat it.
    await bobSpace.openChannel('shared');
    assert.deepEqual(created, ['shared']);

    net.release();
    await until(() => files.length === 1 && created.length === 2, 'the replayed events');
    await settle();
    assert.deepEqual(created, ['shared', 'notes'], 'each channel announced once');
    assert.deepEqual(files.map((e) => [e.spaceId, e.source]), [[aliceSpace.id, 'remote_user']]);
    assert.deepEqual(bobSpace.channels.map((c) => c.id).sort(), ['main', 'notes', 'shared']);
    assert.deepEqual(
      [...bobSpace.channels].sort((a, b) => a.id.localeCompare(b.id)),
      [...aliceSpace.channels].sort((a, b) => a.id.localeCompare(b.id)),
    );
    assert.match(net.resumedFrom[0] ?? '', /^\d+$/, 'the first connection resumed');
  });

  test("the client's own first write right after createSpace is heard as filesChanged", async () => {
    const { as, held } = setup();
    const net = held();
    const alice = as('rool_alice_token', net.fetch);
    await alice.initialize();
    const space = await alice.createSpace('Fresh');
    const files: FilesChangedEvent[] = [];
    space.on('filesChanged', (e) => files.push(e));
    await net.arrived;
    await space.webdav.put('/rool-drive/first.txt', 'first');
    net.release();
    await until(() => files.length === 1, 'filesChanged');
    await settle();
    assert.deepEqual(files.map((e) => [e.spaceId, e.source]), [[space.id, 'local_user']]);
    assert.deepEqual(net.resumedFrom, ['0'], 'a new space has had no event before the snapshot');
  });
});
