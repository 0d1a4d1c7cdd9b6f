/**
 * UTF-8 sizes of JavaScript strings, measured without encoding them, so the
 * shell can count bytes against its caps and cut text on a code point
 * boundary. A lone surrogate counts as the 3 bytes of U+FFFD, as `TextEncoder`
 * would write it.
 *
 * @module
 */

/**
 * The UTF-8 size of a string.
 *
 * @param text The string.
 * @returns Its size in bytes.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { utf8Length } from './utf8.ts';
 * assert.equal(utf8Length('aé€😀'), 1 + 2 + 3 + 4);
 * ```
 */
export function utf8Length(text: string): number {
  return utf8Prefix(text, Infinity).bytes;
}

/**
 * The longest prefix of a string that fits in `maxBytes` of UTF-8, never
 * splitting a code point. It reads no further than the prefix, so cutting a
 * long string is cheap.
 *
 * @param text The string.
 * @param maxBytes The room, in bytes.
 * @returns The prefix, its size, and whether it is the whole string.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { utf8Prefix } from './utf8.ts';
 * assert.deepEqual(utf8Prefix('a😀b', 4), { text: 'a', bytes: 1, complete: false });
 * ```
 */
export function utf8Prefix(
  text: string,
  maxBytes: number,
): { text: string; bytes: number; complete: boolean } {
  let bytes = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    let size = 3;
    let units = 1;
    if (code < 0x80) size = 1;
    else if (code < 0x800) size = 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) [size, units] = [4, 2];
    }
    if (bytes + size > maxBytes) return { text: text.slice(0, i), bytes, complete: false };
    bytes += size;
    i += units;
  }
  return { text, bytes, complete: true };
}
