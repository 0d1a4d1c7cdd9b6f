// RoolWebDAV against a scripted fetch: the requests each method sends (method, URL, headers,
// XML bodies), how answers are read, and how failures become WebDAVError or RoolError.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FetchFn } from '../rpc/client.ts';
import { children, parseXml } from './_xml.ts';
import { RoolError } from './errors.ts';
import { WebDAVError } from './webdav-error.ts';
import { RoolWebDAV } from './webdav.ts';

const token = 'secret_token_123';
const dav = 'https://api.rool.test/v1/spaces/spc1/dav';

interface Seen {
  method: string;
  url: string;
  headers: Headers;
  body: string | undefined;
  signal: AbortSignal | undefined;
}

/** A client whose requests are recorded and answered by `answer`. */
function setup(
  answer: (request: Seen) => Response | Promise<Response> = () =>
    new Response(null, { status: 201 }),
  options: { timeoutMs?: number } = {},
) {
  const seen: Seen[] = [];
  let clientHeaderCalls = 0;
  const fetch: FetchFn = async (input, init) => {
    const body = init?.body === undefined || init.body === null
      ? undefined
      : await new Response(init.body).text();
    const request: Seen = {
      method: init?.method ?? 'GET',
      url: String(input),
      headers: new Headers(init?.headers),
      body,
      signal: init?.signal ?? undefined,
    };
    seen.push(request);
    return await answer(request);
  };
  const webdav = new RoolWebDAV({
    apiUrl: 'https://api.rool.test/',
    spaceId: 'spc1',
    getToken: () => Promise.resolve(token),
    fetch,
    headers: () => ({ 'Rool-Client-Id': `client-${++clientHeaderCalls}-abcdef` }),
    ...options,
  });
  return { webdav, seen, last: () => seen.at(-1)! };
}

function multistatus(inner: string, status = 207): Response {
  return new Response(
    `<?xml version="1.0"?><D:multistatus xmlns:D="DAV:">${inner}</D:multistatus>`,
    {
      status,
      headers: { 'Content-Type': 'application/xml; charset=utf-8' },
    },
  );
}

function okResponse(path: string, props: string): string {
  return `<D:response><D:href>/v1/spaces/spc1/dav${path}</D:href><D:propstat><D:prop>${props}` +
    '</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>';
}

function isValidation(error: unknown): boolean {
  return error instanceof RoolError && error.type === 'validation_error' && error.status === 0;
}

async function rejectsWebDAV(
  promise: Promise<unknown>,
  expected: { type: string; status: number; condition?: string },
): Promise<WebDAVError> {
  let caught: unknown;
  await assert.rejects(promise, (error) => (caught = error, error instanceof WebDAVError));
  const error = caught as WebDAVError;
  assert.equal(error.type, expected.type);
  assert.equal(error.status, expected.status);
  if (expected.condition !== undefined) assert.equal(error.condition, expected.condition);
  return error;
}

describe('paths', () => {
  test('href and url percent-encode each segment; rool-machine URIs are decoded first', () => {
    const { webdav } = setup();
    assert.equal(webdav.url('/'), `${dav}/`);
    assert.equal(webdav.url(), `${dav}/`);
    assert.equal(
      webdav.url('/rool-drive/docs/read me#1?.md'),
      `${dav}/rool-drive/docs/read%20me%231%3F.md`,
    );
    assert.equal(webdav.href('/rool-drive/é'), '/v1/spaces/spc1/dav/rool-drive/%C3%A9');
    assert.equal(
      webdav.url('rool-machine:/rool-drive/docs/read%20me.md'),
      `${dav}/rool-drive/docs/read%20me.md`,
    );
    assert.equal(
      webdav.href('/space/article/welcome.json'),
      '/v1/spaces/spc1/dav/space/article/welcome.json',
    );
  });

  test('refuses malformed paths and paths outside the storage before any request', async () => {
    const { webdav, seen } = setup();
    const refused = [
      'rool-drive/a',
      '/rool-drive/../space/a',
      '/rool-drive/./a',
      '/rool-drive//a',
      '/rool-drive/a\\b',
      '/rool-drive/a\u0000b',
      'rool-machine:/rool-drive/a%2Fb',
      'rool-machine:/rool-drive/%2e%2e/x',
      '/uploads/x',
      '/rool-driver/x',
      `/rool-drive/${'a'.repeat(5000)}`,
    ];
    for (const path of refused) {
      assert.throws(() => webdav.url(path), isValidation, path);
      await assert.rejects(webdav.get(path), isValidation, path);
    }
    await assert.rejects(webdav.copy('/rool-drive/a', '/elsewhere/b'), isValidation);
    assert.equal(seen.length, 0);
  });

  test('the space ID is encoded in the base URL', () => {
    const webdav = new RoolWebDAV({
      apiUrl: 'http://127.0.0.1:8787/rool',
      spaceId: 'a/b c',
      getToken: () => Promise.resolve(undefined),
    });
    assert.equal(webdav.url('/space'), 'http://127.0.0.1:8787/rool/v1/spaces/a%2Fb%20c/dav/space');
  });

  test('refuses a malformed API URL, space ID or timeout', () => {
    const getToken = () => Promise.resolve(undefined);
    assert.throws(
      () => new RoolWebDAV({ apiUrl: 'ftp://x', spaceId: 's', getToken }),
      isValidation,
    );
    assert.throws(() => new RoolWebDAV({ apiUrl: '/rel', spaceId: 's', getToken }), isValidation);
    assert.throws(
      () => new RoolWebDAV({ apiUrl: 'http://x', spaceId: '', getToken }),
      isValidation,
    );
    assert.throws(
      () => new RoolWebDAV({ apiUrl: 'http://x', spaceId: 's', getToken, timeoutMs: -1 }),
      isValidation,
    );
  });
});

