/**
 * Retries for reads: which failures are worth another attempt, how long to wait before it, and
 * {@linkcode retryReads}, which gives a client its retry option. A client retries nothing unless
 * given one, and then only the methods its registry marks as reads (`method({read: true})`); a
 * write is never sent twice.
 *
 * This module is the only home of the retry code: a client created without `retry` does not
 * import it, so a bundle that never retries does not carry it.
 *
 * @module
 */
import type { RpcCallError, RpcResult } from './client.ts';
import { isReadMethod, type MethodRegistry } from './definition.ts';
import { callSignal, delay } from './_signal.ts';

/**
 * When and how to retry a read. The wait before retry `n` (1 for the first) is drawn
 * uniformly from 0 up to `min(maxDelayMs, baseDelayMs × 2^(n−1))` ms: exponential back-off with
 * full jitter, so many clients failing at once do not retry in step.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included: `3` means at most two retries. An integer, 1–10. */
  attempts: number;
  /** The cap on the first retry's wait, in ms, doubled for each further retry; default 100. */
  baseDelayMs?: number;
  /** The cap on any one wait, in ms, at most 60,000; default 5,000. */
  maxDelayMs?: number;
  /** A uniform random number in `[0, 1)`; default `Math.random`. Inject one for tests. */
  random?: () => number;
  /**
   * Waits `ms` between attempts; it should end early when `signal` fires. Default: a timer that
   * does. Inject one for tests.
   */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** A {@linkcode RetryPolicy} with its defaults filled in, as {@linkcode checkRetryPolicy} returns it. */
export type ResolvedRetryPolicy = Required<
  Pick<RetryPolicy, 'attempts' | 'baseDelayMs' | 'maxDelayMs' | 'random' | 'sleep'>
>;

/** A client's retry option, made by {@linkcode retryReads}. */
export interface ReadRetry {
  /**
   * Runs the attempts of one call: just one for a method that is not a read.
   *
   * @param method The method called.
   * @param attempt One exchange; it never rejects.
   * @param signals The callers' signals; one that fires cuts a back-off wait short.
   * @returns The last attempt's result, or `aborted` when a signal fired during a wait.
   */
  run<T>(
    method: string,
    attempt: () => Promise<RpcResult<T>>,
    signals: (AbortSignal | undefined)[],
  ): Promise<RpcResult<T>>;
}

/** The limits a {@linkcode RetryPolicy} must keep. */
export const retryLimits = {
  /** The most attempts a policy may ask for. */
  maxAttempts: 10,
  /** The longest wait a policy may allow, in ms. */
  maxDelayMs: 60_000,
} as const;

/**
 * The retry option of a client: the reads of `methods` are retried under `policy`, everything
 * else is sent once.
 *
 * @param methods The registry value (not only its type); its `method({read: true})` entries are
 * the reads.
 * @param policy How many attempts, and the back-off between them.
 * @returns The option to pass as the client's `retry`.
 * @throws {RangeError} When the policy breaks its limits (see {@linkcode checkRetryPolicy}).
 *
 * @example Retry reads after a gateway error
 * ```ts
 * import assert from 'node:assert/strict';
 * import { createRpcClient, defineMethods, method, retryReads } from './mod.ts';
 * const methods = defineMethods({ 'users.get': method<{ id: string }, string>({ read: true }) });
 * let calls = 0;
 * const client = createRpcClient<typeof methods>('https://api.example.com', {
 *   retry: retryReads(methods, { attempts: 3, baseDelayMs: 1 }),
 *   fetch: async () => ++calls < 3
 *     ? new Response('<h1>Bad gateway</h1>', { status: 502, headers: { 'content-type': 'text/html' } })
 *     : Response.json({ ok: true, value: 'Ada' }),
 * });
 * assert.deepEqual(await client.call('users.get', { id: 'u1' }), { ok: true, value: 'Ada' });
 * assert.equal(calls, 3);
 * ```
 */
export function retryReads(methods: MethodRegistry, policy: RetryPolicy): ReadRetry {
  const checked = checkRetryPolicy(policy);
  return {
    run: (method, attempt, signals) =>
      isReadMethod(methods, method) ? withRetries(attempt, checked, signals) : attempt(),
  };
}

