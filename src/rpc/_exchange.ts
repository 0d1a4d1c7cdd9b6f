// One HTTP exchange that never throws: the RPC client and product routes outside the envelope
// (multipart uploads) share it, so timeouts, aborts and network failures read the same everywhere.
import type { FetchFn, RpcResult } from './client.ts';
import { transportError } from './_envelope.ts';
import { redactCredentials } from './_redact.ts';
import { type CallSignal, callSignal } from './_signal.ts';

/** Reads a response body into a result; it must not throw. */
export type ReadBody<T> = (
  text: string,
  status: number,
  contentType: string | null,
) => RpcResult<T>;

/** What one exchange needs besides the request itself. */
export interface ExchangeOptions {
  /** The `fetch` to use; `globalThis.fetch` (looked up now) when absent. */
  fetch?: FetchFn;
  /** Timeout in milliseconds; 0 means none. */
  timeout: number;
  /** Signals that abort the exchange, e.g. the client's and the call's. */
  signals: (AbortSignal | undefined)[];
}

/** Reads a whole response into a result; what it throws becomes a `transport_error`. */
export type ReadResponse<T> = (response: Response) => Promise<RpcResult<T>>;

/**
 * Sends `init` to `url` and reads the answer's text with `read`. Every failure becomes a result:
 * a timeout is `timeout`, a fired signal `aborted`, anything else `transport_error` with the
 * status seen (0 before a response arrived). An error the server sent never quotes the
 * request's `Authorization` credential: `[redacted]` takes its place.
 *
 * @param url Where to.
 * @param init The request, without its signal.
 * @param options `fetch`, timeout, signals and how to read the body's text.
 * @returns What `read` makes of the answer, or the failure.
 */
export async function exchange<T>(
  url: string,
  init: RequestInit,
  options: ExchangeOptions & { read: ReadBody<T> },
): Promise<RpcResult<T>> {
  // The body is read here rather than through exchangeResponse with a reading callback: one
  // async step less on every RPC call, a measurable share of a loopback call (bench `client`).
  const call = callSignal(options.signals, options.timeout);
  let status = 0;
  try {
    const response = await send(url, init, options.fetch, call.signal);
    status = response.status;
    const text = await response.text();
    const result = options.read(text, status, response.headers.get('content-type'));
    return redactCredentials(result, init.headers);
  } catch (cause) {
    return failure(call, options.timeout, status, cause);
  } finally {
    call.dispose();
  }
}

/**
 * {@linkcode exchange} for an answer read other than as text (an archive's bytes): `read` gets
 * the response itself, under the same timeout and signals.
 *
 * @param url Where to.
 * @param init The request, without its signal.
 * @param options `fetch`, timeout, signals and how to read the response.
 * @returns What `read` makes of the answer, or the failure.
 */
export async function exchangeResponse<T>(
  url: string,
  init: RequestInit,
  options: ExchangeOptions & { read: ReadResponse<T> },
): Promise<RpcResult<T>> {
  const call = callSignal(options.signals, options.timeout);
  let status = 0;
  try {
    const response = await send(url, init, options.fetch, call.signal);
    status = response.status;
    return redactCredentials(await options.read(response), init.headers);
  } catch (cause) {
    return failure(call, options.timeout, status, cause);
  } finally {
    call.dispose();
  }
}

/** Sends the request with the call's signal, through `fetch` or `globalThis.fetch` (looked up now). */
function send(
  url: string,
  init: RequestInit,
  fetch: FetchFn | undefined,
  signal: AbortSignal | undefined,
): Promise<Response> {
  const request = { ...init, signal };
  return fetch ? fetch(url, request) : globalThis.fetch(url, request);
}

/** What a thrown exchange becomes: `timeout`, `aborted`, or else a `transport_error`. */
function failure(
  call: CallSignal,
  timeout: number,
  status: number,
  cause: unknown,
): RpcResult<never> {
  if (call.timedOut()) {
    const message = `Call timed out after ${timeout} ms`;
    return { ok: false, error: { type: 'timeout', message, status, cause } };
  }
  if (call.signal?.aborted) {
    return { ok: false, error: { type: 'aborted', message: 'Call was aborted', status, cause } };
  }
  const reason = cause instanceof Error ? cause.message : String(cause);
  return transportError(status, `Network error: ${reason}`, cause);
}

/**
 * Merges header records left to right into one record with lower-case names. Names are
 * case-insensitive (RFC 9110 §5.1), so a later `authorization` replaces an earlier
 * `Authorization` instead of being joined to it.
 *
 * A plain record, as the published 0.0.2 client sent, rather than a `Headers` object: `fetch`
 * reads a record far faster than it iterates a `Headers` (on Deno about 10 µs per call, a tenth
 * of a whole loopback RPC call; `deno task bench --only client`).
 */
export function mergeHeaders(
  ...sources: (Record<string, string> | undefined)[]
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const source of sources) {
    if (source === undefined) continue;
    for (const name of Object.keys(source)) headers[name.toLowerCase()] = source[name];
  }
  return headers;
}