describe('requests', () => {
  test("every request carries the token and the headers provider's headers, read each time", async () => {
    const { webdav, seen } = setup(() => new Response('x'));
    await webdav.get('/rool-drive/a');
    await webdav.head('/rool-drive/a');
    assert.equal(seen[0]!.headers.get('Authorization'), `Bearer ${token}`);
    assert.equal(seen[0]!.headers.get('Rool-Client-Id'), 'client-1-abcdef');
    assert.equal(seen[1]!.headers.get('Rool-Client-Id'), 'client-2-abcdef');
    assert.equal(seen[1]!.method, 'HEAD');
  });

  test('Rool-Client-Id: the clientId option, else a random ID; a malformed one is refused', async () => {
    const sent: Headers[] = [];
    const fetch: FetchFn = (_url, init) => {
      sent.push(new Headers(init?.headers));
      return Promise.resolve(new Response('x'));
    };
    const getToken = () => Promise.resolve(token);
    const options = { apiUrl: 'https://api.rool.test', spaceId: 'spc1', getToken, fetch };
    await new RoolWebDAV({ ...options, clientId: 'client_0001' }).get('/rool-drive/a');
    const random = new RoolWebDAV(options);
    await random.get('/rool-drive/a');
    await random.get('/rool-drive/b');
    assert.equal(sent[0]!.get('Rool-Client-Id'), 'client_0001');
    assert.match(sent[1]!.get('Rool-Client-Id')!, /^[A-Za-z0-9]{22}$/);
    // One ID per client, the same on each request.
    assert.equal(sent[2]!.get('Rool-Client-Id'), sent[1]!.get('Rool-Client-Id'));
    assert.throws(() => new RoolWebDAV({ ...options, clientId: 'short' }), isValidation);
    assert.throws(() => new RoolWebDAV({ ...options, clientId: 'a b c d e f' }), isValidation);
  });

  test("a call's own headers win over the headers option's and the token", async () => {
    const { webdav, seen } = setup(() => new Response('x'));
    await webdav.request('GET', '/rool-drive/a', {
      headers: { Authorization: 'Bearer other', 'Rool-Client-Id': 'call-client-id' },
    });
    assert.equal(seen[0]!.headers.get('Authorization'), 'Bearer other');
    assert.equal(seen[0]!.headers.get('Rool-Client-Id'), 'call-client-id');
  });

  test('no token sends no Authorization', async () => {
    let headers: Headers | undefined;
    const webdav = new RoolWebDAV({
      apiUrl: 'https://api.rool.test',
      spaceId: 'spc1',
      getToken: () => Promise.resolve(undefined),
      fetch: (
        _url,
        init,
      ) => (headers = new Headers(init?.headers), Promise.resolve(new Response('x'))),
    });
    await webdav.get('/rool-drive/a');
    assert.equal(headers!.has('Authorization'), false);
  });

  test('propfind: Depth, an XML body naming DAV: and other-namespace props, typed answer', async () => {
    const { webdav, last } = setup(() =>
      multistatus(
        okResponse('/rool-drive/docs/', '<D:resourcetype><D:collection/></D:resourcetype>') +
          okResponse(
            '/rool-drive/docs/readme.md',
            '<D:getcontentlength>7</D:getcontentlength><D:getetag>"e1"</D:getetag>',
          ),
      )
    );
    const listing = await webdav.propfind('/rool-drive/docs', {
      depth: '1',
      props: ['getcontentlength', 'getetag', { ns: 'urn:x', name: 'color' }, '{urn:y}size'],
    });
    const request = last();
    assert.equal(request.method, 'PROPFIND');
    assert.equal(request.url, `${dav}/rool-drive/docs`);
    assert.equal(request.headers.get('Depth'), '1');
    assert.match(request.headers.get('Content-Type')!, /^application\/xml/);
    const body = parseXml(request.body!);
    assert.equal(body.ns, 'DAV:');
    assert.equal(body.local, 'propfind');
    const prop = children(body, 'DAV:', 'prop')[0]!;
    assert.deepEqual(prop.children.map((c) => [c.ns, c.local]), [
      ['DAV:', 'getcontentlength'],
      ['DAV:', 'getetag'],
      ['urn:x', 'color'],
      ['urn:y', 'size'],
    ]);
    assert.deepEqual(listing.responses.map((r) => [r.path, r.isCollection]), [
      ['/rool-drive/docs', true],
      ['/rool-drive/docs/readme.md', false],
    ]);
    assert.equal(listing.responses[1]!.props.getcontentlength, 7);
  });

  test('propfind: allprop by default, propname on request, never both', async () => {
    const { webdav, seen } = setup(() => multistatus(''));
    await webdav.propfind('/', { depth: '0' });
    await webdav.propfind('/', { depth: 'infinity', propname: true });
    assert.equal(parseXml(seen[0]!.body!).children[0]!.local, 'allprop');
    assert.equal(parseXml(seen[1]!.body!).children[0]!.local, 'propname');
    assert.equal(seen[0]!.url, `${dav}/`);
    assert.equal(seen[1]!.headers.get('Depth'), 'infinity');
    await assert.rejects(
      webdav.propfind('/', { depth: '0', props: ['getetag'], propname: true }),
      isValidation,
    );
    await assert.rejects(webdav.propfind('/', { depth: '2' as '1' }), isValidation);
    await assert.rejects(webdav.propfind('/', { depth: '1', props: ['bad name'] }), isValidation);
    await assert.rejects(webdav.propfind('/', { depth: '1', props: [] }), isValidation);
    await assert.rejects(
      webdav.propfind('/', { depth: '1', props: Array.from({ length: 101 }, () => 'getetag') }),
      isValidation,
    );
    assert.equal(seen.length, 2);
  });

  test('propfind: a status other than 207 is a WebDAVError; an unreadable 207 is invalid_response', async () => {
    let answer = new Response('No such file', { status: 404, statusText: 'Not Found' });
    const { webdav } = setup(() => answer);
    const error = await rejectsWebDAV(webdav.propfind('/rool-drive/nope', { depth: '0' }), {
      type: 'not_found',
      status: 404,
    });
    assert.equal(error.body, 'No such file');
    assert.equal(error.statusText, 'Not Found');
    assert.equal(error.message, 'WebDAV PROPFIND /rool-drive/nope failed: 404 Not Found');
    answer = new Response('<html>oops</html>', { status: 207 });
    await rejectsWebDAV(webdav.propfind('/', { depth: '0' }), {
      type: 'invalid_response',
      status: 207,
    });
  });

  test('syncCollection: REPORT body with token, level, limit and props; deleted entries; next token', async () => {
    const { webdav, seen } = setup(() =>
      multistatus(
        okResponse('/rool-drive/a.md', '<D:getetag>"2"</D:getetag>') +
          '<D:response><D:href>/v1/spaces/spc1/dav/rool-drive/gone.md</D:href>' +
          '<D:status>HTTP/1.1 404 Not Found</D:status></D:response>' +
          '<D:sync-token>urn:rool:sync:9</D:sync-token>',
      )
    );
    const first = await webdav.syncCollection('/', { token: null, level: 'infinite' });
    const next = await webdav.syncCollection('/', {
      token: first.token,
      level: '1',
      props: ['displayname', 'getetag'],
      limit: 50,
    });
    const [initial, later] = seen.map((request) => parseXml(request.body!));
    assert.equal(seen[0]!.method, 'REPORT');
    assert.equal(seen[0]!.headers.has('Depth'), false);
    assert.equal(initial!.local, 'sync-collection');
    const text = (el: typeof initial, local: string) => children(el!, 'DAV:', local)[0]?.text;
    assert.equal(text(initial, 'sync-token'), '');
    assert.equal(text(initial, 'sync-level'), 'infinite');
    assert.equal(children(initial!, 'DAV:', 'limit').length, 0);
    assert.equal(text(later, 'sync-token'), 'urn:rool:sync:9');
    assert.equal(text(later, 'sync-level'), '1');
    assert.equal(
      children(children(later!, 'DAV:', 'limit')[0]!, 'DAV:', 'nresults')[0]!.text,
      '50',
    );
    assert.deepEqual(children(later!, 'DAV:', 'prop')[0]!.children.map((c) => c.local), [
      'displayname',
      'getetag',
    ]);
    assert.equal(next.token, 'urn:rool:sync:9');
    assert.equal(next.truncated, false);
    assert.deepEqual(next.responses.map((r) => [r.path, r.status]), [
      ['/rool-drive/a.md', null],
      ['/rool-drive/gone.md', 404],
    ]);
    await assert.rejects(webdav.syncCollection('/', { level: 'deep' as '1' }), isValidation);
    await assert.rejects(webdav.syncCollection('/', { level: '1', limit: 0 }), isValidation);
    await assert.rejects(webdav.syncCollection('/', { level: '1', token: '' }), isValidation);
  });

  test('syncCollection: an answer without sync-token is invalid; an expired token names its condition', async () => {
    let answer = multistatus('');
    const { webdav } = setup(() => answer);
    await rejectsWebDAV(webdav.syncCollection('/', { level: '1' }), {
      type: 'invalid_response',
      status: 207,
    });
    answer = new Response(
      '<?xml version="1.0"?><D:error xmlns:D="DAV:"><D:valid-sync-token/></D:error>',
      { status: 403, headers: { 'Content-Type': 'application/xml' } },
    );
    await rejectsWebDAV(webdav.syncCollection('/', { level: '1', token: 'old' }), {
      type: 'forbidden',
      status: 403,
      condition: 'valid-sync-token',
    });
  });

  test('get: Range from {start, end}, {start} and strings; 206 and 304 are answers, 416 is not', async () => {
    let status = 206;
    const { webdav, seen } = setup(() => new Response(status === 304 ? null : 'abc', { status }));
    const partial = await webdav.get('/rool-drive/a', { range: { start: 0, end: 9 } });
    assert.equal(partial.status, 206);
    assert.equal(await partial.text(), 'abc');
    await webdav.get('/rool-drive/a', { range: { start: 5 } });
    await webdav.get('/rool-drive/a', { range: 'bytes=-500' });
    assert.deepEqual(seen.map((r) => r.headers.get('Range')), [
      'bytes=0-9',
      'bytes=5-',
      'bytes=-500',
    ]);
    status = 304;
    const notModified = await webdav.get('/rool-drive/a', { ifNoneMatch: '"e1"', ifMatch: '*' });
    assert.equal(notModified.status, 304);
    assert.equal(seen.at(-1)!.headers.get('If-None-Match'), '"e1"');
    assert.equal(seen.at(-1)!.headers.get('If-Match'), '*');
    status = 416;
    await rejectsWebDAV(webdav.get('/rool-drive/a', { range: { start: 100 } }), {
      type: 'range_not_satisfiable',
      status: 416,
    });
    const count = seen.length;
    for (
      const range of [{ start: -1 }, { start: 5, end: 4 }, { start: 1.5 }, 'items=0-1', 'bytes=a-b']
    ) {
      await assert.rejects(webdav.get('/rool-drive/a', { range }), isValidation);
    }
    await assert.rejects(webdav.get('/rool-drive/a', { ifNoneMatch: 'e1' }), isValidation);
    assert.equal(seen.length, count);
  });

  test('put: body kinds, content types, preconditions and lock token; created and etag', async () => {
    let status = 201;
    const { webdav, seen } = setup(() =>
      new Response(null, { status, headers: status < 300 ? { ETag: '"v2"' } : {} })
    );
    const result = await webdav.put('/rool-drive/docs/readme.md', '# Hello', {
      contentType: 'text/markdown',
      ifNoneMatch: '*',
    });
    assert.deepEqual(result, { status: 201, created: true, etag: '"v2"' });
    assert.equal(seen[0]!.method, 'PUT');
    assert.equal(seen[0]!.url, `${dav}/rool-drive/docs/readme.md`);
    assert.equal(seen[0]!.headers.get('Content-Type'), 'text/markdown');
    assert.equal(seen[0]!.headers.get('If-None-Match'), '*');
    assert.equal(seen[0]!.body, '# Hello');

    status = 204;
    const replaced = await webdav.put('/space/body/sun.json', { name: 'Sun' }, {
      ifMatch: '"v1", W/"v0"',
      lockToken: 'urn:uuid:1234',
    });
    assert.deepEqual(replaced, { status: 204, created: false, etag: '"v2"' });
    assert.equal(seen[1]!.headers.get('Content-Type'), 'application/json');
    assert.deepEqual(JSON.parse(seen[1]!.body!), { name: 'Sun' });
    assert.equal(seen[1]!.headers.get('If-Match'), '"v1", W/"v0"');
    assert.equal(seen[1]!.headers.get('If'), '(<urn:uuid:1234>)');

    await webdav.put('/rool-drive/bytes', new Uint8Array([104, 105]));
    await webdav.put('/rool-drive/blob', new Blob(['blob'], { type: 'image/png' }));
    await webdav.put('/rool-drive/list', [1, 2]);
    await webdav.put(
      '/rool-drive/stream',
      new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('streamed'));
          controller.close();
        },
      }),
    );
    assert.deepEqual(seen.slice(2).map((r) => r.body), ['hi', 'blob', '[1,2]', 'streamed']);
    assert.equal(seen[3]!.headers.get('Content-Type'), 'image/png');

    status = 412;
    await rejectsWebDAV(webdav.put('/rool-drive/a', 'x', { ifNoneMatch: '*' }), {
      type: 'precondition_failed',
      status: 412,
    });
    const count = seen.length;
    await assert.rejects(webdav.put('/rool-drive/a', new Date() as never), isValidation);
    await assert.rejects(
      webdav.put('/rool-drive/a', 'x', { contentType: 'text\r\nX: y' }),
      isValidation,
    );
    await assert.rejects(webdav.put('/rool-drive/a', 'x', { lockToken: '<urn:x>' }), isValidation);
    await assert.rejects(webdav.put('/rool-drive/a', 'x', { ifMatch: 'abc' }), isValidation);
    assert.equal(seen.length, count);
  });

  test('mkcol and delete: expected statuses, preconditions, and errors with their status', async () => {
    let status = 201;
    const { webdav, seen } = setup(() =>
      new Response(status === 207 ? '<multistatus/>' : null, { status })
    );
    await webdav.mkcol('/rool-drive/docs');
    assert.equal(seen[0]!.method, 'MKCOL');
    status = 405;
    await rejectsWebDAV(webdav.mkcol('/rool-drive/docs'), {
      type: 'method_not_allowed',
      status: 405,
    });
    status = 204;
    await webdav.delete('/rool-drive/docs', { ifMatch: '"1"', lockToken: 'urn:uuid:l' });
    assert.equal(seen[2]!.method, 'DELETE');
    assert.equal(seen[2]!.headers.get('If-Match'), '"1"');
    assert.equal(seen[2]!.headers.get('If'), '(<urn:uuid:l>)');
    status = 207;
    const error = await rejectsWebDAV(webdav.delete('/rool-drive/docs'), {
      type: 'unexpected_status',
      status: 207,
    });
    assert.equal(error.body, '<multistatus/>');
    status = 423;
    await rejectsWebDAV(webdav.delete('/rool-drive/docs'), { type: 'locked', status: 423 });
  });

  test('copy and move: Destination as an absolute encoded URL, Overwrite and Depth', async () => {
    let status = 201;
    const { webdav, seen } = setup(() => new Response(null, { status }));
    const copied = await webdav.copy('/rool-drive/a b', '/rool-drive/c d', {
      overwrite: false,
      depth: '0',
    });
    assert.equal(copied.created, true);
    assert.equal(seen[0]!.method, 'COPY');
    assert.equal(seen[0]!.url, `${dav}/rool-drive/a%20b`);
    assert.equal(seen[0]!.headers.get('Destination'), `${dav}/rool-drive/c%20d`);
    assert.equal(seen[0]!.headers.get('Overwrite'), 'F');
    assert.equal(seen[0]!.headers.get('Depth'), '0');
    status = 204;
    const moved = await webdav.move('/rool-drive/c d', 'rool-machine:/rool-drive/e', {
      overwrite: true,
    });
    assert.equal(moved.created, false);
    assert.equal(seen[1]!.method, 'MOVE');
    assert.equal(seen[1]!.headers.get('Destination'), `${dav}/rool-drive/e`);
    assert.equal(seen[1]!.headers.get('Overwrite'), 'T');
    assert.equal(seen[1]!.headers.has('Depth'), false);
    await webdav.copy('/rool-drive/a', '/rool-drive/b');
    assert.equal(seen[2]!.headers.has('Overwrite'), false);
    status = 412;
    await rejectsWebDAV(webdav.move('/rool-drive/a', '/rool-drive/b', { overwrite: false }), {
      type: 'precondition_failed',
      status: 412,
    });
    await assert.rejects(
      webdav.copy('/rool-drive/a', '/rool-drive/b', { depth: '1' as '0' }),
      isValidation,
    );
  });
});

