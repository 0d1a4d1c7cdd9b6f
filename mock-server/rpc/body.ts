/**
 * Request bodies read under a size limit and a time limit.
 *
 * Size: a declared `Content-Length` over the limit is refused before reading,
 * and a chunked body is cut off, while streaming, at the first chunk past the
 * limit. A small body within its declared `Content-Length` is read as is:
 * HTTP framing ends it at that length, so counting is spent only where the
 * length is unknown or large (a copy of the request with a counting transform
 * was most of an RPC call's cost). The decision is made before any handler
 * runs (Hono's `bodyLimit` decided after, for chunked bodies, until
 * CVE-2026-44456 was fixed).
 *
 * Time (./body-time.ts): each wait for the next chunk is bounded by the idle
 * limit and the whole body by the total limit, and the mock's shutdown ends
 * every read in progress; all three answer `408 request_timeout`. A small
 * declared body (up to {@linkcode wholeBodyBytes}) is read in one wait, so it
 * must arrive whole within the idle limit.
 *
 * A body declared a little too large (by at most {@linkcode lingerBytes}) is
 * read to its end and discarded before the refusal is sent, as nginx's
 * lingering close does: a client that writes its whole body before reading
 * (every `fetch`) then reads the 413 on a connection still open, rather than
 * a reset one. Any other body that is cut off is left unread and locked,
 * never cancelled: Deno's server reads and discards the rest of a cancelled
 * body, or of one never touched (a gigabyte in a few seconds of a test), while
 * a locked, unread one is left to TCP back-pressure. Those refusals ask for
 * `Connection: close`, without which Bun's server, too, reads the rest.
 *
 * @module
 */
import { BodyClock, type BodyTime, closeConnection, defaultBodyTime } from './body-time.ts';
import { RpcFault } from './fault.ts';

/**
 * The largest declared body read in one wait (64 KiB: an RPC call, a form, a WebDAV XML body).
 * A larger one is read chunk by chunk, counting, with the idle limit applied to each chunk.
 */
export const wholeBodyBytes = 64 * 1024;

/**
 * How far past the limit a declared body may go and still be read to its end and discarded
 * before the refusal (1 MiB): enough for the honest mistake of a file just over the limit,
 * too little to be worth sending as an attack. A body declared larger is left unread.
 */
export const lingerBytes = 1024 * 1024;

/**
 * The `payload_too_large` fault for a limit. Unless the body was read to its end, it asks for
 * `Connection: close`: the rest of the body is not read.
 *
 * @param maxBytes The limit.
 * @param readToEnd Whether the whole body was read (and discarded), so the connection can stay.
 * @returns The fault.
 */
export function tooLarge(maxBytes: number, readToEnd = false): RpcFault {
  return new RpcFault(
    'payload_too_large',
    `Request body exceeds the limit of ${maxBytes} bytes`,
    readToEnd ? undefined : { headers: closeConnection },
  );
}

/**
 * A copy of `request` whose body stream errors with `payload_too_large` past `maxBytes` and
 * with `request_timeout` past the time limits. The copy reads the original only as it is read
 * (no read-ahead), so a consumer that stops reading leaves no timer behind.
 *
 * @param request The request.
 * @param maxBytes The limit in bytes.
 * @param time The time limits. Default {@linkcode defaultBodyTime}.
 * @returns The limited request. When `Content-Length` declares too much, but within
 * {@linkcode lingerBytes} of the limit, its stream errors with `payload_too_large` at the first
 * read, once the body has been read and discarded.
 * @throws {RpcFault} `payload_too_large` at once when `Content-Length` declares more than that.
 * @throws {TypeError} When the body was already read.
 */
export function limitBody(
  request: Request,
  maxBytes: number,
  time: Readonly<BodyTime> = defaultBodyTime,
): Request {
  requireUnread(request);
  const declared = declaredLength(request);
  const refused = declared !== undefined && declared > maxBytes;
  if (refused && !lingers(declared, maxBytes)) throw refuseUnread(request, maxBytes);
  if (!request.body) return request;
  const source = request.body.getReader();
  const clock = new BodyClock(time);
  let seen = 0;
  const limited = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (refused) return controller.error(await discard(source, clock, maxBytes, declared));
      try {
        const { value, done } = await clock.wait(source.read());
        if (done) return controller.close();
        seen += value.byteLength;
        if (seen > maxBytes) throw tooLarge(maxBytes);
        controller.enqueue(value);
      } catch (error) {
        controller.error(findFault(error) ?? unreadable(error));
      }
    },
  }, { highWaterMark: 0 });
  return new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body: limited,
    // @ts-ignore: `duplex` is required for streaming bodies in Node and Deno, absent from lib.dom
    duplex: 'half',
  });
}

/**
 * Reads a request body's bytes, under a size and a time limit.
 *
 * @param request The request.
 * @param maxBytes The limit in bytes.
 * @param time The time limits. Default {@linkcode defaultBodyTime}.
 * @returns The bytes.
 * @throws {RpcFault} `payload_too_large` past the limit, at the first chunk past it;
 * `request_timeout` past a time limit; `invalid_request` when the body fails to arrive (the
 * connection broke).
 * @throws {TypeError} When the body was already read.
 */
export async function readBytesLimited(
  request: Request,
  maxBytes: number,
  time: Readonly<BodyTime> = defaultBodyTime,
): Promise<Uint8Array<ArrayBuffer>> {
  requireUnread(request);
  const declared = declaredLength(request);
  if (declared !== undefined) {
    if (declared > maxBytes) throw await refuseDeclared(request, declared, maxBytes, time);
    if (declared <= wholeBodyBytes) {
      let bytes: Uint8Array<ArrayBuffer>;
      try {
        bytes = new Uint8Array(await new BodyClock(time).waitWhole(request.arrayBuffer()));
      } catch (error) {
        throw findFault(error) ?? unreadable(error);
      }
      if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes);
      return bytes;
    }
  }
  return await readCounted(request, maxBytes, time);
}

