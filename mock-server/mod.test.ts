// The server that serves Roj and Rool side by side: Rool under /rool, Roj where it always was,
// and one reset for both.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMockServer, defaultApiKey } from './mod.ts';

const origin = 'http://127.0.0.1:8787';

function rpc(
  mock: ReturnType<typeof createMockServer>,
  path: string,
  token: string,
  method: string,
  input: unknown,
) {
  return mock.fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ method, input }),
  }).then(async (r) => ({ status: r.status, body: await r.json() }));
}

describe('createMockServer with Rool', () => {
  it('serves Rool under /rool and Roj at its own paths', async () => {
    const mock = createMockServer({ onError: (e) => assert.fail(String(e)) });
    const rool = await rpc(mock, '/rool/v1/rpc', 'rool_alice_token', 'user.get', {});
    assert.equal(rool.body.value.id, 'usr_alice');
    assert.equal((await mock.fetch(`${origin}/rool/health`)).status, 200);
    assert.equal(
      (await (await mock.fetch(`${origin}/rool/openapi.json`)).json()).info.title,
      'Rool workspace API',
    );
    assert.equal(
      (await (await mock.fetch(`${origin}/openapi.json`)).json()).info.title.includes('Rool'),
      false,
    );
    assert.equal((await (await mock.fetch(`${origin}/health`)).json()).service, 'roj-mock');
    const roj = await rpc(mock, '/api/v1/rpc', defaultApiKey, 'instances.list', {});
    assert.equal(roj.status, 200);
    // Keys are not shared: a Roj key is no Rool token, and a Rool token no Roj key.
    assert.equal((await rpc(mock, '/rool/v1/rpc', defaultApiKey, 'user.get', {})).status, 401);
    assert.equal(
      (await rpc(mock, '/api/v1/rpc', 'rool_alice_token', 'instances.list', {})).status,
      401,
    );
    const login = await mock.fetch(
      `${origin}/rool/auth/login?app=a&state=s&redirect_uri=http://127.0.0.1:1/cb`,
    );
    assert.match(await login.text(), /action="\/rool\/auth\/login"/);
    assert.equal((await mock.fetch(`${origin}/roolx`)).status, 404);
  });

  it('passes Rool options through', async () => {
    const mock = createMockServer({ rool: { users: [{ name: 'dave', token: 'dave_token_1' }] } });
    assert.equal((await rpc(mock, '/rool/v1/rpc', 'dave_token_1', 'user.get', {})).status, 200);
    assert.equal((await rpc(mock, '/rool/v1/rpc', 'rool_alice_token', 'user.get', {})).status, 401);
  });

  it('reset() and the mock.reset control method reset Rool too, keeping the seeded users', async () => {
    const mock = createMockServer();
    for (
      const reset of [
        () => mock.reset(),
        () => rpc(mock, '/_mock/rpc', defaultApiKey, 'mock.reset', {}),
      ]
    ) {
      await rpc(mock, '/rool/v1/rpc', 'rool_alice_token', 'spaces.create', { name: 'S' });
      await rpc(mock, '/rool/v1/rpc', 'rool_bob_token', 'auth.logout', {});
      assert.equal(mock.rool.runtime.state.spaces.size, 1);
      await reset();
      assert.equal(mock.rool.runtime.state.spaces.size, 0);
      const list = await rpc(mock, '/rool/v1/rpc', 'rool_alice_token', 'spaces.list', {});
      assert.deepEqual(list.body.value, { spaces: [] });
      assert.equal((await rpc(mock, '/rool/v1/rpc', 'rool_bob_token', 'user.get', {})).status, 200);
    }
  });
});
