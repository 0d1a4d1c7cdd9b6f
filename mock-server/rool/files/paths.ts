/**
 * Machine paths as the files model takes them: absolute, `/`-separated, no
 * trailing slash, each segment decoded text. `/` is the root collection,
 * `/space` the object store, `/rool-drive` the drive.
 *
 * @module
 */
import { utf8Length } from '../size.ts';
import { FilesError } from './errors.ts';
import { filesLimits } from './limits.ts';

/** The object store's root. */
export const spaceRoot = '/space';
/** The drive's root. */
export const driveRoot = '/rool-drive';

// Control characters and backslashes only ever serve to confuse whatever joins a path onto a URL
// or a file system (the SDK's machinePath refuses them too).
// deno-lint-ignore no-control-regex
const forbidden = /[\u0000-\u001f\u007f\\/]/;

/**
 * The segments of a machine path.
 *
 * @param path The path.
 * @returns Its segments; none for `/`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { segmentsOf } from './paths.ts';
 * assert.deepEqual(segmentsOf('/rool-drive/a b/c'), ['rool-drive', 'a b', 'c']);
 * assert.deepEqual(segmentsOf('/'), []);
 * ```
 */
export function segmentsOf(path: string): string[] {
  return path === '/' ? [] : path.slice(1).split('/');
}

/**
 * The parent of a machine path.
 *
 * @param path A path other than `/`.
 * @returns The parent; `/` for a top-level path.
 */
export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

/**
 * The last segment of a machine path.
 *
 * @param path The path.
 * @returns The segment; `''` for `/`.
 */
export function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * Whether a path is an ancestor's descendant or the ancestor itself.
 *
 * @param path The path.
 * @param ancestor The ancestor.
 * @returns `true` when `path` is `ancestor` or lies below it.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { isWithin } from './paths.ts';
 * assert.ok(isWithin('/rool-drive/a/b', '/rool-drive/a'));
 * assert.ok(!isWithin('/rool-drive/ab', '/rool-drive/a'));
 * assert.ok(isWithin('/space', '/'));
 * ```
 */
export function isWithin(path: string, ancestor: string): boolean {
  if (ancestor === '/') return true;
  return path === ancestor || path.startsWith(`${ancestor}/`);
}

/**
 * Checks a machine path: absolute, no trailing slash, no empty, `.` or `..` segment, no control
 * character, backslash or slash inside a segment, and within the length limits.
 *
 * @param path The path.
 * @throws {FilesError} `invalid_path`, saying what is wrong.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { checkPath } from './paths.ts';
 * checkPath('/rool-drive/docs/read me.md');
 * assert.throws(() => checkPath('/rool-drive/../space'));
 * ```
 */
export function checkPath(path: string): void {
  if (path === '/') return;
  if (!path.startsWith('/') || path.endsWith('/')) {
    throw new FilesError('invalid_path', 'A path must start with / and not end with /');
  }
  const segments = segmentsOf(path);
  if (segments.length > filesLimits.pathSegments) {
    throw new FilesError(
      'invalid_path',
      `A path has at most ${filesLimits.pathSegments} segments`,
    );
  }
  if (utf8Length(path) > filesLimits.pathBytes) {
    throw new FilesError('invalid_path', `A path is at most ${filesLimits.pathBytes} bytes`);
  }
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..') {
      throw new FilesError('invalid_path', 'A path must not have empty, . or .. segments');
    }
    if (forbidden.test(segment)) {
      throw new FilesError(
        'invalid_path',
        'A path segment must not hold control characters, \\ or an encoded /',
      );
    }
    if (utf8Length(segment) > filesLimits.segmentBytes) {
      throw new FilesError(
        'invalid_path',
        `A path segment is at most ${filesLimits.segmentBytes} bytes`,
      );
    }
  }
}
