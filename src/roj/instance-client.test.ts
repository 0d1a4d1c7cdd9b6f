import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FetchFn } from '../rpc/client.ts';
import { instanceMethodNames } from './_generated/bindings.ts';
import { RojApiError } from './errors.ts';
import { fakeFetch, hangingFetch } from '../../test/helpers/fake-fetch.ts';
import {
  createRojInstanceClient,
  type RojInstanceClient,
  type RojInstanceClientOptions,
} from './instance-client.ts';

const URL_ = 'https://roj.test';
const INSTANCE = 'inst/1 ä';
const ENDPOINT = `${URL_}/api/v1/instances/inst%2F1%20%C3%A4/rpc`;
const TOKEN = 'it_secret';

function client(fetch: FetchFn, extra: Partial<RojInstanceClientOptions> = {}) {
  return createRojInstanceClient({
    url: URL_,
    instanceId: INSTANCE,
    token: TOKEN,
    fetch,
    ...extra,
  });
}

/** [client method, how to call it, wire method, wire input]. */
const cases: [string, (c: RojInstanceClient) => Promise<unknown>, string, unknown][] = [
  ['sandbox.create', (c) => c.sandbox.create(), 'createSandbox', {}],
  ['sandbox.ensure', (c) => c.sandbox.ensure(), 'ensureSandbox', {}],
  ['sandbox.pause', (c) => c.sandbox.pause('sb_1'), 'pauseSandbox', { sandboxId: 'sb_1' }],
  ['sandbox.resume', (c) => c.sandbox.resume(), 'resumeSandbox', {}],
  [
    'sandbox.terminate',
    (c) => c.sandbox.terminate('sb_1'),
    'terminateSandbox',
    { sandboxId: 'sb_1' },
  ],
  [
    'sandbox.restartAgent',
    (c) => c.sandbox.restartAgent('sb_1'),
    'restartAgent',
    { sandboxId: 'sb_1' },
  ],
  [
    'sandbox.getAgentLogs',
    (c) => c.sandbox.getAgentLogs('sb_1'),
    'getAgentLogs',
    { sandboxId: 'sb_1' },
  ],
  [
    'sandbox.getAgentLogs',
    (c) => c.sandbox.getAgentLogs('sb_1', 200),
    'getAgentLogs',
    { sandboxId: 'sb_1', lines: 200 },
  ],
  ['sandbox.exec', (c) => c.sandbox.exec('ls -la'), 'execInSandbox', { command: 'ls -la' }],
  [
    'sandbox.validateToken',
    (c) => c.sandbox.validateToken('sb_1', 'st_1'),
    'validateSandboxToken',
    { sandboxId: 'sb_1', token: 'st_1' },
  ],
  ['sessions.create', (c) => c.sessions.create('default'), 'createSession', {
    presetId: 'default',
  }],
  ['sessions.list', (c) => c.sessions.list(), 'listSessions', {}],
  [
    'sessions.publish',
    (c) => c.sessions.publish('ses_1'),
    'publishSession',
    { sessionId: 'ses_1' },
  ],
  [
    'services.getUrl',
    (c) => c.services.getUrl('ses_1', 'preview'),
    'getServiceUrl',
    { sessionId: 'ses_1', serviceType: 'preview' },
  ],
  [
    'services.getUrls',
    (c) => c.services.getUrls('ses_1'),
    'getServiceUrls',
    { sessionId: 'ses_1' },
  ],
];

/** Every `namespace.method` of a client object. */
function methodPaths(instance: object): string[] {
  return Object.entries(instance)
    .filter(([, value]) => typeof value === 'object')
    .flatMap(([namespace, methods]) =>
      Object.keys(methods as object).map((name) => `${namespace}.${name}`)
    )
    .sort();
}

