// What both Roj clients share: the origin normalised once, RPC endpoints reached through the
// core client, and every failure thrown as RojApiError.
import {
  createRpcClient,
  type RpcCall,
  type RpcClientOptions,
  throwingCall,
} from '../rpc/client.ts';
import type { MethodRegistry } from '../rpc/definition.ts';
import { RojApiError } from './errors.ts';

/** `url` without trailing slashes, so `${origin}/api/...` never holds `//`. */
export function trimOrigin(url: string): string {
  return url.replace(/\/+$/, '');
}

/**
 * A throwing call function for the endpoint at `endpointUrl`, e.g. `${origin}/api/v1/rpc`.
 * The core client appends `/rpc` itself, so the URL (built from `rojApi.endpoints`) must end
 * with it.
 */
export function rojCall<Methods extends MethodRegistry>(
  endpointUrl: string,
  options: RpcClientOptions,
): RpcCall<Methods> {
  if (!endpointUrl.endsWith('/rpc')) {
    throw new TypeError(`RPC endpoint URL must end with /rpc: ${endpointUrl}`);
  }
  const client = createRpcClient<Methods>(endpointUrl.slice(0, -'/rpc'.length), options);
  return throwingCall(client, (error) => new RojApiError(error));
}
