// Reads the identity out of a JWT access token without verifying it (RFC 7519 §7.2 steps 1–3
// only): the client only displays it; the server verifies every token it is sent.
import { base64ToBytes } from './_base64.ts';
import type { AuthUser } from './types.ts';

/** No identity known. */
export const unknownAuthUser: AuthUser = Object.freeze({ id: null, email: null, name: null });

/** The `sub`, `email` and `name` of a JWT's payload; all `null` for an opaque or broken token. */
export function decodeAuthUser(token: string | undefined): AuthUser {
  const payload = decodePayload(token);
  if (!payload) return { ...unknownAuthUser };
  return {
    id: stringOrNull(payload.sub),
    email: stringOrNull(payload.email),
    name: stringOrNull(payload.name),
  };
}

/** The JWT's `exp` in epoch milliseconds, or `undefined` when it has none. */
export function tokenExpiry(token: string): number | undefined {
  const exp = decodePayload(token)?.exp;
  return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
}

function decodePayload(token: string | undefined): Record<string, unknown> | undefined {
  const parts = token?.split('.');
  if (!parts || parts.length !== 3 || parts[1] === '') return undefined;
  try {
    const json = JSON.parse(new TextDecoder().decode(base64ToBytes(parts[1]!)));
    return typeof json === 'object' && json !== null && !Array.isArray(json) ? json : undefined;
  } catch {
    return undefined;
  }
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
