// One authenticated WebDAV exchange: the bearer token and the client's headers added at call
// time, the client's timeout and the caller's signal combined, and every failure (no answer,
// an unreadable one, an unexpected status) turned into a WebDAVError that never holds the token.
import type { FetchFn } from '../rpc/client.ts';
import { parseXml } from './_xml.ts';
import { WebDAVError } from './webdav-error.ts';

/** How requests reach the server. */
export interface DavTransportOptions {
  getToken(): Promise<string | undefined>;
  fetch?: FetchFn;
  timeoutMs?: number;
  headers?(): Record<string, string>;
}

/** A request: its method, URL, the machine path it addresses (for messages), and its init. */
export interface DavRequest {
  method: string;
  url: string;
  path: string;
  headers?: Headers;
  body?: BodyInit | null;
  signal?: AbortSignal;
}

/** Most bytes of an error answer read; the rest is discarded unread. */
const maxErrorBytes = 64 * 1024;

/** An answer, with what reading it further needs. */
export class DavExchange {
  readonly response: Response;
  readonly #request: DavRequest;
  readonly #token: string | undefined;
  readonly #signal: RequestSignal;

  constructor(
    response: Response,
    request: DavRequest,
    token: string | undefined,
    signal: RequestSignal,
  ) {
    this.response = response;
    this.#request = request;
    this.#token = token;
    this.#signal = signal;
  }

  /** Stops the timeout: the caller reads the body at its own pace (its signal still applies). */
  release(): Response {
    this.#signal.clearTimer();
    return this.response;
  }

