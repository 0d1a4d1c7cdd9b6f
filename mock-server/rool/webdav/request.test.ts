// Everything a WebDAV request meets before its method: path checks, authentication, the space
// and role, CORS.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tokens } from '../_testing.ts';
import { readError, setupDav } from './_testing.ts';

describe('WebDAV paths', () => {
  it('refuses paths that could escape the space, before authentication', async () => {
    const { dav } = await setupDav();
    for (
      const path of [
        '/rool-drive/a%2F..%2Fb',
        '/rool-drive/a%2fb',
        '/rool-drive/a%5Cb',
        '/rool-drive/a%5cb',
        '/rool-drive/a%00b',
        '/rool-drive/%E0%A4%A',
        '/rool-drive/%2e%2e%2fspace',
        '/rool-drive//a',
        '/rool-drive/a%01b',
      ]
    ) {
      const response = await dav('GET', path, { token: null });
      assert.equal(response.status, 400, path);
      assert.equal((await readError(response)).status, 400);
    }
  });

  it('leaves dot segments to the URL parser: the request is checked for where it lands', async () => {
    const { dav, alice, bob } = await setupDav();
    const other = await alice.spaces.create({ name: 'Other' });
    await bob.spaces.create({ name: 'Bob' });
    // The URL parser resolves `..`: this lands on /v1/spaces/<other>/dav/rool-drive/.
    const path = `/../../${other.id}/dav/rool-drive/`;
    const response = await dav('PROPFIND', path, { headers: { depth: '0' } });
    assert.equal(response.status, 207);
    assert.match(await response.text(), new RegExp(`/v1/spaces/${other.id}/dav/rool-drive/`));
    assert.equal((await dav('PROPFIND', path, { token: tokens.bob })).status, 404);
  });

  it('refuses a fragment in the request URL', async () => {
    const { mock, root } = await setupDav();
    const request = new Request(`http://rool.test${root}/rool-drive/frag/#ment`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${tokens.alice}` },
    });
    assert.equal((await mock.fetch(request)).status, 400);
  });
});

describe('WebDAV authentication and roles', () => {
  it('takes a bearer token, or Basic credentials with the token as password', async () => {
    const { dav } = await setupDav();
    assert.equal((await dav('OPTIONS', '/')).status, 200);
    const basic = `Basic ${btoa(`anyone:${tokens.alice}`)}`;
    assert.equal(
      (await dav('OPTIONS', '/', { headers: { authorization: basic }, token: null })).status,
      200,
    );
  });

  it('answers 401 with Basic and Bearer challenges, never echoing the token', async () => {
    const { dav } = await setupDav();
    for (
      const authorization of [
        undefined,
        'Bearer rool_wrong_secret',
        `Basic ${btoa('alice:rool_wrong_secret')}`,
        'Basic !!!',
      ]
    ) {
      const response = await dav('PROPFIND', '/', {
        token: null,
        headers: authorization ? { authorization } : {},
      });
      assert.equal(response.status, 401);
      assert.match(response.headers.get('www-authenticate') ?? '', /^Basic realm="Rool", Bearer/);
      const text = await response.text();
      assert.ok(!text.includes('rool_wrong_secret'), text);
    }
  });

  it('hides a space from non-members (404) and lets link access grant roles', async () => {
    const { dav, alice, ref } = await setupDav();
    assert.equal((await dav('GET', '/', { token: tokens.bob })).status, 404);
    await alice.spaces.setLinkAccess({ spaceId: ref.spaceId, linkAccess: 'viewer' });
    assert.equal(
      (await dav('PROPFIND', '/', { token: tokens.bob, headers: { depth: '0' } })).status,
      207,
    );
    const refused = await dav('PUT', '/rool-drive/x', { token: tokens.bob, body: 'x' });
    assert.equal(refused.status, 403);
    assert.match((await readError(refused)).message, /editor role/);
    assert.equal((await dav('MKCOL', '/rool-drive/d', { token: tokens.bob })).status, 403);
    await alice.spaces.setLinkAccess({ spaceId: ref.spaceId, linkAccess: 'editor' });
    assert.equal((await dav('PUT', '/rool-drive/x', { token: tokens.bob, body: 'x' })).status, 201);
  });

  it('answers 405 with Allow for methods it does not serve', async () => {
    const { dav } = await setupDav();
    const response = await dav('PATCH', '/rool-drive/x', { body: 'x' });
    assert.equal(response.status, 405);
    assert.match(response.headers.get('allow') ?? '', /PROPFIND/);
  });
});

describe('WebDAV OPTIONS and CORS', () => {
  it('advertises classes 1, 2 and 3 and every method', async () => {
    const { dav } = await setupDav();
    const response = await dav('OPTIONS', '/rool-drive/');
    assert.equal(response.headers.get('dav'), '1, 2, 3');
    for (const method of ['PROPFIND', 'PROPPATCH', 'LOCK', 'UNLOCK', 'REPORT', 'COPY', 'MOVE']) {
      assert.match(response.headers.get('allow') ?? '', new RegExp(`\\b${method}\\b`));
    }
  });

  it('answers preflights without a token and exposes the WebDAV headers', async () => {
    const { dav } = await setupDav();
    const preflight = await dav('OPTIONS', '/rool-drive/a', {
      token: null,
      headers: {
        origin: 'https://app.example',
        'access-control-request-method': 'PROPFIND',
        'access-control-request-headers': 'authorization, depth, if, lock-token',
      },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
    assert.match(preflight.headers.get('access-control-allow-methods')!, /PROPFIND.*LOCK/);
    for (
      const header of [
        'Authorization',
        'Depth',
        'Destination',
        'Overwrite',
        'If',
        'Lock-Token',
        'Timeout',
        'Range',
        'Rool-Client-Id',
      ]
    ) {
      assert.match(
        preflight.headers.get('access-control-allow-headers')!,
        new RegExp(`\\b${header}\\b`),
      );
    }
    const actual = await dav('PUT', '/rool-drive/a', {
      body: 'x',
      headers: { origin: 'https://app.example' },
    });
    assert.equal(actual.headers.get('access-control-allow-origin'), '*');
    assert.match(actual.headers.get('access-control-expose-headers')!, /ETag.*DAV.*Lock-Token/);
    const refused = await dav('GET', '/rool-drive/a', { token: null });
    assert.equal(refused.headers.get('access-control-allow-origin'), '*');
  });
});
