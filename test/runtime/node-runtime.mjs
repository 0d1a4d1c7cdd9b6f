// Proves the client makes real calls under Node >= 20, which cannot run TypeScript: the
// `node-runtime` stage of scripts/test.ts bundles the root mod.ts into .tmp/runtime/mod.js
// and runs this file with `node --test`. The name avoids the `*.test.*` globs on purpose,
// so `deno test` and `bun test` do not pick it up without the bundle.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { knownInstance, startRpcServer } from './_rpc-server.mjs';

const bundle = new URL('../../.tmp/runtime/mod.js', import.meta.url);
const apiKey = 'rk_test_node_runtime';

if (!existsSync(bundle)) {
  throw new Error(
    `Bundle ${fileURLToPath(bundle)} is missing: run \`deno task test --only node-runtime\``,
  );
}
const { createRojClient, createRpcClient, RojApiError } = await import(bundle.href);

/** @type {import('./_rpc-server.mjs').RpcTestServer} */
let server;
before(async () => {
  server = await startRpcServer({ apiKey });
});
after(() => server.close());

/**
 * Asserts that `promise` rejects with a RojApiError of this `type` and `status`.
 *
 * @param {Promise<unknown>} promise
 * @param {string} type
 * @param {number} status
 */
async function rejectsWith(promise, type, status) {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof RojApiError, `Expected a RojApiError, got ${error}`);
    assert.equal(error.type, type);
    assert.equal(error.status, status);
    return true;
  });
}

test('runs on Node 20 or later', () => {
  const major = Number(process.versions.node.split('.')[0]);
  assert.ok(major >= 20, `Node ${process.versions.node} is older than 20`);
});

test('instances.get resolves with the instance for a known id', async () => {
  const roj = createRojClient({ url: server.url, apiKey });
  assert.deepEqual(await roj.instances.get('inst_1'), knownInstance);
  const sent = server.requests.at(-1);
  assert.equal(sent?.method, 'POST');
  assert.equal(sent?.path, '/api/v1/rpc');
  assert.equal(sent?.authorization, `Bearer ${apiKey}`);
  assert.deepEqual(JSON.parse(sent?.body ?? ''), {
    method: 'instances.get',
    input: { instanceId: 'inst_1' },
  });
});

test('instances.get rejects with not_found and status 404 for an unknown id', async () => {
  const roj = createRojClient({ url: server.url, apiKey });
  await assert.rejects(roj.instances.get('inst_missing'), (error) => {
    assert.ok(error instanceof RojApiError);
    assert.deepEqual(error.toJSON(), {
      name: 'RojApiError',
      type: 'not_found',
      message: 'Instance inst_missing not found',
      status: 404,
    });
    return true;
  });
});

test('a wrong API key rejects with unauthorized and status 401', async () => {
  const roj = createRojClient({ url: server.url, apiKey: 'rk_wrong' });
  await rejectsWith(roj.instances.get('inst_1'), 'unauthorized', 401);
});

test('an HTML 502 page from a proxy rejects with transport_error and status 502', async () => {
  const roj = createRojClient({ url: `${server.url}/bad-gateway`, apiKey });
  await rejectsWith(roj.instances.get('inst_1'), 'transport_error', 502);
});

test('a refused connection rejects with transport_error and status 0', async () => {
  const closed = await startRpcServer({ apiKey });
  await closed.close();
  const roj = createRojClient({ url: closed.url, apiKey });
  await rejectsWith(roj.instances.get('inst_1'), 'transport_error', 0);
});

test('the result-returning core client reports the same exchange as values', async () => {
  const rpc = createRpcClient(`${server.url}/api/v1`, {
    headers: { Authorization: `Bearer ${apiKey}` },
  });
  assert.deepEqual(await rpc.call('instances.get', { instanceId: 'inst_1' }), {
    ok: true,
    value: knownInstance,
  });
  assert.deepEqual(await rpc.call('instances.get', { instanceId: 'inst_missing' }), {
    ok: false,
    error: { type: 'not_found', message: 'Instance inst_missing not found', status: 404 },
  });
});
