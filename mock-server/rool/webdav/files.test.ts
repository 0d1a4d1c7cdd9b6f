// GET, HEAD and PUT of /rool-drive files: ETags, preconditions, ranges, quota.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readError, setupDav } from './_testing.ts';

describe('WebDAV files', () => {
  it('creates (201) and replaces (204) a file with strong ETags that follow the content', async () => {
    const { dav } = await setupDav();
    const created = await dav('PUT', '/rool-drive/a.txt', {
      body: 'hello',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
    assert.equal(created.status, 201);
    const etag = created.headers.get('etag')!;
    assert.match(etag, /^"[^"]+"$/);
    const got = await dav('GET', '/rool-drive/a.txt');
    assert.equal(await got.text(), 'hello');
    assert.equal(got.headers.get('etag'), etag);
    assert.equal(got.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal(got.headers.get('last-modified'), 'Sat, 21 Nov 2026 07:13:00 GMT');
    const same = await dav('PUT', '/rool-drive/a.txt', { body: 'hello' });
    assert.equal(same.status, 204);
    assert.equal(same.headers.get('etag'), etag);
    const changed = await dav('PUT', '/rool-drive/a.txt', { body: 'hello!' });
    assert.notEqual(changed.headers.get('etag'), etag);
  });

  it('honours If-Match and If-None-Match on PUT (412, create-only with *)', async () => {
    const { dav } = await setupDav();
    const first = await dav('PUT', '/rool-drive/a', {
      body: '1',
      headers: { 'if-none-match': '*' },
    });
    assert.equal(first.status, 201);
    const etag = first.headers.get('etag')!;
    const again = await dav('PUT', '/rool-drive/a', {
      body: '2',
      headers: { 'if-none-match': '*' },
    });
    assert.equal(again.status, 412);
    assert.equal(
      (await dav('PUT', '/rool-drive/a', { body: '2', headers: { 'if-match': '"nope"' } })).status,
      412,
    );
    assert.equal(
      (await dav('PUT', '/rool-drive/b', { body: '2', headers: { 'if-match': '*' } })).status,
      412,
    );
    assert.equal(
      (await dav('PUT', '/rool-drive/a', { body: '2', headers: { 'if-match': etag } })).status,
      204,
    );
    assert.equal(await (await dav('GET', '/rool-drive/a')).text(), '2');
    assert.equal((await dav('GET', '/rool-drive/b')).status, 404);
  });

  it('serves single ranges (206), refuses unsatisfiable ones (416), and 304s a matching GET', async () => {
    const { dav } = await setupDav();
    const { headers } = await dav('PUT', '/rool-drive/r', { body: '0123456789' });
    const etag = headers.get('etag')!;
    const part = await dav('GET', '/rool-drive/r', { headers: { range: 'bytes=2-4' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), 'bytes 2-4/10');
    assert.equal(await part.text(), '234');
    const tail = await dav('GET', '/rool-drive/r', { headers: { range: 'bytes=-3' } });
    assert.equal(await tail.text(), '789');
    const outside = await dav('GET', '/rool-drive/r', { headers: { range: 'bytes=10-' } });
    assert.equal(outside.status, 416);
    assert.equal(outside.headers.get('content-range'), 'bytes */10');
    const stale = await dav('GET', '/rool-drive/r', {
      headers: { range: 'bytes=0-0', 'if-range': '"old"' },
    });
    assert.equal(stale.status, 200);
    assert.equal(await stale.text(), '0123456789');
    const cached = await dav('GET', '/rool-drive/r', { headers: { 'if-none-match': etag } });
    assert.equal(cached.status, 304);
    const head = await dav('HEAD', '/rool-drive/r');
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), '10');
    assert.equal(await head.text(), '');
  });

  it('refuses a PUT without a parent (409), onto a collection (405), or at the root (403)', async () => {
    const { dav } = await setupDav();
    assert.equal((await dav('PUT', '/rool-drive/none/a', { body: 'x' })).status, 409);
    assert.equal((await dav('PUT', '/rool-drive', { body: 'x' })).status, 405);
    assert.equal((await dav('PUT', '/elsewhere', { body: 'x' })).status, 403);
    assert.equal(
      (await dav('PUT', '/rool-drive/a', {
        body: 'x',
        headers: { 'content-range': 'bytes 0-0/1' },
      })).status,
      400,
    );
  });

  it("refuses a write past the space's storage with 507 and keeps the old content", async () => {
    const { dav, mock, ref } = await setupDav({ limits: { storageBytesPerSpace: 10 } });
    assert.equal((await dav('PUT', '/rool-drive/a', { body: '12345678' })).status, 201);
    const refused = await dav('PUT', '/rool-drive/b', { body: '123' });
    assert.equal(refused.status, 507);
    assert.match((await readError(refused)).message, /exceed 10 bytes/);
    assert.equal((await dav('GET', '/rool-drive/b')).status, 404);
    const grow = await dav('PUT', '/rool-drive/a', { body: new Uint8Array(11) });
    assert.equal(grow.status, 507);
    assert.equal(await (await dav('GET', '/rool-drive/a')).text(), '12345678');
    assert.equal((await dav('PUT', '/rool-drive/a', { body: '1234567890' })).status, 204);
    assert.equal(mock.runtime.state.spaces.get(ref.spaceId)!.files.drive.usedBytes, 10);
  });

  it('lists a collection as text on GET', async () => {
    const { dav } = await setupDav();
    await dav('MKCOL', '/rool-drive/d');
    await dav('PUT', '/rool-drive/f', { body: 'x' });
    const listing = await dav('GET', '/rool-drive/');
    assert.equal(await listing.text(), 'd/\nf\n');
  });
});
