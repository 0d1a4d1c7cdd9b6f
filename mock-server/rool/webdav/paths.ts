/**
 * WebDAV URLs and machine paths. A space's WebDAV root is
 * `{basePath}/v1/spaces/{spaceId}/dav`; what follows is the machine path,
 * percent-encoded per segment. Paths that could escape the space or confuse
 * a file system (`.` and `..` segments, encoded `/` or `\`, backslashes,
 * control characters, malformed escapes, fragments) are refused with 400
 * before anything else is looked at.
 *
 * @module
 */
import { checkPath } from '../files/paths.ts';
import { FilesError } from '../files/errors.ts';
import { DavError } from './errors.ts';

/** Where a request landed: the space, the href of its WebDAV root and the machine path. */
export interface DavTarget {
  /** The space ID (decoded). */
  spaceId: string;
  /** The WebDAV root's path as requested, e.g. `/rool/v1/spaces/spc_x/dav`. */
  root: string;
  /** The machine path, e.g. `/rool-drive/a b`. */
  path: string;
}

const rawSegmentForbidden = /%2f|%5c|\\|%00/i;

/**
 * Splits a request URL into its space, WebDAV root and machine path.
 *
 * @param url The request URL.
 * @param basePath The path the Rool app is served under, e.g. `/rool`.
 * @returns The target.
 * @throws {DavError} 400 for a path the space cannot hold or that tries to escape it; 404 when
 * the URL is not a WebDAV URL at all.
 */
export function targetOf(url: URL, basePath: string): DavTarget {
  if (url.hash !== '') throw new DavError(400, 'A request URL must not carry a fragment (#)');
  const marker = `${basePath}/v1/spaces/`;
  const { pathname } = url;
  const slash = pathname.indexOf('/', marker.length);
  const rest = slash < 0 ? '' : pathname.slice(slash);
  if (!pathname.startsWith(marker) || slash < 0 || !/^\/dav(\/|$)/.test(rest)) {
    throw new DavError(404, 'Not a WebDAV URL');
  }
  const rawId = pathname.slice(marker.length, slash);
  const spaceId = decodeSegment(rawId);
  return { spaceId, root: `${marker}${rawId}/dav`, path: pathOf(rest.slice(4)) };
}

/**
 * The machine path of what follows the WebDAV root in a URL path.
 *
 * @param raw E.g. `''`, `'/'`, `'/rool-drive/a%20b/'`.
 * @returns The machine path, e.g. `/rool-drive/a b`; `/` for the root.
 * @throws {DavError} 400 for an empty, `.` or `..` segment, an encoded slash or backslash, a
 * backslash, a control character, a malformed escape or a path over the limits.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { pathOf } from './paths.ts';
 * assert.equal(pathOf('/rool-drive/a%20b/'), '/rool-drive/a b');
 * assert.equal(pathOf(''), '/');
 * assert.throws(() => pathOf('/rool-drive/..%2Fspace'));
 * ```
 */
export function pathOf(raw: string): string {
  if (raw === '' || raw === '/') return '/';
  if (!raw.startsWith('/')) throw new DavError(400, 'A WebDAV path must start with /');
  const trimmed = raw.endsWith('/') ? raw.slice(0, -1) : raw;
  const segments = trimmed.slice(1).split('/').map((segment) => {
    if (rawSegmentForbidden.test(segment)) {
      throw new DavError(400, 'A WebDAV path must not hold an encoded / or \\, a \\ or NUL');
    }
    return decodeSegment(segment);
  });
  const path = `/${segments.join('/')}`;
  try {
    checkPath(path);
  } catch (error) {
    if (error instanceof FilesError) throw new DavError(400, error.message, { cause: error });
    throw error;
  }
  return path;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch (cause) {
    throw new DavError(400, 'A WebDAV path holds a malformed percent-escape', { cause });
  }
}

/**
 * The href of a machine path: the WebDAV root and each segment percent-encoded; a trailing
 * slash for collections.
 *
 * @param root The WebDAV root's path.
 * @param path The machine path.
 * @param collection Whether it is a collection.
 * @returns The href.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { hrefOf } from './paths.ts';
 * assert.equal(hrefOf('/v1/spaces/s/dav', '/rool-drive/a b', true), '/v1/spaces/s/dav/rool-drive/a%20b/');
 * assert.equal(hrefOf('/v1/spaces/s/dav', '/', true), '/v1/spaces/s/dav/');
 * ```
 */
export function hrefOf(root: string, path: string, collection = false): string {
  if (path === '/') return `${root}/`;
  // `encodePath` in one call rather than one per segment (a PROPFIND writes thousands): after
  // encodeURIComponent every `%` starts an escape, so each `%2F` is a separator, as no segment
  // of a checked path holds a `/`.
  return `${root}${encodeURIComponent(path).replaceAll('%2F', '/')}${collection ? '/' : ''}`;
}

/**
 * The machine path a URL or absolute path names inside a space's WebDAV root, as the
 * `Destination` header and `If` resource tags carry them.
 *
 * @param value The header's URL or path.
 * @param base The request URL (for the origin and relative resolution).
 * @param root The WebDAV root's path.
 * @returns The machine path, or `undefined` when it lies outside this space's WebDAV root.
 * @throws {DavError} 400 for a malformed URL or path (dot segments included); 502 for another
 * server (RFC 4918 §9.8.5).
 */
export function pathInRoot(value: string, base: URL, root: string): string | undefined {
  const raw = value.trim();
  const rawPath = raw.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').split(/[?#]/)[0];
  if (/(^|\/)(%2e|\.){1,2}(\/|$)/i.test(rawPath)) {
    throw new DavError(400, 'A destination must not have . or .. segments');
  }
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch (cause) {
    throw new DavError(400, 'The destination is not a URL or an absolute path', { cause });
  }
  if (url.origin !== base.origin) {
    throw new DavError(502, 'The destination is on another server; copy through it instead');
  }
  if (url.pathname !== root && !url.pathname.startsWith(`${root}/`)) return undefined;
  return pathOf(url.pathname.slice(root.length));
}
