/**
 * Base64 on Web APIs only (`btoa`, `atob`), for proxied bodies, inline
 * attachments, token parts and password hashes.
 *
 * @module
 */

const strict = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Encodes bytes as base64.
 *
 * @param bytes The bytes.
 * @returns Standard base64 with padding.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { fromBase64, toBase64 } from './base64.ts';
 * assert.equal(toBase64(new TextEncoder().encode('hi?')), 'aGk/');
 * assert.deepEqual(fromBase64('aGk/'), new TextEncoder().encode('hi?'));
 * ```
 */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // Chunks keep the argument list of fromCharCode well under engines' limits.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/**
 * Decodes strict base64: the standard alphabet, padded, no whitespace.
 *
 * @param text The base64 text.
 * @returns The bytes, or `undefined` when the text is not strict base64.
 */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!strict.test(text)) return undefined;
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

/**
 * Encodes bytes as base64url without padding (RFC 4648 §5), as JWTs use it.
 *
 * @param bytes The bytes.
 * @returns The text.
 */
export function toBase64url(bytes: Uint8Array): string {
  return toBase64(bytes).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/**
 * Decodes base64url with or without padding.
 *
 * @param text The text.
 * @returns The bytes, or `undefined` when it is not base64url.
 */
export function fromBase64url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(text)) return undefined;
  const plain = text.replace(/=+$/, '').replaceAll('-', '+').replaceAll('_', '/');
  if (plain.length % 4 === 1) return undefined;
  return fromBase64(plain + '='.repeat((4 - (plain.length % 4)) % 4));
}
