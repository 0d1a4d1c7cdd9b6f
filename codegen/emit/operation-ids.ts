/**
 * The `operationId` of every operation codegen emits, in one place, so links
 * (./links.ts) name their targets as the paths do.
 *
 * @module
 */
import { pascal } from '../read/api.ts';

/**
 * An RPC endpoint's operation: one `POST` for all of its methods.
 *
 * @param endpoint The endpoint's name, e.g. `platform`.
 * @returns Its operation ID, e.g. `platformRpc`.
 */
export function rpcOperationId(endpoint: string): string {
  return `${endpoint}Rpc`;
}

/**
 * An upload's or a stream's operation.
 *
 * @param name The upload's or stream's name, e.g. `files.upload` or `spaceEvents`.
 * @returns Its operation ID, e.g. `filesUpload` or `spaceEvents`.
 */
export function namedOperationId(name: string): string {
  const p = pascal(name);
  return p[0].toLowerCase() + p.slice(1);
}

/**
 * One method of a route.
 *
 * @param route The route's name, e.g. `webdav`.
 * @param method The HTTP method, e.g. `PROPFIND`.
 * @returns Its operation ID, e.g. `webdavPropfind`.
 */
export function routeOperationId(route: string, method: string): string {
  return `${namedOperationId(route)}${method[0]}${method.slice(1).toLowerCase()}`;
}
