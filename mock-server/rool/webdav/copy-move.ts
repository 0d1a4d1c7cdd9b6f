/**
 * COPY and MOVE (RFC 4918 §9.8–9.9). `Destination` is an absolute URL or
 * path inside the same space's WebDAV root (another server 502, elsewhere on
 * this one 403); `Overwrite: F` onto an existing resource is 412; a
 * collection is copied with `Depth: infinity` (default) or `0`, and moved
 * whole. The answer is 201 for a new destination, 204 for a replaced one.
 * Dead properties travel with the resource; locks do not.
 *
 * Inside `/rool-drive` files and collections move freely. Between the areas
 * single resources move too: an object copied into the drive becomes a JSON
 * file, a file copied to an object path must be a JSON object. The roots and
 * the schema's collections cannot be copied or moved (403).
 *
 * @module
 */
import { driveRoot, isWithin, spaceRoot } from '../files/paths.ts';
import {
  objectBytes,
  parseObjectBody,
  putObject,
  requireObjectSlot,
  webdavStamp,
} from '../files/objects.ts';
import { isCollection, resolve, type Resource } from '../files/resources.ts';
import { requireUnlocked, type WriteScope } from './conditions.ts';
import { depthOf } from './depth.ts';
import { DavError } from './errors.ts';
import { pathInRoot } from './paths.ts';
import type { DavRequest } from './session.ts';

const roots = new Set(['/', spaceRoot, driveRoot]);

/**
 * The destination of a COPY or MOVE.
 *
 * @param dav The request.
 * @returns Its machine path.
 * @throws {DavError} 400 without a (valid) `Destination`, 502 on another server, 403 outside this
 * space's WebDAV root.
 */
export function destinationOf(dav: DavRequest): string {
  const header = dav.request.headers.get('destination');
  if (header === null || header.trim() === '') {
    throw new DavError(400, 'COPY and MOVE need a Destination header');
  }
  const path = pathInRoot(header, dav.url, dav.root);
  if (path === undefined) {
    throw new DavError(403, "The destination must be inside this space's WebDAV root");
  }
  return path;
}

function overwriteOf(request: Request): boolean {
  const value = request.headers.get('overwrite')?.trim().toUpperCase();
  if (value === undefined || value === 'T') return true;
  if (value === 'F') return false;
  throw new DavError(400, 'Overwrite must be T or F');
}

/**
 * Answers a COPY or MOVE.
 *
 * @param dav The request.
 * @returns 201 or 204.
 * @throws {DavError} 400, 403, 404, 409, 412, 415, 423, 502 or 507.
 */
export function copyOrMove(dav: DavRequest): Response {
  const move = dav.request.method === 'MOVE';
  const { space, path, ctx } = dav;
  const to = destinationOf(dav);
  const overwrite = overwriteOf(dav.request);
  const depth = move
    ? depthOf(dav.request, ['infinity'], 'MOVE takes Depth: infinity or no Depth')
    : depthOf(dav.request, [0, 'infinity'], 'COPY takes Depth: 0 or infinity');
  const source = resolve(space, path);
  if (!source) throw new DavError(404, 'Nothing exists at the source path');
  if (roots.has(path) || source.kind === 'collection') {
    throw new DavError(403, 'The roots and the collections under /space cannot be copied or moved');
  }
  if (roots.has(to) || !(isWithin(to, spaceRoot) || isWithin(to, driveRoot))) {
    throw new DavError(403, 'The destination must lie under /space or /rool-drive');
  }
  if (isWithin(to, path)) {
    throw new DavError(403, 'The destination must not be the source or lie inside it');
  }
  if (isWithin(to, spaceRoot)) requireObjectSlot(space, to);
  const target = resolve(space, to);
  if (target && !overwrite) {
    throw new DavError(412, 'The destination exists and Overwrite is F; nothing was changed');
  }
  const scope: WriteScope = target ? { subtrees: [to] } : { paths: [to], parentsOf: [to] };
  if (move) {
    scope.subtrees = [...(scope.subtrees ?? []), path];
    scope.parentsOf = [...(scope.parentsOf ?? []), path];
  }
  requireUnlocked(dav, scope);

  const { drive } = space.files;
  if (source.kind === 'drive' && isWithin(to, driveRoot)) {
    const { created } = move
      ? drive.move(path, to, { overwrite }, ctx.now)
      : drive.copy(path, to, { depth, overwrite }, ctx.now);
    dav.changed = true;
    return new Response(null, { status: created ? 201 : 204 });
  }
  if (isCollection(source)) {
    throw new DavError(403, 'Only single files and objects move between /rool-drive and /space');
  }
  const { bytes, contentType } = entityOf(source);
  if (isWithin(to, spaceRoot)) {
    const { body } = parseObjectBody(bytes, contentType);
    putObject(space, to, body, {
      stamp: webdavStamp(ctx.user, ctx.now),
      objectsPerSpace: ctx.runtime.limits.objectsPerSpace,
    });
  } else {
    // Overwrite: T replaces a collection too (RFC 4918 §9.8.4), in one checked change.
    drive.putFile(to, { bytes, contentType: contentType ?? undefined, replace: true }, ctx.now);
  }
  if (move) {
    if (source.kind === 'object') space.objects.delete(path);
    else drive.delete(path, ctx.now);
  }
  dav.changed = true;
  return new Response(null, { status: target ? 204 : 201 });
}

function entityOf(resource: Resource): { bytes: Uint8Array; contentType: string | null } {
  if (resource.kind === 'object') {
    return { bytes: objectBytes(resource.record), contentType: 'application/json' };
  }
  if (resource.kind === 'drive' && resource.node.kind === 'file') {
    return { bytes: resource.node.bytes, contentType: resource.node.contentType };
  }
  throw new DavError(403, 'Only single files and objects move between /rool-drive and /space');
}
