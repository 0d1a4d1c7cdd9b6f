import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RojInstanceClient } from '../../../src/roj/instance-client.ts';
import {
  type SandboxAction,
  type SandboxState,
  sandboxTransitions,
} from '../../../src/roj/sandbox-state.ts';
import { stateSnapshot } from '../../../test/helpers/roj-state.ts';
import { iso } from '../state.ts';
import { setupInstance, t0 } from './_testing.ts';

const isConflict = { name: 'RojApiError', type: 'conflict', status: 409 };
const isNotFound = { name: 'RojApiError', type: 'not_found', status: 404 };

// Every state the table names, and every action it has: a new state or action changes this test.
const states = [
  ...new Set(
    Object.values(sandboxTransitions).flatMap((moves) => [
      ...Object.keys(moves),
      ...Object.values(moves),
    ]),
  ),
] as SandboxState[];
const actions = Object.keys(sandboxTransitions) as SandboxAction[];

/** How each action is called, and what it records (docs/roj-contract.md §3 and §5). */
const perform: Record<
  SandboxAction,
  { call: (c: RojInstanceClient, id: string) => Promise<unknown>; event: string; line: string }
> = {
  pause: { call: (c, id) => c.sandbox.pause(id), event: 'sandbox.paused', line: 'sandbox paused' },
  resume: { call: (c) => c.sandbox.resume(), event: 'sandbox.resumed', line: 'sandbox resumed' },
  terminate: {
    call: (c, id) => c.sandbox.terminate(id),
    event: 'sandbox.terminated',
    line: 'sandbox terminated',
  },
  restartAgent: {
    call: (c, id) => c.sandbox.restartAgent(id),
    event: 'sandbox.agent_restarted',
    line: 'agent restarted',
  },
};

/** A setup whose instance has a sandbox forced into `state`. */
async function sandboxIn(state: SandboxState) {
  const setup = await setupInstance();
  const { sandboxId } = await setup.client.sandbox.create();
  setup.sandbox(sandboxId).state = state;
  return { ...setup, sandboxId };
}

describe('the sandbox state machine', () => {
  it('covers the states the contract names', () => {
    assert.deepEqual([...states].sort(), ['failed', 'paused', 'running', 'terminated']);
  });

  for (const state of states) {
    for (const action of actions) {
      const next = sandboxTransitions[action][state];
      it(`${action} from ${state}: ${next ?? '409 conflict'}`, async () => {
        const setup = await sandboxIn(state);
        const { client, roj, instanceId, sandboxId, clock } = setup;
        clock.now = t0 + 1000;
        if (next === undefined) {
          const before = stateSnapshot(setup.mock);
          await assert.rejects(perform[action].call(client, sandboxId), isConflict);
          assert.equal(stateSnapshot(setup.mock), before);
          return;
        }
        assert.deepEqual(await perform[action].call(client, sandboxId), { ok: true });
        const status = await roj.instances.getStatus(instanceId);
        assert.deepEqual(status.sandbox, {
          state: next,
          e2bId: 'e2b_000001',
          lastActivityAt: iso(t0 + 1000),
        });
        assert.deepEqual(status.lifecycleEvents.at(-1), {
          event: perform[action].event,
          detail: sandboxId,
          createdAt: iso(t0 + 1000),
        });
        const { logs } = await client.sandbox.getAgentLogs(sandboxId);
        assert.equal(logs.split('\n').at(-1), perform[action].line);
      });
    }
  }

  it('names the legal states in a conflict', async () => {
    const { client, sandboxId } = await sandboxIn('terminated');
    await assert.rejects(client.sandbox.terminate(sandboxId), {
      message:
        `Sandbox ${sandboxId} is terminated; only a running, paused or failed sandbox can be terminated`,
    });
  });
});

