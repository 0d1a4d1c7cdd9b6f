import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { createRpcClient, type FetchFn, type RpcCallError } from './client.ts';
import { defineMethods, isReadMethod, method } from './definition.ts';
import {
  checkRetryPolicy,
  isRetryableError,
  type ReadRetry,
  retryDelay,
  type RetryPolicy,
  retryReads,
} from './retry.ts';
import { hangingFetch } from '../../test/helpers/fake-fetch.ts';

const methods = defineMethods({
  'users.get': method<{ id: string }, { name: string }>({ read: true }),
  'users.rename': method<{ id: string; name: string }, { name: string }>(),
});
type Methods = typeof methods;

const ok = () => Response.json({ ok: true, value: { name: 'Ada' } });
const html = (status: number) =>
  new Response('<html><body>Gateway</body></html>', {
    status,
    headers: { 'content-type': 'text/html' },
  });
const envelope = (type: string, status: number) =>
  Response.json({ ok: false, error: { type, message: `Failed with ${type}` } }, { status });

/** A fetch that plays `replies` in order (the last one for every later request) and counts. */
function scripted(replies: (() => Response | Promise<Response>)[]): {
  fetch: FetchFn;
  bodies: string[];
} {
  const bodies: string[] = [];
  const fetch: FetchFn = (_input, init) => {
    bodies.push(String(init?.body));
    const reply = replies[Math.min(bodies.length, replies.length) - 1];
    return Promise.resolve(reply());
  };
  return { fetch, bodies };
}

/** The reads of `methods` retried under a policy whose waits are recorded, not slept. */
function recorded(policy: Partial<RetryPolicy> = {}): { retry: ReadRetry; waits: number[] } {
  const waits: number[] = [];
  const retry = retryReads(methods, {
    attempts: 4,
    baseDelayMs: 100,
    maxDelayMs: 1000,
    random: () => 0.5,
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
    ...policy,
  });
  return { retry, waits };
}

describe('read markers', () => {
  test('method({read: true}) marks a read; a plain method(), an unknown or inherited name is not', () => {
    assert.equal(isReadMethod(methods, 'users.get'), true);
    assert.equal(isReadMethod(methods, 'users.rename'), false);
    assert.equal(isReadMethod(methods, 'users.delete'), false);
    assert.equal(isReadMethod(methods, 'toString'), false);
    assert.equal(isReadMethod(methods, '__proto__'), false);
  });
});

describe('checkRetryPolicy', () => {
  const refused: [string, RetryPolicy, RegExp][] = [
    ['no attempts', { attempts: 0 }, /attempts must be an integer from 1 to 10/],
    ['too many attempts', { attempts: 11 }, /attempts must be an integer from 1 to 10/],
    ['fractional attempts', { attempts: 2.5 }, /attempts must be an integer/],
    ['NaN attempts', { attempts: NaN }, /attempts must be an integer/],
    ['negative base', { attempts: 2, baseDelayMs: -1 }, /baseDelayMs must be a number of ms/],
    ['infinite max', { attempts: 2, maxDelayMs: Infinity }, /maxDelayMs must be a number of ms/],
    ['max over a minute', { attempts: 2, maxDelayMs: 60_001 }, /maxDelayMs must be/],
    ['max below base', { attempts: 2, baseDelayMs: 500, maxDelayMs: 100 }, /at least baseDelayMs/],
  ];
  for (const [name, policy, message] of refused) {
    test(`refuses ${name}, also when the retry option is made`, () => {
      const refusal = (e: unknown) => e instanceof RangeError && message.test(e.message);
      assert.throws(() => checkRetryPolicy(policy), refusal);
      assert.throws(() => retryReads(methods, policy), refusal);
    });
  }

  test('fills in 100 ms base, 5 s cap and Math.random', () => {
    const policy = checkRetryPolicy({ attempts: 3 });
    assert.deepEqual([policy.attempts, policy.baseDelayMs, policy.maxDelayMs], [3, 100, 5_000]);
    assert.equal(policy.random, Math.random);
  });
});

