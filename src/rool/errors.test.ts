import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fakeFetch, hangingFetch } from '../../test/helpers/fake-fetch.ts';
import type { FetchFn } from '../rpc/client.ts';
import { RoolClient } from './client.ts';
import { RoolError, toRoolError } from './errors.ts';
import { TokenAuthProvider } from './token-auth.ts';

describe('RoolError', () => {
  test('is an Error named RoolError with type, status, path and cause', () => {
    const cause = new TypeError('fetch failed');
    const error = new RoolError({
      type: 'validation_error',
      message: 'Expected string',
      status: 400,
      path: '/name',
      cause,
    });
    assert.ok(error instanceof Error);
    assert.equal(error.name, 'RoolError');
    assert.equal(String(error), 'RoolError: Expected string');
    assert.equal(error.path, '/name');
    assert.equal(error.cause, cause);
  });

  test('defaults status to 0 and has no path or cause', () => {
    const error = new RoolError({ type: 'unsupported', message: 'No' });
    assert.equal(error.status, 0);
    assert.equal('path' in error, false);
    assert.equal('cause' in error, false);
  });

  test('toJSON leaves out stack and cause', () => {
    const error = new RoolError({
      type: 'transport_error',
      message: 'Network error',
      cause: new Error('Authorization: Bearer secret'),
    });
    const json = JSON.stringify(error);
    assert.deepEqual(JSON.parse(json), {
      name: 'RoolError',
      type: 'transport_error',
      message: 'Network error',
      status: 0,
    });
    assert.doesNotMatch(json, /secret|stack/);
  });
});

describe('toRoolError', () => {
  const cases: [string, { given: Parameters<typeof toRoolError>[0]; status: number }][] = [
    ['keeps an error status', {
      given: { type: 'conflict', message: 'm', status: 409 },
      status: 409,
    }],
    ['server type without an error status takes the table status', {
      given: { type: 'not_found', message: 'm', status: 200 },
      status: 404,
    }],
    ['client types keep the status seen', {
      given: { type: 'transport_error', message: 'm', status: 502 },
      status: 502,
    }],
    ['no response is 0', { given: { type: 'timeout', message: 'm', status: 0 }, status: 0 }],
    ['unknown types keep the status seen', {
      given: { type: 'made_up', message: 'm', status: 418 },
      status: 418,
    }],
  ];
  for (const [name, { given, status }] of cases) {
    test(name, () => {
      const error = toRoolError(given);
      assert.ok(error instanceof RoolError);
      assert.equal(error.type, given.type);
      assert.equal(error.status, status);
    });
  }
});

describe('client calls reject with RoolError', () => {
  function client(fetch: FetchFn, timeoutMs = 0) {
    return new RoolClient({
      apiUrl: 'https://api.rool.test',
      authProvider: new TokenAuthProvider('tok'),
      fetch,
      timeoutMs,
    });
  }

  test('a server error keeps its type, status and path', async () => {
    const { fetch } = fakeFetch(() =>
      Response.json(
        { ok: false, error: { type: 'validation_error', message: 'Bad email', path: '/email' } },
        { status: 400 },
      )
    );
    await assert.rejects(client(fetch).searchUser('x'), (error) => {
      return error instanceof RoolError && error.type === 'validation_error' &&
        error.status === 400 && error.path === '/email' && error.message === 'Bad email';
    });
  });

  test('an HTML 502 is a transport_error with status 502', async () => {
    const { fetch } = fakeFetch(() => new Response('<html>Bad gateway</html>', { status: 502 }));
    await assert.rejects(client(fetch).listSpaces(), (error) => {
      return error instanceof RoolError && error.type === 'transport_error' && error.status === 502;
    });
  });

  test('a network failure is a transport_error with status 0 and the cause', async () => {
    const cause = new TypeError('connection refused');
    await assert.rejects(client(() => Promise.reject(cause)).listSpaces(), (error) => {
      return error instanceof RoolError && error.type === 'transport_error' &&
        error.status === 0 && error.cause === cause;
    });
  });

  test('timeoutMs applies to every call', async () => {
    await assert.rejects(client(hangingFetch, 20).listSpaces(), (error) => {
      return error instanceof RoolError && error.type === 'timeout';
    });
  });
});
