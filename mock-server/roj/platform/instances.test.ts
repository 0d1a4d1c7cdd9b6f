import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultSeed, type MockSeed } from '../../mod.ts';
import { setupMock } from '../../../test/helpers/roj-mock.ts';
import { stateSnapshot } from '../../../test/helpers/roj-state.ts';
import type { PlatformContext } from '../context.ts';
import { platformHandlers } from './mod.ts';

const t0 = Date.parse('2026-11-21T07:13:00.000Z');

function clocked(options: Parameters<typeof setupMock>[0] = {}) {
  const clock = { now: t0 };
  return { clock, ...setupMock({ clock: () => clock.now, ...options }) };
}

function seedWith(extra: Partial<MockSeed>): MockSeed {
  const seed = defaultSeed();
  return {
    templates: [...seed.templates, ...(extra.templates ?? [])],
    bundles: [...seed.bundles, ...(extra.bundles ?? [])],
    presets: [...seed.presets, ...(extra.presets ?? [])],
  };
}

describe('instances.create', () => {
  it('creates an instance from the template with its defaults', async () => {
    const { roj } = clocked();
    const created = await roj.instances.create({ templateSlug: 'starter', name: 'demo' });
    assert.deepEqual(created, { instanceId: 'ins_000001', status: 'created' });
    assert.deepEqual(await roj.instances.get(created.instanceId), {
      instanceId: 'ins_000001',
      name: 'demo',
      status: 'ready',
      templateSlug: 'starter',
      bundleSlug: 'starter',
      bundleRevisionId: 'rev_starter_1',
      vcsType: 'none',
      metadata: null,
      createdAt: '2026-11-21T07:13:00.000Z',
    });
  });

  it('numbers instances in creation order', async () => {
    const { roj } = clocked();
    const ids = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await roj.instances.create({ templateSlug: 'starter', name: `n${i}` })).instanceId);
    }
    assert.deepEqual(ids, ['ins_000001', 'ins_000002', 'ins_000003']);
  });

  it('keeps the given bundle, revision, vcsType and metadata', async () => {
    const seed = seedWith({
      bundles: [{
        id: 'bun_two',
        slug: 'two',
        name: null,
        description: null,
        revisions: [{ id: 'rev_two_1', version: '1' }, { id: 'rev_two_2', version: '2' }],
      }],
    });
    const { roj } = clocked({ seed });
    const latest = await roj.instances.create({
      templateSlug: 'starter',
      name: 'a',
      bundleSlug: 'two',
    });
    assert.equal((await roj.instances.get(latest.instanceId)).bundleRevisionId, 'rev_two_2');
    const pinned = await roj.instances.create({
      templateSlug: 'starter',
      name: 'b',
      bundleSlug: 'two',
      bundleRevisionId: 'rev_two_1',
      vcsType: 'github',
      metadata: { team: 'core', n: [1, 2] },
    });
    const got = await roj.instances.get(pinned.instanceId);
    assert.equal(got.bundleSlug, 'two');
    assert.equal(got.bundleRevisionId, 'rev_two_1');
    assert.equal(got.vcsType, 'github');
    assert.deepEqual(got.metadata, { team: 'core', n: [1, 2] });
  });

  it('is initializing until instanceReadyMs has passed, then ready', async () => {
    const { roj, clock } = clocked({ timing: { instanceReadyMs: 1000 } });
    const { instanceId, status } = await roj.instances.create({
      templateSlug: 'starter',
      name: 'a',
    });
    assert.equal(status, 'created');
    assert.equal((await roj.instances.get(instanceId)).status, 'initializing');
    clock.now = t0 + 999;
    assert.equal((await roj.instances.get(instanceId)).status, 'initializing');
    clock.now = t0 + 1000;
    assert.equal((await roj.instances.get(instanceId)).status, 'ready');
  });

  it('creates a first session with autoCreateSession', async () => {
    const { roj, clock } = clocked({ timing: { instanceReadyMs: 50, sessionActiveMs: 100 } });
    const created = await roj.instances.create({
      templateSlug: 'starter',
      name: 'a',
      autoCreateSession: { presetId: 'default', initialPrompt: 'hello' },
    });
    assert.equal(created.status, 'created');
    assert.equal(created.sessionId, 'ses_000001');
    assert.match(created.wsToken ?? '', /^rjw_[A-Za-z0-9_-]{43}$/);
    const { sessions } = await roj.sessions.list(created.instanceId);
    assert.deepEqual(sessions, [{
      id: 'ses_000001',
      presetId: 'default',
      status: 'creating',
      createdAt: '2026-11-21T07:13:00.000Z',
    }]);
    clock.now = t0 + 100;
    const status = await roj.instances.getStatus(created.instanceId);
    assert.equal(status.sessions[0].status, 'active');
    assert.deepEqual(status.lifecycleEvents.map((e) => e.event), [
      'instance.created',
      'instance.initializing',
      'session.created',
      'instance.ready',
    ]);
  });

  it('with blocking, answers once the instance is ready and the session active', async () => {
    const { roj } = clocked({ timing: { instanceReadyMs: 5000, sessionActiveMs: 5000 } });
    const created = await roj.instances.create({
      templateSlug: 'starter',
      name: 'a',
      autoCreateSession: { presetId: 'default', blocking: true },
    });
    assert.equal(created.status, 'ready');
    assert.equal((await roj.instances.get(created.instanceId)).status, 'ready');
    const status = await roj.instances.getStatus(created.instanceId);
    assert.equal(status.sessions[0].status, 'active');
    assert.deepEqual(status.lifecycleEvents, [
      { event: 'instance.created', createdAt: '2026-11-21T07:13:00.000Z' },
      { event: 'instance.initializing', createdAt: '2026-11-21T07:13:00.000Z' },
      { event: 'instance.ready', createdAt: '2026-11-21T07:13:00.000Z' },
      { event: 'session.created', detail: 'ses_000001', createdAt: '2026-11-21T07:13:00.000Z' },
    ]);
  });

  it('accepts resourceIds and fileIds that exist', async () => {
    const { roj } = clocked();
    const { fileId } = await roj.files.upload(new File(['x'], 'x.txt'));
    const { resourceId } = await roj.resources.create({ slug: 'r', fileId });
    const created = await roj.instances.create({
      templateSlug: 'starter',
      name: 'a',
      autoCreateSession: { presetId: 'default', resourceIds: [resourceId], fileIds: [fileId] },
    });
    assert.equal(created.sessionId, 'ses_000001');
  });

  const rejected: Array<[string, Record<string, unknown>, { type: string; status: number }]> = [
    ['an unknown template', { templateSlug: 'nope' }, { type: 'not_found', status: 404 }],
    ['an unknown bundle', { bundleSlug: 'nope' }, { type: 'not_found', status: 404 }],
    ['an unknown revision', { bundleRevisionId: 'rev_nope' }, {
      type: 'not_found',
      status: 404,
    }],
    ['a bundle without revisions', { bundleSlug: 'empty' }, { type: 'conflict', status: 409 }],
    ['a revision of another bundle', {
      bundleSlug: 'empty',
      bundleRevisionId: 'rev_starter_1',
    }, { type: 'not_found', status: 404 }],
    ['an unknown preset', { autoCreateSession: { presetId: 'nope' } }, {
      type: 'not_found',
      status: 404,
    }],
    [
      'an unknown resource',
      { autoCreateSession: { presetId: 'default', resourceIds: ['res_1'] } },
      {
        type: 'not_found',
        status: 404,
      },
    ],
    ['an unknown file', { autoCreateSession: { presetId: 'default', fileIds: ['fil_1'] } }, {
      type: 'not_found',
      status: 404,
    }],
  ];
  for (const [name, patch, want] of rejected) {
    it(`refuses ${name} and creates nothing`, async () => {
      const seed = seedWith({
        templates: [{ slug: 'empty', name: 'Empty', bundleSlug: 'empty' }],
        bundles: [{ id: 'bun_empty', slug: 'empty', name: null, description: null, revisions: [] }],
      });
      const { roj, mock } = clocked({ seed });
      const before = stateSnapshot(mock);
      await assert.rejects(
        roj.instances.create({ templateSlug: 'starter', name: 'a', ...patch }),
        want,
      );
      assert.equal(stateSnapshot(mock), before);
    });
  }

  it('refuses a deleted bundle', async () => {
    const { roj } = clocked();
    await roj.bundles.delete({ bundleSlug: 'starter' });
    await assert.rejects(roj.instances.create({ templateSlug: 'starter', name: 'a' }), {
      type: 'not_found',
      status: 404,
    });
  });

  it('refuses input that breaks the schema', async () => {
    const { rpc } = clocked();
    const { status, body } = await rpc('/api/v1/rpc', {
      method: 'instances.create',
      input: { templateSlug: 'starter', name: '' },
    });
    assert.equal(status, 400);
    assert.equal(body.error?.type, 'validation_error');
    assert.equal(body.error?.path, '/name');
  });
});