describe('retryDelay', () => {
  test('full jitter: a whole number of ms from 0 to min(max, base × 2^(n−1))', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 0, max: 2_000 }),
        fc.integer({ min: 0, max: 60_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (retry, base, extra, draw) => {
          const max = Math.min(base + extra, 60_000);
          const policy = checkRetryPolicy({
            attempts: 10,
            baseDelayMs: base,
            maxDelayMs: max,
            random: () => draw,
          });
          const wait = retryDelay(retry, policy);
          const cap = Math.min(max, base * 2 ** (retry - 1));
          return Number.isInteger(wait) && wait >= 0 && wait <= cap;
        },
      ),
    );
  });

  test('the cap doubles with each retry until maxDelayMs', () => {
    const policy = checkRetryPolicy({
      attempts: 10,
      baseDelayMs: 100,
      maxDelayMs: 1_000,
      random: () => 0.999,
    });
    assert.deepEqual([1, 2, 3, 4, 5, 6].map((n) => retryDelay(n, policy)), [
      99,
      199,
      399,
      799,
      999,
      999,
    ]);
  });

  test('with Math.random the waits spread over the whole range, not one value', () => {
    const policy = checkRetryPolicy({ attempts: 10, baseDelayMs: 100, maxDelayMs: 10_000 });
    const waits = Array.from({ length: 200 }, () => retryDelay(3, policy));
    assert.ok(waits.every((w) => w >= 0 && w <= 400), String(waits));
    // Each bound fails by chance with probability 0.75^200, about 1e-25.
    assert.ok(Math.min(...waits) < 100, `smallest wait ${Math.min(...waits)}`);
    assert.ok(Math.max(...waits) > 300, `largest wait ${Math.max(...waits)}`);
  });

  test('a random() outside [0, 1) cannot stretch or negate a wait', () => {
    const wild = (value: number) =>
      checkRetryPolicy({ attempts: 2, baseDelayMs: 100, random: () => value });
    assert.equal(retryDelay(1, wild(7)), 100);
    assert.equal(retryDelay(1, wild(-3)), 0);
  });
});

describe('isRetryableError', () => {
  const cases: [RpcCallError, boolean][] = [
    [{ type: 'transport_error', message: 'Network error', status: 0 }, true],
    [{ type: 'transport_error', message: 'Empty response body', status: 200 }, true],
    [{ type: 'timeout', message: 'Call timed out', status: 0 }, true],
    [{ type: 'transport_error', message: 'Not JSON', status: 502 }, true],
    [{ type: 'transport_error', message: 'Not JSON', status: 503 }, true],
    [{ type: 'internal_error', message: 'Upstream down', status: 504 }, true],
    [{ type: 'transport_error', message: 'Not JSON', status: 404 }, false],
    [{ type: 'transport_error', message: 'Not JSON', status: 500 }, false],
    [{ type: 'internal_error', message: 'Bug', status: 500 }, false],
    [{ type: 'rate_limited', message: 'Slow down', status: 429 }, false],
    [{ type: 'validation_error', message: 'Bad id', status: 400 }, false],
    [{ type: 'unauthorized', message: 'No key', status: 401 }, false],
    [{ type: 'conflict', message: 'Taken', status: 409 }, false],
    [{ type: 'aborted', message: 'Call was aborted', status: 0 }, false],
    [{ type: 'unknown_error', message: 'Unknown error', status: 200 }, false],
  ];
  for (const [error, want] of cases) {
    test(`${error.type} ${error.status}: ${want ? 'retried' : 'not retried'}`, () => {
      assert.equal(isRetryableError(error), want);
    });
  }
});

