// The object bridge: /space objects as JSON files, shared with RPC.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { t0 } from '../_testing.ts';
import { readError, readMultiStatus, setupDav } from './_testing.ts';

describe('WebDAV objects', () => {
  it('PUT creates an object RPC reads, stamped with who and when, recording no interaction', async () => {
    const { dav, alice, ref, clock } = await setupDav();
    const before = (await alice.conversations.get(ref)).conversation.interactions;
    clock.now = t0 + 5000;
    const put = await dav('PUT', '/space/body/sun.json', {
      body: '{"name":"Sun"}',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(put.status, 201);
    const got = await alice.objects.get({ spaceId: ref.spaceId, path: '/space/body/sun.json' });
    assert.deepEqual(got.object?.body, { name: 'Sun' });
    assert.deepEqual(got.stat, {
      path: '/space/body/sun.json',
      modifiedAt: t0 + 5000,
      modifiedBy: 'usr_alice',
      modifiedByName: 'Alice',
      modifiedInChannel: '',
      modifiedInConversation: null,
      modifiedInInteraction: null,
    });
    const { conversation } = await alice.conversations.get(ref);
    assert.deepEqual(conversation.interactions, before);
    // The stored JSON is what was sent, so the answer may carry its ETag (RFC 9110 §9.3.4).
    assert.equal(
      put.headers.get('etag'),
      (await dav('HEAD', '/space/body/sun.json')).headers.get('etag'),
    );
    const reformatted = await dav('PUT', '/space/body/sun.json', { body: '{ "name": "Sun" }' });
    assert.equal(reformatted.status, 204);
    assert.equal(reformatted.headers.get('etag'), null);
  });

  it('GET and PROPFIND see objects RPC writes; the ETag changes exactly when the content does', async () => {
    const { dav, alice, ref } = await setupDav();
    await alice.objects.put({ ...ref, path: '/space/body/moon.json', body: { name: 'Moon' } });
    const first = await dav('GET', '/space/body/moon.json');
    assert.equal(first.headers.get('content-type'), 'application/json');
    assert.deepEqual(await first.json(), { name: 'Moon' });
    const etag = first.headers.get('etag');
    await alice.objects.put({ ...ref, path: '/space/body/moon.json', body: { name: 'Moon' } });
    assert.equal((await dav('HEAD', '/space/body/moon.json')).headers.get('etag'), etag);
    await alice.objects.patch({ ...ref, path: '/space/body/moon.json', data: { size: 1 } });
    assert.notEqual((await dav('HEAD', '/space/body/moon.json')).headers.get('etag'), etag);
    const { responses } = await readMultiStatus(
      await dav('PROPFIND', '/space/body/', { headers: { depth: '1' } }),
    );
    assert.deepEqual(responses.map((r) => r.href.replace(/^.*\/dav/, '')), [
      '/space/body/',
      '/space/body/moon.json',
    ]);
    assert.equal(responses[1].props[200]['{DAV:}getcontenttype'].text, 'application/json');
  });

  it('refuses what is not a JSON object, and keeps the RPC limits', async () => {
    const { dav, mock, ref } = await setupDav({
      limits: { objectsPerSpace: 1, rpcBodyBytes: 300 },
    });
    const cases: [string, string, Record<string, string>, number, RegExp][] = [
      ['/space/body/a.json', 'not json', {}, 400, /not JSON/],
      ['/space/body/a.json', '[1,2]', {}, 400, /not an array/],
      ['/space/body/a.json', 'null', {}, 400, /not an array or a scalar/],
      ['/space/body/a.json', '{}', { 'content-type': 'image/png' }, 415, /JSON object/],
      ['/space/body/a.json', `{"x":"${'y'.repeat(300)}"}`, {}, 413, /at most 300 bytes/],
      ['/space/nope/a.json', '{}', {}, 409, /createCollection/],
      ['/space/body/a.txt', '{}', {}, 403, /object path/],
    ];
    for (const [path, body, headers, status, message] of cases) {
      const response = await dav('PUT', path, { body, headers });
      assert.equal(response.status, status, `${path} ${String(body).slice(0, 20)}`);
      assert.match((await readError(response)).message, message);
    }
    const deep = { a: {} as Record<string, unknown> };
    let at = deep.a;
    for (let i = 0; i < 70; i++) at = (at.a = {}) as Record<string, unknown>;
    const tooDeep = await setupDav();
    const response = await tooDeep.dav('PUT', '/space/body/d.json', { body: JSON.stringify(deep) });
    assert.equal(response.status, 400);
    assert.match((await readError(response)).message, /nests at most 64/);
    assert.equal((await dav('PUT', '/space/body/a.json', { body: '{}' })).status, 201);
    const full = await dav('PUT', '/space/body/b.json', { body: '{}' });
    assert.equal(full.status, 507);
    assert.deepEqual([...mock.runtime.state.spaces.get(ref.spaceId)!.objects.keys()], [
      '/space/body/a.json',
    ]);
  });

  it('keeps the schema: MKCOL and DELETE of a collection under /space are 403', async () => {
    const { dav, alice, ref } = await setupDav();
    const made = await dav('MKCOL', '/space/notes');
    assert.equal(made.status, 403);
    assert.match((await readError(made)).message, /createCollection/);
    const dropped = await dav('DELETE', '/space/body');
    assert.equal(dropped.status, 403);
    assert.match((await readError(dropped)).message, /dropCollection/);
    await alice.objects.put({ ...ref, path: '/space/body/x.json', body: {} });
    assert.equal((await dav('DELETE', '/space/body/x.json')).status, 204);
    assert.equal(
      (await alice.objects.get({ spaceId: ref.spaceId, path: '/space/body/x.json' })).object,
      null,
    );
  });
});
