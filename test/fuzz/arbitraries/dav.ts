/**
 * Fuzzed WebDAV requests (docs/rool-webdav.md): every method the mock serves
 * and some it does not, on paths that exist, that do not, and that try to
 * escape the space; with hostile `Depth`, `Destination`, `Overwrite`, `If`,
 * `If-Match`, `Lock-Token`, `Timeout` and `Range` headers; and with XML
 * bodies that are valid, malformed, nested 10 000 deep, too large, or that
 * declare entities; JSON bodies for objects; random bytes for files.
 *
 * @module
 */
import fc from 'fast-check';
import { FuzzRequest, opensEventStream, ref } from '../request.ts';
import { type Header, headerChaos, headerValue } from './headers.ts';
import { deepJsonText, pollute, pollutionKeys, toJsonText } from './json.ts';
import { withTransports } from './transport.ts';
import { davMethods } from '../../../mock-server/rool/webdav/cors.ts';

const otherMethods = ['POST', 'PATCH', 'FUZZ', 'SEARCH', 'BIND'];

const spaceIds: readonly string[] = [
  ref('spaceId'),
  ref('spaceId'),
  ref('spaceId'),
  ref('otherSpaceId'),
  'spc_nosuchspace000000',
  '__proto__',
  'constructor',
  '%2e%2e',
  's'.repeat(300),
];

const collection = ref('collection');

/** Machine paths: real ones, missing ones, and ones the mock must refuse with 400. */
const machinePaths: readonly string[] = [
  '',
  '/',
  '/space',
  '/space/',
  `/space/${collection}`,
  `/space/${collection}/first.json`,
  `/space/${collection}/new.json`,
  '/space/nocollection/x.json',
  '/space/__proto__',
  `/space/${collection}/__proto__.json`,
  '/space/constructor/prototype.json',
  '/rool-drive',
  '/rool-drive/',
  '/rool-drive/a.txt',
  '/rool-drive/dir',
  '/rool-drive/dir/',
  '/rool-drive/dir/b.txt',
  '/rool-drive/locked.txt',
  '/rool-drive/new.bin',
  '/rool-drive/missing/x',
  '/rool-drive/__proto__',
  '/rool-drive/constructor/prototype',
  '/other',
  '/rool-drive/%2F',
  '/rool-drive/a%2fb',
  '/rool-drive/%5C',
  '/rool-drive/%00',
  '/rool-drive/a%',
  '/rool-drive/%ZZ',
  '/rool-drive/..%2F..%2Fspace',
  '/rool-drive/%2e%2e',
  '/rool-drive/%2E',
  '/rool-drive//x',
  '/rool-drive/%E2%9C%93',
  '/rool-drive/%C3%28',
  '/rool-drive/%01',
  `/rool-drive/${'s'.repeat(300)}`,
  `/rool-drive${'/d'.repeat(40)}`,
  `/rool-drive/${'p/'.repeat(600)}x`,
  '/rool-drive/a?query=1',
  '/rool-drive/a;param',
];

const xmlHead = '<?xml version="1.0" encoding="utf-8"?>';

