/**
 * Sizes in bytes, as the limits count them: the UTF-8 length of text, and of
 * values as JSON (user storage, a space's size).
 *
 * @module
 */
import type { SpaceContent } from './state.ts';

/**
 * The UTF-8 length of a string, without encoding it.
 *
 * @param text The string.
 * @returns Its length in bytes; a lone surrogate counts 3, as `TextEncoder` writes U+FFFD.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { utf8Length } from './size.ts';
 * assert.equal(utf8Length('aé€😀'), 1 + 2 + 3 + 4);
 * ```
 */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code < 0xdc00 && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next < 0xe000) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * The UTF-8 length of a value's JSON.
 *
 * @param value A JSON value.
 * @returns Bytes; 0 for a value JSON cannot hold.
 */
export function jsonSize(value: unknown): number {
  const text = JSON.stringify(value);
  return text === undefined ? 0 : utf8Length(text);
}

/**
 * A space's size: its objects (path and body), schema and metadata, as JSON.
 *
 * @param content The space's content.
 * @returns Bytes.
 */
export function contentSize(content: SpaceContent): number {
  let bytes = 0;
  for (const [path, { body }] of content.objects) bytes += utf8Length(path) + jsonSize(body);
  for (const [name, def] of content.schema) bytes += utf8Length(name) + jsonSize(def);
  for (const [key, value] of content.metadata) bytes += utf8Length(key) + jsonSize(value);
  return bytes;
}
