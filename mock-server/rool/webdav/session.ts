/**
 * What every WebDAV handler gets: the request, the caller's context (as RPC
 * handlers get it), the space with the caller's role, and the machine path.
 * Authentication takes a bearer token, or Basic credentials with any user
 * name and the token as the password (litmus, the `webdav` npm client, file
 * managers). A caller without a role in the space gets 404, as over RPC; a
 * viewer may only read.
 *
 * @module
 */
import type { RoolUserRole } from '../../../src/rool/types.ts';
import type { RoolContext, RoolRuntime } from '../context.ts';
import { requestContext } from '../request-context.ts';
import { atLeast, effectiveRole } from '../roles.ts';
import type { SpaceRecord } from '../state.ts';
import { DavError } from './errors.ts';
import { type DavTarget, hrefOf } from './paths.ts';

/** A WebDAV request on its way through a handler. */
export interface DavRequest {
  /** The request. */
  readonly request: Request;
  /** Its URL. */
  readonly url: URL;
  /** The caller's context, as RPC handlers get it. */
  readonly ctx: RoolContext;
  /** The space. */
  readonly space: SpaceRecord;
  /** The caller's effective role there. */
  readonly role: RoolUserRole;
  /** The WebDAV root's path as requested, e.g. `/rool/v1/spaces/spc_x/dav`. */
  readonly root: string;
  /** The machine path requested. */
  readonly path: string;
  /** Set by a handler that changed something, so the router announces `filesChanged`. */
  changed: boolean;
}

const readMethods = new Set(['OPTIONS', 'GET', 'HEAD', 'PROPFIND', 'REPORT']);

/**
 * Authenticates a request and finds its space and the caller's role.
 *
 * @param request The request.
 * @param runtime The running mock.
 * @param target The space and path the URL names, and the URL itself (parsed once).
 * @returns The request with its context.
 * @throws {DavError} 401 (with challenges) without a valid token; 404 when the caller has no role
 * in the space; 403 when a viewer tries to write.
 */
export async function openRequest(
  request: Request,
  runtime: RoolRuntime,
  target: DavTarget & { url: URL },
): Promise<DavRequest> {
  const ctx = await requestContext(request, runtime, { basic: true });
  const { user, quote } = ctx;
  const space = runtime.state.spaces.get(target.spaceId);
  const role = space && effectiveRole(space, user.id);
  if (!space || role === undefined) {
    throw new DavError(404, `Space ${quote(target.spaceId)} not found`);
  }
  if (!readMethods.has(request.method) && !atLeast(role, 'editor')) {
    throw new DavError(403, `Changing files needs the editor role or higher; you are a ${role}`);
  }
  return {
    request,
    url: target.url,
    ctx,
    space,
    role,
    root: target.root,
    path: target.path,
    changed: false,
  };
}

/**
 * The href of a machine path in the request's space.
 *
 * @param dav The request.
 * @param path The machine path.
 * @param collection Whether it is a collection (adds a trailing slash).
 * @returns The href.
 */
export function href(dav: DavRequest, path: string, collection = false): string {
  return hrefOf(dav.root, path, collection);
}
