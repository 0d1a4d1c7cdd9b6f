// LOCK, UNLOCK and the If header on writes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tokens } from '../_testing.ts';
import { readError, setupDav } from './_testing.ts';

const lockinfo = (scope: 'exclusive' | 'shared', owner = '<D:owner>me</D:owner>') =>
  `<?xml version="1.0"?><D:lockinfo xmlns:D="DAV:"><D:lockscope><D:${scope}/></D:lockscope>` +
  `<D:locktype><D:write/></D:locktype>${owner}</D:lockinfo>`;

async function locked(path = '/rool-drive/f', scope: 'exclusive' | 'shared' = 'exclusive') {
  const setup = await setupDav();
  await setup.alice.members.add({ spaceId: setup.ref.spaceId, userId: 'usr_bob', role: 'editor' });
  await setup.dav('PUT', '/rool-drive/f', { body: 'x' });
  const response = await setup.dav('LOCK', path, {
    body: lockinfo(scope),
    headers: { timeout: 'Second-60', depth: '0' },
  });
  const token = response.headers.get('lock-token')!.slice(1, -1);
  return { ...setup, response, token };
}

describe('WebDAV LOCK', () => {
  it('grants a lock with a token, its discovery, and a 200 for an existing resource', async () => {
    const { response, token, dav, root } = await locked();
    assert.equal(response.status, 200);
    assert.match(token, /^opaquelocktoken:/);
    const body = await response.text();
    assert.match(body, /<D:lockscope><D:exclusive\/><\/D:lockscope>/);
    assert.match(body, /<D:timeout>Second-60<\/D:timeout>/);
    assert.match(body, /<owner xmlns="DAV:">me<\/owner>/);
    assert.ok(body.includes(`<D:lockroot><D:href>${root}/rool-drive/f</D:href>`));
    const found = await dav('PROPFIND', '/rool-drive/f', {
      headers: { depth: '0' },
      body: '<D:propfind xmlns:D="DAV:"><D:prop><D:lockdiscovery/></D:prop></D:propfind>',
    });
    assert.ok((await found.text()).includes(token));
  });

  it('blocks writes without the token (423 naming the lock) and lets the owner write with it', async () => {
    const { dav, token, root } = await locked();
    const refused = await dav('PUT', '/rool-drive/f', { body: 'y' });
    assert.equal(refused.status, 423);
    assert.deepEqual(await readError(refused), {
      status: 423,
      condition: 'lock-token-submitted',
      hrefs: [`${root}/rool-drive/f`],
      message: 'Locked: submit the lock token of the lock in an If header (only its owner may)',
    });
    for (const method of ['DELETE', 'PROPPATCH', 'MOVE']) {
      const response = await dav(method, '/rool-drive/f', {
        headers: { destination: `${root}/rool-drive/g` },
        body: method === 'PROPPATCH'
          ? '<D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><x xmlns="urn:x"/></D:prop></D:set></D:propertyupdate>'
          : undefined,
      });
      assert.equal(response.status, 423, method);
    }
    assert.equal(
      (await dav('PUT', '/rool-drive/f', { body: 'y', headers: { if: `(<${token}>)` } })).status,
      204,
    );
    const tagged = `<http://rool.test${root}/rool-drive/f> (<${token}>)`;
    assert.equal(
      (await dav('PUT', '/rool-drive/f', { body: 'z', headers: { if: tagged } })).status,
      204,
    );
    assert.equal(await (await dav('GET', '/rool-drive/f')).text(), 'z');
  });

  it('does not let another user write with the token', async () => {
    const { dav, token } = await locked();
    const response = await dav('PUT', '/rool-drive/f', {
      token: tokens.bob,
      body: 'y',
      headers: { if: `(<${token}>)` },
    });
    assert.equal(response.status, 423);
  });

  it('evaluates If lists: 412 when none holds, 423 when the right token is missing', async () => {
    const { dav, token } = await locked();
    const etag = (await dav('HEAD', '/rool-drive/f')).headers.get('etag')!;
    const put = (ifHeader: string) =>
      dav('PUT', '/rool-drive/f', { body: 'q', headers: { if: ifHeader } });
    assert.equal((await put(`(<${token}> [${etag}])`)).status, 204);
    const fresh = (await dav('HEAD', '/rool-drive/f')).headers.get('etag')!;
    assert.equal((await put(`(<DAV:no-lock> [${fresh}])`)).status, 412);
    assert.equal((await put(`(<${token}x>) (Not <DAV:no-lock>)`)).status, 423);
    assert.equal((await put(`(<${token}> ["bad"]) (Not <DAV:no-lock> ["bad"])`)).status, 412);
    assert.equal((await put('(<DAV:no-lock')).status, 400);
    assert.equal(
      (await dav('PUT', '/rool-drive/free', { body: 'q', headers: { if: '(<DAV:no-lock>)' } }))
        .status,
      412,
    );
  });

  it('checks locks before If-Match: a stale If-Match on a resource another holds locked is 423', async () => {
    const { dav, root } = await locked();
    const stale = { 'if-match': '"stale"' };
    for (const method of ['PUT', 'DELETE']) {
      const response = await dav(method, '/rool-drive/f', {
        token: tokens.bob,
        headers: stale,
        body: method === 'PUT' ? 'y' : undefined,
      });
      assert.deepEqual(await readError(response), {
        status: 423,
        condition: 'lock-token-submitted',
        hrefs: [`${root}/rool-drive/f`],
        message: 'Locked: submit the lock token of the lock in an If header (only its owner may)',
      }, method);
    }
    // Unlocked, the same stale If-Match is 412; and nothing changed.
    assert.equal((await dav('PUT', '/rool-drive/g', { body: 'g' })).status, 201);
    for (const method of ['PUT', 'DELETE']) {
      const response = await dav(method, '/rool-drive/g', {
        token: tokens.bob,
        headers: stale,
        body: method === 'PUT' ? 'y' : undefined,
      });
      assert.equal(response.status, 412, method);
    }
    assert.equal(await (await dav('GET', '/rool-drive/f')).text(), 'x');
    assert.equal(await (await dav('GET', '/rool-drive/g')).text(), 'g');
  });

  it('refuses a conflicting lock (423) but stacks shared locks', async () => {
    const { dav, token } = await locked('/rool-drive/f', 'shared');
    assert.equal(
      (await dav('LOCK', '/rool-drive/f', { body: lockinfo('shared'), token: tokens.bob })).status,
      200,
    );
    const conflict = await dav('LOCK', '/rool-drive/f', { body: lockinfo('exclusive') });
    assert.equal(conflict.status, 423);
    assert.equal((await readError(conflict)).condition, 'no-conflicting-lock');
    assert.ok(token);
  });

  it('refreshes with an If header and no body, 412 without a matching token', async () => {
    const { dav, token, clock } = await locked();
    clock.now += 50_000;
    const refreshed = await dav('LOCK', '/rool-drive/f', {
      headers: { if: `(<${token}>)`, timeout: 'Second-100' },
    });
    assert.equal(refreshed.status, 200);
    assert.match(await refreshed.text(), /Second-100/);
    clock.now += 60_000;
    assert.equal((await dav('PUT', '/rool-drive/f', { body: 'y' })).status, 423);
    assert.equal(
      (await dav('LOCK', '/rool-drive/f', { headers: { if: '(<opaquelocktoken:nope>)' } })).status,
      412,
    );
    clock.now += 41_000;
    assert.equal((await dav('PUT', '/rool-drive/f', { body: 'y' })).status, 204);
  });

  it('caps timeouts: Infinite becomes the longest allowed', async () => {
    const { dav } = await setupDav();
    await dav('PUT', '/rool-drive/f', { body: 'x' });
    const response = await dav('LOCK', '/rool-drive/f', {
      body: lockinfo('exclusive'),
      headers: { timeout: 'Infinite' },
    });
    assert.match(await response.text(), /Second-3600/);
  });

  it('creates an empty file when locking an unmapped URL (201), not under /space', async () => {
    const { dav } = await setupDav();
    const response = await dav('LOCK', '/rool-drive/new', { body: lockinfo('exclusive') });
    assert.equal(response.status, 201);
    const file = await dav('GET', '/rool-drive/new');
    assert.equal(file.status, 200);
    assert.equal(await file.text(), '');
    assert.equal(
      (await dav('LOCK', '/rool-drive/none/new', { body: lockinfo('exclusive') })).status,
      409,
    );
    assert.equal(
      (await dav('LOCK', '/space/body/x.json', { body: lockinfo('exclusive') })).status,
      409,
    );
  });

  it('protects a depth-infinity collection lock’s members and new members', async () => {
    const { dav } = await setupDav();
    await dav('MKCOL', '/rool-drive/c');
    await dav('PUT', '/rool-drive/c/m', { body: 'x' });
    const token = (await dav('LOCK', '/rool-drive/c', { body: lockinfo('exclusive') }))
      .headers.get('lock-token')!.slice(1, -1);
    assert.equal((await dav('PUT', '/rool-drive/c/m', { body: 'y' })).status, 423);
    assert.equal((await dav('PUT', '/rool-drive/c/n', { body: 'y' })).status, 423);
    assert.equal((await dav('DELETE', '/rool-drive/c')).status, 423);
    assert.equal(
      (await dav('PUT', '/rool-drive/c/n', { body: 'y', headers: { if: `(<${token}>)` } })).status,
      201,
    );
    // A refresh through a member (RFC 4918 §9.10.2).
    assert.equal(
      (await dav('LOCK', '/rool-drive/c/n', { headers: { if: `(<${token}>)` } })).status,
      200,
    );
  });

  it('protects only the membership of a depth-0 collection lock', async () => {
    const { dav } = await setupDav();
    await dav('MKCOL', '/rool-drive/c');
    await dav('PUT', '/rool-drive/c/m', { body: 'x' });
    await dav('LOCK', '/rool-drive/c', { body: lockinfo('exclusive'), headers: { depth: '0' } });
    assert.equal((await dav('PUT', '/rool-drive/c/m', { body: 'y' })).status, 204);
    assert.equal((await dav('PUT', '/rool-drive/c/n', { body: 'y' })).status, 423);
    assert.equal((await dav('DELETE', '/rool-drive/c/m')).status, 423);
  });

  it('does not copy locks, and drops a lock when its resource goes away', async () => {
    const { dav, root, token, mock, ref } = await locked();
    assert.equal(
      (await dav('COPY', '/rool-drive/f', { headers: { destination: `${root}/rool-drive/g` } }))
        .status,
      201,
    );
    assert.equal((await dav('PUT', '/rool-drive/g', { body: 'free' })).status, 204);
    assert.equal(
      (await dav('DELETE', '/rool-drive/f', { headers: { if: `(<${token}>)` } })).status,
      204,
    );
    // Dropped by the deletion itself, not by a later request.
    assert.deepEqual(mock.runtime.state.spaces.get(ref.spaceId)!.files.locks.toJSON(), []);
  });

  it('drops a lock when RPC deletes its object, even if RPC recreates it before WebDAV looks', async () => {
    const { dav, alice, ref } = await setupDav();
    const path = '/space/body/sun.json';
    await alice.objects.put({ ...ref, path, body: { name: 'Sun' } });
    const lock = await dav('LOCK', path, { body: lockinfo('exclusive'), headers: { depth: '0' } });
    assert.equal(lock.status, 200);
    const put = () => dav('PUT', path, { body: '{"name":"Sol"}', token: tokens.bob });
    await alice.members.add({ spaceId: ref.spaceId, userId: 'usr_bob', role: 'editor' });
    assert.equal((await put()).status, 423);
    await alice.objects.delete({ ...ref, paths: [path] });
    await alice.objects.put({ ...ref, path, body: { name: 'Sun again' } });
    assert.equal((await put()).status, 204);
    const got = await alice.objects.get({ spaceId: ref.spaceId, path });
    assert.deepEqual(got.object?.body, { name: 'Sol' });
  });

  it('keeps the lock of a destination that COPY replaces, as RFC 4918 §7.7 asks', async () => {
    const { dav, root, token } = await locked();
    await dav('PUT', '/rool-drive/src', { body: 'new' });
    const copy = (headers: Record<string, string> = {}) =>
      dav('COPY', '/rool-drive/src', {
        headers: { destination: `${root}/rool-drive/f`, ...headers },
      });
    assert.equal((await copy()).status, 423);
    assert.equal((await copy({ if: `<${root}/rool-drive/f> (<${token}>)` })).status, 204);
    assert.equal(await (await dav('GET', '/rool-drive/f')).text(), 'new');
    assert.equal((await dav('PUT', '/rool-drive/f', { body: 'y' })).status, 423);
  });
});

describe('WebDAV UNLOCK', () => {
  it('releases a lock: 204; 400 without a token; 409 elsewhere; 403 for another user', async () => {
    const { dav, token } = await locked();
    assert.equal((await dav('UNLOCK', '/rool-drive/f')).status, 400);
    const wrong = await dav('UNLOCK', '/rool-drive/f', {
      headers: { 'lock-token': '<opaquelocktoken:foobar>' },
    });
    assert.equal(wrong.status, 409);
    assert.equal((await readError(wrong)).condition, 'lock-token-matches-request-uri');
    assert.equal(
      (await dav('UNLOCK', '/rool-drive', { headers: { 'lock-token': `<${token}>` } })).status,
      409,
    );
    assert.equal(
      (await dav('UNLOCK', '/rool-drive/f', {
        headers: { 'lock-token': `<${token}>` },
        token: tokens.bob,
      })).status,
      403,
    );
    assert.equal(
      (await dav('UNLOCK', '/rool-drive/f', { headers: { 'lock-token': `<${token}>` } })).status,
      204,
    );
    assert.equal((await dav('PUT', '/rool-drive/f', { body: 'y' })).status, 204);
  });
});
