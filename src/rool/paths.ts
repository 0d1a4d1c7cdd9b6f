/**
 * Object paths, file paths and `rool-machine:` URIs. SDK methods take plain
 * paths (`/space/<collection>/<name>.json`, `/rool-drive/<path>`); prompt
 * attachments and interaction history use `rool-machine:/…` URIs, whose
 * segments are percent-encoded. These helpers convert between the two.
 *
 * @module
 */
import { invalidArgument } from './errors.ts';

// RFC 3986 §3.1: schemes are case-insensitive.
const machineScheme = /^rool-machine:/i;
const objectPathPattern = /^\/space\/[A-Za-z0-9_-]{1,128}\/[A-Za-z0-9_-]{1,128}\.json$/;
// Control characters and backslashes never name a machine path: they only serve to confuse
// whatever later joins the path onto a URL or a file system.
// deno-lint-ignore no-control-regex
const forbiddenCharacters = /[\u0000-\u001f\u007f\\]/;

/**
 * The machine path a path or `rool-machine:` URI names. A URI's segments are
 * percent-decoded; a plain path is taken literally. A trailing slash is
 * dropped, except on the root `/`.
 *
 * @param pathOrUri An absolute path such as `/rool-drive/docs/a.md`, or a URI
 * such as `rool-machine:/rool-drive/docs/a.md`.
 * @returns The absolute path.
 * @throws {RoolError} `validation_error` when it is not absolute, has an empty,
 * `.` or `..` segment, a control character or a backslash, or a malformed
 * percent-escape.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { machinePath } from './paths.ts';
 * assert.equal(machinePath('rool-machine:/rool-drive/docs/read%20me.md'), '/rool-drive/docs/read me.md');
 * assert.equal(machinePath('/space/article/welcome.json'), '/space/article/welcome.json');
 * ```
 */
export function machinePath(pathOrUri: string): string {
  const isUri = machineScheme.test(pathOrUri);
  const raw = isUri ? pathOrUri.replace(machineScheme, '') : pathOrUri;
  if (!raw.startsWith('/')) {
    throw invalidArgument(`Machine path must be absolute (start with /): ${pathOrUri}`);
  }
  if (raw === '/') return '/';
  const segments = raw.slice(1).replace(/\/$/, '').split('/').map((segment) => {
    if (!isUri) return segment;
    try {
      return decodeURIComponent(segment);
    } catch {
      throw invalidArgument(`Machine URI has a malformed percent-escape: ${pathOrUri}`);
    }
  });
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..') {
      throw invalidArgument(`Machine path must not have empty, . or .. segments: ${pathOrUri}`);
    }
    if (forbiddenCharacters.test(segment) || segment.includes('/')) {
      throw invalidArgument(
        `Machine path segments must not hold control characters, \\ or an encoded /: ${pathOrUri}`,
      );
    }
  }
  return `/${segments.join('/')}`;
}

/**
 * The canonical `rool-machine:` URI of a path (or of a URI, normalised). Each
 * segment is percent-encoded, so spaces and other ambiguous characters survive
 * free text.
 *
 * @param pathOrUri An absolute path or a `rool-machine:` URI.
 * @returns `rool-machine:/…`.
 * @throws {RoolError} `validation_error` when {@linkcode machinePath} refuses it.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { machineUri } from './paths.ts';
 * assert.equal(machineUri('/space/article/welcome.json'), 'rool-machine:/space/article/welcome.json');
 * assert.equal(machineUri('/rool-drive/docs/read me.md'), 'rool-machine:/rool-drive/docs/read%20me.md');
 * ```
 */
export function machineUri(pathOrUri: string): string {
  const path = machinePath(pathOrUri);
  return `rool-machine:${encodePath(path)}`;
}

/**
 * A machine path with each segment percent-encoded (RFC 3986 §3.3), as URIs and WebDAV hrefs
 * carry it; `/` stays `/`.
 *
 * @param path A machine path, e.g. `/rool-drive/docs/read me.md`.
 * @returns The encoded path, e.g. `/rool-drive/docs/read%20me.md`.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { encodePath } from './paths.ts';
 * assert.equal(encodePath('/rool-drive/a b/c#d.md'), '/rool-drive/a%20b/c%23d.md');
 * ```
 */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/**
 * Whether `path` is an object path: exactly `/space/<collection>/<name>.json`,
 * each of `<collection>` and `<name>` 1–128 characters of `A–Z`, `a–z`, `0–9`,
 * `_` or `-` (so no dotfile segments).
 *
 * @param path Any value.
 * @returns `true` for an object path.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { isObjectPath } from './paths.ts';
 * assert.equal(isObjectPath('/space/article/welcome.json'), true);
 * assert.equal(isObjectPath('/space/article/drafts/welcome.json'), false);
 * assert.equal(isObjectPath('/space/.hidden/welcome.json'), false);
 * ```
 */
export function isObjectPath(path: unknown): path is string {
  return typeof path === 'string' && objectPathPattern.test(path);
}
