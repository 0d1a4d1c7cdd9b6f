/**
 * Random IDs from `crypto.getRandomValues`, without modulo bias.
 *
 * @module
 */

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
// The largest multiple of the alphabet's size that fits a byte: bytes at or above it are
// redrawn, so every character is equally likely (62 × 4 = 248).
const unbiasedLimit = 256 - (256 % alphabet.length);

/**
 * A random string of `length` characters of `A–Z`, `a–z` and `0–9`.
 *
 * @param length How many characters.
 * @returns The string.
 */
export function randomId(length: number): string {
  let id = '';
  const bytes = new Uint8Array(length + 8);
  while (id.length < length) {
    crypto.getRandomValues(bytes);
    for (const byte of bytes) {
      if (byte >= unbiasedLimit) continue;
      id += alphabet[byte % alphabet.length];
      if (id.length === length) break;
    }
  }
  return id;
}

/**
 * A 6-character alphanumeric ID (`A–Z`, `a–z`, `0–9`), e.g. for object names.
 *
 * @returns The ID.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { generateId } from './id.ts';
 * assert.match(generateId(), /^[A-Za-z0-9]{6}$/);
 * ```
 */
export function generateId(): string {
  return randomId(6);
}
