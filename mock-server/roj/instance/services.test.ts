import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mockOrigin } from '../../../test/helpers/roj-mock.ts';
import { setupInstance } from './_testing.ts';

const isNotFound = { name: 'RojApiError', type: 'not_found', status: 404 };

describe('getServiceUrls', () => {
  it('lists the session services in preset order, as instances.status has them', async () => {
    const { client, roj, instanceId } = await setupInstance();
    const { sessionId } = await client.sessions.create('default');
    const { services } = await client.services.getUrls(sessionId);
    assert.deepEqual(services.map(({ serviceType, port }) => ({ serviceType, port })), [
      { serviceType: 'preview', port: 3000 },
      { serviceType: 'terminal', port: 7681 },
    ]);
    const { serviceUrls } = await roj.instances.getStatus(instanceId);
    assert.deepEqual(
      serviceUrls,
      services.map(({ serviceType, code, port }) => ({ code, sessionId, serviceType, port })),
    );
  });

  it('answers exactly {services: [{serviceType, code, port}]} on the wire', async () => {
    const { client, call } = await setupInstance();
    const { sessionId } = await client.sessions.create('default');
    const { body } = await call('getServiceUrls', { sessionId });
    const value = body.value as { services: object[] };
    for (const service of value.services) {
      assert.deepEqual(Object.keys(service).sort(), ['code', 'port', 'serviceType']);
    }
  });

  it('404 for an unknown session or another instance session', async () => {
    const setup = await setupInstance();
    const other = await setup.roj.instances.create({ templateSlug: 'starter', name: 'other' });
    const { sessionId } = await setup.roj.sessions.create({
      instanceId: other.instanceId,
      presetId: 'default',
    });
    for (const id of ['ses_999999', sessionId]) {
      await assert.rejects(setup.client.services.getUrls(id), isNotFound);
    }
  });
});

describe('getServiceUrl', () => {
  it('gives the service URL, which answers', async () => {
    const { client, send } = await setupInstance();
    const { sessionId } = await client.sessions.create('default');
    const { services } = await client.services.getUrls(sessionId);
    for (const { serviceType, code } of services) {
      const { url } = await client.services.getUrl(sessionId, serviceType);
      assert.equal(url, `${mockOrigin}/services/${code}/`);
      const page = await send(new URL(url!).pathname);
      assert.equal(page.status, 200);
      assert.match(await page.text(), new RegExp(serviceType));
    }
  });

  it('agrees with services.getUrl', async () => {
    const { client, rpc, instanceId } = await setupInstance();
    const { sessionId } = await client.sessions.create('default');
    const platform = await rpc('/api/v1/rpc', {
      method: 'services.getUrl',
      input: { instanceId, sessionId, serviceType: 'preview' },
    });
    assert.deepEqual(await client.services.getUrl(sessionId, 'preview'), platform.body.value);
  });

  it('uses the origin the caller reached the mock by', async () => {
    const { client, mock, token, path } = await setupInstance();
    const { sessionId } = await client.sessions.create('default');
    const response = await mock.fetch(
      new Request(`http://127.0.0.1:8787${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          method: 'getServiceUrl',
          input: { sessionId, serviceType: 'preview' },
        }),
      }),
    );
    const { value } = await response.json();
    assert.match(value.url, /^http:\/\/127\.0\.0\.1:8787\/services\/[^/]+\/$/);
  });

  it('is null for a service type the preset does not have', async () => {
    const { client } = await setupInstance();
    const { sessionId } = await client.sessions.create('default');
    assert.deepEqual(await client.services.getUrl(sessionId, 'database'), { url: null });
  });

  it('404 for an unknown session or another instance session', async () => {
    const setup = await setupInstance();
    const other = await setup.roj.instances.create({ templateSlug: 'starter', name: 'other' });
    const { sessionId } = await setup.roj.sessions.create({
      instanceId: other.instanceId,
      presetId: 'default',
    });
    for (const id of ['ses_999999', sessionId]) {
      await assert.rejects(setup.client.services.getUrl(id, 'preview'), isNotFound);
    }
  });
});
