// MKCOL, DELETE, COPY and MOVE.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readError, setupDav } from './_testing.ts';

describe('WebDAV MKCOL and DELETE', () => {
  it('MKCOL creates one collection: 201, 405 when taken, 409 without parent, 415 with a body', async () => {
    const { dav } = await setupDav();
    assert.equal((await dav('MKCOL', '/rool-drive/a')).status, 201);
    assert.equal((await dav('MKCOL', '/rool-drive/a')).status, 405);
    assert.equal((await dav('MKCOL', '/rool-drive/x/y')).status, 409);
    assert.equal(
      (await dav('MKCOL', '/rool-drive/b', { body: 'zz', headers: { 'content-type': 'x/y' } }))
        .status,
      415,
    );
    assert.equal((await dav('GET', '/rool-drive/b')).status, 404);
    assert.equal((await dav('MKCOL', '/toplevel')).status, 403);
    assert.equal((await dav('MKCOL', '/rool-drive')).status, 405);
  });

  it('DELETE removes a collection with everything in it, and refuses the roots', async () => {
    const { dav, mock, ref } = await setupDav();
    await dav('MKCOL', '/rool-drive/d');
    await dav('MKCOL', '/rool-drive/d/e');
    await dav('PUT', '/rool-drive/d/e/f', { body: 'abc' });
    assert.equal((await dav('DELETE', '/rool-drive/d', { headers: { depth: '0' } })).status, 400);
    assert.equal((await dav('DELETE', '/rool-drive/d')).status, 204);
    assert.equal((await dav('GET', '/rool-drive/d/e/f')).status, 404);
    assert.equal(mock.runtime.state.spaces.get(ref.spaceId)!.files.drive.usedBytes, 0);
    assert.equal((await dav('DELETE', '/rool-drive/d')).status, 404);
    for (const path of ['/', '/space', '/rool-drive']) {
      assert.equal((await dav('DELETE', path)).status, 403, path);
    }
  });

  it('DELETE honours If-Match', async () => {
    const { dav } = await setupDav();
    await dav('PUT', '/rool-drive/f', { body: 'x' });
    assert.equal(
      (await dav('DELETE', '/rool-drive/f', { headers: { 'if-match': '"other"' } })).status,
      412,
    );
    assert.equal((await dav('GET', '/rool-drive/f')).status, 200);
  });
});

