// REPORT sync-collection (RFC 6578) over the change log.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readError, readMultiStatus, setupDav } from './_testing.ts';

const syncBody = (token: string, level = 'infinite', extra = '') =>
  `<?xml version="1.0"?><D:sync-collection xmlns:D="DAV:"><D:sync-token>${token}</D:sync-token>` +
  `<D:sync-level>${level}</D:sync-level>${extra}<D:prop><D:getetag/><D:resourcetype/></D:prop>` +
  '</D:sync-collection>';

async function sync(
  dav: Awaited<ReturnType<typeof setupDav>>['dav'],
  path: string,
  token: string,
  level?: string,
  extra?: string,
) {
  const read = await readMultiStatus(
    await dav('REPORT', path, { body: syncBody(token, level, extra) }),
  );
  const strip = (href: string) => href.replace(/^.*\/dav/, '');
  return {
    token: read.syncToken!,
    entries: read.responses.map((r) => `${r.status ?? 200} ${strip(r.href)}`),
    responses: read.responses,
  };
}

describe('WebDAV sync-collection', () => {
  it('lists everything for an empty token, then only what changed, deletions as 404', async () => {
    const { dav, alice, ref } = await setupDav();
    await dav('MKCOL', '/rool-drive/d');
    await dav('PUT', '/rool-drive/d/a', { body: 'a' });
    const first = await sync(dav, '/', '');
    assert.deepEqual(first.entries, [
      '200 /space/',
      '200 /rool-drive/',
      '200 /space/body/',
      '200 /rool-drive/d/',
      '200 /rool-drive/d/a',
    ]);
    assert.match(first.token, /^urn:rool:sync:/);
    assert.ok(first.responses[4].props[200]['{DAV:}getetag']);

    await dav('PUT', '/rool-drive/d/b', { body: 'b' });
    await dav('DELETE', '/rool-drive/d/a');
    await alice.objects.put({ ...ref, path: '/space/body/sun.json', body: {} });
    const second = await sync(dav, '/', first.token);
    assert.deepEqual(second.entries, [
      '200 /rool-drive/d/b',
      '404 /rool-drive/d/a',
      '200 /space/body/sun.json',
    ]);
    const third = await sync(dav, '/', second.token);
    assert.deepEqual(third.entries, []);
    assert.equal(third.token, second.token);
  });

  it('scopes by collection and level', async () => {
    const { dav } = await setupDav();
    const start = (await sync(dav, '/rool-drive/', '')).token;
    await dav('MKCOL', '/rool-drive/d');
    await dav('PUT', '/rool-drive/d/deep', { body: 'x' });
    await dav('PUT', '/rool-drive/top', { body: 'x' });
    assert.deepEqual((await sync(dav, '/rool-drive/', start, '1')).entries, [
      '200 /rool-drive/d/',
      '200 /rool-drive/top',
    ]);
    assert.deepEqual((await sync(dav, '/rool-drive/', start)).entries, [
      '200 /rool-drive/d/',
      '200 /rool-drive/d/deep',
      '200 /rool-drive/top',
    ]);
    assert.deepEqual((await sync(dav, '/rool-drive/d/', start)).entries, [
      '200 /rool-drive/d/deep',
    ]);
    assert.deepEqual((await sync(dav, '/space/', start)).entries, []);
  });

  it('cuts a delta at DAV:limit with a 507 for the collection and a token to go on from', async () => {
    const { dav } = await setupDav();
    const start = (await sync(dav, '/rool-drive/', '')).token;
    for (const name of ['a', 'b', 'c']) await dav('PUT', `/rool-drive/${name}`, { body: name });
    const limit = '<D:limit><D:nresults>2</D:nresults></D:limit>';
    const part = await sync(dav, '/rool-drive/', start, 'infinite', limit);
    assert.deepEqual(part.entries, ['200 /rool-drive/a', '200 /rool-drive/b', '507 /rool-drive/']);
    assert.ok(part.responses[2].errors.includes('number-of-matches-within-limits'));
    const rest = await sync(dav, '/rool-drive/', part.token, 'infinite', limit);
    assert.deepEqual(rest.entries, ['200 /rool-drive/c']);
    const initial = await dav('REPORT', '/rool-drive/', { body: syncBody('', 'infinite', limit) });
    assert.equal(initial.status, 507);
    assert.equal((await readError(initial)).condition, 'number-of-matches-within-limits');
  });

  it('refuses unknown tokens and, after compaction, expired ones with valid-sync-token', async () => {
    const { dav } = await setupDav({ limits: { syncChangesKept: 8 } });
    const start = (await sync(dav, '/', '')).token;
    for (const token of ['urn:rool:sync:log_nope:1', 'http://rool.dev/sync/1', `${start}0`]) {
      const refused = await dav('REPORT', '/', { body: syncBody(token) });
      assert.equal(refused.status, 403, token);
      assert.equal((await readError(refused)).condition, 'valid-sync-token');
    }
    for (let i = 0; i < 9; i++) await dav('PUT', `/rool-drive/f${i}`, { body: 'x' });
    const expired = await dav('REPORT', '/', { body: syncBody(start) });
    assert.equal(expired.status, 403);
    assert.equal((await readError(expired)).condition, 'valid-sync-token');
    assert.equal((await sync(dav, '/', '')).entries.length, 2 + 1 + 9);
  });

  it('refuses other reports, non-collections, bad levels and depths', async () => {
    const { dav } = await setupDav();
    await dav('PUT', '/rool-drive/f', { body: 'x' });
    const other = await dav('REPORT', '/', { body: '<D:expand-property xmlns:D="DAV:"/>' });
    assert.equal(other.status, 403);
    assert.equal((await readError(other)).condition, 'supported-report');
    assert.equal((await dav('REPORT', '/rool-drive/f', { body: syncBody('') })).status, 403);
    assert.equal((await dav('REPORT', '/', { body: syncBody('', '2') })).status, 400);
    assert.equal(
      (await dav('REPORT', '/', { body: syncBody(''), headers: { depth: '1' } })).status,
      400,
    );
    assert.equal(
      (await dav('REPORT', '/', {
        body: syncBody('', 'infinite', '<D:limit><D:nresults>0</D:nresults></D:limit>'),
      })).status,
      400,
    );
    assert.equal((await dav('REPORT', '/')).status, 400);
  });
});
