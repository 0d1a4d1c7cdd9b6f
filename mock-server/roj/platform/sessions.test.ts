import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setupMock } from '../../../test/helpers/roj-mock.ts';
import { stateSnapshot } from '../../../test/helpers/roj-state.ts';

const t0 = Date.parse('2026-11-21T07:13:00.000Z');

async function withInstance(options: Parameters<typeof setupMock>[0] = {}) {
  const clock = { now: t0 };
  const setup = setupMock({ clock: () => clock.now, ...options });
  const { instanceId } = await setup.roj.instances.create({ templateSlug: 'starter', name: 'a' });
  return { clock, instanceId, ...setup };
}

describe('sessions.create', () => {
  it('creates a session that is creating until sessionActiveMs has passed', async () => {
    const { roj, clock, instanceId } = await withInstance({ timing: { sessionActiveMs: 300 } });
    const created = await roj.sessions.create({ instanceId, presetId: 'default' });
    assert.equal(created.sessionId, 'ses_000001');
    assert.equal(created.status, 'creating');
    assert.match(created.wsToken ?? '', /^rjw_[A-Za-z0-9_-]{43}$/);
    clock.now = t0 + 299;
    assert.equal((await roj.sessions.list(instanceId)).sessions[0].status, 'creating');
    clock.now = t0 + 300;
    assert.equal((await roj.sessions.list(instanceId)).sessions[0].status, 'active');
  });

  it('with blocking, is active at once', async () => {
    const { roj, instanceId } = await withInstance({ timing: { sessionActiveMs: 300 } });
    const created = await roj.sessions.create({ instanceId, presetId: 'default', blocking: true });
    assert.equal(created.status, 'active');
    assert.equal((await roj.sessions.list(instanceId)).sessions[0].status, 'active');
  });

  it('records session.created with the session id', async () => {
    const { roj, instanceId } = await withInstance();
    const { sessionId } = await roj.sessions.create({ instanceId, presetId: 'default' });
    const { lifecycleEvents } = await roj.instances.getStatus(instanceId);
    assert.deepEqual(lifecycleEvents.at(-1), {
      event: 'session.created',
      detail: sessionId,
      createdAt: '2026-11-21T07:13:00.000Z',
    });
  });

  it('gives a new WebSocket token that is not an instance token', async () => {
    const { roj, rpc, instanceId } = await withInstance();
    const a = await roj.sessions.create({
      instanceId,
      presetId: 'default',
      origin: 'https://app.example.com',
      expiresIn: 60,
    });
    const b = await roj.sessions.create({ instanceId, presetId: 'default' });
    assert.notEqual(a.wsToken, b.wsToken);
    const answer = await rpc(`/api/v1/instances/${instanceId}/rpc`, {
      method: 'listSessions',
      input: {},
    }, { authorization: `Bearer ${b.wsToken}` });
    assert.equal(answer.status, 401);
  });

  it('refuses an unknown instance, an unknown preset and a bad origin, changing nothing', async () => {
    const { roj, mock, instanceId } = await withInstance();
    const before = stateSnapshot(mock);
    await assert.rejects(roj.sessions.create({ instanceId: 'ins_000404', presetId: 'default' }), {
      type: 'not_found',
      status: 404,
    });
    await assert.rejects(roj.sessions.create({ instanceId, presetId: 'nope' }), {
      type: 'not_found',
      status: 404,
    });
    await assert.rejects(
      roj.sessions.create({ instanceId, presetId: 'default', origin: 'https://a.example/' }),
      { type: 'validation_error', status: 400, path: '/origin' },
    );
    assert.equal(stateSnapshot(mock), before);
  });

  it("checks the origin's form before looking the instance up", async () => {
    const { roj } = await withInstance();
    await assert.rejects(
      roj.sessions.create({ instanceId: 'ins_000404', presetId: 'nope', origin: 'nope' }),
      { type: 'validation_error', status: 400, path: '/origin' },
    );
  });

  it('refuses expiresIn outside 1–604800', async () => {
    const { rpc, instanceId } = await withInstance();
    for (const expiresIn of [0, 604801, 1.5]) {
      const { status, body } = await rpc('/api/v1/rpc', {
        method: 'sessions.create',
        input: { instanceId, presetId: 'default', expiresIn },
      });
      assert.equal(status, 400);
      assert.equal(body.error?.path, '/expiresIn');
    }
  });

  it('refuses an archived instance with 409, changing nothing', async () => {
    const { roj, mock, instanceId } = await withInstance();
    await roj.instances.archive(instanceId);
    const before = stateSnapshot(mock);
    await assert.rejects(roj.sessions.create({ instanceId, presetId: 'default' }), {
      type: 'conflict',
      status: 409,
    });
    assert.equal(stateSnapshot(mock), before);
  });
});

