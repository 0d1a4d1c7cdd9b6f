// space.webdav, space.fetchPath, space.getStorageUsage and prompt uploads against the in-process
// Rool mock (createMockServer serves it under /rool): every request goes over the real WebDAV
// contract, docs/rool-webdav.md.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createMockServer } from '../../mock-server/mod.ts';
import { RoolClient } from './client.ts';
import { RoolError } from './errors.ts';
import type { Logger } from './logger.ts';
import type { RoolSpace } from './space.ts';
import { TokenAuthProvider } from './token-auth.ts';
import { WebDAVError } from './webdav-error.ts';
import { RoolWebDAV } from './webdav.ts';

const apiUrl = 'http://mock.test/rool';
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** A fresh mock, clients for alice and bob, and the headers of every request sent. */
function setup() {
  const mock = createMockServer();
  const sent: { url: string; method: string; headers: Headers }[] = [];
  const fetch = (input: Request | string | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    sent.push({ url: request.url, method: request.method, headers: request.headers });
    return mock.fetch(request);
  };
  const as = (token: string) =>
    new RoolClient({
      apiUrl,
      authProvider: new TokenAuthProvider(token),
      fetch,
      logger: silent,
      events: { enabled: false },
    });
  return { mock, sent, alice: as('rool_alice_token'), bob: as('rool_bob_token') };
}

/** Alice's new space, with bob a member of `role` when given. */
async function aliceSpace(
  alice: RoolClient,
  bob?: { client: RoolClient; role: 'editor' | 'viewer' },
): Promise<{ space: RoolSpace; bobSpace?: RoolSpace }> {
  const space = await alice.createSpace('Files');
  if (!bob) return { space };
  await space.addUser('usr_bob', bob.role);
  return { space, bobSpace: await bob.client.openSpace(space.id) };
}

async function rejectsWebDAV(
  promise: Promise<unknown>,
  type: string,
  status: number,
  condition?: string,
): Promise<WebDAVError> {
  let caught: unknown;
  await assert.rejects(promise, (error) => (caught = error) instanceof WebDAVError);
  const error = caught as WebDAVError;
  assert.equal(error.type, type, error.message);
  assert.equal(error.status, status);
  if (condition !== undefined) assert.equal(error.condition, condition);
  return error;
}

