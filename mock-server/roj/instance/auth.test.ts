import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { instanceMethodNames } from '../../../src/roj/_generated/bindings.ts';
import { stateSnapshot } from '../../../test/helpers/roj-state.ts';
import { instanceCookie } from '../auth.ts';
import { setupInstance, t0 } from './_testing.ts';

// Authentication of the instance endpoint (docs/roj-contract.md §2), which runs before the
// body is read (§1.1), so even a bad body gets the auth answer.
const listSessions = { method: 'listSessions', input: {} };

describe('the instance endpoint authentication', () => {
  it('accepts the bearer token', async () => {
    const { call } = await setupInstance();
    assert.deepEqual(await call('listSessions', {}), {
      status: 200,
      body: { ok: true, value: { sessions: [] } },
    });
  });

  it('401 without a token, for every method', async () => {
    const setup = await setupInstance();
    const before = stateSnapshot(setup.mock);
    for (const method of instanceMethodNames) {
      const { status, body } = await setup.call(method, {}, {});
      assert.equal(status, 401, method);
      assert.equal(body.error?.type, 'unauthorized');
    }
    assert.equal(stateSnapshot(setup.mock), before);
  });

  it('401 before looking at the body', async () => {
    const { rpc, path } = await setupInstance();
    assert.equal((await rpc(path, 'not json', {})).status, 401);
  });

  it('401 for a token tokens.create never issued, such as an API key', async () => {
    const { call } = await setupInstance();
    for (const token of ['roj_dev_key', 'rjt_nope']) {
      const { status, body } = await call('listSessions', {}, { authorization: `Bearer ${token}` });
      assert.equal(status, 401);
      assert.equal(body.error?.message, 'Invalid instance token');
    }
  });

  it('401 from the moment the token expires', async () => {
    const { roj, instanceId, clock, instanceClient } = await setupInstance();
    const { token } = await roj.tokens.create({ instanceId, expiresIn: 60 });
    const client = instanceClient(instanceId, token);
    clock.now = t0 + 59_999;
    await client.sessions.list();
    clock.now = t0 + 60_000;
    await assert.rejects(client.sessions.list(), {
      type: 'unauthorized',
      status: 401,
      message: 'Instance token expired',
    });
  });

  it('403 for a token of another instance, whether or not the path instance exists', async () => {
    const setup = await setupInstance();
    const other = await setup.instanceWithToken();
    const headers = { authorization: `Bearer ${other.token}` };
    for (const path of [setup.path, '/api/v1/instances/ins_999999/rpc']) {
      const { status, body } = await setup.rpc(path, listSessions, headers);
      assert.equal(status, 403);
      assert.equal(body.error?.type, 'forbidden');
    }
  });

  it('403 for an origin-bound token without the right Origin; 200 with it', async () => {
    const { roj, instanceId, rpc, path } = await setupInstance();
    const origin = 'https://app.example.com';
    const { token } = await roj.tokens.create({ instanceId, origin });
    const authorization = `Bearer ${token}`;
    const refused: Array<Record<string, string>> = [
      { authorization },
      { authorization, origin: 'https://evil.example.com' },
      { authorization, origin: `${origin}/` },
    ];
    for (const headers of refused) {
      const { status, body } = await rpc(path, listSessions, headers);
      assert.equal(status, 403);
      assert.equal(body.error?.message, 'Instance token is bound to another origin');
    }
    assert.equal((await rpc(path, listSessions, { authorization, origin })).status, 200);
  });

  it('accepts the token as the cookie', async () => {
    const { rpc, path, token } = await setupInstance();
    const cookie = `theme=dark; ${instanceCookie}=${token}; other=1`;
    assert.equal((await rpc(path, listSessions, { cookie })).status, 200);
  });

  it('prefers the header to the cookie', async () => {
    const { rpc, path, token } = await setupInstance();
    const cookie = `${instanceCookie}=${token}`;
    const { status } = await rpc(path, listSessions, { cookie, authorization: 'Bearer rjt_nope' });
    assert.equal(status, 401);
  });

  it('409 for an archived instance, after authentication', async () => {
    const setup = await setupInstance();
    const { sandboxId } = await setup.client.sandbox.create();
    await setup.roj.instances.archive(setup.instanceId);
    const before = stateSnapshot(setup.mock);
    for (const method of instanceMethodNames) {
      const { status, body } = await setup.call(method, { sandboxId });
      assert.equal(status, 409, method);
      assert.equal(body.error?.message, `Instance ${setup.instanceId} is archived`);
    }
    assert.equal(stateSnapshot(setup.mock), before);
    assert.equal((await setup.call('listSessions', {}, {})).status, 401);
  });
});
