// Reading multistatus and LOCK answers as real servers write them: the RFC 4918 and RFC 6578
// examples, Apache mod_dav's `lp1:` prefixes, sabre/dav's `d:` prefix with its own namespaces,
// full-URL hrefs and percent-encoded names.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DavParseError, parseLockAnswer, parseMultistatus } from './_webdav-multistatus.ts';
import { DavLocation } from './_webdav-paths.ts';

const location = new DavLocation('https://api.rool.test/base', 'spc 1');
const base = '/base/v1/spaces/spc%201/dav';

describe('parseMultistatus', () => {
  test('RFC 4918 §9.1.3: named properties, other namespaces, and a 404 propstat', () => {
    const body = `<?xml version="1.0" encoding="utf-8" ?>
      <D:multistatus xmlns:D="DAV:">
        <D:response xmlns:R="http://ns.example.com/boxschema/">
          <D:href>https://api.rool.test${base}/rool-drive/file</D:href>
          <D:propstat>
            <D:prop>
              <R:bigbox><R:BoxType>Box type A</R:BoxType></R:bigbox>
              <R:author><R:Name>J.J. Johnson</R:Name></R:author>
              <R:color>blue</R:color>
            </D:prop>
            <D:status>HTTP/1.1 200 OK</D:status>
          </D:propstat>
          <D:propstat>
            <D:prop><R:DingALing/><R:Random/></D:prop>
            <D:status>HTTP/1.1 403 Forbidden</D:status>
            <D:responsedescription> The user does not have access to the DingALing property.
            </D:responsedescription>
          </D:propstat>
        </D:response>
        <D:responsedescription> There has been an access violation error.</D:responsedescription>
      </D:multistatus>`;
    const { responses, syncToken, truncated } = parseMultistatus(
      body,
      location,
      '/rool-drive/file',
    );
    assert.equal(responses.length, 1);
    const [response] = responses;
    assert.equal(response!.path, '/rool-drive/file');
    assert.equal(response!.isCollection, false);
    assert.equal(response!.status, null);
    const ns = 'http://ns.example.com/boxschema/';
    assert.equal(response!.props[`{${ns}}color`], 'blue');
    // A property with child elements is kept as its element.
    const bigbox = response!.props[`{${ns}}bigbox`] as { children: { text: string }[] };
    assert.equal(bigbox.children[0]!.text, 'Box type A');
    assert.deepEqual(response!.propstats.map((p) => [p.status, p.names]), [
      [200, [`{${ns}}bigbox`, `{${ns}}author`, `{${ns}}color`]],
      [403, [`{${ns}}DingALing`, `{${ns}}Random`]],
    ]);
    assert.deepEqual(response!.propstats[1]!.props, {});
    assert.equal(`{${ns}}DingALing` in response!.props, false);
    assert.equal(syncToken, undefined);
    assert.equal(truncated, false);
  });

  test('Apache mod_dav: lp1 prefixes, typed live properties, collections by resourcetype', () => {
    const body = `<?xml version="1.0" encoding="utf-8"?>
<D:multistatus xmlns:D="DAV:" xmlns:ns0="DAV:">
<D:response xmlns:lp1="DAV:" xmlns:lp2="http://apache.org/dav/props/">
<D:href>${base}/rool-drive/docs/</D:href>
<D:propstat>
<D:prop>
<lp1:resourcetype><D:collection/></lp1:resourcetype>
<lp1:creationdate>2026-11-21T07:13:00Z</lp1:creationdate>
<lp1:getlastmodified>Sat, 21 Nov 2026 07:13:00 GMT</lp1:getlastmodified>
<lp1:getetag>"1000-5f2a"</lp1:getetag>
<D:supportedlock>
<D:lockentry><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype></D:lockentry>
<D:lockentry><D:lockscope><D:shared/></D:lockscope><D:locktype><D:write/></D:locktype></D:lockentry>
</D:supportedlock>
<D:lockdiscovery/>
</D:prop>
<D:status>HTTP/1.1 200 OK</D:status>
</D:propstat>
</D:response>
<D:response xmlns:lp1="DAV:" xmlns:lp2="http://apache.org/dav/props/">
<D:href>${base}/rool-drive/docs/read%20me%C3%A9.md</D:href>
<D:propstat>
<D:prop>
<lp1:resourcetype/>
<lp1:getcontentlength>1234</lp1:getcontentlength>
<D:getcontenttype>text/markdown</D:getcontenttype>
<lp2:executable>F</lp2:executable>
<D:displayname>read meé.md</D:displayname>
</D:prop>
<D:status>HTTP/1.1 200 OK</D:status>
</D:propstat>
<D:propstat>
<D:prop><D:getcontentlanguage/></D:prop>
<D:status>HTTP/1.1 404 Not Found</D:status>
</D:propstat>
</D:response>
</D:multistatus>`;
    const { responses } = parseMultistatus(body, location, '/rool-drive/docs');
    const [folder, file] = responses;
    assert.equal(folder!.path, '/rool-drive/docs');
    assert.equal(folder!.isCollection, true);
    assert.equal(folder!.props.resourcetype, 'collection');
    assert.equal(folder!.props.getetag, '"1000-5f2a"');
    assert.equal(folder!.props.creationdate, '2026-11-21T07:13:00Z');
    assert.deepEqual(folder!.props.supportedlock, [
      { scope: 'exclusive', type: 'write' },
      { scope: 'shared', type: 'write' },
    ]);
    assert.deepEqual(folder!.props.lockdiscovery, []);

    assert.equal(file!.path, '/rool-drive/docs/read meé.md');
    assert.equal(file!.href, `${base}/rool-drive/docs/read%20me%C3%A9.md`);
    assert.equal(file!.isCollection, false);
    assert.equal(file!.props.resourcetype, '');
    assert.equal(file!.props.getcontentlength, 1234);
    assert.equal(file!.props.getcontenttype, 'text/markdown');
    assert.equal(file!.props.displayname, 'read meé.md');
    assert.equal(file!.props['{http://apache.org/dav/props/}executable'], 'F');
    assert.deepEqual(file!.propstats[1], { status: 404, names: ['getcontentlanguage'], props: {} });
  });

  test('sabre/dav style: d: prefix, quotas, privileges, reports, the root collection', () => {
    const body = `<?xml version="1.0"?>
<d:multistatus xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns" xmlns:oc="http://owncloud.org/ns">
 <d:response>
  <d:href>${base}/</d:href>
  <d:propstat>
   <d:prop>
    <d:quota-used-bytes>52428800</d:quota-used-bytes>
    <d:quota-available-bytes>104857600</d:quota-available-bytes>
    <d:current-user-privilege-set>
     <d:privilege><d:read/></d:privilege><d:privilege><d:write/></d:privilege>
    </d:current-user-privilege-set>
    <d:supported-report-set>
     <d:supported-report><d:report><d:sync-collection/></d:report></d:supported-report>
     <d:supported-report><d:report><oc:filter-files/></d:report></d:supported-report>
    </d:supported-report-set>
    <d:sync-token>http://rool.test/sync/7</d:sync-token>
    <oc:size>  42  </oc:size>
   </d:prop>
   <d:status>HTTP/1.1 200 OK</d:status>
  </d:propstat>
 </d:response>
</d:multistatus>`;
    const [root] = parseMultistatus(body, location, '/').responses;
    assert.equal(root!.path, '/');
    assert.equal(root!.isCollection, true);
    assert.equal(root!.props['quota-used-bytes'], 52428800);
    assert.equal(root!.props['quota-available-bytes'], 104857600);
    assert.deepEqual(root!.props['current-user-privilege-set'], ['read', 'write']);
    assert.deepEqual(root!.props['supported-report-set'], [
      'sync-collection',
      '{http://owncloud.org/ns}filter-files',
    ]);
    assert.equal(root!.props['sync-token'], 'http://rool.test/sync/7');
    // Text of an unknown property is kept as sent.
    assert.equal(root!.props['{http://owncloud.org/ns}size'], '  42  ');
  });

  test('RFC 6578 §3.8: changes, a deleted member with status 404, and the new token', () => {
    const body = `<?xml version="1.0" encoding="utf-8" ?>
     <D:multistatus xmlns:D="DAV:">
       <D:response>
         <D:href>${base}/rool-drive/test.doc</D:href>
         <D:propstat>
           <D:prop><D:getetag>"00001-abcd1"</D:getetag></D:prop>
           <D:status>HTTP/1.1 200 OK</D:status>
         </D:propstat>
       </D:response>
       <D:response>
         <D:href>${base}/rool-drive/vcard.vcf</D:href>
         <D:propstat>
           <D:prop><D:getetag>"00002-abcd1"</D:getetag></D:prop>
           <D:status>HTTP/1.1 200 OK</D:status>
         </D:propstat>
       </D:response>
       <D:response>
         <D:href>${base}/rool-drive/calendar.ics</D:href>
         <D:status>HTTP/1.1 404 Not Found</D:status>
       </D:response>
       <D:sync-token>http://example.com/ns/sync/1234</D:sync-token>
     </D:multistatus>`;
    const { responses, syncToken, truncated } = parseMultistatus(body, location, '/');
    assert.equal(syncToken, 'http://example.com/ns/sync/1234');
    assert.equal(truncated, false);
    assert.deepEqual(
      responses.map((r) => [r.path, r.status, r.props.getetag]),
      [
        ['/rool-drive/test.doc', null, '"00001-abcd1"'],
        ['/rool-drive/vcard.vcf', null, '"00002-abcd1"'],
        ['/rool-drive/calendar.ics', 404, undefined],
      ],
    );
    assert.deepEqual(responses[2]!.propstats, []);
  });

  test('RFC 6578 §3.6: a 507 for the request path means truncated, and is not a change', () => {
    const body = `<D:multistatus xmlns:D="DAV:">
      <D:response><D:href>${base}/rool-drive/a.txt</D:href>
        <D:propstat><D:prop><D:getetag>"1"</D:getetag></D:prop>
        <D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>
      <D:response><D:href>${base}/</D:href>
        <D:status>HTTP/1.1 507 Insufficient Storage</D:status>
        <D:error><D:number-of-matches-within-limits/></D:error></D:response>
      <D:sync-token>t2</D:sync-token>
    </D:multistatus>`;
    const { responses, truncated } = parseMultistatus(body, location, '/');
    assert.equal(truncated, true);
    assert.deepEqual(responses.map((r) => r.path), ['/rool-drive/a.txt']);
  });

  test('several hrefs sharing one status give one response each', () => {
    const body = `<multistatus xmlns="DAV:"><response>
      <href>${base}/space/a/x.json</href><href>${base}/space/a/y.json</href>
      <status>HTTP/1.1 423 Locked</status></response></multistatus>`;
    const { responses } = parseMultistatus(body, location, '/space');
    assert.deepEqual(responses.map((r) => [r.path, r.status]), [
      ['/space/a/x.json', 423],
      ['/space/a/y.json', 423],
    ]);
  });

  test('a number that does not read as one is left out rather than guessed', () => {
    const body = `<multistatus xmlns="DAV:"><response><href>${base}/rool-drive/a</href>
      <propstat><prop><getcontentlength>12kB</getcontentlength><getcontenttype>a/b</getcontenttype>
      </prop><status>HTTP/1.1 200 OK</status></propstat></response></multistatus>`;
    const [response] = parseMultistatus(body, location, '/rool-drive/a').responses;
    assert.equal('getcontentlength' in response!.props, false);
    assert.deepEqual(response!.propstats[0]!.names, ['getcontentlength', 'getcontenttype']);
  });

  test('refuses answers that are not a readable DAV:multistatus', () => {
    const refused = [
      ['not XML', 'not xml at all'],
      ['wrong root', '<D:prop xmlns:D="DAV:"/>'],
      ['wrong namespace', '<multistatus xmlns="urn:other"/>'],
      [
        'no href',
        '<multistatus xmlns="DAV:"><response><status>HTTP/1.1 200 OK</status></response></multistatus>',
      ],
      [
        'propstat without status',
        `<multistatus xmlns="DAV:"><response><href>${base}/</href><propstat><prop/></propstat></response></multistatus>`,
      ],
      [
        'bad status line',
        `<multistatus xmlns="DAV:"><response><href>${base}/</href><status>OK</status></response></multistatus>`,
      ],
      [
        'href of another space',
        '<multistatus xmlns="DAV:"><response><href>/base/v1/spaces/other/dav/rool-drive/a</href><status>HTTP/1.1 200 OK</status></response></multistatus>',
      ],
      [
        'href with ..',
        `<multistatus xmlns="DAV:"><response><href>${base}/rool-drive/../x</href><status>HTTP/1.1 200 OK</status></response></multistatus>`,
      ],
      [
        'DOCTYPE',
        '<!DOCTYPE x [<!ENTITY a "b">]><multistatus xmlns="DAV:"/>',
      ],
    ];
    for (const [what, body] of refused) {
      assert.throws(() => parseMultistatus(body!, location, '/'), DavParseError, what);
    }
  });
});

