// PROPFIND and PROPPATCH.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { filesLimits } from '../files/limits.ts';
import { propfindBody, readError, readMultiStatus, setupDav } from './_testing.ts';

const update = (ops: string) =>
  `<?xml version="1.0"?><D:propertyupdate xmlns:D="DAV:" xmlns:z="urn:z">${ops}</D:propertyupdate>`;
const set = (props: string) => `<D:set><D:prop>${props}</D:prop></D:set>`;
const unset = (props: string) => `<D:remove><D:prop>${props}</D:prop></D:remove>`;

describe('WebDAV PROPFIND', () => {
  it('lists the root with depth 1: /space and /rool-drive', async () => {
    const { dav, root } = await setupDav();
    const { responses } = await readMultiStatus(
      await dav('PROPFIND', '/', { headers: { depth: '1' } }),
    );
    assert.deepEqual(responses.map((r) => r.href), [
      `${root}/`,
      `${root}/space/`,
      `${root}/rool-drive/`,
    ]);
    assert.equal(responses[0].props[200]['{DAV:}displayname'].text, 'Test space');
    assert.ok(
      responses[2].props[200]['{DAV:}resourcetype'].children.some((c) => c.local === 'collection'),
    );
  });

  it('answers named live properties, 404 for unknown ones and for file props on collections', async () => {
    const { dav } = await setupDav({ limits: { storageBytesPerSpace: 1000 } });
    await dav('PUT', '/rool-drive/a.txt', {
      body: 'hello',
      headers: { 'content-type': 'text/plain' },
    });
    const file = await readMultiStatus(
      await dav('PROPFIND', '/rool-drive/a.txt', {
        headers: { depth: '0' },
        body: propfindBody(
          'getcontentlength',
          'getcontenttype',
          'getetag',
          'nonesuch',
          'quota-used-bytes',
        ),
      }),
    );
    const [r] = file.responses;
    assert.equal(r.props[200]['{DAV:}getcontentlength'].text, '5');
    assert.equal(r.props[200]['{DAV:}getcontenttype'].text, 'text/plain');
    assert.deepEqual(Object.keys(r.props[404]).sort(), [
      '{DAV:}nonesuch',
      '{DAV:}quota-used-bytes',
    ]);
    const quota = await readMultiStatus(
      await dav('PROPFIND', '/', {
        headers: { depth: '0' },
        body: propfindBody('quota-used-bytes', 'quota-available-bytes', 'getetag', 'sync-token'),
      }),
    );
    const q = quota.responses[0].props;
    assert.equal(q[200]['{DAV:}quota-used-bytes'].text, '5');
    assert.equal(q[200]['{DAV:}quota-available-bytes'].text, '995');
    assert.match(q[200]['{DAV:}sync-token'].text, /^urn:rool:sync:/);
    assert.deepEqual(Object.keys(q[404]), ['{DAV:}getetag']);
  });

  it('answers propname with names only, and allprop without the quota and sync properties', async () => {
    const { dav } = await setupDav();
    await dav('PUT', '/rool-drive/a', { body: 'x' });
    const names = await readMultiStatus(
      await dav('PROPFIND', '/rool-drive/a', {
        headers: { depth: '0' },
        body: '<D:propfind xmlns:D="DAV:"><D:propname/></D:propfind>',
      }),
    );
    const found = names.responses[0].props[200];
    assert.ok('{DAV:}getetag' in found && found['{DAV:}getetag'].text === '');
    const all = await readMultiStatus(
      await dav('PROPFIND', '/rool-drive/', { headers: { depth: '0' } }),
    );
    assert.ok(!('{DAV:}quota-used-bytes' in all.responses[0].props[200]));
    assert.ok('{DAV:}supportedlock' in all.responses[0].props[200]);
  });

  it('answers allprop with exactly the live properties it names, locks included', async () => {
    const { dav } = await setupDav();
    await dav('MKCOL', '/rool-drive/d');
    await dav('PUT', '/rool-drive/d/a&b.txt', {
      body: 'hello',
      headers: { 'content-type': 'text/plain' },
    });
    await dav('LOCK', '/rool-drive/d', {
      headers: { depth: '0', timeout: 'Second-600' },
      body: '<D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/></D:lockscope>' +
        '<D:locktype><D:write/></D:locktype><D:owner>me</D:owner></D:lockinfo>',
    });
    const named = propfindBody(
      'creationdate',
      'displayname',
      'getcontentlength',
      'getcontenttype',
      'getetag',
      'getlastmodified',
      'lockdiscovery',
      'resourcetype',
      'supportedlock',
    );
    const propstat = (xml: string) =>
      xml.split('<D:propstat>').slice(1).map((p) => p.split('</D:prop>')[0]);
    const all = await (await dav('PROPFIND', '/rool-drive/d', { headers: { depth: '1' } })).text();
    const asked = await (await dav('PROPFIND', '/rool-drive/d', {
      headers: { depth: '1' },
      body: named,
    })).text();
    assert.match(all, /a&amp;b\.txt/);
    assert.match(all, /<D:activelock>/);
    // Named, a collection also lists the file properties it lacks, in a 404 propstat after.
    assert.deepEqual(propstat(all), propstat(asked).filter((p) => !p.includes('<getetag ')));
  });

  it('walks Depth: infinity, and refuses it past the limit with propfind-finite-depth', async () => {
    const { dav, mock, ref } = await setupDav({ limits: { driveEntriesPerSpace: 20_000 } });
    await dav('MKCOL', '/rool-drive/a');
    await dav('PUT', '/rool-drive/a/b', { body: 'x' });
    const deep = await readMultiStatus(
      await dav('PROPFIND', '/rool-drive/', {
        headers: { depth: 'infinity' },
        body: propfindBody('getetag'),
      }),
    );
    assert.equal(deep.responses.length, 3);
    const { drive } = mock.runtime.state.spaces.get(ref.spaceId)!.files;
    for (let i = 0; i < 10_000; i++) drive.mkcol(`/rool-drive/a/d${i}`, 0);
    const refused = await dav('PROPFIND', '/rool-drive/', { headers: { depth: 'infinity' } });
    assert.equal(refused.status, 403);
    assert.equal((await readError(refused)).condition, 'propfind-finite-depth');
    assert.equal((await dav('PROPFIND', '/rool-drive/', { headers: { depth: '1' } })).status, 207);
    // The limit is on Depth: infinity only: a collection of 10,000 members lists at Depth: 1.
    const wide = await dav('PROPFIND', '/rool-drive/a', {
      headers: { depth: '1' },
      body: propfindBody('resourcetype'),
    });
    assert.equal(wide.status, 207);
    // Counted, not parsed: the answer is past the XML parser's 1 MiB limit.
    assert.equal((await wide.text()).split('<D:response>').length - 1, 10_002);
  });

  it('refuses a bad body or depth with 400 and a missing resource with 404', async () => {
    const { dav } = await setupDav();
    assert.equal((await dav('PROPFIND', '/', { body: '<foo>' })).status, 400);
    assert.equal((await dav('PROPFIND', '/', { body: '<!DOCTYPE x><x/>' })).status, 400);
    assert.equal((await dav('PROPFIND', '/', { body: '<D:nope xmlns:D="DAV:"/>' })).status, 400);
    assert.equal((await dav('PROPFIND', '/', { headers: { depth: '2' } })).status, 400);
    assert.equal((await dav('PROPFIND', '/rool-drive/none')).status, 404);
  });
});

