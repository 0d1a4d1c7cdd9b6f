/**
 * GET and HEAD (RFC 4918 §9.4, RFC 9110 §9.3.1–2): a file's bytes or an
 * object's JSON, with its strong ETag, `Last-Modified`, conditional requests
 * (`If-Match` 412, `If-None-Match` 304) and a single `Range` (206, 416;
 * `If-Range` by ETag). A collection answers a plain-text list of its members,
 * collections with a trailing slash.
 *
 * @module
 */
import { objectBytes } from '../files/objects.ts';
import { nameOf } from '../files/paths.ts';
import { describe, isCollection, membersOf, resolve, type Resource } from '../files/resources.ts';
import { entityConditions } from './conditions.ts';
import { DavError } from './errors.ts';
import { rangeOf } from './range.ts';
import type { DavRequest } from './session.ts';

function bytesOf(resource: Resource): Uint8Array<ArrayBuffer> {
  if (resource.kind === 'object') return objectBytes(resource.record);
  if (resource.kind === 'drive' && resource.node.kind === 'file') {
    return resource.node.bytes as Uint8Array<ArrayBuffer>;
  }
  throw new Error('Not a file');
}

/**
 * Answers GET or HEAD.
 *
 * @param dav The request.
 * @returns 200, 206 or 304.
 * @throws {DavError} 404 for a missing resource; 412 for a failed `If-Match`; 416 for a range
 * past the end.
 */
export function get(dav: DavRequest): Response {
  const head = dav.request.method === 'HEAD';
  const resource = resolve(dav.space, dav.path);
  if (!resource) throw new DavError(404, 'Nothing exists at this path');
  const info = describe(dav.space, resource);
  const headers = new Headers({ 'last-modified': new Date(info.modified).toUTCString() });
  if (isCollection(resource)) {
    const names = membersOf(dav.space, resource).map((m) =>
      `${nameOf(m.path)}${isCollection(m) ? '/' : ''}`
    );
    headers.set('content-type', 'text/plain; charset=utf-8');
    const listing = names.map((n) => `${n}\n`).join('');
    return new Response(head ? null : listing, { headers });
  }
  headers.set('etag', info.etag!);
  headers.set('accept-ranges', 'bytes');
  const conditions = entityConditions(dav.request, info.etag, true);
  if (conditions === 'If-Match') {
    throw new DavError(412, 'The If-Match condition does not hold for the current resource');
  }
  if (conditions === 'If-None-Match') return new Response(null, { status: 304, headers });
  headers.set('content-type', info.contentType!);
  const bytes = bytesOf(resource);
  const ifRange = dav.request.headers.get('if-range');
  const range = ifRange !== null && ifRange.trim() !== info.etag
    ? { kind: 'full' as const }
    : rangeOf(dav.request.headers.get('range'), bytes.length);
  if (range.kind === 'unsatisfiable') {
    // A refusal like any other: the DAV:error body (docs/rool-webdav.md §11), none for HEAD.
    throw new DavError(
      416,
      `The range starts past the end: the content has ${bytes.length} bytes`,
      {
        headers: { 'content-range': `bytes */${bytes.length}` },
      },
    );
  }
  if (range.kind === 'partial') {
    headers.set('content-range', `bytes ${range.start}-${range.end}/${bytes.length}`);
    const part = bytes.subarray(range.start, range.end + 1);
    headers.set('content-length', String(part.length));
    return new Response(head ? null : part, { status: 206, headers });
  }
  headers.set('content-length', String(bytes.length));
  return new Response(head ? null : bytes, { headers });
}