describe('parseLockAnswer', () => {
  test('RFC 4918 §9.10.9: the active lock with token, owner, timeout and root', () => {
    const body = `<?xml version="1.0" encoding="utf-8" ?>
     <D:prop xmlns:D="DAV:">
       <D:lockdiscovery>
         <D:activelock>
           <D:locktype><D:write/></D:locktype>
           <D:lockscope><D:exclusive/></D:lockscope>
           <D:depth>infinity</D:depth>
           <D:owner><D:href>http://example.org/~ejw/contact.html</D:href></D:owner>
           <D:timeout>Second-604800</D:timeout>
           <D:locktoken><D:href>urn:uuid:e71d4fae-5dec-22d6-fea5-00a0c91e6be4</D:href></D:locktoken>
           <D:lockroot><D:href>https://api.rool.test${base}/rool-drive/workspace/webdav/proposal.doc</D:href></D:lockroot>
         </D:activelock>
       </D:lockdiscovery>
     </D:prop>`;
    assert.deepEqual(parseLockAnswer(body, location), [{
      token: 'urn:uuid:e71d4fae-5dec-22d6-fea5-00a0c91e6be4',
      scope: 'exclusive',
      type: 'write',
      depth: 'infinity',
      owner: 'http://example.org/~ejw/contact.html',
      timeoutSeconds: 604800,
      root: '/rool-drive/workspace/webdav/proposal.doc',
    }]);
  });

  test('a shared lock with text owner, depth 0 and an infinite timeout', () => {
    const body = `<prop xmlns="DAV:"><lockdiscovery><activelock>
      <locktype><write/></locktype><lockscope><shared/></lockscope><depth>0</depth>
      <owner> Ada </owner><timeout>Infinite</timeout>
      <locktoken><href>opaquelocktoken:1</href></locktoken></activelock></lockdiscovery></prop>`;
    assert.deepEqual(parseLockAnswer(body, location), [{
      token: 'opaquelocktoken:1',
      scope: 'shared',
      type: 'write',
      depth: '0',
      owner: 'Ada',
      timeoutSeconds: null,
      root: null,
    }]);
  });
});