/**
 * Reads a request body as text, under a size and a time limit.
 *
 * @param request The request.
 * @param maxBytes The limit in bytes.
 * @param time The time limits. Default {@linkcode defaultBodyTime}.
 * @returns The body text.
 * @throws {RpcFault} `payload_too_large` past the limit; `request_timeout` past a time limit;
 * `invalid_request` when the body fails to arrive.
 * @throws {TypeError} When the body was already read.
 */
export async function readTextLimited(
  request: Request,
  maxBytes: number,
  time: Readonly<BodyTime> = defaultBodyTime,
): Promise<string> {
  requireUnread(request);
  const declared = declaredLength(request);
  if (declared !== undefined) {
    if (declared > maxBytes) throw await refuseDeclared(request, declared, maxBytes, time);
    if (declared <= wholeBodyBytes) {
      let text: string;
      try {
        text = await new BodyClock(time).waitWhole(request.text());
      } catch (error) {
        throw findFault(error) ?? unreadable(error);
      }
      // A string of n UTF-16 units holds at least n UTF-8 bytes; only a long one needs counting.
      if (text.length > maxBytes || (text.length * 3 > maxBytes && utf8Length(text) > maxBytes)) {
        throw tooLarge(maxBytes);
      }
      return text;
    }
  }
  return new TextDecoder().decode(await readCounted(request, maxBytes, time));
}

/** Whether a body declared `declared` bytes long, past `maxBytes`, is read and discarded. */
function lingers(declared: number, maxBytes: number): boolean {
  return declared - maxBytes <= lingerBytes;
}

/**
 * The refusal of a body declared too large: read to its end and discarded when it
 * {@linkcode lingers}, else left unread.
 */
async function refuseDeclared(
  request: Request,
  declared: number,
  maxBytes: number,
  time: Readonly<BodyTime>,
): Promise<RpcFault> {
  if (request.body === null || !lingers(declared, maxBytes)) return refuseUnread(request, maxBytes);
  return await discard(request.body.getReader(), new BodyClock(time), maxBytes, declared);
}

/**
 * Reads a refused body to its end under its clock, throwing the bytes away, and answers the
 * refusal: one that keeps the connection when the body ended, one that closes it when the body
 * failed, stalled, or went past its declared length (over a socket, HTTP framing ends it there;
 * a `Request` built in process can carry any stream).
 */
async function discard(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  clock: BodyClock,
  maxBytes: number,
  declared: number,
): Promise<RpcFault> {
  try {
    for (let read = 0; read <= declared;) {
      const { value, done } = await clock.wait(reader.read());
      if (done) return tooLarge(maxBytes, true);
      read += value.byteLength;
    }
  } catch {
    // Failed or stalled: the connection is not worth keeping.
  }
  return tooLarge(maxBytes);
}

/**
 * The refusal of a body declared too large, which is left unread: locked, so that no one reads
 * it, and Deno's server does not read and discard it (it does, for a body never touched).
 */
function refuseUnread(request: Request, maxBytes: number): RpcFault {
  try {
    request.body?.getReader();
  } catch {
    // Locked already: no one else will read it either.
  }
  return tooLarge(maxBytes);
}

/** A body read twice is a bug of the mock's, not a body that failed to arrive: let it throw. */
function requireUnread(request: Request): void {
  if (request.bodyUsed) throw new TypeError('The request body was already read');
}

/**
 * Reads a body chunk by chunk, counting, and stops at the first chunk past the limit. Cheaper
 * than {@linkcode limitBody}'s copy of the request: no second request, no second stream (an
 * in-process call with a string body has no `Content-Length`).
 */
async function readCounted(
  request: Request,
  maxBytes: number,
  time: Readonly<BodyTime>,
): Promise<Uint8Array<ArrayBuffer>> {
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const clock = new BodyClock(time);
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    for (;;) {
      const { value, done } = await clock.wait(reader.read());
      if (done) break;
      length += value.byteLength;
      if (length > maxBytes) throw tooLarge(maxBytes);
      chunks.push(value);
    }
  } catch (error) {
    throw findFault(error) ?? unreadable(error);
  }
  if (chunks.length === 1 && chunks[0].byteOffset === 0 && chunks[0].buffer.byteLength === length) {
    return chunks[0] as Uint8Array<ArrayBuffer>;
  }
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/** A body that failed to arrive: the connection broke, or the caller's stream failed. */
function unreadable(cause: unknown): RpcFault {
  return new RpcFault('invalid_request', 'Request body could not be read to its end', {
    cause,
    headers: closeConnection,
  });
}

/**
 * The body length a request declares: its `Content-Length`, unless
 * `Transfer-Encoding` is present (RFC 9112 §6.3: then `Content-Length` is ignored).
 *
 * @param request The request.
 * @returns The declared length, or `undefined` when none is declared.
 */
function declaredLength(request: Request): number | undefined {
  // Every RPC call comes through here: the common case costs two header reads, not four.
  const headers = request.headers;
  const value = headers.get('content-length');
  if (value === null || !/^\d+$/.test(value) || headers.has('transfer-encoding')) return undefined;
  return Number(value);
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).byteLength;
}

/**
 * The `RpcFault` behind a stream error, however deeply the runtime wrapped it.
 *
 * @param error What a body read threw.
 * @returns The fault, or `undefined`.
 */
export function findFault(error: unknown): RpcFault | undefined {
  for (let e = error, i = 0; e && i < 5; e = (e as { cause?: unknown }).cause, i++) {
    if (e instanceof RpcFault) return e;
  }
  return undefined;
}
