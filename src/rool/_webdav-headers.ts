// Request header values the WebDAV client builds from options, each checked before any request:
// entity-tag preconditions (RFC 9110 §13.1), byte ranges (RFC 9110 §14.2), lock tokens in `If`
// and `Lock-Token` (RFC 4918 §10.4, §10.5) and `Timeout` (RFC 4918 §10.7).
import { invalidArgument } from './errors.ts';
import type { WebDAVByteRange, WebDAVLockDepth, WebDAVWriteOptions } from './webdav-types.ts';

/** Longest header value built from an option. */
const maxHeaderLength = 1024;
/** Largest `Timeout` RFC 4918 §10.7 allows: 2³² − 1 seconds. */
const maxTimeoutSeconds = 4_294_967_295;

// An entity tag: optional W/, then quoted visible characters other than `"` (RFC 9110 §8.8.3).
const entityTag = /^(?:W\/)?"[\x21\x23-\x7e\x80-\xff]*"$/;
const byteRanges =
  /^bytes=(?:\d{1,16}-\d{0,16}|-\d{1,16})(?:\s*,\s*(?:\d{1,16}-\d{0,16}|-\d{1,16}))*$/;
// A lock token is an absolute URI (RFC 4918 §6.5), e.g. `urn:uuid:…`; `<`, `>`, spaces and
// parentheses would break the `If` header's grammar.
const lockTokenPattern = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>()]+$/;
const mediaType =
  /^[\w!#$&^.+-]+\/[\w!#$&^.+-]+(?:\s*;\s*[\w!#$&^.+-]+=(?:[\w!#$&^.+-]+|"[^"\r\n]*"))*$/;

/**
 * An `If-Match` or `If-None-Match` value: `*`, or entity tags (quotes
 * included, as `getetag` and `put` give them) separated by commas.
 *
 * @throws {RoolError} `validation_error` for anything else.
 */
export function entityTags(value: string, option: 'ifMatch' | 'ifNoneMatch'): string {
  if (typeof value === 'string' && value.length <= maxHeaderLength) {
    if (value.trim() === '*') return '*';
    const tags = value.split(',').map((tag) => tag.trim());
    if (tags.every((tag) => entityTag.test(tag))) return tags.join(', ');
  }
  throw invalidArgument(
    `${option} must be * or quoted entity tags such as "abc" (as getetag gives them)`,
  );
}

/**
 * A `Range` value from `{start, end?}` or a `bytes=` string.
 *
 * @throws {RoolError} `validation_error` for a malformed or backwards range.
 */
export function rangeHeader(range: WebDAVByteRange | string): string {
  if (typeof range === 'string') {
    if (range.length <= maxHeaderLength && byteRanges.test(range.trim())) return range.trim();
    throw invalidArgument(
      'Range must be {start, end?} or bytes=FIRST-LAST, bytes=FIRST- or bytes=-N',
    );
  }
  const { start, end } = range ?? {};
  if (!Number.isSafeInteger(start) || start! < 0) {
    throw invalidArgument(`Range start must be a non-negative integer: ${String(start)}`);
  }
  if (end === undefined) return `bytes=${start}-`;
  if (!Number.isSafeInteger(end) || end < start!) {
    throw invalidArgument(`Range end must be an integer no smaller than start: ${String(end)}`);
  }
  return `bytes=${start}-${end}`;
}

/**
 * A lock token, checked.
 *
 * @throws {RoolError} `validation_error` unless it is an absolute URI of at most 1 024 characters.
 */
export function lockToken(token: string): string {
  if (
    typeof token !== 'string' || token.length > maxHeaderLength || !lockTokenPattern.test(token)
  ) {
    throw invalidArgument(
      'Lock token must be an absolute URI such as urn:uuid:…, as lock() gives it',
    );
  }
  return token;
}

/** The `If` header submitting a lock token for the request's resource: `(<token>)`. */
export function ifLockToken(token: string): string {
  return `(<${lockToken(token)}>)`;
}

/**
 * A `Timeout` value: `Second-N`.
 *
 * @throws {RoolError} `validation_error` unless 1 ≤ seconds ≤ 2³² − 1.
 */
export function timeoutHeader(seconds: number): string {
  if (!Number.isSafeInteger(seconds) || seconds < 1 || seconds > maxTimeoutSeconds) {
    throw invalidArgument(`Lock timeout must be an integer from 1 to ${maxTimeoutSeconds} seconds`);
  }
  return `Second-${seconds}`;
}

/**
 * A `Content-Type` value, checked.
 *
 * @throws {RoolError} `validation_error` unless it reads as `type/subtype` with parameters.
 */
export function contentTypeHeader(value: string): string {
  if (typeof value === 'string' && value.length <= 256 && mediaType.test(value.trim())) {
    return value.trim();
  }
  throw invalidArgument('Content type must be a media type such as text/markdown; charset=utf-8');
}

/**
 * `If-Match` and the `If` lock submission of a write.
 *
 * @throws {RoolError} `validation_error` for a malformed entity tag or lock token.
 */
export function writeHeaders(options: WebDAVWriteOptions): Headers {
  const headers = new Headers();
  if (options.ifMatch !== undefined) {
    headers.set('If-Match', entityTags(options.ifMatch, 'ifMatch'));
  }
  if (options.lockToken !== undefined) headers.set('If', ifLockToken(options.lockToken));
  return headers;
}

/**
 * A COPY or LOCK `Depth`, checked.
 *
 * @throws {RoolError} `validation_error` unless it is `0` or `infinity`.
 */
export function copyDepth(depth: WebDAVLockDepth): WebDAVLockDepth {
  if (depth !== '0' && depth !== 'infinity') {
    throw invalidArgument(`Depth must be 0 or infinity: ${String(depth)}`);
  }
  return depth;
}
