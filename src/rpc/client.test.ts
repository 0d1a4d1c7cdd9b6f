import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRpcClient, type FetchFn, type RpcResult, throwingCall } from './client.ts';
import { defineMethods, method } from './definition.ts';
import { fakeFetch, hangingFetch } from '../../test/helpers/fake-fetch.ts';

const methods = defineMethods({
  'users.get': method<{ id: string }, { name: string }>(),
});
type Methods = typeof methods;

/**
 * Runs `run` with setTimeout/clearTimeout tracked and returns how many timers it left pending.
 * Deno's node:test shim has no op sanitizer, so timer leaks are checked here directly.
 */
async function timersLeftBy(run: () => Promise<unknown>): Promise<number> {
  const realSet = globalThis.setTimeout;
  const realClear = globalThis.clearTimeout;
  const pending = new Set<unknown>();
  globalThis.setTimeout = ((handler: () => void, ms?: number) => {
    const id = realSet(() => {
      pending.delete(id);
      handler();
    }, ms);
    pending.add(id);
    return id;
  }) as unknown as typeof setTimeout;
  globalThis.clearTimeout = ((id: Parameters<typeof clearTimeout>[0]) => {
    pending.delete(id);
    realClear(id);
  }) as typeof clearTimeout;
  try {
    await run();
  } finally {
    globalThis.setTimeout = realSet;
    globalThis.clearTimeout = realClear;
  }
  for (const id of pending) realClear(id as Parameters<typeof clearTimeout>[0]);
  return pending.size;
}

function text(body: string, status: number, contentType = 'text/plain'): Response {
  return new Response(body, { status, headers: { 'content-type': contentType } });
}

async function callWith(
  reply: () => Response | Promise<Response>,
): Promise<RpcResult<{ name: string }>> {
  const { fetch } = fakeFetch(reply);
  return await createRpcClient<Methods>('https://api.test/v1', { fetch }).call('users.get', {
    id: 'u1',
  });
}

