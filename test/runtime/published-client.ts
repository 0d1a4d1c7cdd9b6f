// The published roj-client 0.0.2, its own code compiled as is, against `deno task mock`.
//
// test/fixtures/roj-client-0.0.2/ holds the published files verbatim, plus the three modules
// they import but did not ship, as re-exports of this SDK's (see its README). The published
// files use extensionless imports, so they cannot be imported here directly (nor type-checked by
// `deno check`): this test writes a small entry module into .tmp/, compiles it and the fixture
// into one JavaScript file with `deno bundle` (with sloppy imports, which resolves
// `./rpc-client` to `./rpc-client.ts`), and imports that.
//
// It then starts the mock as a user does, `deno task mock`, on a free port, and calls every
// platform method through the published API, the upload, and each documented error case,
// checking `type` on the thrown RojApiError. Run by the `mock-clients` stage of scripts/test.ts;
// the name avoids the `*.test.*` globs, so the unit-test stages leave it alone.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { PlatformMethods, RojApiError, RojClient, RpcResult } from '../../mod.ts';
import { type MockProcess, startMockProcess } from '../helpers/mock-process.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const outDir = join(root, '.tmp', 'published-client');
const apiKey = 'rk_published_client';
const uploadLimit = 64 * 1024;

/** The published modules, as the bundle exports them. */
interface Published {
  createRojClient(options: { url: string; apiKey: string }): RojClient;
  createRpcClient(
    baseUrl: string,
    options?: { headers?: Record<string, string> },
  ): { call(method: string, input: unknown): Promise<RpcResult<unknown>> };
  RojApiError: typeof RojApiError;
  platformMethods: Record<keyof PlatformMethods, unknown>;
}

/** Writes the entry module and bundles it with the fixture; returns the bundle's path. */
function compilePublishedClient(): string {
  mkdirSync(outDir, { recursive: true });
  const fixture = '../../test/fixtures/roj-client-0.0.2';
  writeFileSync(
    join(outDir, 'entry.ts'),
    [
      `export { createRojClient } from '${fixture}/client';`,
      `export { createRpcClient } from '${fixture}/rpc-client';`,
      `export { platformMethods } from '${fixture}/methods';`,
      `export { RojApiError } from '${fixture}/errors';`,
      '',
    ].join('\n'),
  );
  const bundle = join(outDir, 'client.js');
  const result = spawnSync(Deno.execPath(), [
    'bundle',
    '--unstable-sloppy-imports',
    '--platform',
    'browser',
    '-o',
    bundle,
    join(outDir, 'entry.ts'),
  ], { cwd: root, encoding: 'utf8', env: { ...Deno.env.toObject(), NO_COLOR: '1' } });
  assert.equal(result.status, 0, `deno bundle failed:\n${result.stderr}`);
  return bundle;
}

/** Every RPC method the mock answered with `{ok: true}`, seen by wrapping `fetch`. */
function recordSuccessfulMethods(): { methods: Set<string>; restore(): void } {
  const original = globalThis.fetch;
  const methods = new Set<string>();
  globalThis.fetch = async (input, init) => {
    const response = await original(input, init);
    if (String(input).endsWith('/api/v1/rpc') && typeof init?.body === 'string') {
      const { method } = JSON.parse(init.body) as { method: string };
      const body = await response.clone().json().catch(() => undefined) as { ok?: boolean };
      if (body?.ok === true) methods.add(method);
    }
    return response;
  };
  return { methods, restore: () => globalThis.fetch = original };
}