describe('WebDAV PROPPATCH', () => {
  it('sets and removes dead properties in document order', async () => {
    const { dav } = await setupDav();
    await dav('PUT', '/rool-drive/a', { body: 'x' });
    const patched = await readMultiStatus(
      await dav('PROPPATCH', '/rool-drive/a', {
        body: update(
          unset('<z:p/>') + set('<z:p>1</z:p><z:q lang="x">two<z:i/></z:q>') + set('<z:p>3</z:p>'),
        ),
      }),
    );
    assert.deepEqual(Object.keys(patched.responses[0].props[200]).sort(), ['{urn:z}p', '{urn:z}q']);
    const read = await readMultiStatus(
      await dav('PROPFIND', '/rool-drive/a', {
        headers: { depth: '0' },
        body:
          '<D:propfind xmlns:D="DAV:"><D:prop><z:p xmlns:z="urn:z"/><z:q xmlns:z="urn:z"/></D:prop></D:propfind>',
      }),
    );
    const props = read.responses[0].props[200];
    assert.equal(props['{urn:z}p'].text, '3');
    assert.equal(props['{urn:z}q'].attributes.lang, 'x');
    assert.equal(props['{urn:z}q'].children[0].local, 'i');
    await dav('PROPPATCH', '/rool-drive/a', {
      body: update(set('<z:p>4</z:p>') + unset('<z:p/>')),
    });
    const gone = await readMultiStatus(
      await dav('PROPFIND', '/rool-drive/a', {
        headers: { depth: '0' },
        body: '<D:propfind xmlns:D="DAV:"><D:prop><z:p xmlns:z="urn:z"/></D:prop></D:propfind>',
      }),
    );
    assert.ok('{urn:z}p' in gone.responses[0].props[404]);
  });

  it('is all or nothing: a protected property fails with 403, the rest with 424', async () => {
    const { dav, digest } = await setupDav();
    await dav('PUT', '/rool-drive/a', { body: 'x' });
    const before = digest();
    const { responses } = await readMultiStatus(
      await dav('PROPPATCH', '/rool-drive/a', {
        body: update(set('<z:ok>1</z:ok><D:getetag>"x"</D:getetag>')),
      }),
    );
    assert.deepEqual(Object.keys(responses[0].props[403]), ['{DAV:}getetag']);
    assert.deepEqual(Object.keys(responses[0].props[424]), ['{urn:z}ok']);
    assert.ok(responses[0].errors.includes('cannot-modify-protected-property'));
    assert.equal(digest(), before);
  });

  it('enforces the property limits with 507, changing nothing', async () => {
    const { dav, digest } = await setupDav();
    await dav('PUT', '/rool-drive/a', { body: 'x' });
    const before = digest();
    const big = `<z:big>${'x'.repeat(filesLimits.propValueBytes)}</z:big>`;
    const r1 = await readMultiStatus(
      await dav('PROPPATCH', '/rool-drive/a', { body: update(set(`<z:ok/>${big}`)) }),
    );
    assert.ok('{urn:z}big' in r1.responses[0].props[507]);
    const many = Array.from({ length: filesLimits.propsPerResource + 1 }, (_, i) => `<z:p${i}/>`)
      .join('');
    const r2 = await readMultiStatus(
      await dav('PROPPATCH', '/rool-drive/a', { body: update(set(many)) }),
    );
    assert.ok(`{urn:z}p${filesLimits.propsPerResource}` in r2.responses[0].props[507]);
    assert.equal(digest(), before);
  });

  it('stores dead properties under /rool-drive only', async () => {
    const { dav } = await setupDav();
    const { responses } = await readMultiStatus(
      await dav('PROPPATCH', '/space', { body: update(set('<z:a/>')) }),
    );
    assert.ok('{urn:z}a' in responses[0].props[403]);
    assert.equal(
      (await dav('PROPPATCH', '/rool-drive/none', { body: update(set('<z:a/>')) })).status,
      404,
    );
    assert.equal((await dav('PROPPATCH', '/rool-drive', { body: '<x/>' })).status, 400);
  });
});
