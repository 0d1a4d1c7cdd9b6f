/**
 * Authentication: the platform's API keys and the instance tokens minted by
 * `tokens.create`. Messages never contain the credential.
 *
 * @module
 */
import { RpcFault } from '../rpc/fault.ts';
import type { MockRuntime } from './context.ts';
import { sameSecret, type TokenRecord } from './state.ts';

/** The cookie that may carry an instance token. */
export const instanceCookie = 'roj_instance_token';

/**
 * The bearer credential of a request.
 *
 * @param request The request.
 * @returns The credential, or `undefined` when there is no `Authorization: Bearer` header.
 */
export function bearer(request: Request): string | undefined {
  const header = request.headers.get('authorization');
  const match = header?.match(/^Bearer[ \t]+(\S+)[ \t]*$/i);
  return match?.[1];
}

/**
 * Checks the API key of a platform request.
 *
 * @param request The request.
 * @param runtime The running mock, for its keys.
 * @throws {RpcFault} `unauthorized` when the key is missing or unknown.
 */
export function requireApiKey(request: Request, runtime: MockRuntime): void {
  const key = bearer(request);
  if (key === undefined) {
    throw new RpcFault('unauthorized', 'Missing API key: send Authorization: Bearer <apiKey>');
  }
  let known = false;
  for (const k of runtime.apiKeys) known = sameSecret(k, key) || known;
  if (!known) throw new RpcFault('unauthorized', 'Invalid API key');
}

/**
 * Checks the instance token of an instance request: from the `Authorization`
 * header, else from the cookie.
 *
 * @param request The request.
 * @param options The instance id in the path, the running mock, and the request time.
 * @returns The token's record.
 * @throws {RpcFault} `unauthorized` when missing, unknown or expired; `forbidden` when minted for
 * another instance or bound to another origin.
 */
export function requireInstanceToken(
  request: Request,
  options: { instanceId: string; runtime: MockRuntime; now: number },
): TokenRecord {
  const token = bearer(request) ?? cookie(request, instanceCookie);
  if (token === undefined) {
    throw new RpcFault(
      'unauthorized',
      `Missing instance token: send Authorization: Bearer <token> or the ${instanceCookie} cookie`,
    );
  }
  const record = options.runtime.state.tokens.get(token);
  if (!record) throw new RpcFault('unauthorized', 'Invalid instance token');
  if (options.now >= record.expiresAt) throw new RpcFault('unauthorized', 'Instance token expired');
  if (record.instanceId !== options.instanceId) {
    throw new RpcFault('forbidden', 'Instance token was minted for another instance');
  }
  if (record.origin !== undefined && request.headers.get('origin') !== record.origin) {
    throw new RpcFault('forbidden', 'Instance token is bound to another origin');
  }
  return record;
}

function cookie(request: Request, name: string): string | undefined {
  const header = request.headers.get('cookie');
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return value === '' ? undefined : value;
    }
  }
  return undefined;
}
