/**
 * A type-safe client for one RPC endpoint, on Web APIs only (`fetch`,
 * `AbortSignal`), so it runs unchanged on Deno, Bun, Node, Workers and browsers.
 *
 * @module
 */
import type { MethodInput, MethodName, MethodOutput, MethodRegistry } from './definition.ts';
import type { ReadRetry } from './retry.ts';
import type { RpcError } from './wire.ts';
import { parseEnvelope } from './_envelope.ts';
import { exchange, mergeHeaders } from './_exchange.ts';

/** The `fetch` function a client uses; inject one for tests or custom transports. */
export type FetchFn = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/** Options for {@linkcode createRpcClient}. */
export interface RpcClientOptions {
  /** Headers sent with every call, e.g. `Authorization`. */
  headers?: Record<string, string>;
  /** The `credentials` mode of every request (browsers: `include` sends cookies cross-origin). */
  credentials?: RequestCredentials;
  /** The `fetch` to use. Defaults to `globalThis.fetch`, looked up at call time. */
  fetch?: FetchFn;
  /**
   * Timeout per call in milliseconds; 0 or absent means none. With `retry`, each attempt has
   * the whole timeout, so a call lasts at most `attempts × timeout` plus the back-off waits.
   */
  timeout?: number;
  /** Aborts every call made by this client when it fires, including a back-off wait. */
  signal?: AbortSignal;
  /**
   * Retries reads after a transport failure, a timeout or a gateway's 502/503/504: made by
   * `retryReads(registry, policy)`, which knows which methods are reads. Absent: no call is
   * ever retried. A write is never retried, nor any call after a 4xx.
   */
  retry?: ReadRetry;
}

/** Options for one call. */
export interface CallOptions {
  /** Aborts this call. The result is then an `aborted` error. */
  signal?: AbortSignal;
  /** Timeout for this call in milliseconds, overriding the client's. 0 means none. */
  timeout?: number;
  /** Extra headers for this call, overriding the client's. */
  headers?: Record<string, string>;
}

/**
 * An error as a call result carries it: the wire {@linkcode RpcError} plus the
 * HTTP status (0 when no response arrived) and, for client-side failures, the cause.
 */
export interface RpcCallError extends RpcError {
  /** The HTTP status of the response, or 0 when there was none. */
  status: number;
  /** The underlying exception, for `transport_error`, `timeout` and `aborted`. */
  cause?: unknown;
}

/** The result of a call: never a thrown exception. */
export type RpcResult<T> =
  | { ok: true; value: T }
  | { ok: false; error: RpcCallError };

/** A client for one endpoint serving registry `Methods`. */
export interface RpcClient<Methods extends MethodRegistry> {
  /**
   * Calls `method` with `input`.
   *
   * @param method The method name.
   * @param input The method's input.
   * @param options Per-call signal, timeout and headers.
   * @returns `{ok: true, value}`, or `{ok: false, error}` for every failure, including
   * network failures, timeouts, aborts and non-JSON bodies; it never rejects.
   */
  call<M extends MethodName<Methods>>(
    method: M,
    input: MethodInput<Methods, M>,
    options?: CallOptions,
  ): Promise<RpcResult<MethodOutput<Methods, M>>>;
}

/**
 * A throwing call function over a registry, as generated bindings expect it.
 *
 * @typeParam Methods The registry.
 */
export type RpcCall<Methods extends MethodRegistry> = <M extends MethodName<Methods>>(
  method: M,
  input: MethodInput<Methods, M>,
  options?: CallOptions,
) => Promise<MethodOutput<Methods, M>>;

/**
 * Creates a client that posts `{method, input}` to `${baseUrl}/rpc`.
 *
 * @param baseUrl The endpoint's base, e.g. `https://roj.example.com/api/v1`.
 * @param options Headers, credentials, `fetch`, timeout, signal, and retries for reads.
 * @returns The client.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { createRpcClient, defineMethods, method } from './mod.ts';
 * const methods = defineMethods({ 'echo': method<{ text: string }, { text: string }>() });
 * const client = createRpcClient<typeof methods>('https://api.example.com', {
 *   fetch: async (req, init) => Response.json({ ok: true, value: JSON.parse(String(init?.body)).input }),
 * });
 * const result = await client.call('echo', { text: 'hi' });
 * assert.deepEqual(result, { ok: true, value: { text: 'hi' } });
 * ```
 */
export function createRpcClient<Methods extends MethodRegistry>(
  baseUrl: string,
  options?: RpcClientOptions,
): RpcClient<Methods> {
  const url = `${baseUrl.replace(/\/+$/, '')}/rpc`;
  return {
    call<M extends MethodName<Methods>>(
      method: M,
      input: MethodInput<Methods, M>,
      callOptions?: CallOptions,
    ): Promise<RpcResult<MethodOutput<Methods, M>>> {
      const init: RequestInit = {
        method: 'POST',
        headers: mergeHeaders(
          { 'Content-Type': 'application/json', Accept: 'application/json' },
          options?.headers,
          callOptions?.headers,
        ),
        credentials: options?.credentials,
        body: JSON.stringify({ method, input }),
      };
      const signals = [options?.signal, callOptions?.signal];
      const attempt = () =>
        exchange(url, init, {
          fetch: options?.fetch,
          timeout: callOptions?.timeout ?? options?.timeout ?? 0,
          signals,
          read: parseEnvelope<MethodOutput<Methods, M>>,
        });
      // The init (a string body) is sent again unchanged by each attempt.
      return options?.retry?.run(method, attempt, signals) ?? attempt();
    },
  };
}

/**
 * Turns a result-returning client into a throwing call function, with the
 * error class of a product (e.g. `RojApiError`).
 *
 * @param client The client.
 * @param toError Builds the exception for a failed result.
 * @returns A call function that resolves with the value or throws `toError(error)`.
 *
 * @example Usage
 * ```ts
 * import { createRpcClient, defineMethods, method, throwingCall } from './mod.ts';
 * const methods = defineMethods({ ping: method<{}, { pong: boolean }>() });
 * const call = throwingCall(createRpcClient<typeof methods>('https://x.test'), (e) => new Error(e.message));
 * ```
 */
export function throwingCall<Methods extends MethodRegistry>(
  client: RpcClient<Methods>,
  toError: (error: RpcCallError) => Error,
): RpcCall<Methods> {
  return async (method, input, options) => {
    const result = await client.call(method, input, options);
    if (!result.ok) throw toError(result.error);
    return result.value;
  };
}
