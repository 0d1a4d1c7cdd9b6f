/**
 * Safe zip entry names. An archive is untrusted input: a name that could
 * climb out of a folder or mean different things to different tools
 * ("zip slip") is refused, whatever the entry would hold.
 *
 * @module
 */

/**
 * The longest entry name accepted, in characters: room for the longest drive path (1 024 UTF-8
 * bytes), percent-encoded (./layout.ts `driveEntry`).
 */
const maxEntryNameLength = 4096;

// C0 controls (NUL included), DEL and C1 controls: no tool agrees on what they mean in a path.
// deno-lint-ignore no-control-regex
const control = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Why an entry name is unsafe.
 *
 * Refused: empty names; names over 4 096 characters; absolute names
 * (`/x`); drive letters (`C:`, anywhere, as Windows reads `a/C:/b`); backslashes (a separator on
 * Windows); control characters, NUL included; empty, `.` and `..` segments (APPNOTE 4.4.17
 * allows only relative names with forward slashes). A trailing `/` marks a folder and is allowed.
 *
 * @param name The entry's name, as the zip stores it.
 * @returns What is wrong, for an error message; `undefined` when the name is safe.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { unsafeEntryName } from './entry-name.ts';
 * assert.equal(unsafeEntryName('objects/note/a.json'), undefined);
 * assert.match(unsafeEntryName('../etc/passwd') ?? '', /\.\./);
 * ```
 */
export function unsafeEntryName(name: string): string | undefined {
  if (name === '') return 'it is empty';
  if (name.length > maxEntryNameLength) {
    return `it is longer than ${maxEntryNameLength} characters`;
  }
  if (control.test(name)) return 'it holds a control character';
  if (name.includes('\\')) return 'it holds a backslash';
  if (name.startsWith('/')) return 'it is absolute';
  if (/(^|\/)[A-Za-z]:/.test(name)) return 'it names a drive';
  const segments = name.endsWith('/') ? name.slice(0, -1).split('/') : name.split('/');
  for (const segment of segments) {
    if (segment === '') return 'it has an empty segment';
    if (segment === '.' || segment === '..') return `it has a ${segment} segment`;
  }
  return undefined;
}
