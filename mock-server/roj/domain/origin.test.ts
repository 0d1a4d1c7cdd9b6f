import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RpcFault } from '../../rpc/fault.ts';
import { defaultSeed } from '../seed.ts';
import { createState } from '../state.ts';
import { checkOrigin, mintInstanceToken } from './origin.ts';

describe('checkOrigin', () => {
  const accepted = [
    'https://app.example.com',
    'http://localhost:5173',
    'http://127.0.0.1',
    'http://[::1]:8080',
    'https://xn--nxasmq6b.example',
  ];
  for (const origin of accepted) {
    it(`accepts ${origin}`, () => checkOrigin(origin, '/origin'));
  }

  const refused: Array<[string, string]> = [
    ['a trailing slash', 'https://app.example.com/'],
    ['a path', 'https://app.example.com/app'],
    ['a query', 'https://app.example.com?x=1'],
    ['a fragment', 'https://app.example.com#top'],
    ['credentials', 'https://user:pw@app.example.com'],
    ['an uppercase host', 'https://APP.example.com'],
    ['a default port', 'http://localhost:80'],
    ['no scheme', 'app.example.com'],
    ['an opaque origin', 'null'],
    ['a file URL', 'file:///tmp/x'],
    ['a non-special scheme', 'foo://bar'],
    ['surrounding space', ' https://app.example.com'],
    ['the empty string', ''],
  ];
  for (const [name, origin] of refused) {
    it(`refuses ${name} with validation_error at the given path`, () => {
      assert.throws(() => checkOrigin(origin, '/origin'), (error) => {
        assert.ok(error instanceof RpcFault);
        assert.equal(error.type, 'validation_error');
        assert.equal(error.path, '/origin');
        assert.match(error.message, /^Origin must be scheme:\/\/host\[:port\]/);
        return true;
      });
    });
  }
});

describe('mintInstanceToken', () => {
  it('stores a new rjt_ token with its expiry, origin and meta', () => {
    const state = createState(defaultSeed(), 0);
    const ctx = { state, now: 1000 };
    const a = mintInstanceToken(ctx, {
      instanceId: 'ins_000001',
      origin: 'https://a.example',
      expiresIn: 60,
      meta: { role: 'viewer' },
    });
    const b = mintInstanceToken(ctx, { instanceId: 'ins_000001' });
    assert.match(a.token, /^rjt_[A-Za-z0-9_-]{43}$/);
    assert.notEqual(a.token, b.token);
    assert.equal(a.expiresAt, '1970-01-01T00:01:01.000Z');
    assert.equal(b.expiresAt, new Date(1000 + 86400_000).toISOString());
    assert.deepEqual(state.tokens.get(a.token), {
      instanceId: 'ins_000001',
      expiresAt: 61_000,
      origin: 'https://a.example',
      meta: { role: 'viewer' },
    });
    assert.deepEqual(state.tokens.get(b.token), { instanceId: 'ins_000001', expiresAt: 86401_000 });
  });
});
