/**
 * The access tokens the login page issues: JWTs signed with HMAC-SHA256
 * (`HS256`) by `crypto.subtle`, so a client can decode who it is signed in as
 * (docs/rool-contract.md §2). The key lives in the process; nothing but this
 * file sees it.
 *
 * @module
 */
import { fromBase64url, toBase64url as base64url } from './base64.ts';

/** The claims of an issued token. */
export interface TokenClaims {
  /** The user ID. */
  sub: string;
  /** The user's email. */
  email: string;
  /** The user's name. */
  name: string | null;
  /** Issued at (seconds). */
  iat: number;
  /** Expires at (seconds). */
  exp: number;
  /** The token's own ID, which revocation removes. */
  jti: string;
}

const encoder = new TextEncoder();

/**
 * The HMAC key tokens are signed with.
 *
 * @param secret A secret to derive it from, so tokens survive a restart; default: 32 random bytes.
 * @returns The key.
 */
export function hmacKey(secret?: string): Promise<CryptoKey> {
  const bytes = secret === undefined
    ? crypto.getRandomValues(new Uint8Array(32))
    : encoder.encode(secret);
  return crypto.subtle.importKey('raw', bytes, { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ]);
}

/**
 * Signs claims into a token.
 *
 * @param key The HMAC key.
 * @param claims The claims.
 * @returns `header.payload.signature`, base64url.
 *
 * @example Sign, then verify
 * ```ts
 * import assert from 'node:assert/strict';
 * import { hmacKey, signToken, verifyToken } from './jwt.ts';
 * const key = await hmacKey('test secret');
 * const claims = { sub: 'usr_a', email: 'a@example.com', name: 'A', iat: 1, exp: 2, jti: 'j' };
 * assert.deepEqual(await verifyToken(key, await signToken(key, claims)), claims);
 * ```
 */
export async function signToken(key: CryptoKey, claims: TokenClaims): Promise<string> {
  const head = base64url(encoder.encode(JSON.stringify({ alg: 'HS256', typ: 'JWT' })));
  const body = base64url(encoder.encode(JSON.stringify(claims)));
  const signature = await crypto.subtle.sign('HMAC', key, encoder.encode(`${head}.${body}`));
  return `${head}.${body}.${base64url(new Uint8Array(signature))}`;
}

/**
 * Checks a token's form, algorithm and signature (in constant time) and returns its claims.
 * Expiry and revocation are the caller's to check.
 *
 * @param key The HMAC key.
 * @param token The token.
 * @returns The claims, or `undefined` when the token is not one this key signed.
 */
export async function verifyToken(key: CryptoKey, token: string): Promise<TokenClaims | undefined> {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) return undefined;
  const [head, body, signature] = parts;
  const header = parseJson(head);
  if (header?.alg !== 'HS256') return undefined;
  const mac = fromBase64url(signature);
  if (!mac || !await crypto.subtle.verify('HMAC', key, mac, encoder.encode(`${head}.${body}`))) {
    return undefined;
  }
  const claims = parseJson(body);
  if (
    typeof claims?.sub !== 'string' || typeof claims.jti !== 'string' ||
    typeof claims.exp !== 'number' || typeof claims.iat !== 'number'
  ) {
    return undefined;
  }
  return claims as unknown as TokenClaims;
}

function parseJson(part: string): Record<string, unknown> | undefined {
  try {
    const bytes = fromBase64url(part);
    const value = bytes && JSON.parse(new TextDecoder().decode(bytes));
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}