describe('createSandbox', () => {
  it('creates a running sandbox, with an event, a log line and its activity time', async () => {
    const { client, roj, instanceId } = await setupInstance();
    const { sandboxId } = await client.sandbox.create();
    assert.equal(sandboxId, 'sbx_000001');
    const status = await roj.instances.getStatus(instanceId);
    assert.deepEqual(status.sandbox, {
      state: 'running',
      e2bId: 'e2b_000001',
      lastActivityAt: iso(t0),
    });
    assert.deepEqual(status.lifecycleEvents.at(-1), {
      event: 'sandbox.created',
      detail: sandboxId,
      createdAt: iso(t0),
    });
    assert.deepEqual(await client.sandbox.getAgentLogs(sandboxId), {
      logs: 'sandbox created',
      truncated: false,
    });
  });

  for (const state of states.filter((s) => s !== 'terminated')) {
    it(`is a conflict while the sandbox is ${state}, and changes nothing`, async () => {
      const setup = await sandboxIn(state);
      const before = stateSnapshot(setup.mock);
      await assert.rejects(setup.client.sandbox.create(), isConflict);
      assert.equal(stateSnapshot(setup.mock), before);
    });
  }

  it('replaces a terminated sandbox with a new one, with a new id, token and file tree', async () => {
    const { client, sandbox } = await setupInstance();
    const first = await client.sandbox.create();
    await client.sandbox.exec('touch mine');
    await client.sandbox.terminate(first.sandboxId);
    const second = await client.sandbox.create();
    assert.equal(second.sandboxId, 'sbx_000002');
    assert.notEqual(sandbox(first.sandboxId).token, sandbox(second.sandboxId).token);
    assert.equal((await client.sandbox.exec('ls')).stdout, 'README.md\n');
    await assert.rejects(client.sandbox.pause(first.sandboxId), isNotFound);
  });
});

describe('ensureSandbox', () => {
  it('creates a sandbox when there is none, then returns it without change', async () => {
    const setup = await setupInstance();
    assert.deepEqual(await setup.client.sandbox.ensure(), {
      sandboxId: 'sbx_000001',
      state: 'running',
    });
    const before = stateSnapshot(setup.mock);
    assert.deepEqual(await setup.client.sandbox.ensure(), {
      sandboxId: 'sbx_000001',
      state: 'running',
    });
    assert.equal(stateSnapshot(setup.mock), before);
  });

  for (const state of states.filter((s) => s !== 'terminated')) {
    it(`returns a ${state} sandbox as it is`, async () => {
      const setup = await sandboxIn(state);
      const before = stateSnapshot(setup.mock);
      assert.deepEqual(await setup.client.sandbox.ensure(), { sandboxId: setup.sandboxId, state });
      assert.equal(stateSnapshot(setup.mock), before);
    });
  }

  it('replaces a terminated sandbox', async () => {
    const { client, roj, instanceId, sandboxId } = await sandboxIn('terminated');
    assert.deepEqual(await client.sandbox.ensure(), { sandboxId: 'sbx_000002', state: 'running' });
    assert.notEqual(sandboxId, 'sbx_000002');
    const { lifecycleEvents } = await roj.instances.getStatus(instanceId);
    assert.deepEqual(lifecycleEvents.at(-1)?.detail, 'sbx_000002');
  });
});

describe('sandbox ids', () => {
  const byId: Array<[string, (c: RojInstanceClient, id: string) => Promise<unknown>]> = [
    ['pauseSandbox', (c, id) => c.sandbox.pause(id)],
    ['terminateSandbox', (c, id) => c.sandbox.terminate(id)],
    ['restartAgent', (c, id) => c.sandbox.restartAgent(id)],
    ['getAgentLogs', (c, id) => c.sandbox.getAgentLogs(id)],
    ['validateSandboxToken', (c, id) => c.sandbox.validateToken(id, 'rjs_x')],
  ];
  for (const [method, call] of byId) {
    it(`${method}: 404 without a sandbox`, async () => {
      const { client } = await setupInstance();
      await assert.rejects(call(client, 'sbx_000001'), isNotFound);
    });

    it(`${method}: 404 for an id that is not the current sandbox`, async () => {
      const setup = await setupInstance();
      const { sandboxId } = await setup.client.sandbox.create();
      // Another instance's current sandbox, and a replaced one of this instance.
      const other = await setup.instanceWithToken();
      const { sandboxId: othersId } = await other.client.sandbox.create();
      await setup.client.sandbox.terminate(sandboxId);
      await setup.client.sandbox.create();
      const before = stateSnapshot(setup.mock);
      for (const id of ['sbx_999999', othersId, sandboxId, '']) {
        await assert.rejects(call(setup.client, id), isNotFound);
      }
      assert.equal(stateSnapshot(setup.mock), before);
    });
  }

  it('never echoes a secret passed as an id', async () => {
    const { call, token } = await setupInstance();
    const { body } = await call('pauseSandbox', { sandboxId: token });
    assert.equal(body.error?.type, 'not_found');
    assert.ok(!body.error?.message.includes(token));
    assert.match(body.error?.message ?? '', /<redacted>/);
  });
});

describe('resumeSandbox', () => {
  it('404 when the instance has no sandbox', async () => {
    const { client } = await setupInstance();
    await assert.rejects(client.sandbox.resume(), {
      ...isNotFound,
      message: /has no sandbox/,
    });
  });
});

