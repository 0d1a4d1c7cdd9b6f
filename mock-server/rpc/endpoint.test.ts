import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defineMethods, method } from '../../src/rpc/definition.ts';
import type { MethodValidators, Validation } from '../../src/rpc/validation.ts';
import { lingerBytes } from './body.ts';
import { rpcEndpoint } from './endpoint.ts';
import { RpcFault } from './fault.ts';

const methods = defineMethods({
  'greet': method<{ name: string }, { text: string }>(),
  'fail': method<{ type: string }, { ok: boolean }>(),
  'broken': method<Record<string, never>, { ok: boolean }>(),
});

const isName = (v: unknown): Validation<{ name: string }> =>
  typeof v === 'object' && v !== null && typeof (v as { name?: unknown }).name === 'string'
    ? { ok: true, value: v as { name: string } }
    : {
      ok: false,
      issues: [{ path: '/name', message: 'Expected string' }, { path: '/x', message: 'Other' }],
    };
const anything = <T>(v: unknown): Validation<T> => ({ ok: true, value: v as T });
const okOutput = (v: unknown): Validation<{ ok: boolean }> =>
  typeof (v as { ok?: unknown })?.ok === 'boolean'
    ? { ok: true, value: v as { ok: boolean } }
    : { ok: false, issues: [{ path: '/ok', message: 'Expected boolean' }] };

const validators: { [M in keyof typeof methods]: MethodValidators } = {
  greet: { input: isName, output: anything },
  fail: { input: anything, output: okOutput },
  broken: { input: anything, output: okOutput },
};

function endpoint(options: { maxBodyBytes?: number; errors?: unknown[] } = {}) {
  const errors = options.errors ?? [];
  return rpcEndpoint<typeof methods, Record<string, never>>({
    validators,
    handlers: {
      greet: ({ name }) => ({ text: `Hello ${name}` }),
      fail: ({ type }) => {
        if (type === 'boom') throw new Error('secret internals');
        throw new RpcFault(type as 'not_found', 'It failed');
      },
      broken: () => ({ ok: 'yes' }) as unknown as { ok: boolean },
    },
    context: (request) => {
      if (request.headers.get('authorization') !== 'Bearer k') {
        throw new RpcFault('unauthorized', 'No');
      }
      return {};
    },
    maxBodyBytes: options.maxBodyBytes ?? 1024,
    checkOutputs: true,
    onError: (error) => errors.push(error),
  });
}

const json = { 'content-type': 'application/json', authorization: 'Bearer k' };

async function call(
  body: BodyInit | null,
  init: { headers?: Record<string, string>; maxBodyBytes?: number } = {},
) {
  const request = new Request('http://x.test/rpc', {
    method: 'POST',
    headers: init.headers ?? json,
    body,
    // @ts-ignore: `duplex` is needed for stream bodies and absent from lib.dom
    duplex: 'half',
  });
  const response = await endpoint({ maxBodyBytes: init.maxBodyBytes })(request);
  return { status: response.status, body: await response.json() };
}

