// Proves the client runs inside workerd, the Cloudflare Workers runtime: the `workerd` stage of
// scripts/test.ts bundles test/runtime/worker.ts (client included) into .tmp/runtime/worker.js
// and runs this file with `deno test`. Miniflare starts a real workerd process; the Worker
// calls the loopback server below over the network, as it would call the platform.
//
// Deno drives Miniflare because Miniflare 4 requires Node >= 22 and CI has Node 20; Deno
// resolves npm:miniflare (and the workerd binary it brings) from deno.json's imports.
// The name avoids the `*.test.*` globs so `deno test` alone does not run it without the bundle.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';
import { knownInstance, type RpcTestServer, startRpcServer } from './_rpc-server.mjs';

const workerScript = fileURLToPath(new URL('../../.tmp/runtime/worker.js', import.meta.url));
const apiKey = 'rk_test_workerd_runtime';

let server: RpcTestServer;
let mf: Miniflare;

before(async () => {
  if (!existsSync(workerScript)) {
    throw new Error(`Worker ${workerScript} is missing: run \`deno task test --only workerd\``);
  }
  server = await startRpcServer({ apiKey });
  mf = new Miniflare({
    modules: true,
    scriptPath: workerScript,
    // No compatibility flags, nodejs_compat least of all: the client must need Web APIs only.
    compatibilityDate: '2026-07-01',
  });
  await mf.ready;
});

after(async () => {
  await mf?.dispose();
  await server?.close();
});

/** Asks the Worker to call `instances.get` and returns what it answered. */
async function getThroughWorker(url: string, key: string, instanceId: string): Promise<unknown> {
  const response = await mf.dispatchFetch('http://worker.test/', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url, apiKey: key, instanceId }),
  });
  assert.equal(response.status, 200, `Worker answered ${response.status}`);
  return await response.json();
}

test('the Worker runs in workerd, where code generation is forbidden', async () => {
  const response = await mf.dispatchFetch('http://worker.test/probe');
  const probe = await response.json() as { userAgent: string; codeGeneration: string };
  assert.equal(probe.userAgent, 'Cloudflare-Workers');
  assert.match(probe.codeGeneration, /^forbidden/);
});

test('instances.get resolves with the instance for a known id', async () => {
  const result = await getThroughWorker(server.url, apiKey, 'inst_1');
  assert.deepEqual(result, { ok: true, value: knownInstance });
  const sent = server.requests.at(-1);
  assert.equal(sent?.path, '/api/v1/rpc');
  assert.equal(sent?.authorization, `Bearer ${apiKey}`);
  assert.deepEqual(JSON.parse(sent?.body ?? ''), {
    method: 'instances.get',
    input: { instanceId: 'inst_1' },
  });
});

test('instances.get rejects with not_found and status 404 for an unknown id', async () => {
  const result = await getThroughWorker(server.url, apiKey, 'inst_missing');
  assert.deepEqual(result, {
    ok: false,
    error: {
      name: 'RojApiError',
      type: 'not_found',
      message: 'Instance inst_missing not found',
      status: 404,
    },
  });
});

test('an HTML 502 page from a proxy rejects with transport_error and status 502', async () => {
  const result = await getThroughWorker(`${server.url}/bad-gateway`, apiKey, 'inst_1');
  assert.deepEqual(result, {
    ok: false,
    error: {
      name: 'RojApiError',
      type: 'transport_error',
      message: 'Response is not JSON (HTTP 502, text/html)',
      status: 502,
    },
  });
});
