/**
 * WebDAV storage per space (docs/rool-webdav.md) at
 * `{basePath}/v1/spaces/{spaceId}/dav` + a machine path: `/` holds `/space`
 * (the space's objects as JSON files) and `/rool-drive` (user files). RFC
 * 4918 classes 1, 2 and 3, RFC 6578 sync-collection and RFC 4331 quota, over
 * the files model (../files/).
 *
 * Every request goes: CORS preflight (answered without authentication) →
 * path checks (400) → authentication (401) → the space and role (404, 403
 * for a viewer's write) → the method's own checks → the change, which is
 * announced as `filesChanged` on the space's live events.
 *
 * @module
 */
import type { Hono } from 'hono';
import type { RoolAppOptions } from '../app.ts';
import { quoteValue } from '../auth.ts';
import type { RoolRuntime } from '../context.ts';
import { actorOf } from '../events/actor.ts';
import { notifyFilesChanged } from '../events/notify.ts';
import { copyOrMove } from './copy-move.ts';
import { allowHeader, isPreflight, preflightResponse, withCors } from './cors.ts';
import { remove } from './delete.ts';
import { DavError, errorResponse, toDavError } from './errors.ts';
import { get } from './get.ts';
import { lock, unlock } from './lock.ts';
import { mkcol } from './mkcol.ts';
import { options as optionsMethod } from './options.ts';
import { hrefOf, targetOf } from './paths.ts';
import { propfind } from './propfind.ts';
import { proppatch } from './proppatch.ts';
import { put } from './put.ts';
import { report } from './report.ts';
import { type DavRequest, openRequest } from './session.ts';

type Handler = (dav: DavRequest) => Response | Promise<Response>;

const handlers: Record<string, Handler> = {
  OPTIONS: optionsMethod,
  GET: get,
  HEAD: get,
  PUT: put,
  DELETE: remove,
  PROPFIND: propfind,
  PROPPATCH: proppatch,
  MKCOL: mkcol,
  COPY: copyOrMove,
  MOVE: copyOrMove,
  LOCK: lock,
  UNLOCK: unlock,
  REPORT: report,
};

/**
 * Adds the routes to the Rool app.
 *
 * @param app The Rool app, its routes relative to `runtime.basePath`.
 * @param runtime The running mock.
 * @param options The app's options (handler overrides, error reporting).
 */
export function mountWebdav(app: Hono, runtime: RoolRuntime, options: RoolAppOptions): void {
  const handler = (c: { req: { raw: Request } }) => serveWebdav(c.req.raw, runtime, options);
  app.all('/v1/spaces/:spaceId/dav', handler);
  app.all('/v1/spaces/:spaceId/dav/*', handler);
}

/**
 * Answers one WebDAV request.
 *
 * @param request The request; its URL's path starts with the app's base path.
 * @param runtime The running mock.
 * @param options The app's options: unexpected errors go to `onError`.
 * @returns The response, with CORS headers.
 */
export async function serveWebdav(
  request: Request,
  runtime: RoolRuntime,
  options: Pick<RoolAppOptions, 'onError'>,
): Promise<Response> {
  if (isPreflight(request)) return preflightResponse();
  let root = '';
  try {
    const url = new URL(request.url);
    const target = targetOf(url, runtime.basePath);
    root = target.root;
    const dav = await openRequest(request, runtime, { ...target, url });
    const handler = handlers[request.method];
    if (!handler) {
      throw new DavError(405, `WebDAV does not serve ${dav.ctx.quote(request.method)}`, {
        headers: { allow: allowHeader },
      });
    }
    const response = await handler(dav);
    if (dav.changed) {
      dav.space.updatedAt = dav.ctx.now;
      notifyFilesChanged(runtime, dav.space.id, actorOf(dav.ctx));
    }
    return withCors(response);
  } catch (error) {
    const head = request.method === 'HEAD';
    const known = toDavError(error, (path) => hrefOf(root, path));
    // A body cut off (too large, too slow) is left unread and its connection closed: Deno's
    // server would read the rest of a cancelled one (../../rpc/body.ts).
    if (known?.headers.connection !== 'close') await request.body?.cancel().catch(() => undefined);
    if (known) return withCors(errorResponse(known, head));
    options.onError(error, `rool webdav ${quoteValue(runtime, request.method)}`);
    return withCors(errorResponse(new DavError(500, 'Internal error'), head));
  }
}
