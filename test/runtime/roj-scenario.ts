// One scenario that every runtime's mock must pass: the test in ./mock-runtimes.ts starts the
// mock on Deno, Bun, Node and workerd and runs this against each over the network. It uses
// Web APIs and node:assert only, so it runs (and bundles) unchanged wherever the client runs.
//
// It expects a fresh mock with the default seed (docs/roj-contract.md §6), and the upload limit
// the caller names, so that the limit is proven to reach the server on every runtime.
import assert from 'node:assert/strict';
import {
  createRojClient,
  createRojInstanceClient,
  createRpcClient,
  type PlatformMethods,
  RojApiError,
} from '../../mod.ts';

/** Options of {@linkcode runScenario}. */
export interface ScenarioOptions {
  /** The mock's upload limit in bytes; an upload one byte larger must give 413. */
  uploadLimit: number;
  /** Told the name of each step as it starts, so a hang can be located. */
  onStep?: (name: string) => void;
}

/**
 * Runs the scenario against a mock.
 *
 * @param url The mock's origin, e.g. `http://127.0.0.1:8787`.
 * @param apiKey One of its API keys.
 * @param options The upload limit it was started with.
 * @returns The names of the steps that ran, in order.
 * @throws {Error} Naming the step that failed, with the assertion as `cause`.
 */
