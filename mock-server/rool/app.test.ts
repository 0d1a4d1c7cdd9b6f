import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { roolMethods } from '../../src/rool/methods.ts';
import openapi from '../../src/rool/_generated/openapi.json' with { type: 'json' };
import { roolHandlers } from './handlers/mod.ts';
import { createRoolMock } from './mod.ts';
import { origin, setupRool, tokens } from './_testing.ts';

describe('Rool app', () => {
  it('has a handler for every Rool method and nothing else', () => {
    assert.deepEqual(Object.keys(roolHandlers).sort(), Object.keys(roolMethods).sort());
    assert.equal(Object.keys(roolHandlers).length, 52);
  });

  it('serves /health and /openapi.json without a token', async () => {
    const { send } = setupRool();
    const health = await send('/health');
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { ok: true, service: 'rool-mock', version: '0.1.0' });
    const doc = await send('/openapi.json');
    assert.equal(doc.status, 200);
    assert.deepEqual(await doc.json(), openapi);
  });

  it('lets browser apps on other origins call the API (CORS), with bearer tokens only', async () => {
    const { send } = setupRool();
    const preflight = await send('/v1/rpc', {
      method: 'OPTIONS',
      headers: {
        origin: 'http://127.0.0.1:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /authorization/);
    // No cookies are ever honoured, so credentials mode stays off.
    assert.equal(preflight.headers.get('access-control-allow-credentials'), null);
    const call = await send('/v1/rpc', {
      method: 'POST',
      headers: {
        origin: 'http://127.0.0.1:5173',
        authorization: `Bearer ${tokens.alice}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ method: 'user.get', input: {} }),
    });
    assert.equal(call.status, 200);
    assert.equal(call.headers.get('access-control-allow-origin'), '*');
  });

  it('answers an unknown route with a not_found envelope', async () => {
    const { send } = setupRool();
    const response = await send('/v2/rpc', { method: 'POST' });
    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), {
      ok: false,
      error: { type: 'not_found', message: 'No route POST /v2/rpc' },
    });
  });

  it('checks in the contract order: token, content type, size, envelope, method, input', async () => {
    const { send, mock } = setupRool({ limits: { rpcBodyBytes: 100 } });
    const post = (headers: Record<string, string>, body: string) =>
      send('/v1/rpc', { method: 'POST', headers, body }).then(async (r) => ({
        status: r.status,
        type: (await r.json()).error?.type,
      }));
    const auth = { authorization: `Bearer ${tokens.alice}` };
    const json = { 'content-type': 'application/json' };
    assert.deepEqual(await post(json, 'x'.repeat(500)), { status: 401, type: 'unauthorized' });
    assert.deepEqual(await post({ ...auth, 'content-type': 'text/plain' }, '{}'), {
      status: 415,
      type: 'unsupported_media_type',
    });
    assert.deepEqual(await post({ ...auth, ...json }, 'x'.repeat(500)), {
      status: 413,
      type: 'payload_too_large',
    });
    assert.deepEqual(await post({ ...auth, ...json }, '[1]'), {
      status: 400,
      type: 'invalid_request',
    });
    assert.deepEqual(await post({ ...auth, ...json }, '{"method":"nope","input":{}}'), {
      status: 404,
      type: 'method_not_found',
    });
    assert.deepEqual(
      await post({ ...auth, ...json }, '{"method":"spaces.create","input":{}}'),
      { status: 400, type: 'validation_error' },
    );
    assert.equal(mock.runtime.state.spaces.size, 0);
  });

  it('finds the space before checking the role, and the role before the method rules', async () => {
    const { rpc, space, alice } = setupRool();
    const { spaceId } = await space();
    // Bob has no role: the space does not exist for him, whatever else is wrong.
    const hidden = await rpc('objects.put', {
      spaceId,
      channelId: 'nope',
      path: '/space/none/x.json',
      body: {},
    }, tokens.bob);
    assert.equal(hidden.status, 404);
    assert.match(hidden.body.error!.message, /^Space "spc_[a-z0-9]+" not found$/);
    await alice.members.add({ spaceId, userId: 'usr_bob', role: 'viewer' });
    const weak = await rpc('objects.put', {
      spaceId,
      channelId: 'nope',
      path: '/space/none/x.json',
      body: {},
    }, tokens.bob);
    assert.equal(weak.status, 403);
    assert.equal(
      weak.body.error!.message,
      'This needs the editor role or higher; you are a viewer',
    );
    const channel = await rpc('objects.put', {
      spaceId,
      channelId: 'nope',
      path: '/space/none/x.json',
      body: {},
    });
    assert.equal(channel.status, 404);
    assert.match(channel.body.error!.message, /^Channel "nope" not found in space/);
  });

  it('turns a handler bug into internal_error and reports it', async () => {
    const errors: string[] = [];
    const { rpc } = setupRool({
      onError: (_error, where) => errors.push(where),
      handlers: { 'user.get': () => ({ id: 1 }) as never },
    });
    const { status, body } = await rpc('user.get', {});
    assert.equal(status, 500);
    assert.deepEqual(body.error, { type: 'internal_error', message: 'Internal error' });
    assert.deepEqual(errors, ['rool "user.get"']);
  });

  it('serves the routes under a base path when given one', async () => {
    const { mock } = setupRool({ basePath: '/rool' });
    assert.equal((await mock.fetch(`${origin}/rool/health`)).status, 200);
    assert.equal((await mock.fetch(`${origin}/health`)).status, 404);
  });

  it('refuses bad options when created', () => {
    const cases: [Parameters<typeof createRoolMock>[0], RegExp][] = [
      [{ users: [{ name: 'X', token: 'long_enough' }] }, /^User name "X" must be/],
      [{ agentDelayMs: -1 }, /^The agent delay must be an integer of at least 0, not -1$/],
      [{ agentDelayMs: 1.5 }, /^The agent delay must be/],
      [{ fetchAllowlist: ['localhost'] }, /^A fetch allowlist entry must be HOST:PORT/],
      [{ basePath: 'rool/' }, /^The base path must be empty or like \/rool/],
      [{ basePath: '/rool/' }, /^The base path must be/],
    ];
    for (const [options, message] of cases) {
      assert.throws(
        () => createRoolMock(options),
        (error: Error) => message.test(error.message),
        JSON.stringify(options),
      );
    }
  });
});