describe('the published 0.0.2 client against `deno task mock`', () => {
  let mock: MockProcess;
  let published: Published;
  let roj: RojClient;
  /** Set by the first test: an instance it archived, and one it left live. */
  let archivedId = '';
  let liveId = '';
  const seen = recordSuccessfulMethods();

  before(async () => {
    const bundle = compilePublishedClient();
    [published, mock] = await Promise.all([
      import(pathToFileURL(bundle).href) as Promise<Published>,
      startMockProcess(Deno.execPath(), [
        'task',
        '--quiet',
        'mock',
        '--port',
        '0',
        '--quiet',
        '--api-key',
        apiKey,
        '--max-upload',
        String(uploadLimit),
      ], { cwd: root }),
    ]);
    roj = published.createRojClient({ url: mock.url, apiKey });
  });

  after(async () => {
    seen.restore();
    await mock?.stop();
  });

  /** Asserts that `promise` rejects with the published RojApiError of this `type`. */
  async function rejectsWith(promise: Promise<unknown>, type: string, path?: string) {
    await assert.rejects(promise, (error) => {
      assert.ok(error instanceof published.RojApiError, `Expected a RojApiError, got ${error}`);
      assert.equal(error.type, type, `${error.type}: ${error.message}`);
      if (path !== undefined) assert.equal(error.path, path);
      return true;
    });
  }

  test('every platform method completes through the published API', async () => {
    const { instanceId, sessionId } = await roj.instances.create({
      templateSlug: 'starter',
      name: 'published',
      autoCreateSession: { presetId: 'default', blocking: true },
    });
    assert.ok(sessionId);
    assert.equal((await roj.instances.get(instanceId)).name, 'published');
    liveId = (await roj.instances.create({ templateSlug: 'starter', name: 'live' })).instanceId;
    const { instances, total } = await roj.instances.list({ limit: 1 });
    assert.deepEqual([instances.map((i) => i.instanceId), total], [[liveId], 2]);
    const status = await roj.instances.getStatus(instanceId);
    assert.deepEqual(status.sessions.map((s) => s.id), [sessionId]);

    const second = await roj.sessions.create({ instanceId, presetId: 'default' });
    assert.equal((await roj.sessions.list(instanceId)).sessions.length, 2);
    assert.deepEqual(await roj.sessions.publish({ instanceId, sessionId: second.sessionId }), {
      ok: true,
      pushed: false,
    });
    const { token } = await roj.tokens.create({ instanceId, expiresIn: 600 });
    assert.match(token, /^rjt_/);

    // The published RojClient has no `services` namespace: its createRpcClient reaches the method.
    const rpc = published.createRpcClient(`${mock.url}/api/v1`, {
      headers: { Authorization: `Bearer ${apiKey}` },
    });
    const service = await rpc.call('services.getUrl', {
      instanceId,
      sessionId,
      serviceType: 'preview',
    });
    assert.ok(service.ok);
    const { url } = service.value as { url: string };
    assert.equal(await fetch(url).then(async (r) => (await r.body?.cancel(), r.status)), 200);

    const upload = await roj.files.upload(new Blob(['# Notes\n']), 'notes.md');
    assert.equal(upload.size, 8);
    assert.equal(upload.filename, 'notes.md');
    const { resourceId } = await roj.resources.create({ slug: 'notes', fileId: upload.fileId });
    const { revisionId } = await roj.resources.addRevision({ resourceId, fileId: upload.fileId });
    const resource = await roj.resources.get({ resourceSlug: 'notes' });
    assert.equal(resource.latestRevision?.id, revisionId);
    assert.deepEqual((await roj.resources.list()).resources.map((r) => r.id), [resourceId]);
    assert.deepEqual(await roj.resources.delete(resourceId), { ok: true });

    assert.deepEqual((await roj.bundles.list()).bundles.map((b) => b.slug), ['starter']);
    assert.deepEqual(await roj.bundles.delete({ bundleSlug: 'starter' }), { ok: true });
    assert.deepEqual(await roj.instances.archive(instanceId), { ok: true });
    archivedId = instanceId;

    assert.deepEqual(
      [...seen.methods].sort(),
      Object.keys(published.platformMethods).sort(),
      'Every method of the published registry answered ok',
    );
    assert.equal(seen.methods.size, 17);
  });

  test('each documented error comes back with its type', async () => {
    // not_found (404): an unknown instance, template, or (deleted above) bundle.
    await rejectsWith(roj.instances.get('ins_missing'), 'not_found');
    await rejectsWith(roj.instances.create({ templateSlug: 'nope', name: 'x' }), 'not_found');
    await rejectsWith(roj.instances.create({ templateSlug: 'starter', name: 'x' }), 'not_found');
    await rejectsWith(roj.resources.delete('res_missing'), 'not_found');

    // unauthorized (401): a key the mock was not given.
    const stranger = published.createRojClient({ url: mock.url, apiKey: 'roj_wrong_key' });
    await rejectsWith(stranger.instances.list(), 'unauthorized');

    // validation_error (400), with the JSON Pointer of the bad field.
    await rejectsWith(roj.instances.list({ limit: 101 }), 'validation_error', '/limit');
    await rejectsWith(roj.bundles.delete({}), 'validation_error', '');
    await rejectsWith(
      roj.resources.create({ slug: 'Not A Slug', fileId: 'fil_x' }),
      'validation_error',
      '/slug',
    );
    await rejectsWith(
      roj.tokens.create({ instanceId: archivedId, origin: 'https://example.com/' }),
      'validation_error',
      '/origin',
    );

    // conflict (409): an archived instance, and a duplicate slug.
    await rejectsWith(
      roj.sessions.create({ instanceId: archivedId, presetId: 'default' }),
      'conflict',
    );
    await rejectsWith(roj.tokens.create({ instanceId: archivedId }), 'conflict');
    const { fileId } = await roj.files.upload(new Blob(['x']), 'x.txt');
    await roj.resources.create({ slug: 'taken', fileId });
    await rejectsWith(roj.resources.create({ slug: 'taken', fileId }), 'conflict');

    // payload_too_large (413): an RPC body over 1 MiB.
    await rejectsWith(
      roj.sessions.publish({ instanceId: 'x'.repeat(1024 * 1024), sessionId: 'x' }),
      'payload_too_large',
    );

    // method_not_found (404): only reachable through the published createRpcClient, which
    // returns the error rather than throwing it.
    const rpc = published.createRpcClient(`${mock.url}/api/v1`, {
      headers: { Authorization: `Bearer ${apiKey}` },
    });
    const unknown = await rpc.call('instances.frobnicate', {});
    assert.deepEqual(unknown.ok ? undefined : unknown.error.type, 'method_not_found');

    // forbidden (403) and unauthorized (401) on the instance endpoint, which 0.0.2 reaches
    // only through createRpcClient: a token minted for another instance, and a forged one.
    const other = liveId;
    const { token } = await roj.tokens.create({ instanceId: other });
    const instanceRpc = (id: string, bearer: string) =>
      published.createRpcClient(`${mock.url}/api/v1/instances/${id}`, {
        headers: { Authorization: `Bearer ${bearer}` },
      });
    const listed = await instanceRpc(other, token).call('listSessions', {});
    assert.ok(listed.ok, JSON.stringify(listed));
    const forbidden = await instanceRpc(archivedId, token).call('listSessions', {});
    assert.equal(forbidden.ok ? undefined : forbidden.error.type, 'forbidden');
    const forged = await instanceRpc(other, 'rjt_forged').call('listSessions', {});
    assert.equal(forged.ok ? undefined : forged.error.type, 'unauthorized');

    // The published upload maps every failure to its own `http_error` type (its code, not the
    // mock's: the mock answers 413 payload_too_large, as the scenario of mock-runtimes checks).
    await rejectsWith(
      roj.files.upload(new Blob([new Uint8Array(uploadLimit + 1)]), 'big.bin'),
      'http_error',
    );
  });
});
