// The acceptance test of live events with WebDAV (docs/rool-events.md, RFC 6578): two SDK
// clients on one space; Alice writes objects (RPC) and files (WebDAV); Bob keeps a replica of
// the space's file tree, syncing with `space.webdav.syncCollection` only when `filesChanged`
// (or `filesReset`) tells him to, and ends with the same tree as a fresh full sync. Bob's event
// stream is cut in the middle, and Alice's last writes happen while it is down, so only the
// replay after the reconnect (Last-Event-ID) can tell Bob about them.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { createMockServer } from '../../mock-server/mod.ts';
import type { FetchFn } from '../rpc/client.ts';
import { RoolClient } from './client.ts';
import type { ConnectionState } from './event-types.ts';
import type { Logger } from './logger.ts';
import type { RoolSpace } from './space.ts';
import { TokenAuthProvider } from './token-auth.ts';
import { WebDAVError } from './webdav-error.ts';

const apiUrl = 'http://mock.test/rool';
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** Event-stream bodies passed through, each of which can be cut as a dropped connection. */
function cuttable(fetch: FetchFn) {
  const streams: { path: string; headers: Headers; cut(): void }[] = [];
  const wrapped: FetchFn = async (input, init) => {
    const response = await fetch(input, init);
    if (!response.headers.get('content-type')?.startsWith('text/event-stream')) return response;
    const reader = response.body!.getReader();
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    let open = true;
    streams.push({
      path: new URL(String(input instanceof Request ? input.url : input)).pathname,
      headers: new Headers(init?.headers),
      cut() {
        if (!open) return;
        open = false;
        controller.error(new TypeError('Connection reset'));
        void reader.cancel().catch(() => {});
      },
    });
    const body = new ReadableStream<Uint8Array>({
      start: (c) => void (controller = c),
      async pull(c) {
        const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
        if (!open) return;
        if (done) {
          open = false;
          c.close();
        } else c.enqueue(value!);
      },
      cancel() {
        open = false;
        return reader.cancel();
      },
    });
    return new Response(body, { status: response.status, headers: response.headers });
  };
  return { fetch: wrapped, streams };
}

/** A file tree as sync-collection reports it: machine path → entity tag (`dir` for collections). */
type Tree = Map<string, string>;

/**
 * Bob's replica of the space's files: a full sync first, then one incremental sync per live
 * `filesChanged` (requests that arrive during a sync fold into one more); a `filesReset` or an
 * expired token starts again from scratch.
 */
class Replica {
  tree: Tree = new Map();
  syncs = 0;
  #space: RoolSpace;
  #token: string | null = null;
  #running: Promise<void> | undefined;
  #again = false;
  #full = false;

  constructor(space: RoolSpace) {
    this.#space = space;
    space.on('filesChanged', () => this.request(false));
    space.on('filesReset', () => this.request(true));
  }

  /** Asks for a sync; resolves when no sync is running or asked for. */
  request(full: boolean): Promise<void> {
    this.#full ||= full;
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#loop().finally(() => this.#running = undefined);
    return this.#running;
  }

  get idle(): boolean {
    return this.#running === undefined;
  }

  async #loop(): Promise<void> {
    do {
      this.#again = false;
      if (this.#full) {
        this.#full = false;
        this.#token = null;
        this.tree = new Map();
      }
      await this.#syncOnce();
    } while (this.#again);
  }

  async #syncOnce(): Promise<void> {
    let truncated = true;
    while (truncated) {
      let answer;
      try {
        answer = await this.#space.webdav.syncCollection('/', {
          token: this.#token,
          level: 'infinite',
          props: ['getetag', 'resourcetype'],
          limit: 7,
        });
      } catch (error) {
        // RFC 6578 §3.2: an invalid token means starting again from scratch.
        if (!(error instanceof WebDAVError && error.condition === 'valid-sync-token')) throw error;
        this.#token = null;
        this.tree = new Map();
        continue;
      }
      this.syncs++;
      for (const response of answer.responses) {
        if (response.path === '/') continue;
        if (response.status === 404) {
          for (const path of [...this.tree.keys()]) {
            if (path === response.path || path.startsWith(`${response.path}/`)) {
              this.tree.delete(path);
            }
          }
        } else {
          this.tree.set(response.path, response.isCollection ? 'dir' : response.props.getetag!);
        }
      }
      this.#token = answer.token;
      truncated = answer.truncated;
    }
  }
}

/** The whole tree now, from a first sync-collection: the truth to compare with. */
async function fullTree(space: RoolSpace): Promise<Tree> {
  const tree: Tree = new Map();
  let token: string | null = null;
  let truncated = true;
  while (truncated) {
    const answer = await space.webdav.syncCollection('/', {
      token,
      level: 'infinite',
      props: ['getetag', 'resourcetype'],
    });
    for (const response of answer.responses) {
      if (response.path === '/' || response.status === 404) continue;
      tree.set(response.path, response.isCollection ? 'dir' : response.props.getetag!);
    }
    token = answer.token;
    truncated = answer.truncated;
  }
  return tree;
}

