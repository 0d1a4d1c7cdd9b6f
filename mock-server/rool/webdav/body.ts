/**
 * Request bodies, read with a byte limit: the `Content-Length` is checked
 * first, and the stream is cut off as soon as it goes past the limit, so an
 * oversized upload is never held in memory, through the RPC endpoint's reader
 * (../../rpc/body.ts). XML bodies take the limits of ../files/limits.ts.
 *
 * @module
 */
import { parseXml, type XmlElement } from '../../../src/rool/_xml.ts';
import { readBytesLimited } from '../../rpc/body.ts';
import { RpcFault } from '../../rpc/fault.ts';
import { filesLimits } from '../files/limits.ts';
import { DavError } from './errors.ts';

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
 * @throws {DavError} 413 past `filesLimits.xmlBodyBytes`; 400 for XML that is not UTF-8.
 * @throws {XmlError} For malformed XML or XML past the element or depth limits (mapped to 400 or
 * 413 by the router).
 */
export async function readXml(request: Request): Promise<XmlElement | undefined> {
  const { xmlBodyBytes, xmlElements, xmlDepth } = filesLimits;
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
  return parseXml(text, { maxBytes: xmlBodyBytes, maxNodes: xmlElements, maxDepth: xmlDepth });
}
