import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setupMock } from '../../../test/helpers/roj-mock.ts';
import { stateSnapshot } from '../../../test/helpers/roj-state.ts';

const t0 = Date.parse('2026-11-21T07:13:00.000Z');

async function withInstance() {
  const clock = { now: t0 };
  const setup = setupMock({ clock: () => clock.now });
  const { instanceId } = await setup.roj.instances.create({ templateSlug: 'starter', name: 'a' });
  // A method the instance endpoint lacks: it answers 404 only once the token is accepted.
  const probe = (token: string, headers: Record<string, string> = {}) =>
    setup.rpc(`/api/v1/instances/${instanceId}/rpc`, { method: 'noSuchMethod', input: {} }, {
      authorization: `Bearer ${token}`,
      ...headers,
    });
  return { clock, instanceId, probe, ...setup };
}

describe('tokens.create', () => {
  it('mints a token valid for 24 hours by default', async () => {
    const { roj, clock, instanceId, probe } = await withInstance();
    const { token, expiresAt } = await roj.tokens.create({ instanceId });
    assert.match(token, /^rjt_[A-Za-z0-9_-]{43}$/);
    assert.equal(expiresAt, '2026-11-22T07:13:00.000Z');
    assert.equal((await probe(token)).status, 404);
    clock.now = Date.parse(expiresAt) - 1;
    assert.equal((await probe(token)).status, 404);
    clock.now = Date.parse(expiresAt);
    assert.equal((await probe(token)).status, 401);
  });

  it('honours expiresIn at both bounds', async () => {
    const { roj, instanceId } = await withInstance();
    assert.equal(
      (await roj.tokens.create({ instanceId, expiresIn: 1 })).expiresAt,
      '2026-11-21T07:13:01.000Z',
    );
    assert.equal(
      (await roj.tokens.create({ instanceId, expiresIn: 604800 })).expiresAt,
      '2026-11-28T07:13:00.000Z',
    );
  });

  it('works as the cookie too', async () => {
    const { roj, send, instanceId } = await withInstance();
    const { token } = await roj.tokens.create({ instanceId });
    const response = await send(`/api/v1/instances/${instanceId}/rpc`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `roj_instance_token=${token}` },
      body: JSON.stringify({ method: 'noSuchMethod', input: {} }),
    });
    assert.equal(response.status, 404);
  });

  it('mints a new token every time', async () => {
    const { roj, instanceId } = await withInstance();
    const a = await roj.tokens.create({ instanceId });
    const b = await roj.tokens.create({ instanceId });
    assert.notEqual(a.token, b.token);
  });

  it('binds the token to its origin', async () => {
    const { roj, instanceId, probe } = await withInstance();
    const origin = 'http://localhost:5173';
    const { token } = await roj.tokens.create({ instanceId, origin });
    assert.equal((await probe(token, { origin })).status, 404);
    assert.equal((await probe(token)).status, 403);
    assert.equal((await probe(token, { origin: 'http://localhost:5174' })).status, 403);
  });

  it('stores meta with the token', async () => {
    const { roj, mock, instanceId } = await withInstance();
    const { token } = await roj.tokens.create({ instanceId, meta: { userId: 'u1' } });
    assert.deepEqual(mock.runtime.state.tokens.get(token)?.meta, { userId: 'u1' });
  });

  it('accepts origins of every form a browser sends', async () => {
    const { roj, instanceId } = await withInstance();
    for (
      const origin of ['https://app.example.com', 'http://127.0.0.1:8787', 'http://[::1]:3000']
    ) {
      await roj.tokens.create({ instanceId, origin });
    }
  });

  it('refuses an origin that is not scheme://host[:port], changing nothing', async () => {
    const { roj, mock, instanceId } = await withInstance();
    const before = stateSnapshot(mock);
    for (
      const origin of [
        'https://app.example.com/',
        'https://app.example.com/path',
        'https://app.example.com?q=1',
        'https://app.example.com#f',
        'https://user@app.example.com',
        'https://App.example.com',
        'https://app.example.com:443',
        'app.example.com',
        'null',
        '',
        'file:///etc/passwd',
        'https://',
      ]
    ) {
      await assert.rejects(roj.tokens.create({ instanceId, origin }), {
        type: 'validation_error',
        status: 400,
        path: '/origin',
      }, origin);
    }
    assert.equal(stateSnapshot(mock), before);
  });

  it("checks the origin's form before looking the instance up", async () => {
    const { roj } = await withInstance();
    await assert.rejects(roj.tokens.create({ instanceId: 'ins_000404', origin: 'nope' }), {
      type: 'validation_error',
      status: 400,
      path: '/origin',
    });
  });

  it('refuses expiresIn outside 1–604800 or not an integer', async () => {
    const { rpc, instanceId } = await withInstance();
    for (const expiresIn of [0, -1, 604801, 2.5]) {
      const { status, body } = await rpc('/api/v1/rpc', {
        method: 'tokens.create',
        input: { instanceId, expiresIn },
      });
      assert.equal(status, 400, String(expiresIn));
      assert.equal(body.error?.type, 'validation_error');
      assert.equal(body.error?.path, '/expiresIn');
    }
  });

  it('refuses an unknown instance with 404 and an archived one with 409', async () => {
    const { roj, mock, instanceId } = await withInstance();
    await assert.rejects(roj.tokens.create({ instanceId: 'ins_000404' }), {
      type: 'not_found',
      status: 404,
    });
    await roj.instances.archive(instanceId);
    const before = stateSnapshot(mock);
    await assert.rejects(roj.tokens.create({ instanceId }), { type: 'conflict', status: 409 });
    assert.equal(stateSnapshot(mock), before);
  });
});