describe('locks', () => {
  const lockAnswer = (lockToken: string, status = 200) =>
    new Response(
      '<?xml version="1.0"?><D:prop xmlns:D="DAV:"><D:lockdiscovery><D:activelock>' +
        '<D:locktype><D:write/></D:locktype><D:lockscope><D:shared/></D:lockscope>' +
        '<D:depth>0</D:depth><D:owner>Ada &amp; co</D:owner><D:timeout>Second-60</D:timeout>' +
        `<D:locktoken><D:href>${lockToken}</D:href></D:locktoken>` +
        '<D:lockroot><D:href>/v1/spaces/spc1/dav/rool-drive/a.md</D:href></D:lockroot>' +
        '</D:activelock></D:lockdiscovery></D:prop>',
      {
        status,
        headers: { 'Lock-Token': `<${lockToken}>`, 'Content-Type': 'application/xml' },
      },
    );

  test('lock sends lockinfo, Depth and Timeout; unlock finds the path by token', async () => {
    let answer = () => lockAnswer('urn:uuid:l1', 201);
    const { webdav, seen } = setup(() => answer());
    const lock = await webdav.lock('/rool-drive/a.md', {
      scope: 'shared',
      depth: '0',
      timeoutSeconds: 60,
      owner: 'Ada & co',
    });
    assert.deepEqual(
      { ...lock, locks: lock.locks.length },
      {
        token: 'urn:uuid:l1',
        created: true,
        scope: 'shared',
        type: 'write',
        depth: '0',
        owner: 'Ada & co',
        timeoutSeconds: 60,
        root: '/rool-drive/a.md',
        locks: 1,
      },
    );
    const request = seen[0]!;
    assert.equal(request.method, 'LOCK');
    assert.equal(request.headers.get('Depth'), '0');
    assert.equal(request.headers.get('Timeout'), 'Second-60');
    const info = parseXml(request.body!);
    assert.equal(info.local, 'lockinfo');
    assert.equal(children(info, 'DAV:', 'lockscope')[0]!.children[0]!.local, 'shared');
    assert.equal(children(info, 'DAV:', 'locktype')[0]!.children[0]!.local, 'write');
    assert.equal(children(info, 'DAV:', 'owner')[0]!.text, 'Ada & co');

    answer = () => lockAnswer('urn:uuid:l1');
    const refreshed = await webdav.refreshLock('/rool-drive/a.md', lock.token, {
      timeoutSeconds: 120,
    });
    assert.equal(refreshed.token, 'urn:uuid:l1');
    assert.equal(refreshed.created, false);
    assert.equal(seen[1]!.headers.get('If'), '(<urn:uuid:l1>)');
    assert.equal(seen[1]!.headers.get('Timeout'), 'Second-120');
    assert.equal(seen[1]!.body, undefined);

    answer = () => new Response(null, { status: 204 });
    await webdav.unlock(lock.token);
    assert.equal(seen[2]!.method, 'UNLOCK');
    assert.equal(seen[2]!.url, `${dav}/rool-drive/a.md`);
    assert.equal(seen[2]!.headers.get('Lock-Token'), '<urn:uuid:l1>');
    // Forgotten once unlocked: the path is needed again.
    await assert.rejects(webdav.unlock(lock.token), isValidation);
    await webdav.unlock(lock.token, { path: '/rool-drive/a.md' });
    assert.equal(seen.length, 4);
  });

  test('lock defaults to an exclusive, depth-infinity lock; a 423 is thrown', async () => {
    let status = 200;
    const { webdav, seen } = setup(() =>
      status === 200 ? lockAnswer('urn:uuid:l2') : new Response(null, { status })
    );
    await webdav.lock('/rool-drive/a.md');
    assert.equal(seen[0]!.headers.get('Depth'), 'infinity');
    assert.equal(seen[0]!.headers.has('Timeout'), false);
    const info = parseXml(seen[0]!.body!);
    assert.equal(children(info, 'DAV:', 'lockscope')[0]!.children[0]!.local, 'exclusive');
    assert.equal(children(info, 'DAV:', 'owner').length, 0);
    status = 423;
    await rejectsWebDAV(webdav.lock('/rool-drive/a.md'), { type: 'locked', status: 423 });
  });

  test('refuses bad lock options, tokens and unknown tokens before any request', async () => {
    const { webdav, seen } = setup();
    const path = '/rool-drive/a.md';
    await assert.rejects(webdav.lock(path, { scope: 'open' as 'shared' }), isValidation);
    await assert.rejects(webdav.lock(path, { timeoutSeconds: 0 }), isValidation);
    await assert.rejects(webdav.lock(path, { timeoutSeconds: 2 ** 32 }), isValidation);
    await assert.rejects(webdav.lock(path, { owner: 'x'.repeat(1025) }), isValidation);
    await assert.rejects(webdav.lock(path, { owner: 'bell\u0007' }), isValidation);
    await assert.rejects(webdav.refreshLock(path, 'not a uri'), isValidation);
    await assert.rejects(webdav.unlock('urn:uuid:never-seen'), isValidation);
    assert.equal(seen.length, 0);
  });

  test('a lock whose answer names no root is remembered by the path locked', async () => {
    let answer = () =>
      new Response(null, {
        status: 200,
        headers: { 'Lock-Token': '<urn:uuid:bare>', Timeout: 'Second-30' },
      });
    const { webdav, seen } = setup(() => answer());
    const lock = await webdav.lock('/rool-drive/docs', { depth: '0' });
    assert.deepEqual([lock.token, lock.root, lock.timeoutSeconds, lock.locks], [
      'urn:uuid:bare',
      '/rool-drive/docs',
      30,
      [],
    ]);
    answer = () => new Response(null, { status: 204 });
    await webdav.unlock('urn:uuid:bare');
    assert.equal(seen[1]!.url, `${dav}/rool-drive/docs`);
  });

  test('a LOCK answer without a token is invalid', async () => {
    const { webdav } = setup(() => new Response('', { status: 200 }));
    await rejectsWebDAV(webdav.lock('/rool-drive/a.md'), { type: 'invalid_response', status: 200 });
  });
});