describe('getAgentLogs', () => {
  it('returns the whole log, oldest first', async () => {
    const { client } = await setupInstance();
    const { sandboxId } = await client.sandbox.create();
    await client.sandbox.pause(sandboxId);
    await client.sandbox.resume();
    await client.sandbox.restartAgent(sandboxId);
    await client.sandbox.exec('echo hi');
    await client.sandbox.terminate(sandboxId);
    assert.deepEqual(await client.sandbox.getAgentLogs(sandboxId), {
      logs: [
        'sandbox created',
        'sandbox paused',
        'sandbox resumed',
        'agent restarted',
        '$ echo hi',
        'sandbox terminated',
      ].join('\n'),
      truncated: false,
    });
  });

  it('returns the last `lines` lines; truncated exactly when there are more', async () => {
    const { client } = await setupInstance();
    const { sandboxId } = await client.sandbox.create();
    await client.sandbox.exec('a');
    await client.sandbox.exec('b');
    assert.deepEqual(await client.sandbox.getAgentLogs(sandboxId, 2), {
      logs: '$ a\n$ b',
      truncated: true,
    });
    assert.deepEqual(await client.sandbox.getAgentLogs(sandboxId, 3), {
      logs: 'sandbox created\n$ a\n$ b',
      truncated: false,
    });
    assert.deepEqual(await client.sandbox.getAgentLogs(sandboxId, 10_000), {
      logs: 'sandbox created\n$ a\n$ b',
      truncated: false,
    });
  });

  it('returns 100 lines by default', async () => {
    const { client } = await setupInstance();
    const { sandboxId } = await client.sandbox.create();
    for (let i = 1; i <= 100; i++) await client.sandbox.exec(`echo ${i}`);
    const { logs, truncated } = await client.sandbox.getAgentLogs(sandboxId);
    assert.equal(truncated, true);
    const lines = logs.split('\n');
    assert.equal(lines.length, 100);
    assert.deepEqual([lines[0], lines[99]], ['$ echo 1', '$ echo 100']);
    assert.equal((await client.sandbox.getAgentLogs(sandboxId, 101)).truncated, false);
  });

  for (const lines of [0, 10_001, 1.5]) {
    it(`refuses lines: ${lines}`, async () => {
      const { call, client } = await setupInstance();
      const { sandboxId } = await client.sandbox.create();
      const { status, body } = await call('getAgentLogs', { sandboxId, lines });
      assert.equal(status, 400);
      assert.equal(body.error?.type, 'validation_error');
      assert.equal(body.error?.path, '/lines');
    });
  }
});

describe('validateSandboxToken', () => {
  it('is true only for the sandbox its own token, which the shell reveals', async () => {
    const setup = await setupInstance();
    const { client, token } = setup;
    const { sandboxId } = await client.sandbox.create();
    const own = (await client.sandbox.exec('echo -n $ROJ_SANDBOX_TOKEN')).stdout;
    assert.match(own, /^rjs_[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(await client.sandbox.validateToken(sandboxId, own), { value: true });

    const other = await setup.instanceWithToken();
    await other.client.sandbox.create();
    const othersToken = (await other.client.sandbox.exec('echo -n $ROJ_SANDBOX_TOKEN')).stdout;
    assert.notEqual(othersToken, own);
    for (const wrong of [othersToken, token, '', own.slice(0, -1), `${own}x`, own.toUpperCase()]) {
      assert.deepEqual(await client.sandbox.validateToken(sandboxId, wrong), { value: false });
    }
  });

  it('is false for a replaced sandbox token, and once the sandbox is terminated', async () => {
    const { client } = await setupInstance();
    const first = await client.sandbox.create();
    const firstToken = (await client.sandbox.exec('echo -n $ROJ_SANDBOX_TOKEN')).stdout;
    await client.sandbox.terminate(first.sandboxId);
    assert.deepEqual(await client.sandbox.validateToken(first.sandboxId, firstToken), {
      value: false,
    });
    const second = await client.sandbox.create();
    assert.deepEqual(await client.sandbox.validateToken(second.sandboxId, firstToken), {
      value: false,
    });
  });

  it('is true while paused or failed', async () => {
    for (const state of ['paused', 'failed'] as const) {
      const setup = await sandboxIn(state);
      const own = setup.sandbox(setup.sandboxId).token;
      assert.deepEqual(await setup.client.sandbox.validateToken(setup.sandboxId, own), {
        value: true,
      });
    }
  });
});
