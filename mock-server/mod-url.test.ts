import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMockServer } from './mod.ts';

// What Bun's server hands over for `GET /api HTTP/1.0` without Host, or `Host: [::1`: a request
// whose URL does not parse. Found by the fuzzing suite's socket run (test/fuzz/), which got 500s.
function requestWithUrl(url: string): Request {
  const request = new Request('http://mock.test/api/v1/rpc', { method: 'POST' });
  Object.defineProperty(request, 'url', { value: url });
  return request;
}

describe('a request whose URL does not parse', () => {
  for (const url of ['/api/v1/rpc', 'http://[::1/x', 'http://a b/rool/v1/rpc', 'http://%zz/x']) {
    it(`is refused with 400 invalid_request, not a 500: ${url}`, async () => {
      const errors: unknown[] = [];
      const mock = createMockServer({ onError: (error) => errors.push(error) });
      const response = await mock.fetch(requestWithUrl(url));
      assert.equal(response.status, 400);
      assert.equal((await response.json()).error.type, 'invalid_request');
      assert.deepEqual(errors, []);
    });
  }

  it('is refused after requests from a good origin that starts the same way', async () => {
    const mock = createMockServer();
    const good = await mock.fetch('http://127.0.0.1:8787/health');
    assert.equal(good.status, 200);
    await good.body?.cancel();
    for (const url of ['http://127.0.0.1:87870/health', 'http://127.0.0.1:8787[/health']) {
      const response = await mock.fetch(requestWithUrl(url));
      assert.equal(response.status, 400, url);
      await response.body?.cancel();
    }
    mock.close();
  });
});
