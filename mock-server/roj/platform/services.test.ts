import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mockOrigin, setupMock } from '../../../test/helpers/roj-mock.ts';

async function withSession() {
  const setup = setupMock();
  const { instanceId, sessionId } = await setup.roj.instances.create({
    templateSlug: 'starter',
    name: 'a',
    autoCreateSession: { presetId: 'default' },
  });
  const getUrl = (input: Record<string, unknown>) =>
    setup.rpc('/api/v1/rpc', { method: 'services.getUrl', input });
  return { ...setup, instanceId, sessionId: sessionId!, getUrl };
}

describe('services.getUrl', () => {
  it('gives the URL of a service, with the code instances.status reports', async () => {
    const { roj, getUrl, instanceId, sessionId } = await withSession();
    const { body } = await getUrl({ instanceId, sessionId, serviceType: 'terminal' });
    const { serviceUrls } = await roj.instances.getStatus(instanceId);
    const terminal = serviceUrls.find((s) => s.serviceType === 'terminal')!;
    assert.equal(terminal.port, 7681);
    assert.deepEqual(body, {
      ok: true,
      value: { url: `${mockOrigin}/services/${terminal.code}/` },
    });
  });

  it('uses the origin the caller reached the mock by', async () => {
    const { mock, instanceId, sessionId } = await withSession();
    const response = await mock.fetch(
      new Request('http://127.0.0.1:8787/api/v1/rpc', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer roj_dev_key' },
        body: JSON.stringify({
          method: 'services.getUrl',
          input: { instanceId, sessionId, serviceType: 'preview' },
        }),
      }),
    );
    const { value } = await response.json();
    assert.match(value.url, /^http:\/\/127\.0\.0\.1:8787\/services\/[^/]+\/$/);
  });

  it('gives null for a service type the preset lacks', async () => {
    const { getUrl, instanceId, sessionId } = await withSession();
    const { body } = await getUrl({ instanceId, sessionId, serviceType: 'database' });
    assert.deepEqual(body, { ok: true, value: { url: null } });
  });

  it('still answers for an archived instance', async () => {
    const { roj, getUrl, instanceId, sessionId } = await withSession();
    await roj.instances.archive(instanceId);
    const { status } = await getUrl({ instanceId, sessionId, serviceType: 'preview' });
    assert.equal(status, 200);
  });

  it("gives 404 for an unknown instance, an unknown session or another instance's", async () => {
    const { roj, getUrl, instanceId, sessionId } = await withSession();
    const other = await roj.instances.create({ templateSlug: 'starter', name: 'b' });
    for (
      const input of [
        { instanceId: 'ins_000404', sessionId, serviceType: 'preview' },
        { instanceId, sessionId: 'ses_000404', serviceType: 'preview' },
        { instanceId: other.instanceId, sessionId, serviceType: 'preview' },
      ]
    ) {
      const { status, body } = await getUrl(input);
      assert.equal(status, 404);
      assert.equal(body.error?.type, 'not_found');
    }
  });
});

describe('service pages', () => {
  it('answers GET on the URL with a text page naming the service', async () => {
    const { send, getUrl, instanceId, sessionId } = await withSession();
    const { body } = await getUrl({ instanceId, sessionId, serviceType: 'preview' });
    const url = new URL((body.value as { url: string }).url);
    for (const path of [url.pathname, `${url.pathname}index.html`, url.pathname.slice(0, -1)]) {
      const response = await send(path);
      assert.equal(response.status, 200, path);
      assert.match(response.headers.get('content-type') ?? '', /^text\/plain/);
      const text = await response.text();
      assert.match(text, /preview/);
      assert.match(text, new RegExp(sessionId));
    }
  });

  it('gives the 404 envelope for an unknown code', async () => {
    const { send } = await withSession();
    for (const code of ['svc_999999_1', 'svc_000001_9', 'svc_000001_0', 'nope']) {
      const response = await send(`/services/${code}/`);
      assert.equal(response.status, 404, code);
      const body = await response.json();
      assert.equal(body.ok, false);
      assert.equal(body.error.type, 'not_found');
    }
  });
});