describe('instances.get', () => {
  it('gives 404 for an unknown instance', async () => {
    const { roj } = clocked();
    await assert.rejects(roj.instances.get('ins_000404'), { type: 'not_found', status: 404 });
  });

  it('still reads an archived instance', async () => {
    const { roj } = clocked();
    const { instanceId } = await roj.instances.create({ templateSlug: 'starter', name: 'a' });
    await roj.instances.archive(instanceId);
    const got = await roj.instances.get(instanceId);
    assert.equal(got.status, 'archived');
    assert.equal(got.name, 'a');
  });
});

describe('instances.list', () => {
  async function withInstances(count: number) {
    const setup = clocked();
    for (let i = 1; i <= count; i++) {
      await setup.roj.instances.create({ templateSlug: 'starter', name: `n${i}` });
    }
    return setup;
  }

  it('lists newest first, 20 by default', async () => {
    const { roj } = await withInstances(25);
    const page = await roj.instances.list();
    assert.equal(page.total, 25);
    assert.equal(page.instances.length, 20);
    assert.equal(page.instances[0].instanceId, 'ins_000025');
    assert.equal(page.instances[19].instanceId, 'ins_000006');
    assert.equal(page.instances[0].status, 'ready');
  });

  it('pages with limit and offset', async () => {
    const { roj } = await withInstances(5);
    const page = await roj.instances.list({ limit: 2, offset: 1 });
    assert.deepEqual(page.instances.map((i) => i.name), ['n4', 'n3']);
    assert.equal(page.total, 5);
    const last = await roj.instances.list({ limit: 100, offset: 4 });
    assert.deepEqual(last.instances.map((i) => i.name), ['n1']);
  });

  it('gives an empty page at or past the total', async () => {
    const { roj } = await withInstances(3);
    assert.deepEqual(await roj.instances.list({ offset: 3 }), { instances: [], total: 3 });
    assert.deepEqual(await roj.instances.list({ offset: 1_000_000_000 }), {
      instances: [],
      total: 3,
    });
  });

  it('neither lists nor counts archived instances', async () => {
    const { roj } = await withInstances(4);
    await roj.instances.archive('ins_000002');
    await roj.instances.archive('ins_000004');
    const page = await roj.instances.list();
    assert.equal(page.total, 2);
    assert.deepEqual(page.instances.map((i) => i.instanceId), ['ins_000003', 'ins_000001']);
  });

  it('refuses a limit outside 1–100 and a negative offset', async () => {
    const { rpc } = clocked();
    for (
      const [input, path] of [[{ limit: 0 }, '/limit'], [{ limit: 101 }, '/limit'], [
        { offset: -1 },
        '/offset',
      ], [{ limit: 1.5 }, '/limit']] as const
    ) {
      const { status, body } = await rpc('/api/v1/rpc', { method: 'instances.list', input });
      assert.equal(status, 400, JSON.stringify(input));
      assert.equal(body.error?.type, 'validation_error');
      assert.equal(body.error?.path, path);
    }
  });

  it('pages correctly among 10,000 instances with some archived', async () => {
    const { roj, mock, clock } = clocked();
    const ctx: PlatformContext = {
      state: mock.runtime.state,
      runtime: mock.runtime,
      now: clock.now,
      origin: 'http://mock.test',
    };
    // Straight through the handlers: 10,000 HTTP round trips would only slow the test down.
    for (let i = 1; i <= 10_000; i++) {
      platformHandlers['instances.create']({ templateSlug: 'starter', name: `n${i}` }, ctx);
    }
    for (let i = 10; i <= 10_000; i += 10) {
      platformHandlers['instances.archive'](
        { instanceId: `ins_${String(i).padStart(6, '0')}` },
        ctx,
      );
    }
    const page = await roj.instances.list({ limit: 3, offset: 4500 });
    assert.equal(page.total, 9000);
    // Newest first, nine live instances per ten: offset 4500 lands 500 tens below the top.
    assert.deepEqual(page.instances.map((i) => i.name), ['n4999', 'n4998', 'n4997']);
    const tail = await roj.instances.list({ limit: 100, offset: 8998 });
    assert.deepEqual(tail.instances.map((i) => i.name), ['n2', 'n1']);
  });
});

