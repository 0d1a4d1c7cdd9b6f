import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMockServer, defaultApiKey } from '../mod.ts';

const base = 'http://127.0.0.1:8787';
const pageOrigin = 'http://localhost:5173';

function preflight(path: string, requestHeaders = 'authorization, content-type'): Request {
  return new Request(`${base}${path}`, {
    method: 'OPTIONS',
    headers: {
      origin: pageOrigin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': requestHeaders,
    },
  });
}

function call(body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`${base}/api/v1/rpc`, {
    method: 'POST',
    headers: {
      origin: pageOrigin,
      authorization: `Bearer ${defaultApiKey}`,
      'content-type': 'application/json',
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

const apiPaths = [
  '/api/v1/rpc',
  '/api/v1/instances/ins_000001/rpc',
  '/api/v1/files/upload',
  '/_mock/rpc',
];

describe('CORS on the Roj mock', () => {
  it('answers the preflight of every API route: any origin, the headers the client sends', async () => {
    const mock = createMockServer();
    for (const path of apiPaths) {
      const answer = await mock.fetch(preflight(path));
      assert.equal(answer.status, 204, path);
      assert.equal(answer.headers.get('access-control-allow-origin'), '*');
      assert.match(answer.headers.get('access-control-allow-methods') ?? '', /\bPOST\b/);
      const allowed = (answer.headers.get('access-control-allow-headers') ?? '').toLowerCase();
      assert.deepEqual(allowed.split(/,\s*/).sort(), ['authorization', 'content-type']);
      assert.equal(answer.headers.get('access-control-max-age'), '600');
      // Bearer tokens, never cookies: credentialed requests stay refused.
      assert.equal(answer.headers.get('access-control-allow-credentials'), null);
      assert.equal(await answer.text(), '');
    }
  });

  it('answers a preflight without authentication, and changes nothing', async () => {
    const mock = createMockServer();
    const answer = await mock.fetch(preflight('/api/v1/rpc'));
    assert.equal(answer.status, 204);
    assert.equal(mock.runtime.state.instances.size, 0);
  });

  it('lets a page read the answer of a call, a success and a refusal alike', async () => {
    const mock = createMockServer();
    const created = await mock.fetch(
      call({ method: 'instances.create', input: { templateSlug: 'starter', name: 'From a page' } }),
    );
    assert.equal(created.status, 200);
    assert.equal(created.headers.get('access-control-allow-origin'), '*');
    const { instanceId } = (await created.json()).value;
    assert.equal(mock.runtime.state.instances.get(instanceId)?.name, 'From a page');

    const refused = await mock.fetch(
      call({ method: 'instances.list', input: {} }, { authorization: 'Bearer wrong_key_123' }),
    );
    assert.equal(refused.status, 401);
    assert.equal(refused.headers.get('access-control-allow-origin'), '*');
    assert.equal((await refused.json()).error.type, 'unauthorized');

    const lost = await mock.fetch(
      new Request(`${base}/api/v2/nothing`, { headers: { origin: pageOrigin } }),
    );
    assert.equal(lost.status, 404);
    assert.equal(lost.headers.get('access-control-allow-origin'), '*');
    await lost.body?.cancel();
  });

  it('adds nothing to the answers of callers that are not pages', async () => {
    const mock = createMockServer();
    const answer = await mock.fetch(
      new Request(`${base}/api/v1/rpc`, {
        method: 'POST',
        headers: { authorization: `Bearer ${defaultApiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ method: 'bundles.list', input: {} }),
      }),
    );
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('access-control-allow-origin'), null);
    await answer.body?.cancel();
  });

  it('lets any page read /health and /openapi.json', async () => {
    const mock = createMockServer();
    for (const path of ['/health', '/openapi.json']) {
      const answer = await mock.fetch(`${base}${path}`);
      assert.equal(answer.status, 200);
      assert.equal(answer.headers.get('access-control-allow-origin'), '*', path);
      await answer.body?.cancel();
    }
  });

  it('answers an OPTIONS that is not a preflight with the methods allowed', async () => {
    const mock = createMockServer();
    const answer = await mock.fetch(new Request(`${base}/api/v1/rpc`, { method: 'OPTIONS' }));
    assert.equal(answer.status, 204);
    assert.equal(answer.headers.get('allow'), 'POST, OPTIONS');
    assert.equal(answer.headers.get('access-control-allow-origin'), null);
  });
});
