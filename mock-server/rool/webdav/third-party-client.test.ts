// The `webdav` npm package, a third-party WebDAV client, against the mock over loopback HTTP:
// what it writes is what RPC reads, and the other way round.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClient, type FileStat, type WebDAVClient } from 'webdav';
import { listenOnNode } from '../../serve/node-server.ts';
import type { Listening } from '../../serve/run.ts';
import { type RoolSetup, setupRool, tokens } from '../_testing.ts';

describe('the webdav npm client against the mock', () => {
  let setup: RoolSetup;
  let server: Listening;
  let spaceId: string;
  let drive: WebDAVClient;
  let objects: WebDAVClient;

  before(async () => {
    setup = setupRool();
    server = await listenOnNode((request) => setup.mock.fetch(request), {
      port: 0,
      host: '127.0.0.1',
    });
    const ref = await setup.space();
    spaceId = ref.spaceId;
    await setup.alice.collections.create({ ...ref, name: 'body', def: { fields: [] } });
    const root = `http://127.0.0.1:${server.port}/v1/spaces/${spaceId}/dav`;
    // Basic credentials: any user name, the token as the password.
    const auth = { username: 'alice', password: tokens.alice };
    drive = createClient(`${root}/rool-drive`, auth);
    objects = createClient(`${root}/space`, auth);
  });

  after(async () => {
    await server.close();
  });

  const driveNode = (path: string) =>
    setup.mock.runtime.state.spaces.get(spaceId)!.files.drive.get(`/rool-drive${path}`);

  it('creates a collection, puts and gets a file, and lists it', async () => {
    await drive.createDirectory('/docs');
    assert.equal(await drive.putFileContents('/docs/read me.md', '# Hello'), true);
    assert.equal(await drive.getFileContents('/docs/read me.md', { format: 'text' }), '# Hello');
    const listing = await drive.getDirectoryContents('/docs') as FileStat[];
    assert.deepEqual(listing.map((f) => [f.basename, f.type, f.size]), [['read me.md', 'file', 7]]);
    const node = driveNode('/docs/read me.md');
    // The client reports ETags without their quotes.
    assert.equal(node?.kind === 'file' && node.etag, `"${listing[0].etag}"`);
  });

  it('moves and deletes a file', async () => {
    await drive.moveFile('/docs/read me.md', '/docs/moved.md');
    assert.equal(driveNode('/docs/read me.md'), undefined);
    assert.equal(await drive.getFileContents('/docs/moved.md', { format: 'text' }), '# Hello');
    await drive.deleteFile('/docs/moved.md');
    assert.equal(await drive.exists('/docs/moved.md'), false);
    assert.equal(driveNode('/docs/moved.md'), undefined);
  });

  it('writes objects RPC reads, and reads objects RPC writes', async () => {
    await objects.putFileContents('/body/sun.json', JSON.stringify({ name: 'Sun' }));
    const read = await setup.alice.objects.get({ spaceId, path: '/space/body/sun.json' });
    assert.deepEqual(read.object?.body, { name: 'Sun' });
    await setup.alice.objects.put({
      spaceId,
      channelId: 'main',
      path: '/space/body/moon.json',
      body: { name: 'Moon' },
    });
    const text = await objects.getFileContents('/body/moon.json', { format: 'text' });
    assert.deepEqual(JSON.parse(text as string), { name: 'Moon' });
    const listing = await objects.getDirectoryContents('/body') as FileStat[];
    assert.deepEqual(listing.map((f) => f.basename).sort(), ['moon.json', 'sun.json']);
  });

  it('is refused with a wrong password', async () => {
    const wrong = createClient(`http://127.0.0.1:${server.port}/v1/spaces/${spaceId}/dav`, {
      username: 'alice',
      password: 'not-a-token',
    });
    await assert.rejects(
      wrong.getDirectoryContents('/'),
      (e: { status?: number }) => e.status === 401,
    );
  });
});
