import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FetchFn } from '../rpc/client.ts';
import { platformMethodNames } from './_generated/bindings.ts';
import { createRojClient, type RojClient } from './client.ts';
import { RojApiError } from './errors.ts';
import { fakeFetch, hangingFetch } from '../../test/helpers/fake-fetch.ts';

const URL_ = 'https://roj.test';
const API_KEY = 'rk_test_123';

function client(fetch: FetchFn, extra: Partial<Parameters<typeof createRojClient>[0]> = {}) {
  return createRojClient({ url: URL_, apiKey: API_KEY, fetch, ...extra });
}

/** Asserts that `promise` rejects with a RojApiError carrying `want`. */
async function rejectsWith(
  promise: Promise<unknown>,
  want: { type: string; status: number; path?: string; message?: string | RegExp },
): Promise<RojApiError> {
  let caught: unknown;
  await assert.rejects(promise, (error) => {
    caught = error;
    return true;
  });
  assert.ok(caught instanceof RojApiError, `Expected RojApiError, got ${String(caught)}`);
  assert.equal(caught.type, want.type);
  assert.equal(caught.status, want.status);
  assert.equal(caught.path, want.path);
  if (typeof want.message === 'string') assert.equal(caught.message, want.message);
  if (want.message instanceof RegExp) assert.match(caught.message, want.message);
  return caught;
}

const createInstance = {
  templateSlug: 'node',
  name: 'Demo',
  vcsType: 'none' as const,
  autoCreateSession: { presetId: 'default', blocking: true },
};

/** [client method, how to call it, wire method, wire input]. */
const rpcCases: [string, (roj: RojClient) => Promise<unknown>, string, unknown][] = [
  [
    'instances.create',
    (r) => r.instances.create(createInstance),
    'instances.create',
    createInstance,
  ],
  ['instances.get', (r) => r.instances.get('inst_1'), 'instances.get', { instanceId: 'inst_1' }],
  [
    'instances.getStatus',
    (r) => r.instances.getStatus('inst_1'),
    'instances.status',
    { instanceId: 'inst_1' },
  ],
  ['instances.list', (r) => r.instances.list(), 'instances.list', {}],
  [
    'instances.list',
    (r) => r.instances.list({ limit: 5, offset: 10 }),
    'instances.list',
    { limit: 5, offset: 10 },
  ],
  [
    'instances.archive',
    (r) => r.instances.archive('inst_1'),
    'instances.archive',
    { instanceId: 'inst_1' },
  ],
  [
    'sessions.create',
    (r) => r.sessions.create({ instanceId: 'inst_1', presetId: 'default', expiresIn: 60 }),
    'sessions.create',
    { instanceId: 'inst_1', presetId: 'default', expiresIn: 60 },
  ],
  ['sessions.list', (r) => r.sessions.list('inst_1'), 'sessions.list', { instanceId: 'inst_1' }],
  [
    'sessions.publish',
    (r) => r.sessions.publish({ instanceId: 'inst_1', sessionId: 'ses_1' }),
    'sessions.publish',
    { instanceId: 'inst_1', sessionId: 'ses_1' },
  ],
  [
    'tokens.create',
    (r) => r.tokens.create({ instanceId: 'inst_1', origin: 'https://app.test', meta: { a: 1 } }),
    'tokens.create',
    { instanceId: 'inst_1', origin: 'https://app.test', meta: { a: 1 } },
  ],
  ['bundles.list', (r) => r.bundles.list(), 'bundles.list', {}],
  ['bundles.list', (r) => r.bundles.list({ limit: 1 }), 'bundles.list', { limit: 1 }],
  [
    'bundles.delete',
    (r) => r.bundles.delete({ bundleSlug: 'web' }),
    'bundles.delete',
    { bundleSlug: 'web' },
  ],
  [
    'resources.create',
    (r) => r.resources.create({ slug: 'docs', fileId: 'file_1', label: 'v1' }),
    'resources.create',
    { slug: 'docs', fileId: 'file_1', label: 'v1' },
  ],
  [
    'resources.addRevision',
    (r) => r.resources.addRevision({ resourceSlug: 'docs', fileId: 'file_2' }),
    'resources.addRevision',
    { resourceSlug: 'docs', fileId: 'file_2' },
  ],
  [
    'resources.get',
    (r) => r.resources.get({ resourceId: 'res_1' }),
    'resources.get',
    { resourceId: 'res_1' },
  ],
  ['resources.list', (r) => r.resources.list(), 'resources.list', {}],
  ['resources.list', (r) => r.resources.list({ offset: 2 }), 'resources.list', { offset: 2 }],
  [
    'resources.delete',
    (r) => r.resources.delete('res_1'),
    'resources.delete',
    { resourceId: 'res_1' },
  ],
];

