/**
 * Request bodies read under a size limit: a declared `Content-Length` over the
 * limit is refused before reading, and a chunked body is cut off, while
 * streaming, at the first byte past the limit. A body within its declared
 * `Content-Length` is read as is: HTTP framing ends it at that length, so
 * counting is spent only where the length is unknown (a copy of the request
 * with a counting transform was most of an RPC call's cost). The decision is
 * made before any handler runs (Hono's `bodyLimit` decided after, for chunked
 * bodies, until CVE-2026-44456 was fixed).
 *
 * @module
 */
import { RpcFault } from './fault.ts';

/**
 * The `payload_too_large` fault for a limit.
 *
 * @param maxBytes The limit.
 * @returns The fault.
 */
export function tooLarge(maxBytes: number): RpcFault {
  return new RpcFault('payload_too_large', `Request body exceeds the limit of ${maxBytes} bytes`);
}

/**
 * A copy of `request` whose body stream errors with `payload_too_large` past `maxBytes`.
 *
 * @param request The request.
 * @param maxBytes The limit in bytes.
 * @returns The limited request.
 * @throws {RpcFault} `payload_too_large` at once when `Content-Length` declares too much.
 */
export function limitBody(request: Request, maxBytes: number): Request {
  const declared = declaredLength(request);
  if (declared !== undefined && declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return request;
  let seen = 0;
  const counted = request.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > maxBytes) controller.error(tooLarge(maxBytes));
        else controller.enqueue(chunk);
      },
    }),
  );
  return new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body: counted,
    // @ts-ignore: `duplex` is required for streaming bodies in Node and Deno, absent from lib.dom
    duplex: 'half',
  });
}

/**
 * Reads a request body's bytes, under a limit.
 *
 * @param request The request.
 * @param maxBytes The limit in bytes.
 * @returns The bytes.
 * @throws {RpcFault} `payload_too_large` past the limit, at the first byte past it.
 */
export async function readBytesLimited(
  request: Request,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const declared = declaredLength(request);
  if (declared !== undefined) {
    if (declared > maxBytes) throw tooLarge(maxBytes);
    const bytes = new Uint8Array(await request.arrayBuffer());
    if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes);
    return bytes;
  }
  return await readCounted(request, maxBytes);
}

/**
 * Reads a request body as text, under a limit.
 *
 * @param request The request.
 * @param maxBytes The limit in bytes.
 * @returns The body text.
 * @throws {RpcFault} `payload_too_large` past the limit.
 */
export async function readTextLimited(request: Request, maxBytes: number): Promise<string> {
  const declared = declaredLength(request);
  if (declared !== undefined) {
    if (declared > maxBytes) throw tooLarge(maxBytes);
    const text = await request.text();
    // A string of n UTF-16 units holds at least n UTF-8 bytes; only a long one needs counting.
    if (text.length > maxBytes || (text.length * 3 > maxBytes && utf8Length(text) > maxBytes)) {
      throw tooLarge(maxBytes);
    }
    return text;
  }
  return new TextDecoder().decode(await readCounted(request, maxBytes));
}

/**
 * Reads a body of unknown length chunk by chunk, counting, and cancels it at the first byte
 * past the limit. Cheaper than {@linkcode limitBody}'s copy of the request: no second request,
 * no transform stream (an in-process call with a string body has no `Content-Length`).
 */
async function readCounted(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
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
