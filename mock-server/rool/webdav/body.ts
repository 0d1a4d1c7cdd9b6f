/**
 * Request bodies, read with a byte limit and time limits: the `Content-Length` is checked
 * first, and the stream is cut off as soon as it goes past the limit, so an
 * oversized upload is never held in memory, through the RPC endpoint's reader
 * (../../rpc/body.ts); a stalled one is answered 408. XML bodies take the limits of
 * ../files/limits.ts.
 *
 * @module
 */
import { parseXml, type XmlElement } from '../../../src/rool/_xml.ts';
import { readBytesLimited } from '../../rpc/body.ts';
import type { BodyTime } from '../../rpc/body-time.ts';
import { RpcFault } from '../../rpc/fault.ts';
import { filesLimits } from '../files/limits.ts';
import { DavError } from './errors.ts';

/** The limits of one WebDAV body. */
export interface DavBodyLimit {
  /** The most bytes accepted. */
  maxBytes: number;
  /** The error for a larger body. */
  tooLarge: () => DavError;
  /** The time limits (the runtime's `bodyTime.rpc` or `bodyTime.upload`). */
  time: Readonly<BodyTime>;
}

/**
 * Reads a request body, through the RPC endpoint's size and time limits (../../rpc/body.ts).
 *
 * @param request The request.
 * @param limit The most bytes accepted, the error for more, and the time limits.
 * @returns The bytes.
 * @throws {DavError} `tooLarge()` past the limit, asking for `Connection: close` (the rest of the
 * body is left unread).
 * @throws {RpcFault} `request_timeout` past a time limit; `invalid_request` when the body fails
 * to arrive. The router answers them with their status.
 */
export async function readBody(
  request: Request,
  limit: DavBodyLimit,
): Promise<Uint8Array<ArrayBuffer>> {
  try {
    return await readBytesLimited(request, limit.maxBytes, limit.time);
  } catch (error) {
    if (!(error instanceof RpcFault) || error.type !== 'payload_too_large') throw error;
    const refusal = limit.tooLarge();
    Object.assign(refusal.headers, error.headers);
    throw refusal;
  }
}

/**
 * Reads and parses an XML request body.
 *
 * @param request The request.
 * @param time The time limits (the runtime's `bodyTime.rpc`).
 * @returns The root element, or `undefined` for an empty body.
 * @throws {DavError} 413 past `filesLimits.xmlBodyBytes`; 400 for XML that is not UTF-8.
 * @throws {XmlError} For malformed XML or XML past the element or depth limits (mapped to 400 or
 * 413 by the router).
 */
export async function readXml(
  request: Request,
  time: Readonly<BodyTime>,
): Promise<XmlElement | undefined> {
  const { xmlBodyBytes, xmlElements, xmlDepth } = filesLimits;
  const bytes = await readBody(request, {
    maxBytes: xmlBodyBytes,
    tooLarge: () => new DavError(413, `An XML request body is at most ${xmlBodyBytes} bytes`),
    time,
  });
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