describe('instances.status', () => {
  it('reports a fresh instance', async () => {
    const { roj } = clocked();
    const { instanceId } = await roj.instances.create({ templateSlug: 'starter', name: 'a' });
    assert.deepEqual(await roj.instances.getStatus(instanceId), {
      instanceId,
      status: 'ready',
      sandbox: null,
      sessions: [],
      lifecycleEvents: [
        { event: 'instance.created', createdAt: '2026-11-21T07:13:00.000Z' },
        { event: 'instance.initializing', createdAt: '2026-11-21T07:13:00.000Z' },
        { event: 'instance.ready', createdAt: '2026-11-21T07:13:00.000Z' },
      ],
      serviceUrls: [],
    });
  });

  it('reports instance.ready only once it has happened', async () => {
    const { roj, clock } = clocked({ timing: { instanceReadyMs: 2000 } });
    const { instanceId } = await roj.instances.create({ templateSlug: 'starter', name: 'a' });
    let status = await roj.instances.getStatus(instanceId);
    assert.equal(status.status, 'initializing');
    assert.deepEqual(status.lifecycleEvents.map((e) => e.event), [
      'instance.created',
      'instance.initializing',
    ]);
    clock.now = t0 + 2000;
    status = await roj.instances.getStatus(instanceId);
    assert.equal(status.status, 'ready');
    assert.deepEqual(status.lifecycleEvents.at(-1), {
      event: 'instance.ready',
      createdAt: '2026-11-21T07:13:02.000Z',
    });
  });

  it('lists sessions oldest first and one service URL per service of each', async () => {
    const { roj, clock } = clocked();
    const { instanceId } = await roj.instances.create({ templateSlug: 'starter', name: 'a' });
    await roj.sessions.create({ instanceId, presetId: 'default' });
    clock.now = t0 + 1;
    await roj.sessions.create({ instanceId, presetId: 'default' });
    const status = await roj.instances.getStatus(instanceId);
    assert.deepEqual(status.sessions.map((s) => [s.id, s.createdAt]), [
      ['ses_000001', '2026-11-21T07:13:00.000Z'],
      ['ses_000002', '2026-11-21T07:13:00.001Z'],
    ]);
    assert.deepEqual(
      status.serviceUrls.map((s) => [s.sessionId, s.serviceType, s.port]),
      [
        ['ses_000001', 'preview', 3000],
        ['ses_000001', 'terminal', 7681],
        ['ses_000002', 'preview', 3000],
        ['ses_000002', 'terminal', 7681],
      ],
    );
    assert.equal(new Set(status.serviceUrls.map((s) => s.code)).size, 4);
  });

  it('reports the current sandbox', async () => {
    const { roj, clock, instanceWithToken } = clocked();
    const { instanceId, client } = await instanceWithToken();
    assert.equal((await roj.instances.getStatus(instanceId)).sandbox, null);
    const { sandboxId } = await client.sandbox.create();
    clock.now = t0 + 7;
    await client.sandbox.pause(sandboxId);
    const status = await roj.instances.getStatus(instanceId);
    assert.equal(status.sandbox?.state, 'paused');
    assert.equal(typeof status.sandbox?.e2bId, 'string');
    assert.equal(status.sandbox?.lastActivityAt, '2026-11-21T07:13:00.007Z');
    assert.deepEqual(status.lifecycleEvents.slice(-2).map((e) => [e.event, e.detail]), [
      ['sandbox.created', sandboxId],
      ['sandbox.paused', sandboxId],
    ]);
  });

  it('gives 404 for an unknown instance', async () => {
    const { roj } = clocked();
    await assert.rejects(roj.instances.getStatus('ins_000404'), { type: 'not_found', status: 404 });
  });
});

