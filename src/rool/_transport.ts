// The client's one way of calling the Rool API: the core RPC client (timeouts, aborts,
// injected fetch, safe results), failures thrown as RoolError, and the provider's token
// added to every call at call time, so a login or logout takes effect at once. Requests outside
// the RPC envelope (live events, WebDAV, archives) build their headers with `requestHeaders`, so
// every request of one client names the same `Rool-Client-Id` (docs/rool-events.md).
import { createRpcClient, type FetchFn, type RpcCall, throwingCall } from '../rpc/client.ts';
import type { ReadRetry } from '../rpc/retry.ts';
import { bindRool, type RoolBindings } from './_generated/bindings.ts';
import { roolRpcPath } from './_rpc-path.ts';
import { toRoolError } from './errors.ts';
import { randomId } from './id.ts';
import type { Logger } from './logger.ts';
import type { RoolMethods } from './methods.ts';

/** The header naming the client that sends a request (docs/rool-events.md). */
export const clientIdHeader = 'Rool-Client-Id';

/** What a client ID is: 8–64 of `A–Z a–z 0–9 _ -`, as the server checks it. */
export const clientIdPattern: RegExp = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * A new random client ID: 22 characters of `A–Z a–z 0–9` (about 131 bits, from
 * `crypto.getRandomValues`), one per `RoolClient`.
 *
 * @returns The ID; it matches {@linkcode clientIdPattern}.
 */
export function createClientId(): string {
  return randomId(22);
}

/** What every request of a client needs, inside the RPC envelope or outside it. */
export interface RoolRequestContext {
  /** The API's base URL, without trailing slashes. */
  apiUrl: string;
  /** The `fetch` to use; `globalThis.fetch`, looked up at call time, when absent. */
  fetch?: FetchFn;
  /** The client's ID, sent as `Rool-Client-Id` on every request. */
  clientId: string;
  /** The token for the next request; `undefined` sends none (the server answers 401). */
  getToken(): Promise<string | undefined>;
}

/**
 * The headers of a request outside the RPC envelope: the provider's current
 * token as `Authorization: Bearer …` (when there is one) and `Rool-Client-Id`,
 * then `extra`, which wins.
 *
 * @param context The client's request context.
 * @param extra Headers of this request, e.g. `Depth` or `Last-Event-ID`.
 * @returns New headers.
 * @throws {Error} What the auth provider's `getToken` throws.
 */
export async function requestHeaders(
  context: RoolRequestContext,
  extra?: HeadersInit,
): Promise<Headers> {
  const headers = new Headers({ [clientIdHeader]: context.clientId });
  const token = await context.getToken();
  if (token !== undefined) headers.set('Authorization', `Bearer ${token}`);
  for (const [name, value] of new Headers(extra)) headers.set(name, value);
  return headers;
}

/**
 * The `fetch` of a request context.
 *
 * @param context The client's request context.
 * @returns Its `fetch`, or one that calls `globalThis.fetch` at call time.
 */
export function contextFetch(context: { fetch?: FetchFn }): FetchFn {
  return context.fetch ?? ((input, init) => globalThis.fetch(input, init));
}

/** What the bindings need: the client's request context, its timeout and its logger. */
export interface RoolTransportOptions extends RoolRequestContext {
  /** Timeout per call in ms; 0 means none. */
  timeoutMs: number;
  /** Retries of reads, from the client's config; absent: none. */
  retry?: ReadRetry;
  /** Where each call is logged at debug level. */
  logger: Logger;
}

/**
 * The typed bindings of the Rool endpoint, `POST {apiUrl}/v1/rpc`.
 *
 * @param options The client's request context, timeout and logger.
 * @returns The bindings; each call carries the headers of {@linkcode requestHeaders}, and
 * headers given for one call (logout's captured token) win over them.
 */
export function createRoolApi(options: RoolTransportOptions): RoolBindings {
  const endpoint = `${options.apiUrl}${roolRpcPath}`;
  // The core client appends `/rpc` itself.
  const client = createRpcClient<RoolMethods>(endpoint.replace(/\/rpc$/, ''), {
    fetch: options.fetch,
    timeout: options.timeoutMs,
    retry: options.retry,
  });
  const call = throwingCall(client, toRoolError);
  const authenticated: RpcCall<RoolMethods> = async (method, input, callOptions) => {
    const headers = await requestHeaders(options, callOptions?.headers);
    options.logger.debug(`Rool call ${method}`);
    return await call(method, input, { ...callOptions, headers: Object.fromEntries(headers) });
  };
  return bindRool(authenticated);
}