describe('a client with a retry policy', () => {
  test('retries a read through transient faults and returns its success', async () => {
    const { fetch, bodies } = scripted([
      () => Promise.reject(new TypeError('fetch failed')),
      () => html(502),
      () => html(503),
      ok,
    ]);
    const { retry, waits } = recorded();
    const client = createRpcClient<Methods>('https://api.test', { fetch, retry });
    const result = await client.call('users.get', { id: 'u1' });
    assert.deepEqual(result, { ok: true, value: { name: 'Ada' } });
    assert.equal(bodies.length, 4);
    // Each retry sends the very same request.
    assert.deepEqual(
      new Set(bodies),
      new Set([JSON.stringify({ method: 'users.get', input: { id: 'u1' } })]),
    );
    // random() = 0.5 of caps 100, 200, 400.
    assert.deepEqual(waits, [50, 100, 200]);
  });

  test('gives up after `attempts` attempts with the last failure', async () => {
    const { fetch, bodies } = scripted([() => html(504)]);
    const { retry, waits } = recorded({ attempts: 3 });
    const result = await createRpcClient<Methods>('https://api.test', { fetch, retry })
      .call('users.get', { id: 'u1' });
    assert.equal(bodies.length, 3);
    assert.equal(waits.length, 2);
    assert.deepEqual(result.ok ? 'ok' : [result.error.type, result.error.status], [
      'transport_error',
      504,
    ]);
  });

  test('retries a read that timed out, each attempt with the whole timeout', async () => {
    let attempts = 0;
    const fetch: FetchFn = (input, init) =>
      ++attempts < 3 ? hangingFetch(input, init) : Promise.resolve(ok());
    const { retry } = recorded({ attempts: 3 });
    const result = await createRpcClient<Methods>('https://api.test', {
      fetch,
      retry,
      timeout: 5,
    })
      .call('users.get', { id: 'u1' });
    assert.deepEqual(result, { ok: true, value: { name: 'Ada' } });
    assert.equal(attempts, 3);
  });

  test('never retries a write, whatever the failure', async () => {
    const failures: [string, () => Response | Promise<Response>][] = [
      ['network failure', () => Promise.reject(new TypeError('fetch failed'))],
      ['502 page', () => html(502)],
      ['503 page', () => html(503)],
      ['empty body', () => new Response('', { status: 200 })],
    ];
    for (const [name, reply] of failures) {
      const { fetch, bodies } = scripted([reply, ok]);
      const { retry, waits } = recorded({ attempts: 10 });
      const result = await createRpcClient<Methods>('https://api.test', { fetch, retry })
        .call('users.rename', { id: 'u1', name: 'Bo' });
      assert.equal(result.ok, false, name);
      assert.equal(bodies.length, 1, name);
      assert.deepEqual(waits, [], name);
    }
  });

  test('never retries after a 4xx, a 500 or an error envelope', async () => {
    const failures: [string, () => Response][] = [
      ['404 page', () => html(404)],
      ['400 validation_error', () => envelope('validation_error', 400)],
      ['401 unauthorized', () => envelope('unauthorized', 401)],
      ['429 rate_limited', () => envelope('rate_limited', 429)],
      ['500 internal_error', () => envelope('internal_error', 500)],
      ['500 page', () => html(500)],
    ];
    for (const [name, reply] of failures) {
      const { fetch, bodies } = scripted([reply, ok]);
      const { retry } = recorded({ attempts: 10 });
      const result = await createRpcClient<Methods>('https://api.test', { fetch, retry })
        .call('users.get', { id: 'u1' });
      assert.equal(result.ok, false, name);
      assert.equal(bodies.length, 1, name);
    }
  });

  test('an abort during the back-off ends the call as aborted at once, with no further attempt', async () => {
    const { fetch, bodies } = scripted([() => html(502), ok]);
    const controller = new AbortController();
    const client = createRpcClient<Methods>('https://api.test', {
      fetch,
      // The real timer-based wait: 30 s unless the signal ends it.
      retry: retryReads(methods, {
        attempts: 3,
        baseDelayMs: 60_000,
        maxDelayMs: 60_000,
        random: () => 0.5,
      }),
    });
    const started = performance.now();
    const pending = client.call('users.get', { id: 'u1' }, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    const result = await pending;
    assert.ok(performance.now() - started < 2_000, 'the wait was not cut short');
    assert.equal(result.ok ? 'ok' : result.error.type, 'aborted');
    assert.equal(bodies.length, 1);
  });
});

describe('a client without a retry policy', () => {
  test('sends a read once, even when it fails in a retryable way', async () => {
    for (const reply of [() => html(502), () => Promise.reject(new TypeError('fetch failed'))]) {
      const { fetch, bodies } = scripted([reply, ok]);
      const result = await createRpcClient<Methods>('https://api.test', { fetch })
        .call('users.get', { id: 'u1' });
      assert.equal(result.ok ? 'ok' : result.error.type, 'transport_error');
      assert.equal(bodies.length, 1);
    }
  });

  test('attempts: 1 is a policy that never retries', async () => {
    const { fetch, bodies } = scripted([() => html(502), ok]);
    const { retry, waits } = recorded({ attempts: 1 });
    await createRpcClient<Methods>('https://api.test', { fetch, retry }).call(
      'users.get',
      { id: 'u1' },
    );
    assert.equal(bodies.length, 1);
    assert.deepEqual(waits, []);
  });
});
