// The mock runs the same on every runtime: this test starts it on Deno, Bun, Node and workerd,
// each as a real server on 127.0.0.1 with a free port, and runs one scenario
// (./roj-scenario.ts) against each over the network with the SDK client.
//
// The `mock-runtimes` stage of scripts/test.ts first runs `deno install` (Bun finds `hono` in
// node_modules/) and bundles the two entry points that cannot run TypeScript:
// mock-server/serve/node.ts for Node 20, and mock-server/serve/worker.ts for workerd. Deno drives
// Miniflare because Miniflare 4 needs Node >= 22. The name avoids the `*.test.*` globs, so the
// unit-test stages do not pick it up without the bundles.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Miniflare } from 'miniflare';
import { describeExit, type MockProcess, startMockProcess } from '../helpers/mock-process.ts';
import { runScenario } from './roj-scenario.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const nodeBundle = fileURLToPath(new URL('../../.tmp/runtime/mock-node.js', import.meta.url));
const workerBundle = fileURLToPath(new URL('../../.tmp/runtime/mock-worker.js', import.meta.url));
const apiKey = 'rk_mock_runtimes';
/** Small, so that the over-limit upload is cheap, and not the default, so it must be plumbed. */
const uploadLimit = 64 * 1024;

/** A started mock: where it is, and how to stop it. */
interface Started {
  url: string;
  /** What the server printed (empty for workerd, whose output Miniflare owns). */
  output(): string;
  /** Stops it; for a process, how it exited. */
  stop(): Promise<string>;
}

function fromProcess(started: MockProcess): Started {
  return {
    url: started.url,
    output: started.output,
    stop: async () => describeExit(await started.stop()),
  };
}

/** Where npx keeps Bun 1: running it directly makes its exit status ours to see. */
async function bunBinary(): Promise<string> {
  const { stdout } = await promisify(execFile)('npx', ['-y', 'bun@1', '-p', 'process.execPath'], {
    cwd: root,
    encoding: 'utf8',
  });
  return stdout.trim();
}

/** The four runtimes, each configured partly by flags and partly by environment. */
const runtimes: Record<string, () => Promise<Started>> = {
  // `deno task mock` itself, so the task's permissions are what is tested.
  Deno: async () =>
    fromProcess(
      await startMockProcess(Deno.execPath(), [
        'task',
        '--quiet',
        'mock',
        '--port',
        '0',
        '--api-key',
        apiKey,
        '--max-upload',
        String(uploadLimit),
      ], { cwd: root }),
    ),
  Bun: async () =>
    fromProcess(
      await startMockProcess(await bunBinary(), ['mock-server/serve/bun.ts'], {
        cwd: root,
        env: {
          ROJ_MOCK_PORT: '0',
          ROJ_MOCK_API_KEYS: `other_key,${apiKey}`,
          ROJ_MOCK_MAX_UPLOAD: String(uploadLimit),
        },
      }),
    ),
  Node: async () =>
    fromProcess(
      await startMockProcess('node', [nodeBundle, '--port', '0', '--api-key', apiKey], {
        cwd: root,
        env: { ROJ_MOCK_MAX_UPLOAD: String(uploadLimit) },
      }),
    ),
  workerd: async () => {
    const mf = new Miniflare({
      modules: true,
      scriptPath: workerBundle,
      // No compatibility flags, nodejs_compat least of all: the mock needs Web APIs only.
      compatibilityDate: '2026-07-01',
      host: '127.0.0.1',
      port: 0,
      bindings: {
        ROJ_MOCK_API_KEYS: apiKey,
        ROJ_MOCK_MAX_UPLOAD: String(uploadLimit),
        ROJ_MOCK_QUIET: '1',
      },
    });
    const url = (await mf.ready).origin;
    return { url, output: () => '', stop: async () => (await mf.dispose(), 'disposed') };
  },
};

describe('the mock on Deno, Bun, Node and workerd', () => {
  const started = new Map<string, Started>();
  const failures = new Map<string, unknown>();

  before(async () => {
    for (const bundle of [nodeBundle, workerBundle]) {
      if (!existsSync(bundle)) {
        throw new Error(`${bundle} is missing: run \`deno task test --only mock-runtimes\``);
      }
    }
    // In parallel: each start is mostly waiting for a runtime to boot.
    await Promise.all(
      Object.entries(runtimes).map(async ([name, start]) => {
        try {
          started.set(name, await start());
        } catch (error) {
          failures.set(name, error);
        }
      }),
    );
  });

  after(async () => {
    await Promise.all([...started.values()].map((s) => s.stop()));
  });

  for (const name of Object.keys(runtimes)) {
    test(`${name}: the scenario passes`, { timeout: 60_000 }, async () => {
      if (failures.has(name)) throw failures.get(name);
      const mock = started.get(name)!;
      assert.match(mock.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const steps = await runScenario(mock.url, apiKey, { uploadLimit });
      assert.ok(steps.length >= 10, `Only ${steps.length} steps ran`);
    });
  }

  for (const name of ['Deno', 'Bun', 'Node']) {
    test(`${name}: logs one line per request without secrets, and stops cleanly`, async () => {
      if (failures.has(name)) throw failures.get(name);
      const mock = started.get(name)!;
      started.delete(name);
      assert.equal(await mock.stop(), 'exit code 0', mock.output());
      const output = mock.output();
      const log = output.slice(output.indexOf('Press Ctrl+C to stop'));
      assert.match(log, /^POST \/api\/v1\/rpc 200 \d+ ms$/m);
      assert.match(log, /^POST \/api\/v1\/instances\/ins_\d+\/rpc 409 \d+ ms$/m);
      assert.ok(!log.includes(apiKey), 'The request log shows no API key');
      assert.doesNotMatch(log, /rj[tws]_/, 'The request log shows no token');
    });
  }
});
