/**
 * A multipart body cut at its close delimiter. RFC 2046 §5.1.1 lets a body
 * carry an epilogue after the close delimiter (at least the CRLF that ends
 * its line), to be ignored. `@remix-run/multipart-parser` 0.16 ignores it only
 * when it arrives in the same chunk as the delimiter; in a later chunk it
 * throws "Unexpected data after end of stream". Chunks fall where the network
 * puts them, so a valid upload whose last CRLF came in a packet of its own was
 * refused with 400. The fuzzing suite found it (test/fuzz/): the same upload
 * streamed in 4-byte chunks.
 *
 * @module
 */
import { getMultipartBoundary } from '@remix-run/multipart-parser';

/**
 * A copy of a multipart request whose body ends right after the close delimiter; the rest is
 * never read. A request without a boundary, or without a body, is returned as it is.
 *
 * @param request The request.
 * @returns The request to parse.
 *
 * @example The epilogue in a chunk of its own
 * ```ts
 * import assert from 'node:assert/strict';
 * import { endAtCloseDelimiter } from './multipart-end.ts';
 * const chunks = ['--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n--b--', '\r\n'];
 * const body = new ReadableStream({
 *   pull(controller) {
 *     const chunk = chunks.shift();
 *     if (chunk === undefined) controller.close();
 *     else controller.enqueue(new TextEncoder().encode(chunk));
 *   },
 * });
 * const request = new Request('http://x/', {
 *   method: 'POST',
 *   headers: { 'content-type': 'multipart/form-data; boundary=b' },
 *   body,
 *   duplex: 'half',
 * } as RequestInit);
 * const text = await endAtCloseDelimiter(request).text();
 * assert.ok(text.endsWith('x\r\n--b--'));
 * ```
 */
export function endAtCloseDelimiter(request: Request): Request {
  const boundary = getMultipartBoundary(request.headers.get('content-type') ?? '');
  if (!boundary || !request.body) return request;
  const delimiter = new TextEncoder().encode(`\r\n--${boundary}--`);
  const source = request.body.getReader();
  // The bytes before a chunk, so a delimiter split between chunks is found. The body starts
  // after a virtual CRLF: a body of no parts is the close delimiter alone.
  let carry: Uint8Array = Uint8Array.of(13, 10);
  let ended = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (ended) return controller.close();
      const { value, done } = await source.read();
      if (done) return controller.close();
      const end = delimiterEnd(carry, value, delimiter);
      if (end < 0) {
        controller.enqueue(value);
        carry = tail(carry, value, delimiter.length - 1);
        return;
      }
      // The epilogue is left unread: the parser must not see it.
      controller.enqueue(value.subarray(0, end));
      ended = true;
      source.releaseLock();
    },
  }, { highWaterMark: 0 });
  return new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body,
    // @ts-ignore: `duplex` is required for streaming bodies in Node and Deno, absent from lib.dom
    duplex: 'half',
  });
}

// Where in `chunk` the first delimiter ends, counting bytes of `carry` before it; -1 when none.
function delimiterEnd(carry: Uint8Array, chunk: Uint8Array, delimiter: Uint8Array): number {
  const joined = new Uint8Array(carry.length + chunk.length);
  joined.set(carry);
  joined.set(chunk, carry.length);
  outer: for (let i = 0; i + delimiter.length <= joined.length; i++) {
    for (let j = 0; j < delimiter.length; j++) {
      if (joined[i + j] !== delimiter[j]) continue outer;
    }
    return i + delimiter.length - carry.length;
  }
  return -1;
}

// The last `length` bytes of `carry` followed by `chunk`.
function tail(carry: Uint8Array, chunk: Uint8Array, length: number): Uint8Array {
  if (chunk.length >= length) return chunk.slice(chunk.length - length);
  const joined = new Uint8Array(carry.length + chunk.length);
  joined.set(carry);
  joined.set(chunk, carry.length);
  return joined.slice(Math.max(0, joined.length - length));
}
