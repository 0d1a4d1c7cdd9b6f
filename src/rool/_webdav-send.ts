// One authenticated WebDAV exchange: the client's headers (token, `Rool-Client-Id`) built by
// `requestHeaders` at call time, the client's timeout and the caller's signal combined, and every
// failure (no answer, an unreadable one, an unexpected status) turned into a WebDAVError that never
// holds the token.
import { type CallSignal, callSignal, untilAborted } from '../rpc/_signal.ts';
import { readCappedText } from './_body.ts';
import { contextFetch, requestHeaders, type RoolRequestContext } from './_transport.ts';
import { answerLimits, DavParseError } from './_webdav-multistatus.ts';
import { parseXml } from './_xml.ts';
import { WebDAVError, type WebDAVErrorInit } from './webdav-error.ts';

/** What WebDAV requests need: the client's request context and its timeout. */
export interface DavContext extends RoolRequestContext {
  /** Timeout per request in ms, until the answer's headers (and a body read here) arrive; 0: none. */
  timeoutMs: number;
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
/** Most bytes of an answer read whole: what the multistatus parser accepts (64 MiB). */
const maxAnswerBytes = answerLimits.maxBytes!;

/** An answer, with what reading it further needs. */
export class DavExchange {
  readonly response: Response;
  readonly request: DavRequest;
  readonly #token: string | undefined;
  readonly #signal: CallSignal;
  readonly #timeoutMs: number;

  constructor(
    response: Response,
    request: DavRequest,
    sent: { token: string | undefined; signal: CallSignal; timeoutMs: number },
  ) {
    this.response = response;
    this.request = request;
    this.#token = sent.token;
    this.#signal = sent.signal;
    this.#timeoutMs = sent.timeoutMs;
  }

  /** Stops the timeout: the caller reads the body at its own pace (its signal still applies). */
  release(): Response {
    this.#signal.stopTimer();
    return this.response;
  }

  /**
   * The whole body as text, under the timeout.
   *
   * @throws {WebDAVError} `invalid_response` for a body over `maxBytes` (read no further);
   * `timeout`, `aborted` or `transport_error` when the body does not arrive.
   */
  async text(maxBytes: number = maxAnswerBytes): Promise<string> {
    let read;
    try {
      read = await this.#read(maxBytes);
    } catch (cause) {
      const failed = { timedOut: this.#signal.timedOut(), timeoutMs: this.#timeoutMs };
      throw failure(this.request, failed, this.#token, cause);
    } finally {
      this.#signal.dispose();
    }
    if (read.truncated) throw this.invalid(`the answer is larger than ${maxBytes} bytes`);
    return read.text;
  }

  /**
   * The whole body read by `parse`, under the timeout.
   *
   * @throws {WebDAVError} As {@linkcode text}; `invalid_response` when `parse` throws a
   * DavParseError.
   */
  async parse<T>(parse: (text: string) => T): Promise<T> {
    const text = await this.text();
    try {
      return parse(text);
    } catch (error) {
      if (error instanceof DavParseError) throw this.invalid(error.message, error);
      throw error;
    }
  }

  /** Discards the body. */
  async discard(): Promise<void> {
    this.#signal.dispose();
    await this.response.body?.cancel().catch(() => {});
  }

  /** The answer as a WebDAVError, reading (part of) its body. */
  async error(): Promise<WebDAVError> {
    let body = '';
    try {
      body = (await this.#read(maxErrorBytes)).text;
    } catch {
      // The status says enough; a body that fails to arrive is left out.
    } finally {
      this.#signal.dispose();
    }
    const condition = conditionOf(body, this.response.headers.get('content-type'));
    return this.#error({ body: scrub(body, this.#token), condition });
  }

  /** An answer that could not be read, as a WebDAVError of type `invalid_response`. */
  invalid(message: string, cause?: unknown): WebDAVError {
    const { method, path } = this.request;
    const detail = scrub(message, this.#token);
    return this.#error({
      type: 'invalid_response',
      message: `WebDAV ${method} ${path}: ${detail}`,
      cause,
    });
  }

  #error(init: Omit<WebDAVErrorInit, 'status'>): WebDAVError {
    const { response, request: { method, path } } = this;
    const statusText = scrub(response.statusText, this.#token);
    return new WebDAVError({ status: response.status, statusText, method, path, ...init });
  }

  #read(maxBytes: number) {
    return untilAborted(readCappedText(this.response, maxBytes), this.#signal.signal);
  }
}

/**
 * Sends a request with the client's headers (`requestHeaders`: `Rool-Client-Id`, the token, then
 * the request's own, which win).
 *
 * @param context The client's request context and timeout.
 * @param request The request.
 * @returns The answer, whatever its status.
 * @throws {WebDAVError} `aborted`, `timeout` or `transport_error` when no answer arrived.
 */
export async function sendDav(context: DavContext, request: DavRequest): Promise<DavExchange> {
  if (request.signal?.aborted) throw failure(request, undefined, undefined, request.signal.reason);
  const headers = await requestHeaders(context, request.headers);
  const token = headers.get('Authorization')?.replace(/^Bearer /, '');
  if (request.signal?.aborted) throw failure(request, undefined, token, request.signal.reason);
  const init: RequestInit & { duplex?: 'half' } = { method: request.method, headers };
  if (request.body !== undefined && request.body !== null) {
    init.body = request.body;
    // Fetch requires half duplex to stream a request body (WHATWG Fetch §5.3).
    if (request.body instanceof ReadableStream) init.duplex = 'half';
  }
  const { timeoutMs } = context;
  const signal = callSignal([request.signal], timeoutMs);
  if (signal.signal) init.signal = signal.signal;
  try {
    const response = await untilAborted(
      contextFetch(context)(request.url, init),
      signal.signal,
      (late) => void late.body?.cancel().catch(() => {}),
    );
    return new DavExchange(response, request, { token, signal, timeoutMs });
  } catch (cause) {
    signal.dispose();
    throw failure(request, { timedOut: signal.timedOut(), timeoutMs }, token, cause);
  }
}

/** Whether a request's timeout fired, and what it was. */
interface Failed {
  timedOut: boolean;
  timeoutMs: number;
}

function failure(
  request: DavRequest,
  signal: Failed | undefined,
  token: string | undefined,
  cause: unknown,
): WebDAVError {
  const what = `WebDAV ${request.method} ${request.path}`;
  const common = { status: 0, method: request.method, path: request.path, cause };
  if (signal?.timedOut) {
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
