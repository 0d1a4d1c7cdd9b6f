/**
 * Request bodies, read with a byte limit: the `Content-Length` is checked
 * first, and the stream is cut off as soon as it goes past the limit, so an
 * oversized upload is never held in memory. The limit is the RPC endpoint's.
 *
 * @module
 */
import { parseXml, type XmlElement } from '../../../src/rool/_xml.ts';
import { readBytesLimited } from '../../rpc/body.ts';
import { RpcFault } from '../../rpc/fault.ts';
import { DavError } from './errors.ts';

/** Largest XML request body (PROPFIND, PROPPATCH, LOCK, REPORT), in bytes. */
export const xmlBodyBytes = 1024 * 1024;

/**
 * Reads a request body, through the RPC endpoint's byte limit (../../rpc/body.ts).
 *
 * @param request The request.
 * @param maxBytes The most bytes accepted.
 * @param tooLarge The error for a larger body.
 * @returns The bytes.
 * @throws {DavError} `tooLarge()` past the limit.
 */
export async function readBody(
  request: Request,
  maxBytes: number,
  tooLarge: () => DavError,
): Promise<Uint8Array<ArrayBuffer>> {
  try {
    return await readBytesLimited(request, maxBytes);
  } catch (error) {
    if (!(error instanceof RpcFault)) throw error;
    // A declared size past the limit is refused before reading: leave the body unread.
    await request.body?.cancel().catch(() => {});
    throw tooLarge();
  }
}

/**
 * Reads and parses an XML request body.
 *
 * @param request The request.
 * @returns The root element, or `undefined` for an empty body.
 * @throws {DavError} 413 past {@linkcode xmlBodyBytes}; 400 for malformed XML or XML that is not
 * UTF-8 (from `parseXml`'s `XmlError`, mapped by the caller).
 */
export async function readXml(request: Request): Promise<XmlElement | undefined> {
  const bytes = await readBody(
    request,
    xmlBodyBytes,
    () => new DavError(413, `An XML request body is at most ${xmlBodyBytes} bytes`),
  );
  if (bytes.length === 0) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (cause) {
    throw new DavError(400, 'An XML request body must be UTF-8', { cause });
  }
  if (text.trim() === '') return undefined;
  return parseXml(text, { maxBytes: xmlBodyBytes });
}
