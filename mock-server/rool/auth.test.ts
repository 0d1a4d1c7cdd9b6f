import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { quoteValue } from './auth.ts';
import { hmacKey, signToken } from './jwt.ts';
import { setupRool, t0, tokens } from './_testing.ts';

/** Signs in on the login page and returns the issued token. */
async function signIn(setup: ReturnType<typeof setupRool>, email = 'alice@example.com') {
  const response = await setup.send('/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      email,
      app: 'Test',
      redirect_uri: 'http://127.0.0.1:9/cb',
      state: 's',
    }).toString(),
  });
  assert.equal(response.status, 303);
  return new URLSearchParams(new URL(response.headers.get('location')!).hash.slice(1))
    .get('access_token')!;
}

describe('Rool authentication', () => {
  it('refuses a missing, malformed or unknown token with 401, naming no token', async () => {
    const setup = setupRool();
    const before = setup.digest();
    for (
      const authorization of [
        undefined,
        'Basic YWxpY2U6cHc=',
        'Bearer',
        'Bearer rool_alice_token_x',
        'Bearer eyJhbGciOiJIUzI1NiJ9.e30.x',
      ]
    ) {
      const response = await setup.send('/v1/rpc', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(authorization ? { authorization } : {}),
        },
        body: JSON.stringify({ method: 'user.get', input: {} }),
      });
      assert.equal(response.status, 401, authorization);
      const { error } = await response.json();
      assert.equal(error.type, 'unauthorized');
      assert.match(error.message, /^[A-Z].*[^.]$/);
      assert.ok(!error.message.includes('rool_'), error.message);
    }
    assert.equal(setup.digest(), before);
  });

  it('accepts the seeded tokens, one user each', async () => {
    const { alice, bob } = setupRool();
    assert.equal((await alice.user.get({})).id, 'usr_alice');
    const bobUser = await bob.user.get({});
    assert.deepEqual(
      [bobUser.id, bobUser.email, bobUser.name, bobUser.slug],
      ['usr_bob', 'bob@example.com', 'Bob', 'bob'],
    );
  });

  it('auth.logout revokes the token it is called with, until reset', async () => {
    const setup = setupRool();
    await setup.alice.auth.logout({});
    await assert.rejects(setup.alice.user.get({}), { type: 'unauthorized', status: 401 });
    assert.equal((await setup.bob.user.get({})).id, 'usr_bob');
    setup.mock.reset();
    assert.equal((await setup.alice.user.get({})).id, 'usr_alice');
  });

  it('accepts issued JWTs until they expire, are revoked, or the mock is reset', async () => {
    const setup = setupRool({ tokenTtlSeconds: 60 });
    const token = await signIn(setup);
    const jwt = setup.client(token);
    assert.equal((await jwt.user.get({})).id, 'usr_alice');
    const [, payload] = token.split('.');
    const claims = JSON.parse(atob(payload.replaceAll('-', '+').replaceAll('_', '/')));
    assert.equal(claims.sub, 'usr_alice');
    assert.equal(claims.email, 'alice@example.com');
    assert.equal(claims.name, 'Alice');
    assert.equal(claims.iat, t0 / 1000);
    assert.equal(claims.exp, t0 / 1000 + 60);

    setup.clock.now = t0 + 59_999;
    await jwt.user.get({});
    setup.clock.now = t0 + 60_000;
    await assert.rejects(jwt.user.get({}), { type: 'unauthorized', message: /expired/ });

    setup.clock.now = t0;
    const second = setup.client(await signIn(setup));
    await second.auth.logout({});
    await assert.rejects(second.user.get({}), { type: 'unauthorized', message: /revoked/ });

    const third = setup.client(await signIn(setup));
    setup.mock.reset();
    await assert.rejects(third.user.get({}), { type: 'unauthorized' });
  });

  it('refuses a JWT signed with another key, or tampered with', async () => {
    const setup = setupRool();
    const token = await signIn(setup);
    const [head, , signature] = token.split('.');
    const forged = btoa(JSON.stringify({ sub: 'usr_bob', jti: 'x', iat: 0, exp: 9e9 }))
      .replaceAll('=', '');
    await assert.rejects(setup.client(`${head}.${forged}.${signature}`).user.get({}), {
      type: 'unauthorized',
      message: 'Invalid access token',
    });
    const otherKey = await hmacKey('another key');
    const foreign = await signToken(otherKey, {
      sub: 'usr_alice',
      email: 'alice@example.com',
      name: 'Alice',
      iat: t0 / 1000,
      exp: t0 / 1000 + 60,
      jti: 'jti_000001',
    });
    await assert.rejects(setup.client(foreign).user.get({}), { type: 'unauthorized' });
  });

  it("refuses every token of a deleted user and keeps the user's spaces", async () => {
    const setup = setupRool();
    const jwt = setup.client(await signIn(setup));
    const { id } = await setup.alice.spaces.create({ name: 'Kept' });
    await setup.alice.user.delete({});
    await assert.rejects(setup.alice.user.get({}), { type: 'unauthorized' });
    await assert.rejects(jwt.user.get({}), { type: 'unauthorized' });
    assert.ok(setup.mock.runtime.state.spaces.has(id));
    assert.deepEqual(await setup.bob.user.search({ email: 'alice@example.com' }), { user: null });
  });

  it('tokens given as options replace alice and bob', async () => {
    const setup = setupRool({ users: [{ name: 'dave', token: 'dave-secret-token' }] });
    assert.equal((await setup.client('dave-secret-token').user.get({})).name, 'Dave');
    await assert.rejects(setup.client(tokens.alice).user.get({}), { type: 'unauthorized' });
  });
});

describe('quoteValue', () => {
  it('redacts seeded tokens, JWT-like values and verification tokens', () => {
    const runtime = { users: [{ name: 'dave', token: 'dave-secret-token' }] };
    for (const value of ['dave-secret-token', 'x-dave-secret-token-y', 'eyJhbGc.eyJ', 'rvt_abc']) {
      assert.equal(quoteValue(runtime, value), '"<redacted>"', value);
    }
    assert.equal(quoteValue(runtime, 'spc_1'), '"spc_1"');
    assert.equal(quoteValue(runtime, 'a'.repeat(70)), JSON.stringify(`${'a'.repeat(64)}…`));
  });

  it('keeps a token pasted into an input out of every error message', async () => {
    const { rpc } = setupRool();
    for (
      const [method, input] of [
        ['spaces.get', { spaceId: tokens.bob }],
        ['members.add', { spaceId: `x${tokens.bob}`, userId: 'u', role: 'viewer' }],
        [tokens.bob, {}],
      ] as const
    ) {
      const { body } = await rpc(method, input);
      assert.equal(body.ok, false);
      assert.ok(!body.error!.message.includes(tokens.bob), body.error!.message);
      assert.match(body.error!.message, /<redacted>/);
    }
  });
});
