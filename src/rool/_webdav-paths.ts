// SDK machine paths as WebDAV URLs and back: `{apiUrl}/v1/spaces/{spaceId}/dav` + the path with
// each segment percent-encoded, and the hrefs of a multistatus answer decoded into paths again.
import { invalidArgument } from './errors.ts';
import { encodePath, machinePath } from './paths.ts';

/** Longest path or URI accepted, in characters. */
const maxPathLength = 4096;

/** The top-level collections of a space's storage, below its root `/`. */
const roots = ['/space', '/rool-drive'];

/**
 * The machine path a WebDAV method addresses: a path or `rool-machine:` URI
 * that is `/`, or under `/space` or `/rool-drive`, as `machinePath` reads it.
 *
 * @throws {RoolError} `validation_error` for anything else.
 */
export function davPath(pathOrUri: string): string {
  if (typeof pathOrUri !== 'string') {
    throw invalidArgument('WebDAV path must be a string');
  }
  if (pathOrUri.length > maxPathLength) {
    throw invalidArgument(`WebDAV path must be at most ${maxPathLength} characters`);
  }
  const path = machinePath(pathOrUri);
  if (path !== '/' && !roots.some((root) => path === root || path.startsWith(`${root}/`))) {
    throw invalidArgument(`WebDAV path must be /, or under /space or /rool-drive: ${path}`);
  }
  return path;
}

/** Where a space's WebDAV lives, and how its hrefs read back into paths. */
export class DavLocation {
  /** `{apiUrl}/v1/spaces/{spaceId}/dav`, without a trailing slash. */
  readonly base: string;
  readonly #baseSegments: string[];

  constructor(apiUrl: string, spaceId: string) {
    if (typeof spaceId !== 'string' || spaceId === '' || spaceId.length > 256) {
      throw invalidArgument('Space ID must be a non-empty string of at most 256 characters');
    }
    this.base = `${apiUrl.replace(/\/+$/, '')}/v1/spaces/${encodeURIComponent(spaceId)}/dav`;
    this.#baseSegments = decodedSegments(new URL(this.base).pathname) ?? [];
  }

  /** The absolute URL of a machine path; the root `/` is the collection `{base}/`. */
  url(path: string): string {
    return `${this.base}${path === '/' ? '/' : encodePath(path)}`;
  }

  /** The href (URL path) of a machine path, as a multistatus answer would write it. */
  href(path: string): string {
    return new URL(this.url(path)).pathname;
  }

  /**
   * The machine path an href names (an absolute path or URL), or `undefined`
   * when it is not inside this space's storage or does not decode.
   */
  pathOf(href: string): string | undefined {
    // Not `new URL(href)`: it would resolve `..` segments instead of letting them be refused.
    const pathname = href.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/, '');
    if (!pathname.startsWith('/') || /[?#]/.test(pathname)) return undefined;
    const segments = decodedSegments(pathname);
    if (!segments) return undefined;
    const base = this.#baseSegments;
    if (segments.length < base.length || base.some((s, i) => segments[i] !== s)) return undefined;
    const rest = segments.slice(base.length);
    // A trailing slash (a collection's href) leaves an empty last segment.
    if (rest.at(-1) === '') rest.pop();
    if (rest.length === 0) return '/';
    // An encoded slash inside a segment names no machine path.
    if (rest.some((segment) => segment.includes('/'))) return undefined;
    try {
      return machinePath(`/${rest.join('/')}`);
    } catch {
      return undefined;
    }
  }
}

function decodedSegments(pathname: string): string[] | undefined {
  try {
    return pathname.split('/').slice(1).map(decodeURIComponent);
  } catch {
    return undefined;
  }
}
