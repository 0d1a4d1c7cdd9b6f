/**
 * The {@linkcode RoolContext} of a request, built the same way for RPC, WebDAV,
 * live events and archives: the clock read once, the caller, the redacting
 * `quote`, and the `Rool-Client-Id` the request named.
 *
 * @module
 */
import { authenticate, quoteValue } from './auth.ts';
import { clientIdOf } from './client-id.ts';
import type { Credential, RoolContext, RoolRuntime } from './context.ts';
import type { UserRecord } from './state.ts';

/**
 * The context of a caller already authenticated (event streams authenticate by ticket too).
 *
 * @param runtime The running mock.
 * @param caller The user and the credential they sent.
 * @param now The request's clock reading (ms).
 * @param clientId The request's client ID, or `null`.
 * @returns The context.
 */
export function roolContext(
  runtime: RoolRuntime,
  caller: { user: UserRecord; credential: Credential },
  now: number,
  clientId: string | null,
): RoolContext {
  const { user, credential } = caller;
  const quote = (value: string) => quoteValue(runtime, value);
  return { runtime, state: runtime.state, now, user, credential, quote, clientId };
}

/**
 * Authenticates a request and builds its context.
 *
 * @param request The request.
 * @param runtime The running mock.
 * @param options `basic`: also accept Basic credentials (WebDAV clients).
 * @returns The context.
 * @throws {RpcFault} `unauthorized` as `authenticate` does.
 */
export async function requestContext(
  request: Request,
  runtime: RoolRuntime,
  options: { basic?: boolean } = {},
): Promise<RoolContext> {
  const now = runtime.clock();
  const caller = await authenticate(request, runtime, now, options);
  return roolContext(runtime, caller, now, clientIdOf(request));
}