/** Every `namespace.method` of a client object. */
function methodPaths(roj: object): string[] {
  return Object.entries(roj).flatMap(([namespace, methods]) =>
    Object.keys(methods as object).map((name) => `${namespace}.${name}`)
  ).sort();
}

describe('createRojClient', () => {
  for (const [name, invoke, method, input] of rpcCases) {
    test(`${name} sends ${method} with ${JSON.stringify(input)}`, async () => {
      const value = { answeredBy: method };
      const { fetch, sent } = fakeFetch(() => Response.json({ ok: true, value }));
      assert.deepEqual(await invoke(client(fetch)), value);
      assert.equal(sent.length, 1);
      assert.equal(sent[0].url, `${URL_}/api/v1/rpc`);
      assert.equal(sent[0].init.method, 'POST');
      assert.equal(new Headers(sent[0].init.headers).get('authorization'), `Bearer ${API_KEY}`);
      assert.deepEqual(JSON.parse(String(sent[0].init.body)), { method, input });
    });
  }

  test('the table covers every client method, and every platform method it exposes', () => {
    const roj = client(fakeFetch(() => new Response()).fetch);
    const tested = [...new Set(rpcCases.map(([name]) => name)), 'files.upload'].sort();
    assert.deepEqual(tested, methodPaths(roj));
    // `services.getUrl` is in the registry but was never on the published client's surface.
    const sentMethods = new Set(rpcCases.map(([, , method]) => method));
    const exposed = platformMethodNames.filter((name) => name !== 'services.getUrl');
    assert.deepEqual([...sentMethods].sort(), [...exposed].sort());
  });

  test('ignores trailing slashes on the URL', async () => {
    const { fetch, sent } = fakeFetch(() => Response.json({ ok: true, value: {} }));
    await createRojClient({ url: `${URL_}///`, apiKey: API_KEY, fetch }).instances.get('i');
    assert.equal(sent[0].url, `${URL_}/api/v1/rpc`);
  });

  test('sends extra headers, but the API key wins over any Authorization among them', async () => {
    const { fetch, sent } = fakeFetch(() => Response.json({ ok: true, value: {} }));
    await client(fetch, { headers: { authorization: 'Bearer other', 'X-Trace': 't1' } })
      .instances.get('i');
    const headers = new Headers(sent[0].init.headers);
    assert.equal(headers.get('authorization'), `Bearer ${API_KEY}`);
    assert.equal(headers.get('x-trace'), 't1');
  });

  test('an error envelope rejects with RojApiError carrying type, status and path', async () => {
    const { fetch } = fakeFetch(() =>
      Response.json({
        ok: false,
        error: { type: 'validation_error', message: 'Expected integer', path: '/limit' },
      }, { status: 400 })
    );
    await rejectsWith(client(fetch).instances.list({ limit: 1.5 }), {
      type: 'validation_error',
      status: 400,
      path: '/limit',
      message: 'Expected integer',
    });
  });

  test('a missing instance is not_found with status 404', async () => {
    const { fetch } = fakeFetch(() =>
      Response.json({ ok: false, error: { type: 'not_found', message: 'No instance' } }, {
        status: 404,
      })
    );
    await rejectsWith(client(fetch).instances.get('nope'), { type: 'not_found', status: 404 });
  });

  test('an HTML 502 page rejects with transport_error and status 502', async () => {
    const { fetch } = fakeFetch(() =>
      new Response('<h1>502 Bad Gateway</h1>', {
        status: 502,
        headers: { 'content-type': 'text/html' },
      })
    );
    await rejectsWith(client(fetch).instances.get('i'), {
      type: 'transport_error',
      status: 502,
      message: /not JSON/,
    });
  });

  test('a network failure rejects with transport_error, status 0 and the cause', async () => {
    const cause = new TypeError('fetch failed');
    const error = await rejectsWith(client(() => Promise.reject(cause)).instances.get('i'), {
      type: 'transport_error',
      status: 0,
    });
    assert.equal(error.cause, cause);
  });

  test('the timeout option rejects with timeout', async () => {
    await rejectsWith(client(hangingFetch, { timeout: 5 }).instances.get('i'), {
      type: 'timeout',
      status: 0,
    });
  });

  test('the signal option rejects with aborted', async () => {
    const controller = new AbortController();
    const pending = client(hangingFetch, { signal: controller.signal }).instances.get('i');
    controller.abort();
    await rejectsWith(pending, { type: 'aborted', status: 0 });
  });
});