/** XML bodies: well-formed requests of each kind, and every way XML goes wrong. */
const xmlBodies: readonly string[] = [
  `${xmlHead}<D:propfind xmlns:D="DAV:"><D:allprop/></D:propfind>`,
  `${xmlHead}<D:propfind xmlns:D="DAV:"><D:propname/></D:propfind>`,
  `${xmlHead}<D:propfind xmlns:D="DAV:"><D:prop><D:getetag/><D:quota-used-bytes/><Z:x xmlns:Z="urn:z"/></D:prop></D:propfind>`,
  `${xmlHead}<D:propertyupdate xmlns:D="DAV:" xmlns:Z="urn:z"><D:set><D:prop><Z:fuzz>v</Z:fuzz></D:prop></D:set></D:propertyupdate>`,
  `${xmlHead}<D:propertyupdate xmlns:D="DAV:" xmlns:Z="urn:z"><D:remove><D:prop><Z:fuzz/></D:prop></D:remove></D:propertyupdate>`,
  `${xmlHead}<D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><D:getetag>x</D:getetag></D:prop></D:set></D:propertyupdate>`,
  `${xmlHead}<D:propertyupdate xmlns:D="DAV:" xmlns:Z="urn:z"><D:set><D:prop><Z:big>${
    'v'.repeat(20_000)
  }</Z:big></D:prop></D:set></D:propertyupdate>`,
  `${xmlHead}<D:propertyupdate xmlns:D="DAV:" xmlns:Z="urn:z"><D:set><D:prop><Z:__proto__>p</Z:__proto__><Z:constructor>c</Z:constructor></D:prop></D:set></D:propertyupdate>`,
  `${xmlHead}<D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype><D:owner>fuzz</D:owner></D:lockinfo>`,
  `${xmlHead}<D:lockinfo xmlns:D="DAV:"><D:lockscope><D:shared/></D:lockscope><D:locktype><D:write/></D:locktype></D:lockinfo>`,
  `${xmlHead}<D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype><D:owner>${
    'o'.repeat(5000)
  }</D:owner></D:lockinfo>`,
  `${xmlHead}<D:sync-collection xmlns:D="DAV:"><D:sync-token/><D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>`,
  `${xmlHead}<D:sync-collection xmlns:D="DAV:"><D:sync-token>http://x/sync/999</D:sync-token><D:sync-level>infinite</D:sync-level><D:prop/><D:limit><D:nresults>1</D:nresults></D:limit></D:sync-collection>`,
  `${xmlHead}<D:sync-collection xmlns:D="DAV:"><D:sync-token>__proto__</D:sync-token><D:sync-level>2</D:sync-level></D:sync-collection>`,
  `${xmlHead}<D:expand-property xmlns:D="DAV:"/>`,
  '<D:propfind xmlns:D="DAV:"><D:allprop/>',
  '<a><b></a>',
  xmlHead,
  'not xml at all',
  '<D:propfind><D:allprop/></D:propfind>',
  '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><x>&a;</x>',
  '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>',
  '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
  '<D:propfind xmlns:D="DAV:"><![CDATA[<x>]]><!-- c --><?pi x?></D:propfind>',
  '<D:propfind xmlns:D="DAV:" xmlns:D="urn:twice"/>',
  '<x:propfind/>',
  '<D:propfind xmlns:D="DAV:">&#0;&#xFFFF;&#99999999;</D:propfind>',
  '\uFEFF<D:propfind xmlns:D="DAV:"><D:allprop/></D:propfind>',
  `<D:propfind xmlns:D="DAV:">${'<D:prop/>'.repeat(10_001)}</D:propfind>`,
  `${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}`,
  `${'<a>'.repeat(65)}${'</a>'.repeat(65)}`,
];

/** An XML body past the 1 MiB limit, made once. */
let hugeXml: string | undefined;

function hugeXmlBody(): string {
  hugeXml ??= `<D:propfind xmlns:D="DAV:">${' '.repeat(1024 * 1024)}</D:propfind>`;
  return hugeXml;
}

const davRoot = (space: string) => `/rool/v1/spaces/${space}/dav`;

/** `Destination` values: inside the space, in another one, on another host, and junk. */
const destinations: readonly string[] = [
  `http://mock.test${davRoot(ref('spaceId'))}/rool-drive/copy.txt`,
  `${davRoot(ref('spaceId'))}/rool-drive/dir/moved.txt`,
  `${davRoot(ref('spaceId'))}/rool-drive/a.txt`,
  `${davRoot(ref('spaceId'))}/space/${collection}/copy.json`,
  `${davRoot(ref('spaceId'))}/rool-drive`,
  `${davRoot(ref('spaceId'))}/`,
  `${davRoot(ref('spaceId'))}/rool-drive/%2F`,
  `${davRoot(ref('otherSpaceId'))}/rool-drive/x`,
  `http://other.test${davRoot(ref('spaceId'))}/rool-drive/x`,
  '/api/v1/rpc',
  'not a url',
  '',
  `http://mock.test${davRoot(ref('spaceId'))}/rool-drive/${'d'.repeat(2000)}`,
];

