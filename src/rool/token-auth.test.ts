import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RoolError } from './errors.ts';
import { TokenAuthProvider } from './token-auth.ts';

describe('TokenAuthProvider', () => {
  test('has its token until logout', async () => {
    const provider = new TokenAuthProvider('rool_alice_token');
    assert.equal(await provider.initialize(), true);
    assert.equal(await provider.getToken(), 'rool_alice_token');
    provider.logout();
    assert.equal(await provider.initialize(), false);
    assert.equal(await provider.getToken(), undefined);
  });

  test('login and signup reject with unsupported, naming the alternatives', async () => {
    const provider = new TokenAuthProvider('t');
    for (const flow of [provider.login(), provider.signup()]) {
      await assert.rejects(flow, (error) => {
        return error instanceof RoolError && error.type === 'unsupported' &&
          /NodeAuthProvider/.test(error.message) && !error.message.endsWith('.');
      });
    }
  });

  test('an empty token is refused', () => {
    assert.throws(() => new TokenAuthProvider(''), RoolError);
  });

  test('getAuthUser decodes a JWT and knows nothing of an opaque token', () => {
    const payload = btoa(JSON.stringify({ sub: 'usr_ada', email: 'ada@example.com' })).replace(
      /=+$/,
      '',
    );
    assert.deepEqual(new TokenAuthProvider(`h.${payload}.s`).getAuthUser(), {
      id: 'usr_ada',
      email: 'ada@example.com',
      name: null,
    });
    assert.deepEqual(new TokenAuthProvider('rool_alice_token').getAuthUser(), {
      id: null,
      email: null,
      name: null,
    });
    assert.deepEqual(new TokenAuthProvider('a.!!!.c').getAuthUser(), {
      id: null,
      email: null,
      name: null,
    });
  });

  test('verify answers false before a client attaches it', async () => {
    assert.equal(await new TokenAuthProvider('t').verify('x'), false);
  });
});
