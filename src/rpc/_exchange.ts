// One HTTP exchange that never throws: the RPC client and product routes outside the envelope
// (multipart uploads) share it, so timeouts, aborts and network failures read the same everywhere.
import type { FetchFn, RpcResult } from './client.ts';
import { transportError } from './_envelope.ts';
import { callSignal } from './_signal.ts';

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
 * status seen (0 before a response arrived).
 *
 * @param url Where to.
 * @param init The request, without its signal.
 * @param options `fetch`, timeout, signals and how to read the body's text.
 * @returns What `read` makes of the answer, or the failure.
 */
export function exchange<T>(
  url: string,
  init: RequestInit,
  options: ExchangeOptions & { read: ReadBody<T> },
): Promise<RpcResult<T>> {
  return exchangeResponse(url, init, {
    ...options,
    read: async (response) =>
      options.read(await response.text(), response.status, response.headers.get('content-type')),
  });
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
  const doFetch: FetchFn = options.fetch ?? ((req, reqInit) => globalThis.fetch(req, reqInit));
  const call = callSignal(options.signals, options.timeout);
  let status = 0;
  try {
    const response = await doFetch(url, { ...init, signal: call.signal });
    status = response.status;
    return await options.read(response);
  } catch (cause) {
    if (call.timedOut()) {
      const message = `Call timed out after ${options.timeout} ms`;
      return { ok: false, error: { type: 'timeout', message, status, cause } };
    }
    if (call.signal?.aborted) {
      return { ok: false, error: { type: 'aborted', message: 'Call was aborted', status, cause } };
    }
    const reason = cause instanceof Error ? cause.message : String(cause);
    return transportError(status, `Network error: ${reason}`, cause);
  } finally {
    call.dispose();
  }
}

/**
 * Merges header records left to right. Names are case-insensitive (RFC 9110 §5.1), so a later
 * `authorization` replaces an earlier `Authorization` instead of being joined to it.
 */
export function mergeHeaders(...sources: (Record<string, string> | undefined)[]): Headers {
  const headers = new Headers();
  for (const source of sources) {
    for (const [name, value] of Object.entries(source ?? {})) headers.set(name, value);
  }
  return headers;
}