describe('createRojInstanceClient', () => {
  for (const [name, invoke, method, input] of cases) {
    test(`${name} sends ${method} with ${JSON.stringify(input)}`, async () => {
      const value = { answeredBy: method };
      const { fetch, sent } = fakeFetch(() => Response.json({ ok: true, value }));
      assert.deepEqual(await invoke(client(fetch)), value);
      assert.equal(sent.length, 1);
      assert.equal(sent[0].url, ENDPOINT);
      assert.equal(sent[0].init.method, 'POST');
      assert.equal(new Headers(sent[0].init.headers).get('authorization'), `Bearer ${TOKEN}`);
      assert.deepEqual(JSON.parse(String(sent[0].init.body)), { method, input });
    });
  }

  test('the table covers every client method and every instance method', () => {
    const instance = client(fakeFetch(() => new Response()).fetch);
    assert.deepEqual([...new Set(cases.map(([name]) => name))].sort(), methodPaths(instance));
    const sentMethods = [...new Set(cases.map(([, , method]) => method))].sort();
    assert.deepEqual(sentMethods, [...instanceMethodNames].sort());
  });

  test('exposes the instance ID it addresses', () => {
    assert.equal(client(fakeFetch(() => new Response()).fetch).instanceId, INSTANCE);
  });

  test('ignores trailing slashes on the URL', async () => {
    const { fetch, sent } = fakeFetch(() => Response.json({ ok: true, value: {} }));
    await client(fetch, { url: `${URL_}/` }).sessions.list();
    assert.equal(sent[0].url, ENDPOINT);
  });

  test('without a token, sends no Authorization and passes credentials through', async () => {
    const { fetch, sent } = fakeFetch(() => Response.json({ ok: true, value: { sessions: [] } }));
    await client(fetch, { token: undefined, credentials: 'include' }).sessions.list();
    assert.equal(new Headers(sent[0].init.headers).get('authorization'), null);
    assert.equal(sent[0].init.credentials, 'include');
  });

  test('the token wins over an Authorization among extra headers', async () => {
    const { fetch, sent } = fakeFetch(() => Response.json({ ok: true, value: {} }));
    await client(fetch, { headers: { Authorization: 'Bearer stale', 'X-Trace': 't' } }).sandbox
      .ensure();
    const headers = new Headers(sent[0].init.headers);
    assert.equal(headers.get('authorization'), `Bearer ${TOKEN}`);
    assert.equal(headers.get('x-trace'), 't');
  });

  test('per-call options reach the call: headers and timeout', async () => {
    const { fetch, sent } = fakeFetch(() => Response.json({ ok: true, value: {} }));
    await client(fetch).sandbox.validateToken('sb_1', 'st_1', { headers: { 'X-Call': '1' } });
    assert.equal(new Headers(sent[0].init.headers).get('x-call'), '1');

    const pending = client(hangingFetch).sandbox.exec('sleep 100', { timeout: 5 });
    await assert.rejects(
      pending,
      (error) => error instanceof RojApiError && error.type === 'timeout',
    );
  });

  test('a per-call signal aborts the call', async () => {
    const controller = new AbortController();
    const pending = client(hangingFetch).services.getUrl('ses_1', 'preview', {
      signal: controller.signal,
    });
    controller.abort();
    await assert.rejects(
      pending,
      (error) => error instanceof RojApiError && error.type === 'aborted',
    );
  });

  test('an error envelope rejects with RojApiError carrying type, status and path', async () => {
    const { fetch } = fakeFetch(() =>
      Response.json({
        ok: false,
        error: { type: 'validation_error', message: 'Expected at most 10000', path: '/lines' },
      }, { status: 400 })
    );
    await assert.rejects(client(fetch).sandbox.getAgentLogs('sb_1', 1e6), (error) => {
      assert.ok(error instanceof RojApiError);
      assert.deepEqual(error.toJSON(), {
        name: 'RojApiError',
        type: 'validation_error',
        message: 'Expected at most 10000',
        status: 400,
        path: '/lines',
      });
      return true;
    });
  });

  test('a conflict keeps its status; an HTML page is a transport_error', async () => {
    const conflict = fakeFetch(() =>
      Response.json({ ok: false, error: { type: 'conflict', message: 'Sandbox is paused' } }, {
        status: 409,
      })
    );
    await assert.rejects(
      client(conflict.fetch).sandbox.pause('sb_1'),
      (error) => error instanceof RojApiError && error.type === 'conflict' && error.status === 409,
    );
    const html = fakeFetch(() =>
      new Response('<p>Service unavailable</p>', {
        status: 503,
        headers: { 'content-type': 'text/html' },
      })
    );
    await assert.rejects(
      client(html.fetch).sandbox.pause('sb_1'),
      (error) =>
        error instanceof RojApiError && error.type === 'transport_error' && error.status === 503,
    );
  });

  test('a network failure rejects with transport_error and status 0', async () => {
    await assert.rejects(
      client(() => Promise.reject(new TypeError('fetch failed'))).sessions.list(),
      (error) =>
        error instanceof RojApiError && error.type === 'transport_error' && error.status === 0,
    );
  });

  test('an empty instance ID is refused at creation', () => {
    assert.throws(
      () => createRojInstanceClient({ url: URL_, instanceId: '' }),
      new TypeError('Instance ID must be a non-empty string'),
    );
  });
});