describe('space.webdav against the mock', () => {
  test("the README's File Storage example, end to end", async () => {
    const { alice, sent } = setup();
    const { space } = await aliceSpace(alice);
    const webdav = space.webdav;
    await webdav.mkcol('/rool-drive/docs');
    const written = await webdav.put('/rool-drive/docs/readme.md', '# Hello', {
      contentType: 'text/markdown',
      ifNoneMatch: '*',
    });
    assert.equal(written.created, true);
    assert.match(written.etag!, /^"[^"]+"$/);
    const listing = await webdav.propfind('/rool-drive/docs', {
      depth: '1',
      props: ['displayname', 'getcontentlength', 'getcontenttype', 'getetag'],
    });
    assert.deepEqual(
      listing.responses.map((r) => [r.path, r.isCollection, r.props.displayname]),
      [
        ['/rool-drive/docs', true, 'docs'],
        ['/rool-drive/docs/readme.md', false, 'readme.md'],
      ],
    );
    const file = listing.responses[1]!;
    assert.equal(file.props.getcontentlength, 7);
    assert.equal(file.props.getcontenttype, 'text/markdown');
    assert.equal(file.props.getetag, written.etag);
    // A collection has no ETag or length: those come back in a 404 propstat.
    const missing = listing.responses[0]!.propstats.find((p) => p.status === 404);
    assert.deepEqual(missing?.names.sort(), ['getcontentlength', 'getcontenttype', 'getetag']);

    const response = await webdav.get('/rool-drive/docs/readme.md');
    assert.equal(await response.text(), '# Hello');
    const fetched = await space.fetchPath('rool-machine:/rool-drive/docs/readme.md');
    assert.match(fetched.headers.get('Content-Type')!, /^text\/markdown/);
    assert.equal(await fetched.text(), '# Hello');
    const usage = await space.getStorageUsage();
    assert.equal(usage.usedBytes, 7);
    assert.equal(usage.limitBytes, 100 * 1024 * 1024);
    assert.equal(usage.availableBytes, usage.limitBytes! - 7);
    assert.deepEqual(await webdav.getStorageUsage(), usage);

    // Every WebDAV request named the same client as the RPC calls did.
    const davSent = sent.filter((r) => r.url.includes('/dav'));
    const rpcClientId = sent.find((r) => r.url.endsWith('/v1/rpc'))!.headers.get('Rool-Client-Id');
    assert.match(rpcClientId!, /^[A-Za-z0-9_-]{8,64}$/);
    assert.ok(davSent.length >= 7);
    for (const request of davSent) {
      assert.equal(request.headers.get('Rool-Client-Id'), rpcClientId);
      assert.equal(request.headers.get('Authorization'), 'Bearer rool_alice_token');
    }
    space.close();
  });

  test('fetchPath refuses objects and other paths; a missing file is a 404 WebDAVError', async () => {
    const { alice } = setup();
    const { space } = await aliceSpace(alice);
    for (const path of ['/space/body/sun.json', '/rool-drive', '/', 'rool-drive/a']) {
      await assert.rejects(
        space.fetchPath(path),
        (error) => error instanceof RoolError && error.type === 'validation_error',
        path,
      );
    }
    const error = await rejectsWebDAV(space.fetchPath('/rool-drive/nope.txt'), 'not_found', 404);
    assert.equal(error.message, 'WebDAV GET /rool-drive/nope.txt failed: 404 Not Found');
    space.close();
  });

  test('names with spaces and non-ASCII characters round-trip', async () => {
    const { alice } = setup();
    const { space } = await aliceSpace(alice);
    await space.webdav.mkcol('/rool-drive/Été 2026');
    await space.webdav.put('/rool-drive/Été 2026/read me #1.txt', 'ok');
    const { responses } = await space.webdav.propfind('/rool-drive/Été 2026', { depth: '1' });
    assert.deepEqual(responses.map((r) => r.path), [
      '/rool-drive/Été 2026',
      '/rool-drive/Été 2026/read me #1.txt',
    ]);
    assert.equal(responses[1]!.href, space.webdav.href('/rool-drive/Été 2026/read me #1.txt'));
    assert.equal(await (await space.fetchPath('/rool-drive/Été 2026/read me #1.txt')).text(), 'ok');
    space.close();
  });

  test('ETag preconditions and byte ranges', async () => {
    const { alice } = setup();
    const { space } = await aliceSpace(alice);
    const webdav = space.webdav;
    const first = await webdav.put('/rool-drive/a.txt', 'version one');
    await rejectsWebDAV(
      webdav.put('/rool-drive/a.txt', 'clobber', { ifNoneMatch: '*' }),
      'precondition_failed',
      412,
    );
    const second = await webdav.put('/rool-drive/a.txt', 'version two', { ifMatch: first.etag! });
    assert.equal(second.created, false);
    assert.notEqual(second.etag, first.etag);
    // A write based on the stale tag loses.
    await rejectsWebDAV(
      webdav.put('/rool-drive/a.txt', 'stale', { ifMatch: first.etag! }),
      'precondition_failed',
      412,
    );
    await rejectsWebDAV(
      webdav.delete('/rool-drive/a.txt', { ifMatch: first.etag! }),
      'precondition_failed',
      412,
    );
    assert.equal(
      (await webdav.get('/rool-drive/a.txt', { ifNoneMatch: second.etag! })).status,
      304,
    );
    const part = await webdav.get('/rool-drive/a.txt', { range: { start: 8, end: 10 } });
    assert.equal(part.status, 206);
    assert.equal(await part.text(), 'two');
    const tail = await webdav.get('/rool-drive/a.txt', { range: 'bytes=-3' });
    assert.equal(await tail.text(), 'two');
    await rejectsWebDAV(
      webdav.get('/rool-drive/a.txt', { range: { start: 500 } }),
      'range_not_satisfiable',
      416,
    );
    assert.equal(await (await webdav.get('/rool-drive/a.txt')).text(), 'version two');
    space.close();
  });

  test('locks: a write without the token is 423; refresh; unlock frees it for others', async () => {
    const { alice, bob } = setup();
    const { space, bobSpace } = await aliceSpace(alice, { client: bob, role: 'editor' });
    const webdav = space.webdav;
    await webdav.put('/rool-drive/plan.md', 'v1');
    const lock = await webdav.lock('/rool-drive/plan.md', { timeoutSeconds: 120, owner: 'Alice' });
    assert.match(lock.token, /^opaquelocktoken:/);
    assert.equal(lock.scope, 'exclusive');
    assert.equal(lock.depth, 'infinity');
    assert.equal(lock.owner, 'Alice');
    assert.equal(lock.timeoutSeconds, 120);
    assert.equal(lock.root, '/rool-drive/plan.md');
    assert.equal(lock.created, false);

    await rejectsWebDAV(
      bobSpace!.webdav.put('/rool-drive/plan.md', 'bob was here'),
      'locked',
      423,
      'lock-token-submitted',
    );
    await rejectsWebDAV(webdav.put('/rool-drive/plan.md', 'no token'), 'locked', 423);
    await webdav.put('/rool-drive/plan.md', 'v2', { lockToken: lock.token });
    // Another exclusive lock conflicts.
    await rejectsWebDAV(bobSpace!.webdav.lock('/rool-drive/plan.md'), 'locked', 423);

    const { responses } = await bobSpace!.webdav.propfind('/rool-drive/plan.md', {
      depth: '0',
      props: ['lockdiscovery'],
    });
    assert.deepEqual(responses[0]!.props.lockdiscovery?.map((l) => [l.owner, l.root]), [
      ['Alice', '/rool-drive/plan.md'],
    ]);

    const refreshed = await webdav.refreshLock('/rool-drive/plan.md', lock.token, {
      timeoutSeconds: 300,
    });
    assert.equal(refreshed.token, lock.token);
    assert.equal(refreshed.timeoutSeconds, 300);
    await rejectsWebDAV(
      webdav.refreshLock('/rool-drive/plan.md', 'opaquelocktoken:not-a-lock'),
      'precondition_failed',
      412,
    );

    await webdav.unlock(lock.token);
    await bobSpace!.webdav.put('/rool-drive/plan.md', 'bob was here');
    assert.equal(await (await space.fetchPath('/rool-drive/plan.md')).text(), 'bob was here');

    // Locking an unmapped drive path creates an empty file; its token unlocks by path.
    const fresh = await webdav.lock('/rool-drive/new.md', { depth: '0', scope: 'shared' });
    assert.equal(fresh.created, true);
    assert.equal(await (await webdav.get('/rool-drive/new.md')).text(), '');
    await bobSpace!.webdav.unlock(fresh.token, { path: '/rool-drive/new.md' }).then(
      () => assert.fail("bob may not unlock alice's lock"),
      (error) => assert.equal((error as WebDAVError).status, 403),
    );
    await webdav.unlock(fresh.token);
    space.close();
    bobSpace!.close();
  });

  test('copy, move and delete of files and collections', async () => {
    const { alice } = setup();
    const { space } = await aliceSpace(alice);
    const webdav = space.webdav;
    await webdav.mkcol('/rool-drive/src');
    await webdav.put('/rool-drive/src/a.txt', 'A');
    await webdav.put('/rool-drive/b.txt', 'B');
    const copied = await webdav.copy('/rool-drive/src', '/rool-drive/dst');
    assert.equal(copied.created, true);
    assert.equal(await (await webdav.get('/rool-drive/dst/a.txt')).text(), 'A');
    await rejectsWebDAV(
      webdav.copy('/rool-drive/b.txt', '/rool-drive/dst/a.txt', { overwrite: false }),
      'precondition_failed',
      412,
    );
    const replaced = await webdav.copy('/rool-drive/b.txt', '/rool-drive/dst/a.txt');
    assert.equal(replaced.created, false);
    assert.equal(await (await webdav.get('/rool-drive/dst/a.txt')).text(), 'B');
    const shallow = await webdav.copy('/rool-drive/src', '/rool-drive/empty', { depth: '0' });
    assert.equal(shallow.created, true);
    const moved = await webdav.move('/rool-drive/b.txt', '/rool-drive/src/b.txt');
    assert.equal(moved.created, true);
    await rejectsWebDAV(webdav.get('/rool-drive/b.txt'), 'not_found', 404);
    await rejectsWebDAV(
      webdav.move('/rool-drive/src/b.txt', '/rool-drive/nowhere/b.txt'),
      'conflict',
      409,
    );
    await webdav.delete('/rool-drive/src');
    await rejectsWebDAV(webdav.delete('/rool-drive/src'), 'not_found', 404);
    await rejectsWebDAV(webdav.mkcol('/rool-drive/dst'), 'method_not_allowed', 405);
    const { responses } = await webdav.propfind('/rool-drive', {
      depth: 'infinity',
      props: ['resourcetype'],
    });
    assert.deepEqual(responses.map((r) => r.path).sort(), [
      '/rool-drive',
      '/rool-drive/dst',
      '/rool-drive/dst/a.txt',
      '/rool-drive/empty',
    ]);
    space.close();
  });

  test('syncCollection: everything first, then only what changed since the token', async () => {
    const { alice } = setup();
    const { space } = await aliceSpace(alice);
    const webdav = space.webdav;
    await webdav.put('/rool-drive/keep.txt', 'k');
    await webdav.put('/rool-drive/edit.txt', 'e1');
    await webdav.put('/rool-drive/drop.txt', 'd');
    const props = ['displayname', 'getetag', 'getlastmodified', 'resourcetype'];
    const first = await webdav.syncCollection('/', { token: null, level: 'infinite', props });
    assert.match(first.token, /^urn:rool:sync:/);
    assert.equal(first.truncated, false);
    const paths = first.responses.map((r) => r.path);
    for (const path of ['/rool-drive', '/rool-drive/keep.txt', '/rool-drive/edit.txt']) {
      assert.ok(paths.includes(path), path);
    }
    assert.equal(paths.includes('/'), false);

    await webdav.put('/rool-drive/edit.txt', 'e2');
    await webdav.delete('/rool-drive/drop.txt');
    await webdav.put('/rool-drive/new.txt', 'n');
    const delta = await webdav.syncCollection('/', {
      token: first.token,
      level: 'infinite',
      props,
    });
    const changes = new Map(delta.responses.map((r) => [r.path, r]));
    assert.equal(changes.has('/rool-drive/keep.txt'), false);
    assert.equal(changes.get('/rool-drive/drop.txt')?.status, 404);
    assert.equal(changes.get('/rool-drive/edit.txt')?.status, null);
    assert.match(changes.get('/rool-drive/edit.txt')!.props.getetag!, /^"/);
    assert.equal(changes.get('/rool-drive/new.txt')?.props.displayname, 'new.txt');
    assert.notEqual(delta.token, first.token);

    const quiet = await webdav.syncCollection('/', { token: delta.token, level: 'infinite' });
    assert.deepEqual(quiet.responses, []);

    // A limit cuts the delta short; the token continues from there.
    for (const name of ['x1', 'x2', 'x3']) await webdav.put(`/rool-drive/${name}`, name);
    const partial = await webdav.syncCollection('/', {
      token: quiet.token,
      level: 'infinite',
      limit: 2,
    });
    assert.equal(partial.truncated, true);
    assert.equal(partial.responses.length, 2);
    const rest = await webdav.syncCollection('/', { token: partial.token, level: 'infinite' });
    assert.deepEqual(rest.responses.map((r) => r.path), ['/rool-drive/x3']);

    await rejectsWebDAV(
      webdav.syncCollection('/', { token: 'urn:rool:sync:bogus:1', level: 'infinite' }),
      'forbidden',
      403,
      'valid-sync-token',
    );
    space.close();
  });

  test('the object bridge: JSON put under /space is the object channels read, and back', async () => {
    const { alice } = setup();
    const { space } = await aliceSpace(alice);
    const channel = await space.openChannel('main');
    await channel.createCollection('body', [{ name: 'name', type: { kind: 'string' } }]);
    const written = await space.webdav.put('/space/body/sun.json', { name: 'Sun' });
    assert.equal(written.created, true);
    assert.deepEqual((await channel.getObject('/space/body/sun.json'))?.body, { name: 'Sun' });

    await channel.putObject('/space/body/earth.json', { name: 'Earth' });
    const earth = await space.webdav.get('/space/body/earth.json');
    assert.match(earth.headers.get('Content-Type')!, /^application\/json/);
    assert.deepEqual(await earth.json(), { name: 'Earth' });
    const { responses } = await space.webdav.propfind('/space', {
      depth: 'infinity',
      props: ['getetag'],
    });
    assert.deepEqual(responses.map((r) => r.path).sort(), [
      '/space',
      '/space/body',
      '/space/body/earth.json',
      '/space/body/sun.json',
    ]);
    await rejectsWebDAV(space.webdav.put('/space/nope/x.json', { a: 1 }), 'conflict', 409);
    space.close();
  });

  test('a prompt uploads a Blob attachment and the interaction references its path', async () => {
    const { alice, bob } = setup();
    const { space, bobSpace } = await aliceSpace(alice, { client: bob, role: 'viewer' });
    const channel = await space.openChannel('main');
    await channel.prompt('Describe this', {
      attachments: [
        new Blob(['hello'], { type: 'text/plain' }),
        new File(['# Notes'], 'notes.md', { type: 'text/markdown' }),
        '/rool-drive/docs/report.pdf',
      ],
    });
    const interaction = channel.getInteractions().at(-1)!;
    const folder = `/rool-drive/attachments/${interaction.id}`;
    assert.deepEqual(interaction.attachments, [
      `rool-machine:${folder}/attachment.txt`,
      `rool-machine:${folder}/notes.md`,
      'rool-machine:/rool-drive/docs/report.pdf',
    ]);
    assert.equal(await (await space.fetchPath(`${folder}/attachment.txt`)).text(), 'hello');
    const notes = await space.fetchPath(interaction.attachments![1]!);
    assert.match(notes.headers.get('Content-Type')!, /^text\/markdown/);

    // A viewer may prompt but not write files: theirs go inline, as uploads of the prompt.
    const viewerChannel = await bobSpace!.openChannel('main');
    await viewerChannel.prompt('And this?', {
      attachments: [new Blob(['x'], { type: 'text/plain' })],
    });
    const viewed = viewerChannel.getInteractions().at(-1)!;
    assert.equal(viewed.attachments?.length, 1);
    assert.ok(viewed.attachments![0]!.startsWith(`rool-machine:/uploads/${viewed.id}/`));
    space.close();
    bobSpace!.close();
  });

  test("refusals: no access is 404, a viewer's write 403, a bad token 401 without the token", async () => {
    const { alice, bob, mock } = setup();
    const { space } = await aliceSpace(alice);
    const stranger = await bob.openSpace(space.id).catch((error) => error);
    assert.ok(stranger instanceof RoolError && stranger.status === 404);
    await space.setLinkAccess('viewer');
    const viewerSpace = await bob.openSpace(space.id);
    await viewerSpace.webdav.propfind('/', { depth: '0' });
    await rejectsWebDAV(viewerSpace.webdav.mkcol('/rool-drive/x'), 'forbidden', 403);

    const badToken = 'rool_wrong_token_value';
    const webdav = new RoolWebDAV({
      apiUrl,
      spaceId: space.id,
      getToken: () => Promise.resolve(badToken),
      fetch: mock.fetch,
    });
    const error = await rejectsWebDAV(webdav.get('/rool-drive/a'), 'unauthorized', 401);
    assert.equal(JSON.stringify(error).includes(badToken), false);
    space.close();
    viewerSpace.close();
  });
});
