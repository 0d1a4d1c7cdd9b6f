import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acknowledgeWhenSaved } from './acknowledge.ts';

/** A store whose flushes the test settles by hand. */
function manualStore() {
  const pending: { resolve: () => void; reject: (error: Error) => void }[] = [];
  return {
    pending,
    flush: () => new Promise<void>((resolve, reject) => pending.push({ resolve, reject })),
  };
}

const answer = () => Promise.resolve(Response.json({ ok: true, value: { done: true } }));

describe('acknowledgeWhenSaved', () => {
  it('answers a change only once the snapshot is on disk', async () => {
    const store = manualStore();
    const fetch = acknowledgeWhenSaved(answer, store);
    let answered = false;
    const response = fetch(new Request('http://mock.test/api/v1/rpc', { method: 'POST' }))
      .then((r) => {
        answered = true;
        return r;
      });
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(store.pending.length, 1);
    assert.equal(answered, false, 'answered before the snapshot was saved');
    store.pending[0].resolve();
    assert.deepEqual(await (await response).json(), { ok: true, value: { done: true } });
  });

  it('answers reads at once', async () => {
    const store = manualStore();
    const fetch = acknowledgeWhenSaved(answer, store);
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'PROPFIND', 'REPORT']) {
      const response = await fetch(new Request('http://mock.test/x', { method }));
      await response.body?.cancel();
    }
    assert.equal(store.pending.length, 0);
  });

  it('turns an unsaved change into 500 internal_error, and reports why', async () => {
    const store = manualStore();
    const reported: unknown[] = [];
    const fetch = acknowledgeWhenSaved(answer, store, { onError: (e) => reported.push(e) });
    const response = fetch(new Request('http://mock.test/dav/f', { method: 'PUT', body: 'x' }));
    await new Promise((resolve) => setTimeout(resolve, 0));
    store.pending[0].reject(new Error('ENOSPC: no space left on device'));
    const saved = await response;
    assert.equal(saved.status, 500);
    assert.deepEqual(await saved.json(), {
      ok: false,
      error: {
        type: 'internal_error',
        message: 'The mock could not save its state to disk; the change may be lost on restart',
      },
    });
    assert.match(String(reported[0]), /ENOSPC/);
  });

  it('answers a refusal whose body never arrived, without waiting for the body', async () => {
    const store = { flush: () => Promise.resolve() };
    // A stalled upload: the handler answers 408 at its time limit, the body never ends.
    const refuse = () =>
      Promise.resolve(Response.json({ ok: false, error: { type: 'request_timeout' } }, {
        status: 408,
      }));
    const fetch = acknowledgeWhenSaved(refuse, store);
    const stalled = new ReadableStream<Uint8Array>({ pull() {} }, { highWaterMark: 0 });
    const request = new Request('http://mock.test/api/v1/rpc', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': '40' },
      body: stalled,
      // @ts-ignore: `duplex` is required for streaming bodies, absent from lib.dom
      duplex: 'half',
    });
    const timeout = new Promise<'late'>((resolve) => {
      const timer = setTimeout(() => resolve('late'), 500);
      (timer as { unref?: () => void }).unref?.();
    });
    const response = await Promise.race([fetch(request), timeout]);
    assert.notEqual(response, 'late', 'the refusal waited for a body that never came');
    assert.equal((response as Response).status, 408);
    await (response as Response).body?.cancel();
    // Not awaited: a cancel of one branch of a teed body settles only when the other is cancelled.
    request.body?.cancel().catch(() => {});
  });
});