const uploaded = {
  ok: true,
  fileId: 'file_1',
  filename: 'notes.txt',
  mimeType: 'text/plain',
  size: 5,
  r2Key: 'files/file_1',
};

describe('createRojClient files.upload', () => {
  test('posts one multipart part named `file` with the filename and bytes', async () => {
    const requests: Request[] = [];
    const roj = client((input, init) => {
      requests.push(new Request(input, init));
      return Promise.resolve(Response.json(uploaded));
    }, { headers: { 'Content-Type': 'application/json', 'X-Trace': 't1' } });
    const result = await roj.files.upload(new Blob(['hello'], { type: 'text/plain' }), 'notes.txt');
    assert.deepEqual(result, uploaded);

    assert.equal(requests.length, 1);
    const request = requests[0];
    assert.equal(request.url, `${URL_}/api/v1/files/upload`);
    assert.equal(request.method, 'POST');
    assert.equal(request.headers.get('authorization'), `Bearer ${API_KEY}`);
    assert.match(request.headers.get('content-type') ?? '', /^multipart\/form-data; boundary=/);
    assert.equal(request.headers.get('x-trace'), 't1');
    const form = await request.formData();
    assert.deepEqual([...form.keys()], ['file']);
    const file = form.get('file');
    assert.ok(file instanceof Blob && 'name' in file, 'The part is a file');
    assert.equal(file.name, 'notes.txt');
    assert.equal(await file.text(), 'hello');
  });

  test('without a filename, a File keeps its own name', async () => {
    const { fetch, sent } = fakeFetch(() => Response.json(uploaded));
    await client(fetch).files.upload(new File(['x'], 'report.pdf'));
    const part = (sent[0].init.body as FormData).get('file') as File;
    assert.equal(part.name, 'report.pdf');
  });

  test('honours the timeout option', async () => {
    await rejectsWith(
      client(hangingFetch, { timeout: 5 }).files.upload(new Blob(['x']), 'x.txt'),
      { type: 'timeout', status: 0 },
    );
  });

  const failures: [
    string,
    () => Response,
    { type: string; status: number; path?: string; message?: string | RegExp },
  ][] = [
    [
      'an error envelope',
      () =>
        Response.json({ ok: false, error: { type: 'payload_too_large', message: 'Over 10 MB' } }, {
          status: 413,
        }),
      { type: 'payload_too_large', status: 413, message: 'Over 10 MB' },
    ],
    [
      'an error envelope with a path',
      () =>
        Response.json({
          ok: false,
          error: { type: 'validation_error', message: 'Missing file part', path: '/file' },
        }, { status: 400 }),
      { type: 'validation_error', status: 400, path: '/file' },
    ],
    [
      'an {error} body',
      () => Response.json({ error: 'File too large' }, { status: 413 }),
      { type: 'http_error', status: 413, message: 'File too large' },
    ],
    [
      'a {message} body',
      () => Response.json({ message: 'Forbidden' }, { status: 403 }),
      { type: 'http_error', status: 403, message: 'Forbidden' },
    ],
    [
      'other JSON with an error status',
      () => Response.json({ detail: 'nope' }, { status: 500 }),
      { type: 'http_error', status: 500, message: 'HTTP 500' },
    ],
    [
      'an HTML 502 page',
      () =>
        new Response('<h1>Bad gateway</h1>', {
          status: 502,
          headers: { 'content-type': 'text/html' },
        }),
      { type: 'transport_error', status: 502, message: /not JSON.*text\/html/ },
    ],
    [
      'an empty body',
      () => new Response('', { status: 500 }),
      { type: 'transport_error', status: 500, message: /Empty response body/ },
    ],
    [
      'truncated JSON',
      () => new Response('{"ok":true,"fileId":"fi', { status: 200 }),
      { type: 'transport_error', status: 200 },
    ],
    [
      'a 200 that is not an upload result',
      () => Response.json({ ok: true, value: {} }),
      { type: 'transport_error', status: 200, message: /not an upload result/ },
    ],
  ];
  for (const [name, reply, want] of failures) {
    test(`${name} rejects with RojApiError ${want.type} ${want.status}`, async () => {
      const { fetch } = fakeFetch(reply);
      await rejectsWith(client(fetch).files.upload(new Blob(['x']), 'x.txt'), want);
    });
  }

  test('a network failure rejects with transport_error and status 0', async () => {
    await rejectsWith(
      client(() => Promise.reject(new TypeError('fetch failed'))).files.upload(new Blob(['x'])),
      { type: 'transport_error', status: 0, message: /fetch failed/ },
    );
  });
});
