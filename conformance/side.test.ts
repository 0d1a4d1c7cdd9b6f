import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Side } from './side.ts';

const request = { method: 'GET', path: '/events', headers: {}, body: null };

/** A `fetch` that answers only when told to, and shows the signal it was given. */
function held() {
  const answer = Promise.withResolvers<Response>();
  let signal: AbortSignal | undefined;
  const fetch = (_input: Request | string | URL, init?: RequestInit) => {
    signal = init?.signal ?? undefined;
    signal?.addEventListener('abort', () => answer.reject(signal!.reason), { once: true });
    return answer.promise;
  };
  return { fetch, answer, signal: () => signal };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Side.open', () => {
  test('gives up when no headers come within the timeout', async () => {
    const target = held();
    const side = new Side({
      name: 'target',
      url: 'http://t.test',
      apiKey: 'k',
      fetch: target.fetch,
      timeoutMs: 40,
    });
    const started = performance.now();
    await assert.rejects(
      side.open(request, new AbortController().signal),
      (error: Error) =>
        error.name === 'TimeoutError' && /target sent no headers within 40 ms/.test(error.message),
    );
    assert.ok(performance.now() - started < 2000, 'it did not wait for long');
    assert.equal(target.signal()?.aborted, true, 'the request is aborted');
  });

  test('gives up even when the fetch ignores its signal', async () => {
    const never = () => new Promise<Response>(() => {});
    const side = new Side({
      name: 'reference',
      url: 'http://r.test',
      apiKey: 'k',
      fetch: never,
      timeoutMs: 30,
    });
    await assert.rejects(side.open(request, new AbortController().signal), {
      name: 'TimeoutError',
    });
  });

  test('once the headers came, the timeout no longer applies; the caller still aborts', async () => {
    const target = held();
    const side = new Side({
      name: 'target',
      url: 'http://t.test',
      apiKey: 'k',
      fetch: target.fetch,
      timeoutMs: 30,
    });
    const caller = new AbortController();
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        await sleep(90);
        controller.enqueue(new TextEncoder().encode('data: late\n\n'));
        controller.close();
      },
    });
    target.answer.resolve(new Response(body, { headers: { 'content-type': 'text/event-stream' } }));
    const response = await side.open(request, caller.signal);
    assert.equal(await response.text(), 'data: late\n\n', 'the body outlived the timeout');
    assert.equal(target.signal()?.aborted, false, 'the timeout did not abort the request');
    caller.abort();
    assert.equal(target.signal()?.aborted, true, "the caller's abort reaches the request");
  });
});
