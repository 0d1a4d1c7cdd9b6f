/**
 * Strong entity tags (RFC 9110 §8.8.3): a 64-bit hash of the bytes and their
 * length, so a tag changes exactly when the content does (up to hash
 * collisions). Synchronous, so the model needs no `await`.
 *
 * @module
 */

/**
 * The strong ETag of some bytes, quoted as the header carries it.
 *
 * @param bytes The content.
 * @returns E.g. `"1c-9f3a…"`: the length in base 36 and 16 hex digits of hash.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { strongEtag } from './etag.ts';
 * const a = strongEtag(new TextEncoder().encode('hello'));
 * assert.equal(a, strongEtag(new TextEncoder().encode('hello')));
 * assert.notEqual(a, strongEtag(new TextEncoder().encode('hellp')));
 * assert.match(a, /^"[0-9a-z]+-[0-9a-f]{16}"$/);
 * ```
 */
export function strongEtag(bytes: Uint8Array): string {
  // Two 32-bit multiplicative lanes, mixed at the end (the cyrb53 construction).
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    h1 = Math.imul(h1 ^ b, 2654435761);
    h2 = Math.imul(h2 ^ b, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  return `"${bytes.length.toString(36)}-${hex(h2)}${hex(h1)}"`;
}

/**
 * Weak comparison of two entity tags (RFC 9110 §8.8.3.2): equal once a `W/` prefix is ignored,
 * as `If-None-Match` and the `If` header compare them.
 *
 * @param a A quoted entity tag, weak or strong.
 * @param b Another.
 * @returns `true` when their opaque parts are equal.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { weakMatch } from './etag.ts';
 * assert.ok(weakMatch('W/"a"', '"a"'));
 * assert.ok(!weakMatch('"a"', '"b"'));
 * ```
 */
export function weakMatch(a: string, b: string): boolean {
  return opaque(a) === opaque(b);
}

function opaque(etag: string): string {
  return etag.startsWith('W/') ? etag.slice(2) : etag;
}