describe('createRpcClient', () => {
  test('resolves with the value of a success envelope', async () => {
    const result = await callWith(() => Response.json({ ok: true, value: { name: 'Ada' } }));
    assert.deepEqual(result, { ok: true, value: { name: 'Ada' } });
  });

  test('posts {method, input} as JSON to `${baseUrl}/rpc`', async () => {
    const { fetch, sent } = fakeFetch(() => Response.json({ ok: true, value: { name: 'Ada' } }));
    await createRpcClient<Methods>('https://api.test/v1', { fetch }).call('users.get', {
      id: 'u1',
    });
    assert.equal(sent.length, 1);
    assert.equal(sent[0].url, 'https://api.test/v1/rpc');
    assert.equal(sent[0].init.method, 'POST');
    assert.deepEqual(JSON.parse(String(sent[0].init.body)), {
      method: 'users.get',
      input: { id: 'u1' },
    });
    const headers = new Headers(sent[0].init.headers);
    assert.equal(headers.get('content-type'), 'application/json');
    assert.equal(headers.get('accept'), 'application/json');
  });

  test('ignores trailing slashes on the base URL', async () => {
    const { fetch, sent } = fakeFetch(() => Response.json({ ok: true, value: { name: 'Ada' } }));
    await createRpcClient<Methods>('https://api.test/v1//', { fetch }).call('users.get', {
      id: 'u1',
    });
    assert.equal(sent[0].url, 'https://api.test/v1/rpc');
  });

  test('an error envelope keeps its type, message and path, with the HTTP status', async () => {
    const result = await callWith(() =>
      Response.json(
        { ok: false, error: { type: 'validation_error', message: 'Expected string', path: '/id' } },
        { status: 400 },
      )
    );
    assert.deepEqual(result, {
      ok: false,
      error: { type: 'validation_error', message: 'Expected string', path: '/id', status: 400 },
    });
  });

  test('an HTML 502 page is a transport_error with status 502, not a SyntaxError', async () => {
    const result = await callWith(() =>
      text('<html><body>Bad gateway</body></html>', 502, 'text/html; charset=utf-8')
    );
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.error.type, 'transport_error');
    assert.equal(result.error.status, 502);
    assert.match(result.error.message, /not JSON.*502.*text\/html/);
  });

  test('an empty body is a transport_error with the status', async () => {
    const result = await callWith(() => new Response(null, { status: 204 }));
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.error.type, 'transport_error');
    assert.equal(result.error.status, 204);
    assert.match(result.error.message, /Empty response body/);
  });

  test('truncated JSON is a transport_error with the status', async () => {
    const result = await callWith(() => text('{"ok":true,"value":{"na', 200, 'application/json'));
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.error.type, 'transport_error');
    assert.equal(result.error.status, 200);
  });

  test('JSON that is not an envelope is a transport_error with the status', async () => {
    for (const body of [{ name: 'Ada' }, [1, 2], 'ok', null]) {
      const result = await callWith(() => Response.json(body, { status: 200 }));
      assert.equal(result.ok, false, JSON.stringify(body));
      if (result.ok) return;
      assert.equal(result.error.type, 'transport_error');
      assert.equal(result.error.status, 200);
      assert.match(result.error.message, /not an RPC envelope/);
    }
  });

  test('a success envelope with an error status is a transport_error', async () => {
    const result = await callWith(() => Response.json({ ok: true, value: {} }, { status: 500 }));
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.deepEqual([result.error.type, result.error.status], ['transport_error', 500]);
  });

  test('a network failure is a transport_error with status 0 and the cause', async () => {
    const cause = new TypeError('fetch failed');
    const client = createRpcClient<Methods>('https://api.test', {
      fetch: () => Promise.reject(cause),
    });
    const result = await client.call('users.get', { id: 'u1' });
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.error.type, 'transport_error');
    assert.equal(result.error.status, 0);
    assert.equal(result.error.cause, cause);
    assert.match(result.error.message, /fetch failed/);
  });

  test('a per-call timeout is a timeout error', async () => {
    const client = createRpcClient<Methods>('https://api.test', { fetch: hangingFetch });
    const result = await client.call('users.get', { id: 'u1' }, { timeout: 5 });
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.error.type, 'timeout');
    assert.equal(result.error.status, 0);
    assert.equal(result.error.message, 'Call timed out after 5 ms');
  });

  test('the client-wide timeout applies, and a per-call 0 turns it off', async () => {
    const client = createRpcClient<Methods>('https://api.test', {
      fetch: (input, init) =>
        init?.signal ? hangingFetch(input, init) : Promise.resolve(
          Response.json({ ok: true, value: { name: 'no signal' } }),
        ),
      timeout: 5,
    });
    const timedOut = await client.call('users.get', { id: 'u1' });
    assert.equal(timedOut.ok ? 'ok' : timedOut.error.type, 'timeout');
    const untimed = await client.call('users.get', { id: 'u1' }, { timeout: 0 });
    assert.deepEqual(untimed, { ok: true, value: { name: 'no signal' } });
  });

  test("the caller's AbortSignal yields an aborted error", async () => {
    const client = createRpcClient<Methods>('https://api.test', { fetch: hangingFetch });
    const controller = new AbortController();
    const pending = client.call('users.get', { id: 'u1' }, {
      signal: controller.signal,
      timeout: 60_000,
    });
    controller.abort();
    const result = await pending;
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.error.type, 'aborted');
  });

  test('an already-aborted client-wide signal aborts every call', async () => {
    const client = createRpcClient<Methods>('https://api.test', {
      fetch: hangingFetch,
      signal: AbortSignal.abort(),
    });
    const result = await client.call('users.get', { id: 'u1' });
    assert.equal(result.ok ? 'ok' : result.error.type, 'aborted');
  });

  test('leaves no timer pending, whatever the outcome', async () => {
    const outcomes: [string, FetchFn, number][] = [
      ['success', () => Promise.resolve(Response.json({ ok: true, value: {} })), 60_000],
      ['error envelope', () => Promise.resolve(text('<html>', 502, 'text/html')), 60_000],
      ['network failure', () => Promise.reject(new TypeError('fetch failed')), 60_000],
      ['timeout', hangingFetch, 5],
    ];
    for (const [name, fetch, timeout] of outcomes) {
      const client = createRpcClient<Methods>('https://api.test', { fetch, timeout });
      assert.equal(await timersLeftBy(() => client.call('users.get', { id: 'u1' })), 0, name);
    }
    const controller = new AbortController();
    const client = createRpcClient<Methods>('https://api.test', { fetch: hangingFetch });
    const left = await timersLeftBy(() => {
      const pending = client.call('users.get', { id: 'u1' }, {
        signal: controller.signal,
        timeout: 60_000,
      });
      controller.abort();
      return pending;
    });
    assert.equal(left, 0, 'abort');
  });

  test('per-call headers are merged over client-wide ones, case-insensitively', async () => {
    const { fetch, sent } = fakeFetch(() => Response.json({ ok: true, value: { name: 'Ada' } }));
    const client = createRpcClient<Methods>('https://api.test', {
      fetch,
      headers: { Authorization: 'Bearer client', 'X-Client': 'sdk' },
    });
    await client.call('users.get', { id: 'u1' }, {
      headers: { authorization: 'Bearer call', 'X-Request-Id': 'r1' },
    });
    const headers = new Headers(sent[0].init.headers);
    assert.equal(headers.get('authorization'), 'Bearer call');
    assert.equal(headers.get('x-client'), 'sdk');
    assert.equal(headers.get('x-request-id'), 'r1');
  });

  test('credentials are passed through to fetch', async () => {
    const { fetch, sent } = fakeFetch(() => Response.json({ ok: true, value: { name: 'Ada' } }));
    await createRpcClient<Methods>('https://api.test', { fetch, credentials: 'include' }).call(
      'users.get',
      { id: 'u1' },
    );
    assert.equal(sent[0].init.credentials, 'include');
  });
});

describe('throwingCall', () => {
  test('resolves with the value, or throws what toError builds', async () => {
    let reply = Response.json({ ok: true, value: { name: 'Ada' } });
    const client = createRpcClient<Methods>('https://api.test', {
      fetch: () => Promise.resolve(reply),
    });
    const call = throwingCall(client, (error) => new RangeError(`${error.type}/${error.status}`));
    assert.deepEqual(await call('users.get', { id: 'u1' }), { name: 'Ada' });
    reply = Response.json({ ok: false, error: { type: 'not_found', message: 'No user' } }, {
      status: 404,
    });
    await assert.rejects(call('users.get', { id: 'u2' }), new RangeError('not_found/404'));
  });
});
