import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stateSnapshot } from '../../../test/helpers/roj-state.ts';
import { iso } from '../state.ts';
import { setupInstance, t0 } from './_testing.ts';

describe('execInSandbox', () => {
  it('runs a command line in the fake shell', async () => {
    const { client } = await setupInstance();
    await client.sandbox.create();
    assert.deepEqual(await client.sandbox.exec('echo hi; nope'), {
      stdout: 'hi\n',
      stderr: 'sh: nope: command not found\n',
      success: false,
    });
  });

  it('answers exactly {stdout, stderr, success} on the wire', async () => {
    const { client, call } = await setupInstance();
    await client.sandbox.create();
    const { status, body } = await call('execInSandbox', { command: 'exit 3' });
    assert.equal(status, 200);
    assert.deepEqual(body, { ok: true, value: { stdout: '', stderr: '', success: false } });
  });

  it('keeps the working directory and files between calls', async () => {
    const { client } = await setupInstance();
    await client.sandbox.create();
    await client.sandbox.exec('mkdir -p work && cd work && echo data > f');
    assert.equal((await client.sandbox.exec('pwd; cat f')).stdout, '/home/user/work\ndata\n');
  });

  it('keeps a paused sandbox files through pause and resume', async () => {
    const { client } = await setupInstance();
    const { sandboxId } = await client.sandbox.create();
    await client.sandbox.exec('touch kept');
    await client.sandbox.pause(sandboxId);
    await client.sandbox.resume();
    assert.equal((await client.sandbox.exec('ls')).stdout, 'README.md\nkept\n');
  });

  it('gives each sandbox its own environment and file tree', async () => {
    const setup = await setupInstance();
    const { sandboxId } = await setup.client.sandbox.create();
    const other = await setup.instanceWithToken();
    await other.client.sandbox.create();
    await other.client.sandbox.exec('touch theirs');
    const { stdout } = await setup.client.sandbox.exec(
      'echo $ROJ_INSTANCE_ID $ROJ_SANDBOX_ID $HOME $USER $PWD; ls',
    );
    assert.equal(
      stdout,
      `${setup.instanceId} ${sandboxId} /home/user user /home/user\nREADME.md\n`,
    );
  });

  it('logs `$ <command>` and sets lastActivityAt', async () => {
    const { client, roj, instanceId, clock } = await setupInstance();
    const { sandboxId } = await client.sandbox.create();
    clock.now = t0 + 5000;
    await client.sandbox.exec('false');
    assert.equal((await client.sandbox.getAgentLogs(sandboxId, 1)).logs, '$ false');
    const { sandbox } = await roj.instances.getStatus(instanceId);
    assert.equal(sandbox?.lastActivityAt, iso(t0 + 5000));
  });

  it('logs a command line of several lines as one line, and no secret', async () => {
    const { client, token } = await setupInstance();
    const { sandboxId } = await client.sandbox.create();
    const own = (await client.sandbox.exec('echo -n $ROJ_SANDBOX_TOKEN')).stdout;
    await client.sandbox.exec(`echo ${own}\necho ${token} roj_dev_key`);
    const { logs } = await client.sandbox.getAgentLogs(sandboxId, 2);
    assert.deepEqual(logs.split('\n'), [
      '$ echo -n $ROJ_SANDBOX_TOKEN',
      '$ echo <redacted>\\necho <redacted> <redacted>',
    ]);
  });

  it('404 when the instance has no sandbox', async () => {
    const { client } = await setupInstance();
    await assert.rejects(client.sandbox.exec('pwd'), { type: 'not_found', status: 404 });
  });

  for (const state of ['paused', 'terminated', 'failed'] as const) {
    it(`409 while the sandbox is ${state}, and changes nothing`, async () => {
      const setup = await setupInstance();
      const { sandboxId } = await setup.client.sandbox.create();
      setup.sandbox(sandboxId).state = state;
      const before = stateSnapshot(setup.mock);
      await assert.rejects(setup.client.sandbox.exec('touch x'), {
        type: 'conflict',
        status: 409,
        message: `Sandbox ${sandboxId} is ${state}; commands run only in a running sandbox`,
      });
      assert.equal(stateSnapshot(setup.mock), before);
    });
  }

  for (const command of ['', 'x'.repeat(8193)]) {
    it(`refuses a command of ${command.length} characters`, async () => {
      const { client, call } = await setupInstance();
      await client.sandbox.create();
      const { status, body } = await call('execInSandbox', { command });
      assert.equal(status, 400);
      assert.equal(body.error?.path, '/command');
    });
  }

  it('accepts a command of 8192 characters', async () => {
    const { client } = await setupInstance();
    await client.sandbox.create();
    const { stdout } = await client.sandbox.exec(`echo ${'x'.repeat(8187)}`);
    assert.equal(stdout.length, 8188);
  });
});
