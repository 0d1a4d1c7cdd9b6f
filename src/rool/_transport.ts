// The client's one way of calling the Rool API: the core RPC client (timeouts, aborts,
// injected fetch, safe results), failures thrown as RoolError, and the provider's token
// added to every call at call time, so a login or logout takes effect at once.
import { createRpcClient, type FetchFn, type RpcCall, throwingCall } from '../rpc/client.ts';
import { bindRool, type RoolBindings } from './_generated/bindings.ts';
import { roolApi } from './api.ts';
import { toRoolError } from './errors.ts';
import type { Logger } from './logger.ts';
import type { RoolMethods } from './methods.ts';

/** What the bindings need. */
export interface RoolTransportOptions {
  /** The API's base URL, without trailing slashes. */
  apiUrl: string;
  /** The `fetch` to use. */
  fetch?: FetchFn;
  /** Timeout per call in ms; 0 means none. */
  timeoutMs: number;
  /** The token for the next call; `undefined` sends none (the server answers 401). */
  getToken(): Promise<string | undefined>;
  /** Where each call is logged at debug level. */
  logger: Logger;
}

/** The typed bindings of the Rool endpoint, `POST {apiUrl}/v1/rpc`. */
export function createRoolApi(options: RoolTransportOptions): RoolBindings {
  const endpoint = `${options.apiUrl}${roolApi.endpoints.rool.path}`;
  // The core client appends `/rpc` itself.
  const client = createRpcClient<RoolMethods>(endpoint.replace(/\/rpc$/, ''), {
    fetch: options.fetch,
    timeout: options.timeoutMs,
  });
  const call = throwingCall(client, toRoolError);
  const authenticated: RpcCall<RoolMethods> = async (method, input, callOptions) => {
    const token = await options.getToken();
    options.logger.debug(`Rool call ${method}`);
    // Headers given for one call (logout's captured token) win over the provider's.
    const headers = token === undefined
      ? callOptions?.headers
      : { Authorization: `Bearer ${token}`, ...callOptions?.headers };
    return await call(method, input, { ...callOptions, headers });
  };
  return bindRool(authenticated);
}