describe('storage usage', () => {
  test('reads RFC 4331 quota properties of / with depth 0', async () => {
    let props = '<D:quota-used-bytes>300</D:quota-used-bytes>' +
      '<D:quota-available-bytes>700</D:quota-available-bytes>';
    const { webdav, seen } = setup(() => multistatus(okResponse('/', props)));
    assert.deepEqual(await webdav.getStorageUsage(), {
      usedBytes: 300,
      availableBytes: 700,
      limitBytes: 1000,
    });
    assert.equal(seen[0]!.method, 'PROPFIND');
    assert.equal(seen[0]!.headers.get('Depth'), '0');
    assert.equal(seen[0]!.url, `${dav}/`);
    const asked = children(parseXml(seen[0]!.body!), 'DAV:', 'prop')[0]!.children.map((c) =>
      c.local
    );
    assert.deepEqual(asked, ['quota-used-bytes', 'quota-available-bytes']);

    props = '<D:quota-used-bytes>300</D:quota-used-bytes>';
    assert.deepEqual(await webdav.getStorageUsage(), {
      usedBytes: 300,
      availableBytes: null,
      limitBytes: null,
    });
    props = '';
    await rejectsWebDAV(webdav.getStorageUsage(), { type: 'invalid_response', status: 207 });
  });
});