const headerValues: Readonly<Record<string, readonly string[]>> = {
  depth: ['0', '1', 'infinity', 'Infinity', '2', '-1', '', '0, 1'],
  overwrite: ['T', 'F', 't', 'x', ''],
  if: [
    `(<${ref('lockToken')}>)`,
    `<http://mock.test${davRoot(ref('spaceId'))}/rool-drive/locked.txt> (<${ref('lockToken')}>)`,
    '(["etag"])',
    '(Not <DAV:no-lock>)',
    '(<urn:uuid:x>) (Not ["x"])',
    '(',
    '<>',
    'x'.repeat(9000),
    '(<a>)'.repeat(70),
    `(${'<a> '.repeat(70)})`,
  ],
  'if-match': ['*', '"x"', 'W/"x"', '"x", "y"', 'junk', ''],
  'if-none-match': ['*', '"x"', 'W/"x"', 'junk'],
  'lock-token': [`<${ref('lockToken')}>`, ref('lockToken'), '<opaquelocktoken:nope>', '<>', 'junk'],
  timeout: [
    'Second-10',
    'Infinite',
    'Second-99999999999999',
    'Second--1',
    'Infinite, Second-5',
    'x',
  ],
  range: [
    'bytes=0-1',
    'bytes=-5',
    'bytes=5-',
    'bytes=0-1,2-3',
    'bytes=x',
    'bytes=99999-',
    'items=0-1',
    'bytes=1-0',
  ],
  'if-range': ['"x"', 'Mon, 01 Jan 2024 00:00:00 GMT', 'junk'],
  'content-range': ['bytes 0-1/2', 'bytes */5'],
  'content-type': ['application/xml', 'text/xml', 'application/json', 'text/plain', 'x/y', ''],
  'rool-client-id': ['client_12345', 'x', 'c'.repeat(100), '__proto__'],
};

function credentials(): fc.Arbitrary<Header[]> {
  return fc.oneof(
    {
      weight: 8,
      arbitrary: fc.constant<Header[]>([['authorization', `Bearer ${ref('aliceToken')}`]]),
    },
    {
      weight: 3,
      arbitrary: fc.constantFrom<Header[]>(
        [['authorization', `Basic ${ref('aliceBasic')}`]],
        [['authorization', `Bearer ${ref('bobToken')}`]],
        [['authorization', `Bearer ${ref('jwt')}`]],
        [],
        [['authorization', 'Bearer wrong-token-000']],
        [['authorization', 'Basic !!!']],
        [['authorization', `Basic ${btoa('alice:')}`]],
        [['authorization', `Bearer ${ref('apiKey')}`]],
      ),
    },
  );
}

type Body = string | Uint8Array | null;

/** The bodies a method is sent with, by kind of method; built once. */
function bodies(): Readonly<Record<'xml' | 'put' | 'other', fc.Arbitrary<Body>>> {
  const xml = fc.oneof(
    { weight: 60, arbitrary: fc.constantFrom(...xmlBodies) },
    { weight: 1, arbitrary: fc.constant(null).map(() => hugeXmlBody()) },
  );
  const json = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc.tuple(
      fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }),
      fc.constantFrom(...pollutionKeys),
    ).map(([v, key]) => toJsonText(pollute(v, key, { fuzzPolluted: true }, 'all'))),
    fc.constantFrom(deepJsonText(65, 'object'), deepJsonText(10_000, 'array'), '{"a":', '{}'),
  );
  const bytes = fc.oneof(
    { weight: 20, arbitrary: fc.uint8Array({ maxLength: 512 }) },
    // Past the drive's room (64 KiB) and past the object body limit (96 KiB).
    { weight: 1, arbitrary: fc.constantFrom(70 * 1024, 100 * 1024).map((n) => 'b'.repeat(n)) },
  );
  return {
    xml: fc.oneof({ weight: 6, arbitrary: xml }, { weight: 1, arbitrary: fc.constant(null) }, {
      weight: 1,
      arbitrary: bytes,
    }),
    put: fc.oneof(json, bytes),
    other: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, {
      weight: 1,
      arbitrary: fc.oneof(xml, bytes),
    }),
  };
}