describe('sessions.list', () => {
  it("lists the instance's own sessions, oldest first", async () => {
    const { roj, clock, instanceId } = await withInstance();
    const other = await roj.instances.create({ templateSlug: 'starter', name: 'b' });
    await roj.sessions.create({ instanceId, presetId: 'default' });
    await roj.sessions.create({ instanceId: other.instanceId, presetId: 'default' });
    clock.now = t0 + 1000;
    await roj.sessions.create({ instanceId, presetId: 'default' });
    assert.deepEqual((await roj.sessions.list(instanceId)).sessions, [
      {
        id: 'ses_000001',
        presetId: 'default',
        status: 'active',
        createdAt: '2026-11-21T07:13:00.000Z',
      },
      {
        id: 'ses_000003',
        presetId: 'default',
        status: 'active',
        createdAt: '2026-11-21T07:13:01.000Z',
      },
    ]);
  });

  it('is empty for an instance without sessions', async () => {
    const { roj, instanceId } = await withInstance();
    assert.deepEqual(await roj.sessions.list(instanceId), { sessions: [] });
  });

  it('works for an archived instance', async () => {
    const { roj, instanceId } = await withInstance();
    await roj.sessions.create({ instanceId, presetId: 'default' });
    await roj.instances.archive(instanceId);
    assert.equal((await roj.sessions.list(instanceId)).sessions.length, 1);
  });

  it('gives 404 for an unknown instance', async () => {
    const { roj } = await withInstance();
    await assert.rejects(roj.sessions.list('ins_000404'), { type: 'not_found', status: 404 });
  });
});

describe('sessions.publish', () => {
  async function withSession(vcsType: 'github' | 'gitLocal' | 'none') {
    const setup = await withInstance();
    const { instanceId, sessionId } = await setup.roj.instances.create({
      templateSlug: 'starter',
      name: 'p',
      vcsType,
      autoCreateSession: { presetId: 'default' },
    });
    return { ...setup, instanceId, sessionId: sessionId! };
  }

  it('pushes nothing for vcsType none', async () => {
    const { roj, instanceId, sessionId } = await withSession('none');
    assert.deepEqual(await roj.sessions.publish({ instanceId, sessionId }), {
      ok: true,
      pushed: false,
    });
  });

  for (const vcsType of ['github', 'gitLocal'] as const) {
    it(`pushes a new commit each time for vcsType ${vcsType}`, async () => {
      const { roj, instanceId, sessionId } = await withSession(vcsType);
      const first = await roj.sessions.publish({ instanceId, sessionId });
      const second = await roj.sessions.publish({ instanceId, sessionId });
      assert.equal(first.ok, true);
      assert.equal(first.pushed, true);
      assert.match(first.commitSha ?? '', /^[0-9a-f]{40}$/);
      assert.match(second.commitSha ?? '', /^[0-9a-f]{40}$/);
      assert.notEqual(first.commitSha, second.commitSha);
    });
  }

  it('records session.published with the session id', async () => {
    const { roj, clock, instanceId, sessionId } = await withSession('github');
    clock.now = t0 + 42;
    await roj.sessions.publish({ instanceId, sessionId });
    assert.deepEqual((await roj.instances.getStatus(instanceId)).lifecycleEvents.at(-1), {
      event: 'session.published',
      detail: sessionId,
      createdAt: '2026-11-21T07:13:00.042Z',
    });
  });

  it('refuses a session of another instance, an unknown session or instance', async () => {
    const { roj, mock, instanceId, sessionId } = await withSession('github');
    const before = stateSnapshot(mock);
    const notFound = { type: 'not_found', status: 404 };
    const first = (await roj.instances.list({ offset: 1, limit: 1 })).instances[0].instanceId;
    assert.notEqual(first, instanceId);
    await assert.rejects(roj.sessions.publish({ instanceId: first, sessionId }), notFound);
    await assert.rejects(roj.sessions.publish({ instanceId, sessionId: 'ses_000404' }), notFound);
    await assert.rejects(roj.sessions.publish({ instanceId: 'ins_000404', sessionId }), notFound);
    assert.equal(stateSnapshot(mock), before);
  });

  it('refuses an archived instance with 409, changing nothing', async () => {
    const { roj, mock, instanceId, sessionId } = await withSession('github');
    await roj.instances.archive(instanceId);
    const before = stateSnapshot(mock);
    await assert.rejects(roj.sessions.publish({ instanceId, sessionId }), {
      type: 'conflict',
      status: 409,
    });
    assert.equal(stateSnapshot(mock), before);
  });
});
