import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RoolClient } from './client.ts';
import { deriveAuthUrl, resolveConfig } from './config.ts';
import { RoolError } from './errors.ts';
import { TokenAuthProvider } from './token-auth.ts';

describe('deriveAuthUrl', () => {
  const cases: [string, { given: string; want: string }][] = [
    ['contract: api. is stripped, path /auth', {
      given: 'https://api.rool.dev',
      want: 'https://rool.dev/auth',
    }],
    ['the API path is replaced', {
      given: 'https://api.rool.dev/v2/',
      want: 'https://rool.dev/auth',
    }],
    ['the port stays', { given: 'http://api.localhost:8080', want: 'http://localhost:8080/auth' }],
    ['contract: no api. prefix appends /auth (the mock)', {
      given: 'http://127.0.0.1:8787/rool',
      want: 'http://127.0.0.1:8787/rool/auth',
    }],
    ['trailing slashes are ignored', {
      given: 'http://mock.test/rool//',
      want: 'http://mock.test/rool/auth',
    }],
    ['only a leading label counts', {
      given: 'https://staging.api.rool.dev',
      want: 'https://staging.api.rool.dev/auth',
    }],
    ['a label merely starting with api is not stripped', {
      given: 'https://apis.rool.dev',
      want: 'https://apis.rool.dev/auth',
    }],
  ];
  for (const [name, { given, want }] of cases) {
    test(name, () => assert.equal(deriveAuthUrl(given), want));
  }
});

describe('resolveConfig', () => {
  test('defaults to https://api.rool.dev', () => {
    assert.deepEqual(resolveConfig(), {
      apiUrl: 'https://api.rool.dev',
      authUrl: 'https://rool.dev/auth',
      graphqlUrl: 'https://api.rool.dev/graphql',
      timeoutMs: 0,
    });
  });

  test('accepts the deprecated baseUrl, and apiUrl wins over it', () => {
    assert.equal(
      resolveConfig({ baseUrl: 'https://api.example.com' }).apiUrl,
      'https://api.example.com',
    );
    assert.equal(
      resolveConfig({ baseUrl: 'https://api.example.com' }).authUrl,
      'https://example.com/auth',
    );
    assert.equal(
      resolveConfig({ apiUrl: 'https://api.a.test', baseUrl: 'https://api.b.test' }).apiUrl,
      'https://api.a.test',
    );
  });

  test('keeps given authUrl and graphqlUrl', () => {
    const resolved = resolveConfig({
      apiUrl: 'https://api.rool.dev',
      authUrl: 'https://login.example.com/auth/',
      graphqlUrl: 'https://gql.example.com/graphql',
    });
    assert.equal(resolved.authUrl, 'https://login.example.com/auth');
    assert.equal(resolved.graphqlUrl, 'https://gql.example.com/graphql');
  });

  for (
    const [name, config] of [
      ['a relative apiUrl', { apiUrl: '/rool' }],
      ['a non-http apiUrl', { apiUrl: 'ftp://api.rool.dev' }],
      ['a malformed authUrl', { authUrl: 'not a url' }],
      ['a negative timeout', { timeoutMs: -1 }],
    ] as const
  ) {
    test(`refuses ${name}`, () => {
      assert.throws(() => resolveConfig(config), (error) => {
        return error instanceof RoolError && error.type === 'validation_error';
      });
    });
  }

  test('the client exposes what it resolved', () => {
    const client = new RoolClient({
      baseUrl: 'http://127.0.0.1:8787/rool/',
      graphqlUrl: 'http://127.0.0.1:8787/graphql',
      authProvider: new TokenAuthProvider('t'),
    });
    assert.equal(client.apiUrl, 'http://127.0.0.1:8787/rool');
    assert.equal(client.authUrl, 'http://127.0.0.1:8787/rool/auth');
    assert.equal(client.graphqlUrl, 'http://127.0.0.1:8787/graphql');
  });
});
