// `deno task conformance` as a user runs it, against real processes over loopback HTTP.
//
// - Against `deno task mock` it exits 0, and again against the same mock, which now holds the
//   first run's leftovers: a long-lived target with data the second run did not create.
// - Against a mutant served over HTTP it exits 1 with the replay, and the printed command line,
//   run as printed, exits 1 with the same shrunk replay.
// - Against a port where nothing listens it exits 2 with one line and no stack trace.
//
// Run by the `conformance-cli` stage of scripts/test.ts; the name avoids the `*.test.*` globs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { mutants } from '../../conformance/mutants/mod.ts';
import { roolMutants } from '../../conformance/rool/mutants/mod.ts';
import { type MockProcess, runProcess, startMockProcess } from '../helpers/mock-process.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const deno = Deno.execPath();

/** Runs a command without blocking this process's event loop (it serves a mutant). */
function run(command: string, args: readonly string[]) {
  return runProcess(command, args, { cwd: root });
}

function conformance(args: readonly string[]) {
  return run(deno, ['task', '--quiet', 'conformance', ...args]);
}

describe('deno task conformance against deno task mock', () => {
  let mock: MockProcess;
  before(async () => {
    mock = await startMockProcess(deno, ['task', '--quiet', 'mock', '--port', '0', '--quiet'], {
      cwd: root,
    });
  });
  after(() => mock.stop());

  test('exits 0, and 0 again against the same, now non-empty, mock', async () => {
    for (const attempt of ['first', 'second']) {
      const result = await conformance(['--target', mock.url, '--api-key', 'roj_dev_key']);
      assert.equal(result.code, 0, `${attempt} run:\n${result.stdout}\n${result.stderr}`);
      assert.match(result.stdout, /^The target conforms: \d+ runs/);
    }
    // The mock holds what the runs created, archived by their cleanup: none is listed.
    const response = await fetch(`${mock.url}/api/v1/rpc`, {
      method: 'POST',
      headers: { authorization: 'Bearer roj_dev_key', 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'instances.list', input: {} }),
    });
    const listed = await response.json();
    assert.equal(listed.value.total, 0, JSON.stringify(listed));
  });

  test('--product rool exits 0, and 0 again; the runs leave no space behind', async () => {
    const tokens = ['--token', 'rool_alice_token', '--token', 'rool_bob_token'];
    for (const attempt of ['first', 'second']) {
      const result = await conformance([
        '--product',
        'rool',
        '--target',
        `${mock.url}/rool`,
        ...tokens,
      ]);
      assert.equal(result.code, 0, `${attempt} run:\n${result.stdout}\n${result.stderr}`);
      assert.match(result.stdout, /^The target conforms: \d+ runs/);
    }
    const response = await fetch(`${mock.url}/rool/v1/rpc`, {
      method: 'POST',
      headers: { authorization: 'Bearer rool_alice_token', 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'spaces.list', input: {} }),
    });
    assert.deepEqual((await response.json()).value.spaces, []);
  });
});

describe('deno task conformance --product rool against a Rool mutant over HTTP', () => {
  const mutant = roolMutants.find((m) => m.name === 'rool-getmany-drops-missing')!;
  let server: Deno.HttpServer;
  let url: string;
  before(async () => {
    const { fetch } = mutant.build();
    const listening = Promise.withResolvers<number>();
    server = Deno.serve({
      hostname: '127.0.0.1',
      port: 0,
      onListen: ({ port }) => listening.resolve(port),
    }, (request) => fetch(request));
    url = `http://127.0.0.1:${await listening.promise}/rool`;
  });
  after(() => server.shutdown());

  test('exits 1 with a replay line naming the product and the dev tokens', async () => {
    const result = await conformance([
      '--product',
      'rool',
      '--target',
      url,
      '--token',
      'rool_alice_token',
      '--token',
      'rool_bob_token',
    ]);
    assert.equal(result.code, 1, `${result.stdout}\n${result.stderr}`);
    const replay = result.stdout.trimEnd().split('\n').at(-1)!.trim();
    assert.match(
      replay,
      /^deno task conformance --product rool --target \S+ --token rool_alice_token --token rool_bob_token --seed \d+ --path \S+$/,
    );
  });
});

describe('deno task conformance against a mutant over HTTP', () => {
  const mutant = mutants.find((m) => m.name === 'get-unknown-400')!;
  let server: Deno.HttpServer;
  let url: string;
  before(async () => {
    const { fetch } = mutant.build();
    const listening = Promise.withResolvers<number>();
    server = Deno.serve({
      hostname: '127.0.0.1',
      port: 0,
      onListen: ({ port }) => listening.resolve(port),
    }, (request) => fetch(request));
    url = `http://127.0.0.1:${await listening.promise}`;
  });
  after(() => server.shutdown());

  test('exits 1 with a replay whose command line reproduces it', async () => {
    const first = await conformance(['--target', url, '--api-key', 'roj_dev_key']);
    assert.equal(first.code, 1, `${first.stdout}\n${first.stderr}`);
    const replay = first.stdout.trimEnd().split('\n').at(-1)!.trim();
    assert.match(
      replay,
      /^deno task conformance --target \S+ --api-key roj_dev_key --seed \d+ --path \S+$/,
    );
    const again = await conformance(replay.split(' ').slice(3));
    assert.equal(again.code, 1, `${again.stdout}\n${again.stderr}`);
    const steps = (text: string) => text.slice(text.indexOf('\n'));
    assert.equal(steps(again.stdout), steps(first.stdout));
  });
});

test('deno task conformance exits 2 with an error and a hint when the target is unreachable', async () => {
  // A port that was free a moment ago: nothing listens there.
  const probe = Deno.listen({ hostname: '127.0.0.1', port: 0 });
  const port = (probe.addr as Deno.NetAddr).port;
  probe.close();
  const result = await conformance(['--target', `http://127.0.0.1:${port}`, '--api-key', 'k']);
  assert.equal(result.code, 2);
  assert.equal(result.stdout, '');
  assert.match(
    result.stderr,
    new RegExp(
      `^error: Cannot reach the target at http://127\\.0\\.0\\.1:${port}: .+\\nhint: .+\\n$`,
    ),
  );
});