async function until(check: () => boolean, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const clients: RoolClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

test('two clients on one space: filesChanged and syncCollection converge, across a cut stream', async () => {
  const mock = createMockServer({ rool: { heartbeatMs: 50 } });
  const net = cuttable(mock.fetch);
  const as = (token: string) => {
    const client = new RoolClient({
      apiUrl,
      authProvider: new TokenAuthProvider(token),
      fetch: net.fetch,
      logger: silent,
      events: { reconnectBaseMs: 20, reconnectMaxMs: 200, heartbeatTimeoutMs: 2_000 },
    });
    clients.push(client);
    return client;
  };
  const alice = as('rool_alice_token');
  const bob = as('rool_bob_token');
  await alice.initialize();
  await bob.initialize();
  const aliceSpace = await alice.createSpace('Files');
  await aliceSpace.addUser('usr_bob', 'editor');
  const bobSpace = await bob.openSpace(aliceSpace.id);
  const channel = await aliceSpace.openChannel('main');
  const spaceStreams = () => net.streams.filter((s) => s.path.endsWith(`/${aliceSpace.id}/events`));
  await until(() => spaceStreams().length === 2, 'both space streams');

  const aliceFiles: string[] = [];
  const bobFiles: string[] = [];
  aliceSpace.on('filesChanged', (e) => aliceFiles.push(e.source));
  bobSpace.on('filesChanged', (e) => bobFiles.push(e.source));
  const bobStates: ConnectionState[] = [];
  bobSpace.on('connectionStateChanged', (state) => bobStates.push(state));

  const replica = new Replica(bobSpace);
  await replica.request(true);
  assert.deepEqual([...replica.tree.keys()].sort(), ['/rool-drive', '/space']);

  // Objects through RPC, files through WebDAV.
  const dav = aliceSpace.webdav;
  await channel.createCollection('body', [{ name: 'name', type: { kind: 'string' } }]);
  await channel.putObject('/space/body/sun.json', { name: 'Sun' });
  await channel.putObject('/space/body/earth.json', { name: 'Earth' });
  await dav.mkcol('/rool-drive/docs');
  await dav.put('/rool-drive/docs/readme.md', '# Files\n');
  await dav.put('/space/body/mars.json', { name: 'Mars' });
  // One filesChanged per write, creating the collection included: its definition is /space/body.
  await until(() => aliceFiles.length === 6 && bobFiles.length === 6 && replica.idle, 'in step');

  // The connection drops; everything Alice does now, Bob can only learn from the replay.
  const bobStream = spaceStreams().find((s) =>
    s.headers.get('authorization')?.endsWith('bob_token')
  );
  bobStream!.cut();
  await channel.patchObject('/space/body/earth.json', { data: { name: 'Terra' } });
  await channel.moveObject('/space/body/sun.json', '/space/body/sol.json');
  await dav.put('/rool-drive/docs/readme.md', '# Files, again\n');
  await dav.mkcol('/rool-drive/docs/old');
  await dav.put('/rool-drive/docs/old/a.txt', 'a');
  await dav.delete('/rool-drive/docs/old');
  await dav.move('/rool-drive/docs/readme.md', '/rool-drive/README.md');
  await channel.deleteObjects(['/space/body/mars.json']);
  await dav.put('/rool-drive/data.bin', new Uint8Array([1, 2, 3]));

  await until(() => bobStates.at(-1) === 'connected', 'Bob reconnected');
  await until(
    () => aliceFiles.length === 15 && bobFiles.length === 15 && replica.idle,
    'caught up',
  );
  const truth = await fullTree(aliceSpace);
  assert.deepEqual(
    [...replica.tree].sort(),
    [...truth].sort(),
    "Bob's replica is Alice's tree",
  );
  assert.deepEqual(bobStates, ['reconnecting', 'connected']);
  assert.ok(aliceFiles.every((source) => source === 'local_user'), 'Alice sees hers as local');
  assert.ok(bobFiles.every((source) => source === 'remote_user'), 'Bob sees them as remote');
  assert.ok(replica.syncs > 2, 'Bob synced after the events, not only at first');
  // What the tree should hold, spelled out.
  assert.deepEqual([...truth.keys()].sort(), [
    '/rool-drive',
    '/rool-drive/README.md',
    '/rool-drive/data.bin',
    '/rool-drive/docs',
    '/space',
    '/space/body',
    '/space/body/earth.json',
    '/space/body/sol.json',
  ]);
  const earth = await bobSpace.webdav.get('/space/body/earth.json');
  assert.equal((await earth.json()).name, 'Terra');
});
