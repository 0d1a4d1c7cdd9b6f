// The mock runs the same on every runtime: this test starts it on Deno, Bun, Node and workerd
// (test/helpers/runtime-mocks.ts), each as a real server on 127.0.0.1 with a free port, and runs
// one scenario (./roj-scenario.ts) against each over the network with the SDK client.
//
// The `mock-runtimes` stage of scripts/test.ts first installs and bundles what the runtimes need.
// The name avoids the `*.test.*` globs, so the unit-test stages do not pick it up without them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  assertBundlesBuilt,
  runtimeNames,
  type StartedMock,
  startRuntimeMock,
} from '../helpers/runtime-mocks.ts';
import { runScenario } from './roj-scenario.ts';

const apiKey = 'rk_mock_runtimes';
/** Small, so that the over-limit upload is cheap, and not the default, so it must be plumbed. */
const uploadLimit = 64 * 1024;

describe('the mock on Deno, Bun, Node and workerd', () => {
  const started = new Map<string, StartedMock>();
  const failures = new Map<string, unknown>();

  before(async () => {
    assertBundlesBuilt();
    // In parallel: each start is mostly waiting for a runtime to boot.
    await Promise.all(
      runtimeNames.map(async (name) => {
        try {
          started.set(name, await startRuntimeMock(name, { apiKey, uploadLimit }));
        } catch (error) {
          failures.set(name, error);
        }
      }),
    );
  });

  after(async () => {
    await Promise.all([...started.values()].map((s) => s.stop()));
  });

  for (const name of runtimeNames) {
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