  /** The whole body as text, under the timeout. */
  async text(): Promise<string> {
    try {
      return await untilAborted(this.response.text(), this.#signal.signal);
    } catch (cause) {
      throw failure(this.#request, this.#signal, this.#token, cause);
    } finally {
      this.#signal.clearTimer();
    }
  }

  /** Discards the body. */
  async discard(): Promise<void> {
    this.#signal.clearTimer();
    await this.response.body?.cancel().catch(() => {});
  }

  /** The answer as a WebDAVError, reading (part of) its body. */
  async error(): Promise<WebDAVError> {
    const { response } = this;
    let body = '';
    try {
      body = await untilAborted(readPrefix(response, maxErrorBytes), this.#signal.signal);
    } catch {
      // The status says enough; a body that fails to arrive is left out.
    } finally {
      this.#signal.clearTimer();
    }
    const condition = conditionOf(body, response.headers.get('content-type'));
    return new WebDAVError({
      status: response.status,
      statusText: scrub(response.statusText, this.#token),
      body: scrub(body, this.#token),
      method: this.#request.method,
      path: this.#request.path,
      ...(condition === undefined ? {} : { condition }),
    });
  }

  /** An answer that could not be read, as a WebDAVError of type `invalid_response`. */
  invalid(message: string, cause?: unknown): WebDAVError {
    return new WebDAVError({
      type: 'invalid_response',
      message: `WebDAV ${this.#request.method} ${this.#request.path}: ${
        scrub(message, this.#token)
      }`,
      status: this.response.status,
      statusText: scrub(this.response.statusText, this.#token),
      method: this.#request.method,
      path: this.#request.path,
      cause,
    });
  }
}

/**
 * Sends a request with the token and the client's headers.
 *
 * @throws {WebDAVError} `aborted`, `timeout` or `transport_error` when no answer arrived.
 */
export async function sendDav(
  options: DavTransportOptions,
  request: DavRequest,
): Promise<DavExchange> {
  if (request.signal?.aborted) throw failure(request, undefined, undefined, request.signal.reason);
  const token = await options.getToken();
  if (request.signal?.aborted) throw failure(request, undefined, token, request.signal.reason);
  const headers = new Headers(options.headers?.());
  for (const [name, value] of request.headers ?? []) headers.set(name, value);
  if (token !== undefined) headers.set('Authorization', `Bearer ${token}`);
  const init: RequestInit & { duplex?: 'half' } = { method: request.method, headers };
  if (request.body !== undefined && request.body !== null) {
    init.body = request.body;
    // Fetch requires half duplex to stream a request body (WHATWG Fetch §5.3).
    if (request.body instanceof ReadableStream) init.duplex = 'half';
  }
  const signal = requestSignal(request.signal, options.timeoutMs ?? 0);
  if (signal.signal) init.signal = signal.signal;
  const doFetch: FetchFn = options.fetch ?? ((input, reqInit) => globalThis.fetch(input, reqInit));
  try {
    const response = await untilAborted(doFetch(request.url, init), signal.signal, (late) => {
      void late.body?.cancel().catch(() => {});
    });
    return new DavExchange(response, request, token, signal);
  } catch (cause) {
    signal.clearTimer();
    throw failure(request, signal, token, cause);
  }
}

/** The combined signal of one request, and how to tell its timeout from the caller's abort. */
interface RequestSignal {
  signal: AbortSignal | undefined;
  timedOut(): boolean;
  timeoutMs: number;
  clearTimer(): void;
}

function requestSignal(caller: AbortSignal | undefined, timeoutMs: number): RequestSignal {
  if (timeoutMs <= 0) {
    return { signal: caller, timedOut: () => false, timeoutMs, clearTimer() {} };
  }
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`Timed out after ${timeoutMs} ms`, 'TimeoutError'));
  }, timeoutMs);
  return {
    // AbortSignal.any holds its sources weakly, so a long-lived caller signal keeps nothing alive.
    signal: caller ? AbortSignal.any([caller, controller.signal]) : controller.signal,
    timedOut: () => timedOut,
    timeoutMs,
    clearTimer: () => clearTimeout(timer),
  };
}

/**
 * `promise`, or a rejection with the signal's reason as soon as it fires: an injected `fetch`
 * (an in-process server) may ignore the signal, and the timeout must hold all the same.
 */
function untilAborted<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  discard?: (late: T) => void,
): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      reject(signal.reason);
      if (discard) promise.then(discard, () => {});
      else promise.catch(() => {});
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function failure(
  request: DavRequest,
  signal: RequestSignal | undefined,
  token: string | undefined,
  cause: unknown,
): WebDAVError {
  const what = `WebDAV ${request.method} ${request.path}`;
  const common = { status: 0, method: request.method, path: request.path, cause };
  if (signal?.timedOut()) {
    return new WebDAVError({
      ...common,
      type: 'timeout',
      message: `${what} timed out after ${signal.timeoutMs} ms`,
    });
  }
  if (request.signal?.aborted) {
    return new WebDAVError({ ...common, type: 'aborted', message: `${what} was aborted` });
  }
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new WebDAVError({
    ...common,
    type: 'transport_error',
    message: `${what} failed: network error: ${scrub(reason, token)}`,
  });
}

/** `text` with every occurrence of the token replaced. */
function scrub(text: string, token: string | undefined): string {
  return token === undefined || token === '' ? text : text.replaceAll(token, '[redacted]');
}

async function readPrefix(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < maxBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(Math.min(size, maxBytes));
  let offset = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, bytes.byteLength - offset);
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

// RFC 4918 §16: an error body is `<D:error>` holding one element per failed condition.
function conditionOf(body: string, contentType: string | null): string | undefined {
  if (body === '' || !/\bxml\b/i.test(contentType ?? 'xml')) return undefined;
  try {
    const root = parseXml(body, { maxBytes: maxErrorBytes, maxNodes: 200, maxDepth: 16 });
    if (root.ns !== 'DAV:' || root.local !== 'error') return undefined;
    // Conditions are `DAV:` elements; others (a server's own message element) are not.
    return root.children.find((element) => element.ns === 'DAV:')?.local;
  } catch {
    return undefined;
  }
}