describe('WebDAV COPY and MOVE', () => {
  const dest = (root: string, path: string) => ({ destination: `http://rool.test${root}${path}` });

  it('COPY answers 201 for a new destination and 204 for a replaced one; Overwrite: F is 412', async () => {
    const { dav, root } = await setupDav();
    await dav('PUT', '/rool-drive/src', { body: 'one' });
    assert.equal(
      (await dav('COPY', '/rool-drive/src', { headers: dest(root, '/rool-drive/dst') })).status,
      201,
    );
    await dav('PUT', '/rool-drive/src', { body: 'two' });
    const refused = await dav('COPY', '/rool-drive/src', {
      headers: { ...dest(root, '/rool-drive/dst'), overwrite: 'F' },
    });
    assert.equal(refused.status, 412);
    assert.equal(await (await dav('GET', '/rool-drive/dst')).text(), 'one');
    assert.equal(
      (await dav('COPY', '/rool-drive/src', { headers: dest(root, '/rool-drive/dst') })).status,
      204,
    );
    assert.equal(await (await dav('GET', '/rool-drive/dst')).text(), 'two');
    // An absolute path is a destination too (RFC 4918 §10.3).
    assert.equal(
      (await dav('COPY', '/rool-drive/src', { headers: { destination: `${root}/rool-drive/abs` } }))
        .status,
      201,
    );
  });

  it('COPY of a collection takes Depth 0 or infinity', async () => {
    const { dav, root } = await setupDav();
    await dav('MKCOL', '/rool-drive/c');
    await dav('PUT', '/rool-drive/c/m', { body: 'm' });
    await dav('COPY', '/rool-drive/c', {
      headers: { ...dest(root, '/rool-drive/shallow'), depth: '0' },
    });
    await dav('COPY', '/rool-drive/c', { headers: dest(root, '/rool-drive/deep') });
    assert.equal((await dav('GET', '/rool-drive/shallow/m')).status, 404);
    assert.equal(await (await dav('GET', '/rool-drive/deep/m')).text(), 'm');
    assert.equal(
      (await dav('COPY', '/rool-drive/c', {
        headers: { ...dest(root, '/rool-drive/x'), depth: '1' },
      })).status,
      400,
    );
    assert.equal(
      (await dav('MOVE', '/rool-drive/c', {
        headers: { ...dest(root, '/rool-drive/x'), depth: '0' },
      })).status,
      400,
    );
  });

  it('MOVE carries the content and its dead properties, and frees the source', async () => {
    const { dav, root } = await setupDav();
    await dav('PUT', '/rool-drive/a', { body: 'content' });
    await dav('PROPPATCH', '/rool-drive/a', {
      body:
        '<D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><z:tag xmlns:z="urn:z">v</z:tag></D:prop></D:set></D:propertyupdate>',
    });
    assert.equal(
      (await dav('MOVE', '/rool-drive/a', { headers: dest(root, '/rool-drive/b') })).status,
      201,
    );
    assert.equal((await dav('GET', '/rool-drive/a')).status, 404);
    assert.equal(await (await dav('GET', '/rool-drive/b')).text(), 'content');
    const props = await dav('PROPFIND', '/rool-drive/b', {
      headers: { depth: '0' },
      body: '<D:propfind xmlns:D="DAV:"><D:prop><z:tag xmlns:z="urn:z"/></D:prop></D:propfind>',
    });
    assert.match(await props.text(), /<tag xmlns="urn:z">v<\/tag>/);
  });

  it('refuses destinations elsewhere: 502 another server, 403 another space, 409 no parent, 403 itself', async () => {
    const { dav, root, alice } = await setupDav();
    await dav('MKCOL', '/rool-drive/c');
    const other = await alice.spaces.create({ name: 'Other' });
    const cases: [Record<string, string>, number][] = [
      [{ destination: `http://elsewhere.test${root}/rool-drive/x` }, 502],
      [{ destination: `http://rool.test/v1/spaces/${other.id}/dav/rool-drive/x` }, 403],
      [dest(root, '/rool-drive/none/x'), 409],
      [dest(root, '/rool-drive/c'), 403],
      [dest(root, '/rool-drive/c/inside'), 403],
      [dest(root, '/rool-drive'), 403],
      [{ destination: `${root}/rool-drive/a/../../space` }, 400],
      [{}, 400],
    ];
    for (const [headers, status] of cases) {
      const response = await dav('MOVE', '/rool-drive/c', { headers });
      assert.equal(response.status, status, JSON.stringify(headers));
    }
    assert.equal((await dav('COPY', '/', { headers: dest(root, '/rool-drive/all') })).status, 403);
    assert.equal((await dav('GET', '/rool-drive/c/')).status, 200);
  });

  it('moves single resources between /space and /rool-drive', async () => {
    const { dav, root, alice, ref } = await setupDav();
    await alice.objects.put({ ...ref, path: '/space/body/sun.json', body: { name: 'Sun' } });
    assert.equal(
      (await dav('COPY', '/space/body/sun.json', { headers: dest(root, '/rool-drive/sun.json') }))
        .status,
      201,
    );
    const file = await dav('GET', '/rool-drive/sun.json');
    assert.equal(file.headers.get('content-type'), 'application/json');
    assert.deepEqual(await file.json(), { name: 'Sun' });
    await dav('PUT', '/rool-drive/moon.json', { body: '{"name":"Moon"}' });
    assert.equal(
      (await dav('MOVE', '/rool-drive/moon.json', { headers: dest(root, '/space/body/moon.json') }))
        .status,
      201,
    );
    const moon = await alice.objects.get({ spaceId: ref.spaceId, path: '/space/body/moon.json' });
    assert.deepEqual(moon.object?.body, { name: 'Moon' });
    assert.equal((await dav('GET', '/rool-drive/moon.json')).status, 404);
    await dav('PUT', '/rool-drive/bad.json', { body: 'nope' });
    const bad = await dav('MOVE', '/rool-drive/bad.json', {
      headers: dest(root, '/space/body/bad.json'),
    });
    assert.equal(bad.status, 400);
    assert.match((await readError(bad)).message, /not JSON/);
    assert.equal((await dav('GET', '/rool-drive/bad.json')).status, 200);
    await dav('MKCOL', '/rool-drive/dir');
    assert.equal(
      (await dav('COPY', '/rool-drive/dir', { headers: dest(root, '/space/body/dir.json') }))
        .status,
      403,
    );
  });
});