describe('rpcEndpoint', () => {
  test('answers a valid call with {ok: true, value}', async () => {
    assert.deepEqual(await call(JSON.stringify({ method: 'greet', input: { name: 'Ada' } })), {
      status: 200,
      body: { ok: true, value: { text: 'Hello Ada' } },
    });
  });

  const refusals: [string, BodyInit, Record<string, string> | undefined, number, string][] = [
    [
      'no credential, before the body is read',
      '{',
      { 'content-type': 'application/json' },
      401,
      'unauthorized',
    ],
    ['a body that is not JSON', '{"method":', undefined, 400, 'invalid_request'],
    ['a JSON array', '[1]', undefined, 400, 'invalid_request'],
    ['an envelope without method', '{"input":{}}', undefined, 400, 'invalid_request'],
    ['a method that is not a string', '{"method":1,"input":{}}', undefined, 400, 'invalid_request'],
    ['an envelope without input', '{"method":"greet"}', undefined, 400, 'invalid_request'],
    [
      'an extra envelope field',
      '{"method":"greet","input":{"name":"a"},"x":1}',
      undefined,
      400,
      'invalid_request',
    ],
    ['an unknown method', '{"method":"nope","input":{}}', undefined, 404, 'method_not_found'],
    [
      // Deep enough to overflow a recursive validator's stack, were the limit not checked first.
      'an input nested 20 000 levels deep',
      `{"method":"greet","input":{"name":${'['.repeat(20_000)}${']'.repeat(20_000)}}}`,
      undefined,
      400,
      'invalid_request',
    ],
    [
      '__proto__ as the method',
      '{"method":"__proto__","input":{}}',
      undefined,
      404,
      'method_not_found',
    ],
    [
      'constructor as the method',
      '{"method":"constructor","input":{}}',
      undefined,
      404,
      'method_not_found',
    ],
    [
      'toString as the method',
      '{"method":"toString","input":{}}',
      undefined,
      404,
      'method_not_found',
    ],
    [
      'a text/plain body (no CSRF by simple request)',
      '{"method":"greet","input":{"name":"a"}}',
      { 'content-type': 'text/plain', authorization: 'Bearer k' },
      415,
      'unsupported_media_type',
    ],
  ];
  for (const [name, body, headers, status, type] of refusals) {
    test(`refuses ${name} with ${status} ${type}`, async () => {
      const result = await call(body, { headers, maxBodyBytes: 64 * 1024 });
      assert.equal(result.status, status);
      assert.equal(result.body.ok, false);
      assert.equal(result.body.error.type, type);
      assert.match(result.body.error.message, /^[A-Z]/);
    });
  }

  test('a validation error names the first failing path and counts the rest', async () => {
    const result = await call(JSON.stringify({ method: 'greet', input: { name: 3 } }));
    assert.deepEqual(result, {
      status: 400,
      body: {
        ok: false,
        error: {
          type: 'validation_error',
          message: 'Expected string at /name (and 1 more)',
          path: '/name',
        },
      },
    });
  });

  test('a fault thrown by a handler keeps its type and the table status', async () => {
    for (
      const [type, status] of [['not_found', 404], ['conflict', 409], ['forbidden', 403]] as const
    ) {
      const result = await call(JSON.stringify({ method: 'fail', input: { type } }));
      assert.equal(result.status, status);
      assert.equal(result.body.error.type, type);
    }
  });

  test('an unexpected error is a bare internal_error, reported to onError', async () => {
    const errors: unknown[] = [];
    const request = new Request('http://x.test/rpc', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ method: 'fail', input: { type: 'boom' } }),
    });
    const response = await endpoint({ errors })(request);
    assert.equal(response.status, 500);
    const text = await response.text();
    assert.doesNotMatch(text, /secret internals/);
    assert.deepEqual(JSON.parse(text).error, { type: 'internal_error', message: 'Internal error' });
    assert.equal(errors.length, 1);
  });

  test('an output that breaks its schema is caught as internal_error', async () => {
    const result = await call(JSON.stringify({ method: 'broken', input: {} }));
    assert.equal(result.status, 500);
    assert.equal(result.body.error.type, 'internal_error');
  });

  test('a declared Content-Length far over the limit is refused without reading', async () => {
    let pulled = false;
    // highWaterMark 0: the stream pulls only when someone reads it.
    const body = new ReadableStream({
      pull() {
        pulled = true;
      },
    }, { highWaterMark: 0 });
    const request = new Request('http://x.test/rpc', {
      method: 'POST',
      headers: { ...json, 'content-length': String(100 + lingerBytes + 1) },
      body,
      // @ts-ignore: see above
      duplex: 'half',
    });
    const response = await endpoint({ maxBodyBytes: 100 })(request);
    assert.equal(response.status, 413);
    assert.equal((await response.json()).error.type, 'payload_too_large');
    assert.equal(pulled, false);
  });

  test('a streamed body is cut off at the limit, and the rest is never read', async () => {
    let chunks = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        chunks++;
        if (chunks > 1000) controller.close();
        else controller.enqueue(new TextEncoder().encode('x'.repeat(64)));
      },
    });
    const result = await call(body, { maxBodyBytes: 256 });
    assert.equal(result.status, 413);
    assert.equal(result.body.error.type, 'payload_too_large');
    assert.ok(chunks < 20, `read ${chunks} chunks past a 256-byte limit`);
  });

  test('request values in messages go through the quote option', async () => {
    const quoting = rpcEndpoint<typeof methods, Record<string, never>>({
      validators,
      handlers: {
        greet: () => ({ text: '' }),
        fail: () => ({ ok: true }),
        broken: () => ({ ok: true }),
      },
      context: () => ({}),
      maxBodyBytes: 1024,
      quote: (value) => (value.startsWith('sk_') ? '"<redacted>"' : JSON.stringify(value)),
    });
    const response = await quoting(
      new Request('http://x.test/rpc', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ method: 'sk_live_secret', input: {} }),
      }),
    );
    const { error } = await response.json();
    assert.equal(error.message, 'Unknown method "<redacted>"');
  });

  test('method names are echoed short', async () => {
    const result = await call(JSON.stringify({ method: 'm'.repeat(10_000), input: {} }), {
      maxBodyBytes: 100_000,
    });
    assert.equal(result.status, 404);
    assert.ok(result.body.error.message.length < 120);
  });
});