/**
 * Checks a retry policy and fills in its defaults.
 *
 * @param policy The policy.
 * @returns The policy with `baseDelayMs`, `maxDelayMs`, `random` and `sleep` filled in.
 * @throws {RangeError} When `attempts` is not an integer from 1 to 10, or a delay is not a
 * number of ms from 0 to 60,000, or `maxDelayMs` is below `baseDelayMs`.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { checkRetryPolicy } from './retry.ts';
 * assert.equal(checkRetryPolicy({ attempts: 3 }).baseDelayMs, 100);
 * assert.throws(() => checkRetryPolicy({ attempts: 0 }), RangeError);
 * ```
 */
export function checkRetryPolicy(policy: RetryPolicy): ResolvedRetryPolicy {
  const { attempts, baseDelayMs = 100, maxDelayMs = 5_000 } = policy;
  if (!Number.isInteger(attempts) || attempts < 1 || attempts > retryLimits.maxAttempts) {
    throw new RangeError(`Retry attempts must be an integer from 1 to ${retryLimits.maxAttempts}`);
  }
  for (const [name, value] of [['baseDelayMs', baseDelayMs], ['maxDelayMs', maxDelayMs]]) {
    if (!(Number(value) >= 0 && Number(value) <= retryLimits.maxDelayMs)) {
      throw new RangeError(
        `Retry ${name} must be a number of ms from 0 to ${retryLimits.maxDelayMs}`,
      );
    }
  }
  if (maxDelayMs < baseDelayMs) {
    throw new RangeError('Retry maxDelayMs must be at least baseDelayMs');
  }
  return {
    attempts,
    baseDelayMs,
    maxDelayMs,
    random: policy.random ?? Math.random,
    sleep: policy.sleep ?? delay,
  };
}

/**
 * The wait before retry `retry` (1 for the first): full jitter over an exponential cap.
 *
 * @param retry Which retry this is, from 1.
 * @param policy The checked policy; its `random` draws the jitter.
 * @returns A whole number of ms from 0 to `min(maxDelayMs, baseDelayMs × 2^(retry−1))`.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { checkRetryPolicy, retryDelay } from './retry.ts';
 * const policy = checkRetryPolicy({ attempts: 5, baseDelayMs: 100, maxDelayMs: 300, random: () => 0.5 });
 * assert.deepEqual([1, 2, 3].map((n) => retryDelay(n, policy)), [50, 100, 150]);
 * ```
 */
export function retryDelay(retry: number, policy: ResolvedRetryPolicy): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  // A broken `random` outside [0, 1) must not stretch or negate the wait.
  return Math.floor(Math.min(Math.max(policy.random(), 0), 1) * cap);
}

/**
 * Whether a failed attempt is worth retrying, if the method is a read: a timeout; a gateway's
 * 502, 503 or 504, whatever the body; or a `transport_error` before any status or with a
 * success status (a reset connection, an empty or cut-off body). Never a 4xx, another 5xx, an
 * error envelope of any other status, or an abort.
 *
 * @param error The failed attempt's error.
 * @returns `true` when another attempt may succeed.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { isRetryableError } from './retry.ts';
 * assert.equal(isRetryableError({ type: 'transport_error', message: 'HTTP 502', status: 502 }), true);
 * assert.equal(isRetryableError({ type: 'not_found', message: 'No user', status: 404 }), false);
 * ```
 */
export function isRetryableError(error: RpcCallError): boolean {
  if (error.status >= 502 && error.status <= 504) return true;
  return error.type === 'timeout' || (error.type === 'transport_error' && error.status < 400);
}

/** Runs `attempt` until it succeeds, fails for good, or has run `policy.attempts` times. */
async function withRetries<T>(
  attempt: () => Promise<RpcResult<T>>,
  policy: ResolvedRetryPolicy,
  signals: (AbortSignal | undefined)[],
): Promise<RpcResult<T>> {
  for (let made = 1;; made++) {
    const result = await attempt();
    if (result.ok || made >= policy.attempts || !isRetryableError(result.error)) return result;
    const wait = callSignal(signals, 0);
    try {
      await policy.sleep(retryDelay(made, policy), wait.signal);
    } finally {
      wait.dispose();
    }
    const fired = signals.find((signal) => signal?.aborted);
    if (fired) {
      return {
        ok: false,
        error: { type: 'aborted', message: 'Call was aborted', status: 0, cause: fired.reason },
      };
    }
  }
}