describe('raw requests', () => {
  test('request and options return any answer as it is', async () => {
    const { webdav, seen } = setup(() =>
      new Response('nope', { status: 403, headers: { DAV: '1, 2, 3, sync-collection' } })
    );
    const answer = await webdav.request('PROPPATCH', '/rool-drive/a', {
      headers: { 'Content-Type': 'application/xml' },
      body: '<propertyupdate xmlns="DAV:"/>',
    });
    assert.equal(answer.status, 403);
    assert.equal(await answer.text(), 'nope');
    assert.equal(seen[0]!.method, 'PROPPATCH');
    assert.equal(seen[0]!.body, '<propertyupdate xmlns="DAV:"/>');
    assert.equal(seen[0]!.headers.get('Authorization'), `Bearer ${token}`);
    const options = await webdav.options();
    assert.equal(options.headers.get('DAV'), '1, 2, 3, sync-collection');
    assert.equal(seen[1]!.method, 'OPTIONS');
    assert.equal(seen[1]!.url, `${dav}/`);
    await assert.rejects(webdav.request('BAD METHOD', '/'), isValidation);
    await assert.rejects(webdav.request('', '/'), isValidation);
    assert.equal(seen.length, 2);
  });
});

describe('failures', () => {
  test('no error holds the token, even when the server echoes it', async () => {
    const echo = `Bearer ${token} is not welcome`;
    const { webdav } = setup(() => new Response(echo, { status: 401, statusText: `Bad ${token}` }));
    const error = await rejectsWebDAV(webdav.get('/rool-drive/a'), {
      type: 'unauthorized',
      status: 401,
    });
    const everything = JSON.stringify(error) + error.message + error.body + error.statusText;
    assert.equal(everything.includes(token), false);
    assert.equal(error.body, 'Bearer [redacted] is not welcome');

    const failing = new RoolWebDAV({
      apiUrl: 'https://api.rool.test',
      spaceId: 'spc1',
      getToken: () => Promise.resolve(token),
      fetch: () => Promise.reject(new TypeError(`connect failed for ${token}`)),
    });
    const network = await rejectsWebDAV(failing.get('/rool-drive/a'), {
      type: 'transport_error',
      status: 0,
    });
    assert.equal(network.message.includes(token), false);
    assert.match(network.message, /^WebDAV GET \/rool-drive\/a failed: network error/);
  });

  test('a long error body is cut to 4096 characters; toJSON has no stack or cause', async () => {
    const { webdav } = setup(() => new Response('x'.repeat(100_000), { status: 500 }));
    const error = await rejectsWebDAV(webdav.get('/rool-drive/a'), {
      type: 'server_error',
      status: 500,
    });
    assert.equal(error.body.length, 4096);
    assert.deepEqual(Object.keys(error.toJSON()).sort(), [
      'body',
      'message',
      'name',
      'status',
      'statusText',
      'type',
    ]);
  });

  test('a DAV:error body names its condition', async () => {
    const { webdav } = setup(() =>
      new Response(
        '<?xml version="1.0"?><d:error xmlns:d="DAV:"><d:lock-token-submitted>' +
          '<d:href>/v1/spaces/spc1/dav/rool-drive/a</d:href></d:lock-token-submitted></d:error>',
        { status: 423, headers: { 'Content-Type': 'application/xml; charset=utf-8' } },
      )
    );
    const error = await rejectsWebDAV(webdav.put('/rool-drive/a', 'x'), {
      type: 'locked',
      status: 423,
      condition: 'lock-token-submitted',
    });
    assert.equal(error.toJSON().condition, 'lock-token-submitted');
  });

  test("the timeout and the caller's signal end a request that gets no answer", async () => {
    const hang = (request: Seen) =>
      new Promise<Response>((_resolve, reject) => {
        if (request.signal!.aborted) reject(request.signal!.reason);
        request.signal!.addEventListener('abort', () => reject(request.signal!.reason), {
          once: true,
        });
      });
    const { webdav } = setup(hang, { timeoutMs: 20 });
    const timedOut = await rejectsWebDAV(webdav.propfind('/', { depth: '0' }), {
      type: 'timeout',
      status: 0,
    });
    assert.equal(timedOut.message, 'WebDAV PROPFIND / timed out after 20 ms');

    const slow = setup(hang, { timeoutMs: 60_000 });
    const controller = new AbortController();
    const pending = slow.webdav.get('/rool-drive/a', { signal: controller.signal });
    controller.abort();
    await rejectsWebDAV(pending, { type: 'aborted', status: 0 });
    // Without a timeout the caller's own signal reaches fetch.
    const plain = setup(hang);
    const second = new AbortController();
    const waiting = plain.webdav.request('GET', '/rool-drive/a', { signal: second.signal });
    second.abort();
    await rejectsWebDAV(waiting, { type: 'aborted', status: 0 });
    await rejectsWebDAV(plain.webdav.get('/rool-drive/a', { signal: AbortSignal.abort() }), {
      type: 'aborted',
      status: 0,
    });
    // Both were aborted before they could be sent: nothing reached the server.
    assert.equal(plain.seen.length, 0);
  });

  test('the timeout holds even when the injected fetch ignores signals (in-process servers)', async () => {
    const { webdav } = setup(() => new Promise<Response>(() => {}), { timeoutMs: 15 });
    await rejectsWebDAV(webdav.put('/rool-drive/a', 'x'), { type: 'timeout', status: 0 });
  });

  test('a DAV:error body without a DAV: condition element names none', async () => {
    const { webdav } = setup(() =>
      new Response(
        '<D:error xmlns:D="DAV:" xmlns:R="urn:rool:webdav"><R:message>No</R:message></D:error>',
        { status: 403, headers: { 'Content-Type': 'application/xml' } },
      )
    );
    const error = await rejectsWebDAV(webdav.mkcol('/rool-drive/a'), {
      type: 'forbidden',
      status: 403,
    });
    assert.equal(error.condition, undefined);
    assert.equal('condition' in error.toJSON(), false);
  });

  test('a multistatus answer is read no further than the parser would take it', async () => {
    let pulled = 0;
    let cancelled = false;
    const chunk = new Uint8Array(1024 * 1024).fill(0x20);
    // An endless answer: reading it whole would never end.
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(chunk);
      },
      cancel() {
        cancelled = true;
      },
    });
    const { webdav } = setup(() => new Response(endless, { status: 207 }));
    const error = await rejectsWebDAV(webdav.propfind('/', { depth: '1' }), {
      type: 'invalid_response',
      status: 207,
    });
    assert.equal(error.message, 'WebDAV PROPFIND /: the answer is larger than 67108864 bytes');
    assert.ok(pulled <= 66, `read ${pulled} MiB`);
    assert.equal(cancelled, true);
  });

  test("the timeout stops once a raw answer's headers are in: its body is read at leisure", async () => {
    const { webdav } = setup(() => new Response('body'), { timeoutMs: 10 });
    const answer = await webdav.get('/rool-drive/a');
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(await answer.text(), 'body');
  });
});
