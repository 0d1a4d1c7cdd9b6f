import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stateSnapshot } from '../../../test/helpers/roj-state.ts';
import { iso } from '../state.ts';
import { setupInstance, t0 } from './_testing.ts';

const isNotFound = { name: 'RojApiError', type: 'not_found', status: 404 };

describe('createSession', () => {
  it('creates a session that is creating until sessionActiveMs has passed', async () => {
    const { client, roj, instanceId, clock } = await setupInstance({
      timing: { sessionActiveMs: 300 },
    });
    assert.deepEqual(await client.sessions.create('default'), { sessionId: 'ses_000001' });
    assert.equal((await client.sessions.list()).sessions[0].status, 'creating');
    clock.now = t0 + 300;
    assert.equal((await client.sessions.list()).sessions[0].status, 'active');
    const { lifecycleEvents } = await roj.instances.getStatus(instanceId);
    assert.deepEqual(lifecycleEvents.at(-1), {
      event: 'session.created',
      detail: 'ses_000001',
      createdAt: iso(t0),
    });
  });

  it('answers exactly {sessionId} on the wire', async () => {
    const { call } = await setupInstance();
    const { body } = await call('createSession', { presetId: 'default' });
    assert.deepEqual(body, { ok: true, value: { sessionId: 'ses_000001' } });
  });

  it('404 for an unknown preset, and changes nothing', async () => {
    const setup = await setupInstance();
    const before = stateSnapshot(setup.mock);
    await assert.rejects(setup.client.sessions.create('nope'), {
      ...isNotFound,
      message: 'Preset "nope" not found',
    });
    assert.equal(stateSnapshot(setup.mock), before);
  });

  it('refuses blocking, which only sessions.create has', async () => {
    const { call } = await setupInstance();
    const { status, body } = await call('createSession', { presetId: 'default', blocking: true });
    assert.equal(status, 400);
    assert.equal(body.error?.type, 'validation_error');
  });
});

describe('listSessions', () => {
  it('is empty for a new instance', async () => {
    const { client } = await setupInstance();
    assert.deepEqual(await client.sessions.list(), { sessions: [] });
  });

  it('lists the instance sessions, oldest first, with createdAt in epoch ms', async () => {
    const { client, roj, instanceId, clock } = await setupInstance();
    await client.sessions.create('default');
    clock.now = t0 + 10;
    await roj.sessions.create({ instanceId, presetId: 'default', blocking: true });
    const other = await roj.instances.create({ templateSlug: 'starter', name: 'other' });
    await roj.sessions.create({ instanceId: other.instanceId, presetId: 'default' });
    assert.deepEqual(await client.sessions.list(), {
      sessions: [
        { id: 'ses_000001', presetId: 'default', status: 'active', createdAt: t0 },
        { id: 'ses_000002', presetId: 'default', status: 'active', createdAt: t0 + 10 },
      ],
    });
  });

  it('agrees with sessions.list but for the form of createdAt', async () => {
    const { client, roj, instanceId } = await setupInstance({ timing: { sessionActiveMs: 5 } });
    await client.sessions.create('default');
    const platform = await roj.sessions.list(instanceId);
    const instance = await client.sessions.list();
    assert.deepEqual(
      instance.sessions.map((s) => ({ ...s, createdAt: iso(s.createdAt) })),
      platform.sessions,
    );
  });
});

describe('publishSession', () => {
  it('pushes nothing for vcsType none, and records session.published', async () => {
    const { client, roj, instanceId } = await setupInstance();
    const { sessionId } = await client.sessions.create('default');
    assert.deepEqual(await client.sessions.publish(sessionId), { ok: true, pushed: false });
    const { lifecycleEvents } = await roj.instances.getStatus(instanceId);
    assert.deepEqual(lifecycleEvents.at(-1), {
      event: 'session.published',
      detail: sessionId,
      createdAt: iso(t0),
    });
  });

  for (const vcsType of ['github', 'gitLocal'] as const) {
    it(`pushes a new commit every time for vcsType ${vcsType}`, async () => {
      const setup = await setupInstance();
      const { instanceId } = await setup.roj.instances.create({
        templateSlug: 'starter',
        name: 'vcs',
        vcsType,
      });
      const { token } = await setup.roj.tokens.create({ instanceId });
      const client = setup.instanceClient(instanceId, token);
      const { sessionId } = await client.sessions.create('default');
      const first = await client.sessions.publish(sessionId);
      const second = await client.sessions.publish(sessionId);
      for (const answer of [first, second]) {
        assert.deepEqual(Object.keys(answer).sort(), ['commitSha', 'ok', 'pushed']);
        assert.equal(answer.ok && answer.pushed, true);
        assert.match(answer.commitSha ?? '', /^[0-9a-f]{40}$/);
      }
      assert.notEqual(first.commitSha, second.commitSha);
    });
  }

  it('404 for an unknown session or another instance session, and changes nothing', async () => {
    const setup = await setupInstance();
    const other = await setup.roj.instances.create({ templateSlug: 'starter', name: 'other' });
    const { sessionId } = await setup.roj.sessions.create({
      instanceId: other.instanceId,
      presetId: 'default',
    });
    const before = stateSnapshot(setup.mock);
    for (const id of ['ses_999999', sessionId, '']) {
      await assert.rejects(setup.client.sessions.publish(id), isNotFound);
    }
    assert.equal(stateSnapshot(setup.mock), before);
  });
});
