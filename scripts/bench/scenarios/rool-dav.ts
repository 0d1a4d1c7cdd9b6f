/**
 * WebDAV requests of the Rool scenarios, timed from the benchmark process
 * against a mock in another process: the clock runs from just before the
 * request until the answer's last byte has arrived. Decoding and checking the
 * answer happen after, outside the time.
 *
 * @module
 */
import { davRoot, ownerToken } from '../servers/rool-seed.ts';
import type { BenchServer } from '../process.ts';

/** A WebDAV request to a space of the benchmark server. */
export interface DavRequestSpec {
  /** The method, e.g. `PROPFIND`. */
  method: string;
  /** The space. */
  spaceId: string;
  /** The machine path, e.g. `/rool-drive`. */
  path: string;
  /** Headers besides the owner's bearer token. */
  headers?: Record<string, string>;
  /** The XML body, if any. */
  body?: string;
}

/** A timed answer. */
export interface TimedAnswer {
  /** Milliseconds from just before the request to the answer's last byte. */
  ms: number;
  /** The status. */
  status: number;
  /** The body, decoded after the clock stopped. */
  text: string;
}

/**
 * Sends a WebDAV request as the spaces' owner and times it.
 *
 * @param server The benchmark server.
 * @param request The request.
 * @returns The time, status and body.
 */
export async function timedDav(server: BenchServer, request: DavRequestSpec): Promise<TimedAnswer> {
  const url = `${server.url}${davRoot(request.spaceId)}${request.path}`;
  const init: RequestInit = {
    method: request.method,
    headers: { authorization: `Bearer ${ownerToken}`, ...request.headers },
    body: request.body,
  };
  const started = performance.now();
  const response = await fetch(url, init);
  const bytes = await response.arrayBuffer();
  const ms = performance.now() - started;
  return { ms, status: response.status, text: new TextDecoder().decode(bytes) };
}

/**
 * What a `207 Multi-Status` answer holds, read just enough to check it.
 *
 * @param text The XML, as the mock writes it (`D:` prefix for `DAV:`).
 * @returns How many `DAV:response` elements, how many of them succeeded (`200` propstat), and
 * the `DAV:sync-token`, if any.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { readMultiStatus } from './rool-dav.ts';
 * const xml = '<D:multistatus xmlns:D="DAV:"><D:response><D:href>/a</D:href><D:propstat>' +
 *   '<D:prop/><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>' +
 *   '<D:sync-token>urn:x:1</D:sync-token></D:multistatus>';
 * assert.deepEqual(readMultiStatus(xml), { responses: 1, ok: 1, syncToken: 'urn:x:1' });
 * ```
 */
export function readMultiStatus(
  text: string,
): { responses: number; ok: number; syncToken?: string } {
  const responses = occurrences(text, '<D:response>');
  const ok = occurrences(text, '<D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>');
  const syncToken = /<D:sync-token>([^<]+)<\/D:sync-token>/.exec(text)?.[1];
  return syncToken === undefined ? { responses, ok } : { responses, ok, syncToken };
}

/**
 * Checks an answer is the multistatus expected, so no figure ever times an error.
 *
 * @param what What was asked, for the error message.
 * @param answer The answer.
 * @param responses How many `DAV:response` elements it must hold, each one successful.
 * @returns Its sync token, if any.
 * @throws {Error} When it is not a 207 with that many successful responses.
 */
export function expectMultiStatus(
  what: string,
  answer: TimedAnswer,
  responses: number,
): string | undefined {
  const read = readMultiStatus(answer.text);
  if (answer.status !== 207 || read.responses !== responses || read.ok !== responses) {
    throw new Error(
      `${what} answered ${answer.status} with ${read.responses} responses (${read.ok} ` +
        `successful), not ${responses}: ${answer.text.slice(0, 300)}`,
    );
  }
  return read.syncToken;
}

function occurrences(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) {
    count++;
  }
  return count;
}
