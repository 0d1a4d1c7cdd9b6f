import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMockServer } from '../mod.ts';
import { BodyClock, bodyTimes, defaultBodyTimeLimits } from './body-time.ts';
import { RpcFault } from './fault.ts';

function never(): Promise<never> {
  return new Promise(() => {});
}

function later<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(value), ms));
}

async function timeout(wait: Promise<unknown>): Promise<RpcFault> {
  try {
    await wait;
  } catch (error) {
    assert.ok(error instanceof RpcFault, `expected an RpcFault, got ${error}`);
    assert.equal(error.type, 'request_timeout');
    assert.equal(error.status, 408);
    assert.deepEqual(error.headers, { connection: 'close' });
    return error;
  }
  assert.fail('the wait did not time out');
}

describe('BodyClock', () => {
  it('fails a read that waits longer than the idle limit', async () => {
    const started = performance.now();
    const clock = new BodyClock({ idleMs: 20, totalMs: 10_000 });
    const fault = await timeout(clock.wait(never()));
    assert.equal(
      fault.message,
      'Request body stalled: no data arrived for 20 ms, the longest wait allowed',
    );
    // Timers may fire a fraction of a millisecond early by this clock (Bun).
    assert.ok(performance.now() - started >= 19);
  });

  it('lets reads within the idle limit go on, until the total limit', async () => {
    const started = performance.now();
    const clock = new BodyClock({ idleMs: 40, totalMs: 100 });
    let reads = 0;
    const fault = await timeout((async () => {
      for (;;) {
        await clock.wait(later(15, 'chunk'));
        reads++;
      }
    })());
    assert.equal(fault.message, 'Request body took longer than 100 ms to arrive, the most allowed');
    assert.ok(reads >= 3, `${reads} reads went through first`);
    const elapsed = performance.now() - started;
    assert.ok(elapsed >= 99 && elapsed < 1_000, `cut off after ${elapsed} ms`);
  });

  it('gives a whole-body read the idle limit for the whole body', async () => {
    const clock = new BodyClock({ idleMs: 20, totalMs: 10_000 });
    const fault = await timeout(clock.waitWhole(never()));
    assert.match(fault.message, /^Request body did not arrive whole within 20 ms/);
  });

  it('ends a waiting read at once when the server stops', async () => {
    const stop = new AbortController();
    const clock = new BodyClock({ idleMs: 10_000, totalMs: 10_000, signal: stop.signal });
    const waiting = clock.wait(never());
    setTimeout(() => stop.abort(), 10);
    const started = performance.now();
    const fault = await timeout(waiting);
    assert.equal(fault.message, 'Request body not read: the server is stopping');
    assert.ok(performance.now() - started < 1_000);
    // After the stop, a read that has to wait fails without waiting.
    assert.equal((await timeout(clock.wait(never()))).message, fault.message);
  });

  it("passes a read's own error on", async () => {
    const clock = new BodyClock({ idleMs: 1_000, totalMs: 1_000 });
    await assert.rejects(clock.wait(later(5, 0).then(() => Promise.reject(new Error('reset')))), {
      message: 'reset',
    });
  });
});

describe('bodyTimes', () => {
  it('builds the RPC and upload limits with the shared idle limit and signal', () => {
    const { signal } = new AbortController();
    const times = bodyTimes({ bodyIdleMs: 5, rpcBodyMs: 6, uploadBodyMs: 7 }, signal);
    assert.deepEqual(times.rpc, { idleMs: 5, totalMs: 6, signal });
    assert.deepEqual(times.upload, { idleMs: 5, totalMs: 7, signal });
  });

  for (const bad of [0, 1.5, -1, 2 ** 31, Number.NaN]) {
    it(`refuses a limit of ${bad}`, () => {
      assert.throws(
        () => bodyTimes({ ...defaultBodyTimeLimits, rpcBodyMs: bad }, new AbortController().signal),
        { message: `The limit rpcBodyMs must be an integer from 1 to 2147483647 ms, not ${bad}` },
      );
    });
  }

  it('createMockServer refuses a bad limit too', () => {
    assert.throws(() => createMockServer({ limits: { bodyIdleMs: 0 } }), /bodyIdleMs/);
  });
});

describe('ordinary calls', () => {
  it('arm no timer: a body that has arrived is read without one', async () => {
    const mock = createMockServer();
    const original = globalThis.setTimeout;
    let armed = 0;
    globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
      armed++;
      return original(...args);
    }) as typeof setTimeout;
    try {
      for (const body of ['{"method":"instances.list","input":{}}']) {
        const lengths: Record<string, string>[] = [{}, { 'content-length': String(body.length) }];
        for (const headers of lengths) {
          const response = await mock.fetch('http://mock.test/api/v1/rpc', {
            method: 'POST',
            headers: {
              authorization: 'Bearer roj_dev_key',
              'content-type': 'application/json',
              ...headers,
            },
            body,
          });
          assert.equal((await response.json()).ok, true);
        }
      }
    } finally {
      globalThis.setTimeout = original;
    }
    assert.equal(armed, 0);
  });
});
