/**
 * Authentication of Rool calls (docs/rool-contract.md §2): a bearer token is
 * either a seeded opaque token or a JWT the login page issued. Missing,
 * unknown, revoked or expired tokens, and tokens of deleted users, are 401.
 * Messages never contain a token, and request values quoted in messages are
 * redacted when they look like one.
 *
 * @module
 */
import { bearer } from '../roj/auth.ts';
import { RpcFault } from '../rpc/fault.ts';
import { looksLikeSecret } from '../rpc/secret-shapes.ts';
import { fromBase64 } from './base64.ts';
import type { Credential, RoolRuntime } from './context.ts';
import { signToken, verifyToken } from './jwt.ts';
import { nextId, randomId, type UserRecord } from './state.ts';

/** Who a request is from. */
export interface Caller {
  /** The user. */
  user: UserRecord;
  /** The credential they sent. */
  credential: Credential;
}

/**
 * The password of a request's Basic credentials (RFC 7617), whatever the user name.
 *
 * @param request The request.
 * @returns The password, or `undefined` without (well-formed) Basic credentials.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { basicPassword } from './auth.ts';
 * const request = new Request('http://x/', { headers: { authorization: `Basic ${btoa('any:tok:en')}` } });
 * assert.equal(basicPassword(request), 'tok:en');
 * ```
 */
export function basicPassword(request: Request): string | undefined {
  const match = request.headers.get('authorization')?.match(
    /^Basic[ \t]+([A-Za-z0-9+/=]+)[ \t]*$/i,
  );
  const bytes = match && fromBase64(match[1]);
  if (!bytes) return undefined;
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  const colon = decoded.indexOf(':');
  return colon < 0 || colon === decoded.length - 1 ? undefined : decoded.slice(colon + 1);
}

/**
 * Authenticates a request by its bearer token or, where allowed (WebDAV clients), by Basic
 * credentials carrying the token as the password.
 *
 * @param request The request.
 * @param runtime The running mock.
 * @param now The request's clock reading (ms).
 * @param options `basic`: also accept Basic credentials (any user name, the token as password).
 * @returns The caller.
 * @throws {RpcFault} `unauthorized` when the token is missing, unknown, revoked or expired, or its
 * user was deleted.
 */
export async function authenticate(
  request: Request,
  runtime: RoolRuntime,
  now: number,
  options: { basic?: boolean } = {},
): Promise<Caller> {
  const token = bearer(request) ?? (options.basic ? basicPassword(request) : undefined);
  if (token === undefined) {
    throw new RpcFault('unauthorized', 'Missing access token: send Authorization: Bearer <token>');
  }
  const { state } = runtime;
  let userId = state.tokens.get(token);
  let credential: Credential = { kind: 'opaque', token };
  if (userId === undefined) {
    const claims = await verifyToken(await runtime.jwtKey, token);
    if (!claims) throw new RpcFault('unauthorized', 'Invalid access token');
    if (claims.exp * 1000 <= now) {
      throw new RpcFault('unauthorized', 'Access token expired; sign in again');
    }
    // Reset forgets issued tokens, and logout or account deletion revokes them.
    if (state.issuedTokens.get(claims.jti) !== claims.sub) {
      throw new RpcFault('unauthorized', 'Access token was revoked; sign in again');
    }
    userId = claims.sub;
    credential = { kind: 'jwt', jti: claims.jti, expiresAt: claims.exp * 1000 };
  }
  const user = state.users.get(userId);
  if (!user || user.deleted) {
    throw new RpcFault('unauthorized', 'The account of this access token was deleted');
  }
  return { user, credential };
}

/**
 * Issues an access token for a user, as the login page does.
 *
 * @param runtime The running mock.
 * @param user The user.
 * @param now The clock reading (ms).
 * @returns The token and its lifetime in seconds.
 */
export async function issueToken(
  runtime: RoolRuntime,
  user: UserRecord,
  now: number,
): Promise<{ token: string; expiresIn: number }> {
  const iat = Math.floor(now / 1000);
  const jti = `${nextId(runtime.state, 'jti')}.${randomId('r', 8)}`;
  runtime.state.issuedTokens.set(jti, user.id);
  const token = await signToken(await runtime.jwtKey, {
    sub: user.id,
    email: user.email,
    name: user.name,
    iat,
    exp: iat + runtime.tokenTtlSeconds,
    jti,
  });
  return { token, expiresIn: runtime.tokenTtlSeconds };
}

/**
 * Revokes every token of a user: their seeded tokens and the tokens issued to them.
 *
 * @param runtime The running mock.
 * @param userId The user.
 */
export function revokeTokensOf(runtime: RoolRuntime, userId: string): void {
  const { state } = runtime;
  for (const [token, owner] of state.tokens) if (owner === userId) state.tokens.delete(token);
  for (const [jti, owner] of state.issuedTokens) {
    if (owner === userId) state.issuedTokens.delete(jti);
  }
}

/**
 * Revokes one credential (`auth.logout`).
 *
 * @param runtime The running mock.
 * @param credential The credential.
 */
export function revoke(runtime: RoolRuntime, credential: Credential): void {
  if (credential.kind === 'opaque') runtime.state.tokens.delete(credential.token);
  else runtime.state.issuedTokens.delete(credential.jti);
}

/**
 * A request value quoted for an error message: JSON, cut at 64 characters, and `"<redacted>"`
 * when it holds a token (seeded, issued or a verification token).
 *
 * @param runtime The running mock, for its seeded tokens.
 * @param value The value.
 * @returns The quoted value.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { quoteValue } from './auth.ts';
 * const runtime = { users: [{ name: 'carol', token: 'c-secret-1' }] };
 * assert.equal(quoteValue(runtime, 'spc_1'), '"spc_1"');
 * assert.equal(quoteValue(runtime, 'x c-secret-1'), '"<redacted>"');
 * ```
 */
export function quoteValue(runtime: Pick<RoolRuntime, 'users'>, value: string): string {
  // Token shapes of both products: the same server serves Roj, whose tokens are secrets too.
  if (looksLikeSecret(value) || runtime.users.some((u) => value.includes(u.token))) {
    return '"<redacted>"';
  }
  return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
}
