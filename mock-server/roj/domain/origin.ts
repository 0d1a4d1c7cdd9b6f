/**
 * Origins that tokens are bound to, and the minting of instance tokens
 * (docs/roj-contract.md §3, `tokens.create`).
 *
 * @module
 */
import { RpcFault } from '../../rpc/fault.ts';
import type { PlatformContext } from '../context.ts';
import { iso, newSecret, type TokenRecord } from '../state.ts';

/** A token's lifetime when none is given: 24 hours, in seconds. */
export const defaultTokenSeconds = 86400;

/**
 * Checks that a string is an origin as a browser sends it in the `Origin`
 * header: `scheme://host[:port]`, with no path, query, fragment, credentials
 * or trailing slash, a lowercase host and no default port. A token bound to
 * anything else could never match a request, so it is refused up front.
 *
 * @param origin The string.
 * @param path The JSON Pointer of the field, for the error.
 * @throws {RpcFault} `validation_error` at `path` when it is not such an origin.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { checkOrigin } from './origin.ts';
 * checkOrigin('https://app.example.com:8443', '/origin');
 * assert.throws(() => checkOrigin('https://app.example.com/', '/origin'));
 * ```
 */
export function checkOrigin(origin: string, path: string): void {
  // The WHATWG URL serialization of an origin (RFC 6454 §6.1) is exactly the allowed form:
  // a string that serializes to itself is an origin; opaque origins serialize to "null".
  let serialized: string | undefined;
  try {
    serialized = new URL(origin).origin;
  } catch {
    serialized = undefined;
  }
  if (serialized === undefined || serialized === 'null' || serialized !== origin) {
    throw new RpcFault(
      'validation_error',
      'Origin must be scheme://host[:port] with a lowercase host, no default port, and no path, query or trailing slash',
      { path },
    );
  }
}

/** Options of {@linkcode mintInstanceToken}. */
export interface MintInstanceTokenOptions {
  /** The instance the token grants access to. */
  instanceId: string;
  /** The origin the token is bound to; check it with {@linkcode checkOrigin} first. */
  origin?: string;
  /** Lifetime in seconds. Default: {@linkcode defaultTokenSeconds}. */
  expiresIn?: number;
  /** Claims stored with the token. */
  meta?: Record<string, unknown>;
}

/**
 * Mints an instance token and stores it, so the instance endpoint accepts it
 * until `now + expiresIn`. It checks nothing: call it after every rule passed.
 *
 * @param ctx The request's context: the state and the request time.
 * @param options The instance, origin, lifetime and claims.
 * @returns The token and its expiry, ISO 8601.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { mintInstanceToken } from './origin.ts';
 * const ctx = { state: { tokens: new Map() }, now: 0 } as unknown as Parameters<
 *   typeof mintInstanceToken
 * >[0];
 * const { token, expiresAt } = mintInstanceToken(ctx, { instanceId: 'ins_000001', expiresIn: 60 });
 * assert.ok(token.startsWith('rjt_'));
 * assert.equal(expiresAt, '1970-01-01T00:01:00.000Z');
 * ```
 */
export function mintInstanceToken(
  ctx: Pick<PlatformContext, 'state' | 'now'>,
  options: MintInstanceTokenOptions,
): { token: string; expiresAt: string } {
  const expiresAt = ctx.now + (options.expiresIn ?? defaultTokenSeconds) * 1000;
  const record: TokenRecord = { instanceId: options.instanceId, expiresAt };
  if (options.origin !== undefined) record.origin = options.origin;
  if (options.meta !== undefined) record.meta = structuredClone(options.meta);
  const token = newSecret('rjt');
  ctx.state.tokens.set(token, record);
  return { token, expiresAt: iso(expiresAt) };
}
