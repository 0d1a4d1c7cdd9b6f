import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bodyTimes, defaultBodyTimeLimits } from '../../rpc/body-time.ts';
import { RpcFault } from '../../rpc/fault.ts';
import type { MockRuntime, PlatformContext } from '../context.ts';
import { defaultSeed } from '../seed.ts';
import { createState, type InstanceRecord } from '../state.ts';
import {
  createSession,
  findPreset,
  findSession,
  publishSession,
  sessionsOf,
  sessionStatus,
} from './sessions.ts';

function context(now = 1000): { ctx: PlatformContext; instance: InstanceRecord } {
  const state = createState(defaultSeed(), 0);
  const runtime: MockRuntime = {
    state,
    apiKeys: ['k'],
    timing: { instanceReadyMs: 0, sessionActiveMs: 250 },
    limits: { rpcBodyBytes: 1 << 20, uploadBytes: 1 << 20, ...defaultBodyTimeLimits },
    bodyTime: bodyTimes(defaultBodyTimeLimits, new AbortController().signal),
    clock: () => now,
  };
  const instance: InstanceRecord = {
    id: 'ins_000001',
    name: 'a',
    templateSlug: 'starter',
    bundleSlug: 'starter',
    bundleRevisionId: 'rev_starter_1',
    vcsType: 'github',
    metadata: null,
    createdAt: 0,
    readyAt: 0,
    events: [],
    sessionIds: [],
  };
  state.instances.set(instance.id, instance);
  return { ctx: { state, runtime, now, origin: 'http://mock.test' }, instance };
}

function fault(type: string, path?: string) {
  return (error: unknown) => {
    assert.ok(error instanceof RpcFault);
    assert.equal(error.type, type);
    if (path !== undefined) assert.equal(error.path, path);
    return true;
  };
}

describe('createSession', () => {
  it('creates a session, links it to the instance and records session.created', () => {
    const { ctx, instance } = context();
    const { session, wsToken } = createSession(ctx, { instance, presetId: 'default' });
    assert.deepEqual(session, {
      id: 'ses_000001',
      instanceId: instance.id,
      presetId: 'default',
      createdAt: 1000,
      activeAt: 1250,
    });
    assert.match(wsToken, /^rjw_/);
    assert.equal(ctx.state.tokens.size, 0);
    assert.deepEqual(instance.sessionIds, ['ses_000001']);
    assert.deepEqual(instance.events, [{
      event: 'session.created',
      detail: 'ses_000001',
      at: 1000,
    }]);
    assert.deepEqual(sessionsOf(ctx.state, instance), [session]);
  });

  it('makes a blocking session active at once', () => {
    const { ctx, instance } = context();
    const { session } = createSession(ctx, { instance, presetId: 'default', blocking: true });
    assert.equal(sessionStatus(session, ctx.now), 'active');
  });

  it('checks the origin, then archived, then the preset, before changing anything', () => {
    const { ctx, instance } = context();
    const snapshot = () =>
      JSON.stringify([[...ctx.state.sequences], [...ctx.state.sessions], instance]);
    const before = snapshot();
    instance.archivedAt = 0;
    assert.throws(
      () => createSession(ctx, { instance, presetId: 'nope', origin: 'x' }),
      fault('validation_error', '/origin'),
    );
    assert.throws(() => createSession(ctx, { instance, presetId: 'nope' }), fault('conflict'));
    delete instance.archivedAt;
    assert.throws(() => createSession(ctx, { instance, presetId: 'nope' }), fault('not_found'));
    assert.equal(snapshot(), before);
  });
});

describe('findPreset', () => {
  it('finds a seeded preset and refuses others', () => {
    const { ctx } = context();
    assert.equal(findPreset(ctx, 'default').id, 'default');
    assert.throws(() => findPreset(ctx, 'nope'), fault('not_found'));
  });
});

describe('findSession', () => {
  it("finds the instance's session and refuses another instance's", () => {
    const { ctx, instance } = context();
    const { session } = createSession(ctx, { instance, presetId: 'default' });
    assert.equal(findSession(ctx.state, { instance, sessionId: session.id }), session);
    const other = { ...instance, id: 'ins_000002', sessionIds: [] };
    assert.throws(
      () => findSession(ctx.state, { instance: other, sessionId: session.id }),
      fault('not_found'),
    );
    assert.throws(
      () => findSession(ctx.state, { instance, sessionId: 'ses_000404' }),
      fault('not_found'),
    );
  });
});

describe('sessionStatus', () => {
  it('is creating before activeAt and active from it', () => {
    const { ctx, instance } = context();
    const { session } = createSession(ctx, { instance, presetId: 'default' });
    assert.equal(sessionStatus(session, 1249), 'creating');
    assert.equal(sessionStatus(session, 1250), 'active');
  });
});

describe('publishSession', () => {
  it('pushes a new commit per publish and records session.published', () => {
    const { ctx, instance } = context();
    const { session } = createSession(ctx, { instance, presetId: 'default' });
    const shas = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const output = publishSession(ctx, { instance, session });
      assert.equal(output.pushed, true);
      assert.match(output.commitSha!, /^[0-9a-f]{40}$/);
      shas.add(output.commitSha!);
    }
    assert.equal(shas.size, 50);
    assert.deepEqual(instance.events.at(-1), {
      event: 'session.published',
      detail: session.id,
      at: 1000,
    });
  });

  it('pushes nothing for vcsType none', () => {
    const { ctx, instance } = context();
    instance.vcsType = 'none';
    const { session } = createSession(ctx, { instance, presetId: 'default' });
    assert.deepEqual(publishSession(ctx, { instance, session }), { ok: true, pushed: false });
  });

  it('refuses an archived instance without recording anything', () => {
    const { ctx, instance } = context();
    const { session } = createSession(ctx, { instance, presetId: 'default' });
    instance.archivedAt = 1000;
    const events = instance.events.length;
    assert.throws(() => publishSession(ctx, { instance, session }), fault('conflict'));
    assert.equal(instance.events.length, events);
  });
});
