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
});
