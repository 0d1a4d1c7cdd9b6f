import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { platformMethods } from '../../../src/roj/methods.ts';
import { setupMock } from '../../../test/helpers/roj-mock.ts';
import { platformHandlers } from './mod.ts';

describe('platformHandlers', () => {
  it('has a handler for every platform method and nothing else', () => {
    assert.deepEqual(Object.keys(platformHandlers).sort(), Object.keys(platformMethods).sort());
    assert.equal(Object.keys(platformHandlers).length, 17);
  });
});

describe('platform errors', () => {
  const apiKey = 'sk_live_Secret-9f8e7d6c5b4a';

  it('never contain the API key, whatever field it is pasted into', async () => {
    const { rpc, roj } = setupMock({ apiKeys: [apiKey] });
    const { instanceId } = await roj.instances.create({ templateSlug: 'starter', name: 'a' });
    const requests: Array<[string, Record<string, unknown>]> = [
      ['instances.create', { templateSlug: apiKey, name: 'a' }],
      ['instances.create', { templateSlug: 'starter', name: 'a', bundleSlug: apiKey }],
      ['instances.create', { templateSlug: 'starter', name: 'a', bundleRevisionId: apiKey }],
      ['instances.create', {
        templateSlug: 'starter',
        name: 'a',
        autoCreateSession: { presetId: 'default', resourceIds: [apiKey] },
      }],
      ['instances.create', {
        templateSlug: 'starter',
        name: 'a',
        autoCreateSession: { presetId: 'default', fileIds: [`x${apiKey}x`] },
      }],
      ['instances.get', { instanceId: apiKey }],
      ['instances.status', { instanceId: apiKey }],
      ['instances.archive', { instanceId: apiKey }],
      ['instances.list', { limit: apiKey }],
      ['sessions.create', { instanceId, presetId: apiKey }],
      ['sessions.create', { instanceId, presetId: 'default', origin: apiKey }],
      ['sessions.list', { instanceId: apiKey }],
      ['sessions.publish', { instanceId, sessionId: apiKey }],
      ['tokens.create', { instanceId: apiKey }],
      ['tokens.create', { instanceId, origin: `https://${apiKey}.example/` }],
      ['services.getUrl', { instanceId, sessionId: apiKey, serviceType: 'preview' }],
      ['bundles.delete', { bundleSlug: apiKey }],
      ['resources.create', { slug: apiKey, fileId: 'fil_1' }],
      ['resources.create', { slug: 'ok', fileId: apiKey }],
      ['resources.addRevision', { resourceSlug: apiKey, fileId: 'fil_1' }],
      ['resources.get', { resourceId: apiKey }],
      ['resources.delete', { resourceId: apiKey }],
    ];
    // Pasted into the envelope itself: as the method name, and as an extra envelope field.
    for (
      const body of [{ method: apiKey, input: {} }, {
        method: 'instances.list',
        input: {},
        [apiKey]: 1,
      }]
    ) {
      const result = await rpc('/api/v1/rpc', body, { authorization: `Bearer ${apiKey}` });
      assert.ok(result.status >= 400);
      assert.ok(!JSON.stringify(result.body).includes(apiKey), JSON.stringify(result.body));
    }
    for (const [method, input] of requests) {
      const { status, body } = await rpc('/api/v1/rpc', { method, input }, {
        authorization: `Bearer ${apiKey}`,
      });
      assert.ok(status >= 400, `${method} should fail`);
      assert.ok(!JSON.stringify(body).includes(apiKey), `${method}: ${JSON.stringify(body)}`);
    }
    for (const authorization of [`Bearer ${apiKey}x`, `Basic ${apiKey}`, `Bearer x${apiKey}`]) {
      const { status, body } = await rpc('/api/v1/rpc', {
        method: 'instances.list',
        input: {},
      }, { authorization });
      assert.equal(status, 401);
      assert.ok(!JSON.stringify(body).includes(apiKey), JSON.stringify(body));
    }
  });

  it('never contain an instance token pasted into an id', async () => {
    const { rpc, roj } = setupMock();
    const { instanceId } = await roj.instances.create({ templateSlug: 'starter', name: 'a' });
    const { token } = await roj.tokens.create({ instanceId });
    for (
      const [method, input] of [
        ['instances.get', { instanceId: token }],
        ['sessions.publish', { instanceId, sessionId: token }],
        ['resources.get', { resourceSlug: token }],
      ] as const
    ) {
      const { status, body } = await rpc('/api/v1/rpc', { method, input });
      assert.equal(status, 404);
      assert.ok(!JSON.stringify(body).includes(token), JSON.stringify(body));
    }
  });
});