function bodyKind(method: string): 'xml' | 'put' | 'other' | 'none' {
  if (method === 'GET' || method === 'HEAD') return 'none';
  if (['PROPFIND', 'PROPPATCH', 'LOCK', 'REPORT'].includes(method)) return 'xml';
  return method === 'PUT' ? 'put' : 'other';
}

/**
 * Fuzzed WebDAV requests.
 *
 * @returns The arbitrary.
 */
export function davRequest(): fc.Arbitrary<FuzzRequest> {
  const headerNames = Object.keys(headerValues);
  const extraHeaders = fc.array(
    fc.oneof(
      {
        weight: 6,
        arbitrary: fc.oneof(
          ...headerNames.map((name) =>
            fc.constantFrom(...headerValues[name]).map((v): Header => [name, v])
          ),
        ),
      },
      {
        weight: 2,
        arbitrary: fc.constantFrom(...destinations).map((v): Header => ['destination', v]),
      },
      {
        weight: 1,
        arbitrary: fc.tuple(fc.constantFrom(...headerNames), headerValue()).map((
          [k, v],
        ): Header => [k, v]),
      },
    ),
    { maxLength: 4 },
  );
  const body = bodies();
  const path = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...machinePaths) },
    {
      weight: 1,
      arbitrary: fc.array(fc.webSegment(), { minLength: 1, maxLength: 4 })
        .map((s) => `/rool-drive/${s.join('/')}`),
    },
  );
  // One record per kind of body, so only the body a method is sent with is drawn.
  const kinds = (['none', 'xml', 'put', 'other'] as const).map((kind) => {
    const methods = [...davMethods, ...otherMethods].filter((m) => bodyKind(m) === kind);
    return fc.record({
      method: fc.constantFrom(...methods),
      space: fc.constantFrom(...spaceIds),
      path,
      credentials: credentials(),
      extra: extraHeaders,
      chaos: fc.option(headerChaos(), { freq: 10 }),
      body: kind === 'none' ? fc.constant(null) : body[kind],
    });
  });
  const request = fc.oneof(
    { weight: 2, arbitrary: kinds[0] },
    { weight: 4, arbitrary: kinds[1] },
    { weight: 1, arbitrary: kinds[2] },
    { weight: 6, arbitrary: kinds[3] },
  ).map(({ method, space, path, credentials, extra, chaos, body }) => {
    const headers = [...credentials, ...extra];
    return new FuzzRequest({
      label: `dav ${method}${chaos ? ' headers' : ''}`,
      method,
      path: `${davRoot(space)}${path}`,
      headers: chaos ? chaos(headers) : headers,
      body,
      format: 'dav',
    });
  });
  const preflight = fc.constantFrom(...davMethods).map((m) =>
    new FuzzRequest({
      label: 'dav preflight',
      method: 'OPTIONS',
      path: `${davRoot(ref('spaceId'))}/rool-drive/a.txt`,
      headers: [['origin', 'http://app.test'], ['access-control-request-method', m]],
      body: null,
      format: 'dav',
    })
  );
  return withTransports(
    fc.oneof({ weight: 30, arbitrary: request }, { weight: 1, arbitrary: preflight })
      .filter((r) => !opensEventStream(r.method, r.path)),
  );
}