export async function runScenario(
  url: string,
  apiKey: string,
  options: ScenarioOptions,
): Promise<string[]> {
  const done: string[] = [];
  async function step(name: string, body: () => Promise<void>): Promise<void> {
    options.onStep?.(name);
    try {
      await body();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`Step "${name}" failed: ${message}`, { cause: error });
    }
    done.push(name);
  }

  const roj = createRojClient({ url, apiKey, timeout: 10_000 });
  const rpc = createRpcClient<PlatformMethods>(`${url}/api/v1`, {
    headers: { Authorization: `Bearer ${apiKey}` },
    timeout: 10_000,
  });
  let instanceId = '';
  let sessionId = '';
  let token = '';

  await step('GET /health names the mock', async () => {
    const response = await fetch(`${url}/health`);
    assert.equal(response.status, 200);
    const body = await response.json() as { ok: boolean; service: string };
    assert.deepEqual([body.ok, body.service], [true, 'roj-mock']);
  });

  await step('GET /openapi.json serves the platform document', async () => {
    const response = await fetch(`${url}/openapi.json`);
    assert.equal(response.status, 200);
    const document = await response.json() as { openapi: string; paths: Record<string, unknown> };
    assert.match(document.openapi, /^3\.1\./);
    assert.ok('/api/v1/rpc' in document.paths, 'The document has the platform endpoint');
  });

  await step('instances.create with a blocking auto session is ready at once', async () => {
    const created = await roj.instances.create({
      templateSlug: 'starter',
      name: 'scenario',
      metadata: { purpose: 'cross-runtime' },
      autoCreateSession: { presetId: 'default', blocking: true },
    });
    assert.equal(created.status, 'ready');
    assert.match(created.instanceId, /^ins_/);
    assert.match(created.sessionId ?? '', /^ses_/);
    assert.match(created.wsToken ?? '', /^rjw_/);
    instanceId = created.instanceId;
    sessionId = created.sessionId!;
  });

  await step('instances.get, list and status describe it', async () => {
    const instance = await roj.instances.get(instanceId);
    assert.equal(instance.name, 'scenario');
    assert.equal(instance.status, 'ready');
    assert.equal(instance.bundleSlug, 'starter');
    assert.equal(instance.bundleRevisionId, 'rev_starter_1');
    assert.equal(instance.vcsType, 'none');
    assert.deepEqual(instance.metadata, { purpose: 'cross-runtime' });

    const second = await roj.instances.create({ templateSlug: 'starter', name: 'second' });
    const list = await roj.instances.list({ limit: 1 });
    assert.equal(list.total, 2);
    assert.deepEqual(list.instances.map((i) => i.instanceId), [second.instanceId]);

    const status = await roj.instances.getStatus(instanceId);
    assert.equal(status.sandbox, null);
    assert.deepEqual(status.sessions.map((s) => [s.id, s.status]), [[sessionId, 'active']]);
    const events = status.lifecycleEvents.map((e) => e.event);
    for (const event of ['instance.created', 'instance.ready', 'session.created']) {
      assert.ok(events.includes(event), `${event} is in ${events.join(', ')}`);
    }
    assert.deepEqual(
      status.serviceUrls.map((s) => [s.serviceType, s.port]).sort(),
      [['preview', 3000], ['terminal', 7681]],
    );
  });

  await step('sessions.create, list and publish', async () => {
    const created = await roj.sessions.create({ instanceId, presetId: 'default', blocking: true });
    assert.equal(created.status, 'active');
    const { sessions } = await roj.sessions.list(instanceId);
    assert.deepEqual(sessions.map((s) => s.id), [sessionId, created.sessionId]);
    assert.deepEqual(await roj.sessions.publish({ instanceId, sessionId }), {
      ok: true,
      pushed: false,
    });
  });

  await step('services.getUrl points at a page that answers', async () => {
    const result = await rpc.call('services.getUrl', {
      instanceId,
      sessionId,
      serviceType: 'preview',
    });
    assert.ok(result.ok, JSON.stringify(result));
    assert.ok(result.value.url?.startsWith(`${url}/services/`), `${result.value.url} is on ${url}`);
    const page = await fetch(result.value.url!);
    assert.equal(page.status, 200);
    await page.text();
    const none = await rpc.call('services.getUrl', { instanceId, sessionId, serviceType: 'db' });
    assert.deepEqual(none, { ok: true, value: { url: null } });
  });

  await step('tokens.create mints a token for the instance endpoint', async () => {
    const before = Date.now();
    const minted = await roj.tokens.create({ instanceId, expiresIn: 3600 });
    assert.match(minted.token, /^rjt_/);
    const expiresAt = Date.parse(minted.expiresAt);
    assert.ok(expiresAt >= before + 3_590_000 && expiresAt <= Date.now() + 3_610_000);
    token = minted.token;
  });

  await step('the instance endpoint drives a sandbox and its fake shell', async () => {
    const instance = createRojInstanceClient({ url, instanceId, token, timeout: 10_000 });
    const { sandboxId, state } = await instance.sandbox.ensure();
    assert.equal(state, 'running');
    assert.deepEqual(await instance.sandbox.ensure(), { sandboxId, state: 'running' });
    const exec = await instance.sandbox.exec('echo hello && mkdir -p app && cd app && pwd');
    assert.deepEqual(exec, { stdout: 'hello\n/home/user/app\n', stderr: '', success: true });
    const missing = await instance.sandbox.exec('frobnicate');
    assert.equal(missing.success, false);
    assert.match(missing.stderr, /command not found/);
    const tokenEcho = await instance.sandbox.exec('echo -n $ROJ_SANDBOX_TOKEN');
    assert.deepEqual(await instance.sandbox.validateToken(sandboxId, tokenEcho.stdout), {
      value: true,
    });
    assert.deepEqual(await instance.sandbox.validateToken(sandboxId, 'rjs_wrong'), {
      value: false,
    });

    assert.deepEqual(await instance.sandbox.pause(sandboxId), { ok: true });
    await rejectsWith(instance.sandbox.exec('true'), 'conflict', 409);
    assert.deepEqual(await instance.sandbox.resume(), { ok: true });
    assert.deepEqual(await instance.sandbox.restartAgent(sandboxId), { ok: true });
    const logs = await instance.sandbox.getAgentLogs(sandboxId, 1000);
    assert.ok(logs.logs.includes('$ echo hello'), logs.logs);
    assert.equal(logs.truncated, false);

    const { sessions } = await instance.sessions.list();
    assert.equal(sessions.length, 2);
    assert.equal(typeof sessions[0]!.createdAt, 'number');
    const { services } = await instance.services.getUrls(sessionId);
    assert.deepEqual(services.map((s) => s.serviceType).sort(), ['preview', 'terminal']);

    const status = await roj.instances.getStatus(instanceId);
    assert.equal(status.sandbox?.state, 'running');
    assert.deepEqual(await instance.sandbox.terminate(sandboxId), { ok: true });
    await rejectsWith(instance.sandbox.pause(sandboxId), 'conflict', 409);
  });

  await step('files.upload and the resources built on it', async () => {
    const upload = await roj.files.upload(
      new Blob(['hello, roj'], { type: 'text/plain' }),
      'notes/hello.txt',
    );
    assert.deepEqual(
      { ...upload, fileId: '' },
      {
        ok: true,
        fileId: '',
        filename: 'hello.txt',
        mimeType: 'text/plain',
        size: 10,
        r2Key: `files/${upload.fileId}/hello.txt`,
      },
    );
    const created = await roj.resources.create({
      slug: 'notes',
      fileId: upload.fileId,
      label: 'v1',
    });
    const second = await roj.files.upload(new Blob([new Uint8Array(3)]), 'data.bin');
    const { revisionId } = await roj.resources.addRevision({
      resourceSlug: 'notes',
      fileId: second.fileId,
    });
    const resource = await roj.resources.get({ resourceId: created.resourceId });
    assert.equal(resource.slug, 'notes');
    assert.equal(resource.latestRevision?.id, revisionId);
    assert.deepEqual(resource.latestRevision?.file, {
      id: second.fileId,
      filename: 'data.bin',
      mimeType: 'application/octet-stream',
      size: 3,
    });
    const { resources } = await roj.resources.list();
    assert.deepEqual(resources.map((r) => r.id), [created.resourceId]);
    await rejectsWith(
      roj.resources.create({ slug: 'notes', fileId: upload.fileId }),
      'conflict',
      409,
    );
    assert.deepEqual(await roj.resources.delete(created.resourceId), { ok: true });
    await rejectsWith(roj.resources.get({ resourceSlug: 'notes' }), 'not_found', 404);
  });

  await step('an upload over the limit is refused with payload_too_large', async () => {
    const tooBig = new Blob([new Uint8Array(options.uploadLimit + 1)]);
    await rejectsWith(roj.files.upload(tooBig, 'big.bin'), 'payload_too_large', 413);
  });

  await step('documented errors come back with their type and status', async () => {
    await rejectsWith(roj.instances.get('ins_missing'), 'not_found', 404);
    const stranger = createRojClient({ url, apiKey: 'roj_wrong_key' });
    await rejectsWith(stranger.instances.list(), 'unauthorized', 401);
    await rejectsWith(
      roj.tokens.create({ instanceId, origin: 'https://example.com/path' }),
      'validation_error',
      400,
      '/origin',
    );
    await rejectsWith(roj.instances.list({ limit: 0 }), 'validation_error', 400, '/limit');
    await rejectsWith(roj.bundles.delete({}), 'validation_error', 400, '');
    const unknown = await (rpc as unknown as {
      call(method: string, input: unknown): Promise<{ ok: boolean; error?: { type: string } }>;
    }).call('instances.frobnicate', {});
    assert.equal(unknown.error?.type, 'method_not_found');
    const raw = await fetch(`${url}/api/v1/rpc`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: '{not json',
    });
    assert.equal(raw.status, 400);
    assert.equal((await raw.json() as { error: { type: string } }).error.type, 'invalid_request');

    const other = await roj.instances.create({ templateSlug: 'starter', name: 'other' });
    const otherToken = (await roj.tokens.create({ instanceId: other.instanceId })).token;
    const misused = createRojInstanceClient({ url, instanceId, token: otherToken });
    await rejectsWith(misused.sessions.list(), 'forbidden', 403);
    const forged = createRojInstanceClient({ url, instanceId, token: 'rjt_forged' });
    await rejectsWith(forged.sessions.list(), 'unauthorized', 401);
  });

  await step('bundles.list and bundles.delete', async () => {
    const { bundles } = await roj.bundles.list();
    assert.deepEqual(bundles.map((b) => [b.slug, b.latestRevision?.id]), [[
      'starter',
      'rev_starter_1',
    ]]);
    assert.deepEqual(await roj.bundles.delete({ bundleSlug: 'starter' }), { ok: true });
    assert.deepEqual((await roj.bundles.list()).bundles, []);
    await rejectsWith(
      roj.instances.create({ templateSlug: 'starter', name: 'no bundle' }),
      'not_found',
      404,
    );
    assert.equal((await roj.instances.get(instanceId)).bundleSlug, 'starter');
  });

  await step('instances.archive hides the instance and freezes it', async () => {
    assert.deepEqual(await roj.instances.archive(instanceId), { ok: true });
    assert.deepEqual(await roj.instances.archive(instanceId), { ok: true });
    assert.equal((await roj.instances.get(instanceId)).status, 'archived');
    const { instances } = await roj.instances.list();
    assert.ok(
      !instances.some((i) => i.instanceId === instanceId),
      'Archived instances are not listed',
    );
    await rejectsWith(
      roj.sessions.create({ instanceId, presetId: 'default' }),
      'conflict',
      409,
    );
    const instance = createRojInstanceClient({ url, instanceId, token });
    await rejectsWith(instance.sandbox.ensure(), 'conflict', 409);
  });

  return done;
}

/**
 * Asserts that `promise` rejects with a RojApiError of this type, status and, when given, path.
 *
 * @param promise The call.
 * @param type The documented error type.
 * @param status Its HTTP status.
 * @param path The JSON Pointer of the bad field, for `validation_error`.
 */
async function rejectsWith(
  promise: Promise<unknown>,
  type: string,
  status: number,
  path?: string,
): Promise<void> {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof RojApiError, `Expected a RojApiError, got ${error}`);
    assert.equal(error.type, type, `${error.type}: ${error.message}`);
    assert.equal(error.status, status);
    if (path !== undefined) assert.equal(error.path, path);
    return true;
  });
}