describe('instances.archive', () => {
  it('archives, records instance.archived and is idempotent', async () => {
    const { roj, mock, clock } = clocked();
    const { instanceId } = await roj.instances.create({ templateSlug: 'starter', name: 'a' });
    clock.now = t0 + 10;
    assert.deepEqual(await roj.instances.archive(instanceId), { ok: true });
    const status = await roj.instances.getStatus(instanceId);
    assert.equal(status.status, 'archived');
    assert.deepEqual(status.lifecycleEvents.at(-1), {
      event: 'instance.archived',
      createdAt: '2026-11-21T07:13:00.010Z',
    });
    const before = stateSnapshot(mock);
    clock.now = t0 + 20;
    assert.deepEqual(await roj.instances.archive(instanceId), { ok: true });
    assert.equal(stateSnapshot(mock), before);
  });

  for (const paused of [false, true]) {
    it(`terminates a ${paused ? 'paused' : 'running'} sandbox`, async () => {
      const { roj, mock, clock, instanceWithToken } = clocked();
      const { instanceId, client } = await instanceWithToken();
      const { sandboxId } = await client.sandbox.create();
      if (paused) await client.sandbox.pause(sandboxId);
      clock.now = t0 + 5;
      await roj.instances.archive(instanceId);
      const status = await roj.instances.getStatus(instanceId);
      assert.equal(status.sandbox?.state, 'terminated');
      assert.equal(status.sandbox?.lastActivityAt, '2026-11-21T07:13:00.005Z');
      assert.deepEqual(status.lifecycleEvents.slice(-2), [
        { event: 'sandbox.terminated', detail: sandboxId, createdAt: '2026-11-21T07:13:00.005Z' },
        { event: 'instance.archived', createdAt: '2026-11-21T07:13:00.005Z' },
      ]);
      assert.equal(mock.runtime.state.sandboxes.get(sandboxId)?.log.at(-1), 'sandbox terminated');
    });
  }

  it('leaves a terminated sandbox alone', async () => {
    const { roj, instanceWithToken } = clocked();
    const { instanceId, client } = await instanceWithToken();
    const { sandboxId } = await client.sandbox.create();
    await client.sandbox.terminate(sandboxId);
    await roj.instances.archive(instanceId);
    const status = await roj.instances.getStatus(instanceId);
    assert.equal(status.lifecycleEvents.filter((e) => e.event === 'sandbox.terminated').length, 1);
  });

  it('never derives instance.ready for an instance archived while initializing', async () => {
    const { roj, clock } = clocked({ timing: { instanceReadyMs: 1000 } });
    const { instanceId } = await roj.instances.create({ templateSlug: 'starter', name: 'a' });
    await roj.instances.archive(instanceId);
    clock.now = t0 + 5000;
    const status = await roj.instances.getStatus(instanceId);
    assert.equal(status.status, 'archived');
    assert.deepEqual(status.lifecycleEvents.map((e) => e.event), [
      'instance.created',
      'instance.initializing',
      'instance.archived',
    ]);
  });

  it('then refuses changes with 409 but still answers reads', async () => {
    const { roj, rpc } = clocked();
    const { instanceId, sessionId } = await roj.instances.create({
      templateSlug: 'starter',
      name: 'a',
      autoCreateSession: { presetId: 'default' },
    });
    const { token } = await roj.tokens.create({ instanceId });
    await roj.instances.archive(instanceId);
    const conflict = { type: 'conflict', status: 409 };
    await assert.rejects(roj.sessions.create({ instanceId, presetId: 'default' }), conflict);
    await assert.rejects(roj.sessions.publish({ instanceId, sessionId: sessionId! }), conflict);
    await assert.rejects(roj.tokens.create({ instanceId }), conflict);
    const instanceRoute = await rpc(`/api/v1/instances/${instanceId}/rpc`, {
      method: 'listSessions',
      input: {},
    }, { authorization: `Bearer ${token}` });
    assert.equal(instanceRoute.status, 409);
    assert.equal((await roj.sessions.list(instanceId)).sessions.length, 1);
    assert.equal((await roj.instances.getStatus(instanceId)).status, 'archived');
  });

  it('gives 404 for an unknown instance', async () => {
    const { roj } = clocked();
    await assert.rejects(roj.instances.archive('ins_000404'), { type: 'not_found', status: 404 });
  });
});
