import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { retryReads } from '../rpc/retry.ts';
import { createRojClient } from './client.ts';
import { createRojInstanceClient } from './instance-client.ts';
import { instanceMethods } from './instance-methods.ts';
import { platformMethods } from './methods.ts';
import { RojApiError } from './errors.ts';

/** A fetch that answers 503 `failures` times, then the value; it counts the calls. */
function flaky(failures: number, value: unknown) {
  const calls: string[] = [];
  const fetch = (_url: string | URL | Request, init?: RequestInit) => {
    calls.push(JSON.parse(String(init?.body)).method);
    return Promise.resolve(
      calls.length <= failures
        ? new Response('<h1>Service unavailable</h1>', {
          status: 503,
          headers: { 'content-type': 'text/html' },
        })
        : Response.json({ ok: true, value }),
    );
  };
  return { fetch, calls };
}

const policy = { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 };

describe('retries in the Roj clients', () => {
  it('retries a platform read when configured, and never a write', async () => {
    const read = flaky(2, { instanceId: 'ins_1', name: 'Demo' });
    const roj = createRojClient({
      url: 'http://roj.test',
      apiKey: 'roj_test_key',
      fetch: read.fetch,
      retry: retryReads(platformMethods, policy),
    });
    assert.equal((await roj.instances.get('ins_1')).name, 'Demo');
    assert.deepEqual(read.calls, ['instances.get', 'instances.get', 'instances.get']);

    const write = flaky(1, { instanceId: 'ins_2', status: 'created' });
    const writer = createRojClient({
      url: 'http://roj.test',
      apiKey: 'roj_test_key',
      fetch: write.fetch,
      retry: retryReads(platformMethods, policy),
    });
    await assert.rejects(
      writer.instances.create({ templateSlug: 'starter', name: 'x' }),
      (error) => error instanceof RojApiError && error.status === 503,
    );
    assert.deepEqual(write.calls, ['instances.create']);
  });

  it('sends a read once without a retry option', async () => {
    const read = flaky(1, {});
    const roj = createRojClient({ url: 'http://roj.test', apiKey: 'k', fetch: read.fetch });
    await assert.rejects(roj.instances.get('ins_1'), RojApiError);
    assert.equal(read.calls.length, 1);
  });

  it('retries an instance read when configured', async () => {
    const read = flaky(1, { sessions: [] });
    const instance = createRojInstanceClient({
      url: 'http://roj.test',
      instanceId: 'ins_1',
      token: 'tok',
      fetch: read.fetch,
      retry: retryReads(instanceMethods, policy),
    });
    assert.deepEqual(await instance.sessions.list(), { sessions: [] });
    assert.equal(read.calls.length, 2);
  });
});
