// `deno task mock` as a user runs it: flags, seed files, errors and shutdown. Each test starts
// a real process; under Bun, the test orchestrator passes the Deno binary in DENO_BIN.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startMockProcess } from '../test/helpers/mock-process.ts';
import { defaultSeed } from './roj/seed.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const deno = 'Deno' in globalThis ? process.execPath : process.env.DENO_BIN;
const scratch = mkdtempSync(join(tmpdir(), 'roj-mock-cli-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs `deno task mock` to completion: for flags that make it exit at once. */
function mockTask(...args: string[]) {
  const result = spawnSync(deno!, ['task', '--quiet', 'mock', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function startMock(...args: string[]) {
  return startMockProcess(deno!, ['task', '--quiet', 'mock', '--port', '0', ...args], {
    cwd: root,
  });
}

function seedFile(name: string, seed: unknown): string {
  const file = join(scratch, name);
  writeFileSync(file, typeof seed === 'string' ? seed : JSON.stringify(seed, null, 2));
  return file;
}

async function rpc(url: string, method: string, input: unknown, key = 'roj_dev_key') {
  const response = await fetch(`${url}/api/v1/rpc`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ method, input }),
  });
  return await response.json() as {
    ok: boolean;
    value?: Record<string, unknown>;
    error?: { type: string };
  };
}

describe('deno task mock', { skip: deno ? false : 'needs Deno: set DENO_BIN' }, () => {
  test('--version prints the version of deno.json; --help lists every option; both exit 0', () => {
    const config = JSON.parse(readFileSync(join(root, 'deno.json'), 'utf8'));
    assert.deepEqual(mockTask('--version'), {
      code: 0,
      stdout: `roj-mock ${config.version}\n`,
      stderr: '',
    });
    const { code, stdout } = mockTask('--help');
    assert.equal(code, 0);
    assert.match(stdout, /\nExamples:\n[^]*\nExit codes:\n {2}0 /);
    for (
      const flag of [
        '--port',
        '--host',
        '--api-key',
        '--seed',
        '--ready-delay',
        '--session-delay',
        '--max-upload',
        '--quiet',
        '--user',
        '--agent-delay',
        '--fetch-allow',
      ]
    ) {
      assert.ok(stdout.includes(flag), `--help mentions ${flag}`);
    }
  });

  test('a bad flag exits 2 with an error line and a hint, and no stack trace', () => {
    const unknown = mockTask('--frobnicate');
    assert.equal(unknown.code, 2);
    assert.equal(
      unknown.stderr,
      'error: Unknown option --frobnicate\nhint: Run with --help to see the options\n',
    );
    const port = mockTask('--port', 'eighty');
    assert.equal(port.code, 2);
    assert.equal(
      port.stderr,
      'error: Option --port must be an integer from 0 to 65535, not "eighty"\n' +
        'hint: Run with --help to see the options\n',
    );
  });

  test('an invalid seed file exits 2, naming the file, each JSON Pointer and the problem', () => {
    const seed = defaultSeed();
    seed.templates.push({ slug: 'web', name: 'Web', bundleSlug: 'web' });
    seed.presets.push({ id: 'default', name: 'Again', services: [] });
    const file = seedFile('cross-refs.json', seed);
    const { code, stdout, stderr } = mockTask('--seed', file);
    assert.equal(code, 2);
    assert.equal(stdout, '', 'Nothing listened, so no banner');
    assert.equal(
      stderr.trim(),
      [
        `error: The seed file ${file} has 2 problems`,
        `  ${file}: /presets/1/id: Duplicate preset id "default" (also at /presets/0/id)`,
        `  ${file}: /templates/1/bundleSlug: No bundle has slug "web"`,
        'hint: Fix the seed file: templates, bundles and presets as mock-server/roj/seed.ts ' +
        'describes them, or leave out --seed for the default',
      ].join('\n'),
    );

    const shape = mockTask(
      '--seed',
      seedFile('shape.json', { templates: [{ slug: '' }], bundles: [] }),
    );
    assert.equal(shape.code, 2);
    assert.match(shape.stderr, /shape\.json: \/templates\/0\/slug: /);
    assert.match(shape.stderr, /shape\.json: \/presets: Missing required property/);

    const notJson = mockTask('--seed', seedFile('broken.json', '{"templates": ['));
    assert.equal(notJson.code, 2);
    assert.match(notJson.stderr, /broken\.json: Not valid JSON: /);

    const missing = mockTask('--seed', join(scratch, 'absent.json'));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /absent\.json: Cannot read the file: No such file/);
    for (const { stderr } of [shape, notJson, missing]) assert.doesNotMatch(stderr, /^\s+at /m);
  });

  test('a valid seed file is served, and its slugs are printed', async () => {
    const seed = defaultSeed();
    seed.bundles.push({
      slug: 'web',
      name: 'Web',
      description: null,
      revisions: [{ version: '2.0.0' }],
    });
    seed.templates.push({ slug: 'web-app', name: 'Web app', bundleSlug: 'web' });
    seed.presets.push({
      id: 'gpu',
      name: 'GPU',
      services: [{ serviceType: 'notebook', port: 8888 }],
    });
    const mock = await startMock('--seed', seedFile('good.json', seed), '--quiet');
    try {
      assert.match(mock.output(), /^ {2}Templates: {2}starter, web-app$/m);
      assert.match(mock.output(), /^ {2}Bundles: {4}starter, web$/m);
      assert.match(mock.output(), /^ {2}Presets: {4}default, gpu$/m);
      const created = await rpc(mock.url, 'instances.create', {
        templateSlug: 'web-app',
        name: 'w',
      });
      assert.ok(created.ok, JSON.stringify(created));
      const instance = await rpc(mock.url, 'instances.get', {
        instanceId: created.value!.instanceId,
      });
      assert.equal(instance.value?.bundleSlug, 'web');
    } finally {
      await mock.stop();
    }
  });

  test('--api-key replaces the development key, and the banner shows the keys', async () => {
    const mock = await startMock('--api-key', 'k_one', '--api-key', 'k_two');
    try {
      assert.match(mock.output(), /^ {2}API keys: {3}k_one, k_two$/m);
      assert.equal((await rpc(mock.url, 'bundles.list', {}, 'k_two')).ok, true);
      assert.equal((await rpc(mock.url, 'bundles.list', {})).error?.type, 'unauthorized');
    } finally {
      await mock.stop();
    }
  });

  test('serves Rool under /rool; --user replaces the development users, whose tokens stay unprinted', async () => {
    const defaults = await startMock('--quiet');
    try {
      assert.match(defaults.output(), /^ {2}Rool API: {3}http:\/\/127\.0\.0\.1:\d+\/rool$/m);
      assert.match(
        defaults.output(),
        /^ {2}Rool users: alice \(token rool_alice_token\), bob \(token rool_bob_token\)$/m,
      );
    } finally {
      await defaults.stop();
    }
    const mock = await startMock(
      '--user',
      'carol:carol_cli_token',
      '--agent-delay',
      '10',
      '--quiet',
    );
    try {
      assert.match(mock.output(), /^ {2}Rool users: carol$/m);
      assert.ok(!mock.output().includes('carol_cli_token'));
      const call = (token: string) =>
        fetch(`${mock.url}/rool/v1/rpc`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ method: 'user.get', input: {} }),
        }).then((r) => r.json());
      assert.equal((await call('carol_cli_token')).value?.id, 'usr_carol');
      assert.equal((await call('rool_alice_token')).error?.type, 'unauthorized');
    } finally {
      await mock.stop();
    }
  });

  test('--ready-delay and --session-delay slow the lifecycles', async () => {
    const mock = await startMock('--ready-delay', '60000', '--session-delay', '60000', '--quiet');
    try {
      const created = await rpc(mock.url, 'instances.create', {
        templateSlug: 'starter',
        name: 'slow',
      });
      const instanceId = created.value!.instanceId;
      assert.equal(
        (await rpc(mock.url, 'instances.get', { instanceId })).value?.status,
        'initializing',
      );
      const session = await rpc(mock.url, 'sessions.create', { instanceId, presetId: 'default' });
      assert.equal(session.value?.status, 'creating');
    } finally {
      await mock.stop();
    }
  });

  test('logs one line per request with no secret, and stops with exit 0 on SIGINT or SIGTERM', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      // `deno run` directly, so the signal reaches the server itself rather than `deno task`.
      const mock = await startMockProcess(deno!, [
        'run',
        '--allow-net',
        '--allow-read',
        'mock-server/cli.ts',
        '--port',
        '0',
      ], { cwd: root });
      const created = await rpc(mock.url, 'instances.create', {
        templateSlug: 'starter',
        name: 'x',
      });
      const token = await rpc(mock.url, 'tokens.create', { instanceId: created.value!.instanceId });
      assert.ok(token.ok);
      const exit = await mock.stop(signal);
      assert.deepEqual(exit, { code: 0, signal: null }, mock.output());
      const log = mock.output().slice(mock.output().indexOf('Press Ctrl+C to stop'));
      assert.match(log, /^POST \/api\/v1\/rpc 200 \d+ ms$/m);
      assert.match(log, new RegExp(`^roj-mock: ${signal}: stopping$`, 'm'));
      assert.ok(!log.includes('roj_dev_key'), 'No API key after the banner');
      assert.ok(!log.includes(String(token.value!.token)), 'No token anywhere');
    }
  });

  test('a port in use exits 2 and says what to do', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const { code, stderr } = mockTask('--port', String(port));
      assert.equal(code, 2);
      assert.match(
        stderr,
        new RegExp(
          `^error: Cannot listen on 127\\.0\\.0\\.1:${port}: [^\\n]+\\n` +
            `hint: Another program uses port ${port}: stop it, or pick another with --port`,
        ),
      );
      assert.equal(stderr.trimEnd().split('\n').length, 2, stderr);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
