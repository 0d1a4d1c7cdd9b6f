/**
 * Request bodies read under a size limit that is enforced while streaming: a
 * declared `Content-Length` over the limit is refused before reading, and a
 * chunked body is cut off at the first byte past the limit. The decision is
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
  // RFC 9112 §6.3: with Transfer-Encoding present, Content-Length is ignored.
  const declared = request.headers.has('transfer-encoding')
    ? NaN
    : Number(request.headers.get('content-length'));
  if (declared > maxBytes) throw tooLarge(maxBytes);
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
  const limited = limitBody(request, maxBytes);
  try {
    return new Uint8Array(await limited.arrayBuffer());
  } catch (error) {
    throw findFault(error) ?? error;
  }
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
  const limited = limitBody(request, maxBytes);
  try {
    return await limited.text();
  } catch (error) {
    throw findFault(error) ?? error;
  }
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
