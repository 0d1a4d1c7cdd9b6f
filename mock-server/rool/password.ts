/**
 * Passwords (docs/rool-contract.md §8): the rule a new one must meet, and
 * salted PBKDF2-SHA256 hashes, so the state never holds one in clear.
 *
 * @module
 */
import { fromBase64url, toBase64url as base64url } from './base64.ts';

/** The password rule, as messages state it. */
export const passwordRule =
  'A password must be at least 8 characters with letters and either digits or symbols';

/**
 * Whether a password meets the rule: at least 8 characters, a letter, and a digit or a symbol.
 *
 * @param password The password.
 * @returns `true` when it does.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { meetsPasswordRule } from './password.ts';
 * assert.ok(meetsPasswordRule('correct horse 1'));
 * assert.ok(!meetsPasswordRule('lettersonly'));
 * assert.ok(!meetsPasswordRule('12345678'));
 * ```
 */
export function meetsPasswordRule(password: string): boolean {
  return [...password].length >= 8 && /\p{L}/u.test(password) &&
    /[\p{N}\p{P}\p{S}]/u.test(password);
}

const iterations = 100_000;

/**
 * Hashes a password with a new salt.
 *
 * @param password The password.
 * @returns `pbkdf2$<salt>$<hash>`, base64url.
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return `pbkdf2$${base64url(salt)}$${base64url(await derive(password, salt))}`;
}

/**
 * Checks a password against a hash, comparing in constant time.
 *
 * @param password The password given.
 * @param hash What {@linkcode hashPassword} returned.
 * @returns Whether they match.
 */
export async function checkPassword(password: string, hash: string): Promise<boolean> {
  const [, saltText, expected] = hash.split('$');
  const salt = fromBase64url(saltText ?? '');
  if (!salt || expected === undefined) return false;
  const actual = base64url(await derive(password, salt));
  let diff = actual.length ^ expected.length;
  for (let i = 0; i < Math.min(actual.length, expected.length); i++) {
    diff |= actual.charCodeAt(i) ^ expected.charCodeAt(i);
  }
  return diff === 0;
}

async function derive(password: string, salt: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(password),
    'PBKDF2',
    false,
    ['deriveBits'],
  );
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    key,
    256,
  );
  return new Uint8Array(bits);
}
