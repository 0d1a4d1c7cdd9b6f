/**
 * Every Roj target of the auth matrix, read from the API definitions: each method of each RPC
 * endpoint (`src/roj/api.ts`: platform and instance; `mock-server/roj/admin-api.ts`: the mock's
 * control endpoint) and each upload route, with the credential the endpoint declares. Nothing is
 * listed by hand, so a method added to a registry is in the matrix at once.
 *
 * @module
 */
import { rojApi } from '../../src/roj/api.ts';
import type { EndpointDef } from '../../src/rpc/api.ts';
import { mockAdminApi } from '../../mock-server/roj/admin-api.ts';

/**
 * The credential a Roj route takes (docs/roj-contract.md §2): an API key (platform routes,
 * upload, the mock's control routes) or an instance token (the instance endpoint).
 */
export type RojScheme = 'apiKey' | 'instanceToken';

/** One Roj target: a method of an endpoint, or an upload route. */
export interface RojTarget {
  /** Where it is served: the endpoint's key (`platform`, `instance`, `admin`) or `upload`. */
  surface: string;
  /** The method name; the route's name for an upload. */
  method: string;
  /** The path, with `{instanceId}` for the instance endpoint. */
  path: string;
  /** The credential it takes. */
  scheme: RojScheme;
}

/**
 * The name a target goes by in messages and tables: `surface method`.
 *
 * @param target The target.
 * @returns Its name, e.g. `instance createSandbox`.
 */
export function rojTargetName(target: RojTarget): string {
  return `${target.surface} ${target.method}`;
}

/**
 * The credential an endpoint's auth schemes name. The instance endpoint accepts the instance
 * token as a bearer or a cookie; both are the one instance-token credential.
 *
 * @param names The endpoint's `auth`, e.g. `['apiKey']`.
 * @returns The credential.
 * @throws {Error} For a scheme this matrix does not know: a new scheme needs its cases.
 */
function schemeOf(names: readonly string[]): RojScheme {
  if (names.length > 0 && names.every((n) => n === 'apiKey')) return 'apiKey';
  if (names.length > 0 && names.every((n) => n === 'instanceToken' || n === 'instanceCookie')) {
    return 'instanceToken';
  }
  throw new Error(`The auth matrix has no cases for the schemes ${names.join(', ')}`);
}

function endpointTargets(surface: string, endpoint: EndpointDef): RojTarget[] {
  const scheme = schemeOf(endpoint.auth);
  return Object.keys(endpoint.methods).map((method) => ({
    surface,
    method,
    path: endpoint.path,
    scheme,
  }));
}

/**
 * Every Roj target.
 *
 * @returns The platform, instance and control methods, then the uploads.
 * @throws {Error} When an endpoint names an auth scheme without cases.
 */
export function rojTargets(): RojTarget[] {
  return [
    ...Object.entries(rojApi.endpoints).flatMap(([surface, endpoint]) =>
      endpointTargets(surface, endpoint as EndpointDef)
    ),
    ...endpointTargets('admin', mockAdminApi.endpoints.admin),
    ...Object.entries(rojApi.uploads).map(([method, upload]) => ({
      surface: 'upload' as const,
      method,
      path: upload.path,
      scheme: schemeOf(upload.auth),
    })),
  ];
}
