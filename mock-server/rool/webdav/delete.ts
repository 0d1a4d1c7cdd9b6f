/**
 * DELETE (RFC 4918 §9.6): removes a file, a collection with everything in it
 * (`Depth` must be `infinity` or absent), or an object (204). The roots and
 * the schema's collections are 403 (`dropCollection` deletes a collection).
 * `If-Match` and locks apply to the whole subtree.
 *
 * @module
 */
import { driveRoot, spaceRoot } from '../files/paths.ts';
import { describe, isCollection, resolve } from '../files/resources.ts';
import { requireEntityConditions, requireUnlocked } from './conditions.ts';
import { depthOf } from './depth.ts';
import { DavError } from './errors.ts';
import type { DavRequest } from './session.ts';

/**
 * Answers a DELETE.
 *
 * @param dav The request.
 * @returns 204.
 * @throws {DavError} 404, 403, 400 for a bad depth, 412 or 423.
 */
export function remove(dav: DavRequest): Response {
  const { space, path } = dav;
  const resource = resolve(space, path);
  if (!resource) throw new DavError(404, 'Nothing exists at this path');
  if (path === '/' || path === spaceRoot || path === driveRoot) {
    throw new DavError(403, 'The root, /space and /rool-drive cannot be deleted');
  }
  if (resource.kind === 'collection') {
    throw new DavError(
      403,
      "Collections under /space are the schema's: delete one with dropCollection " +
        '(RPC collections.drop)',
    );
  }
  if (isCollection(resource)) {
    depthOf(dav.request, ['infinity'], 'DELETE of a collection takes Depth: infinity or no Depth');
  }
  // docs/rool-webdav.md §2: the If header and locks (412, 423) before If-Match (412).
  requireUnlocked(dav, { subtrees: [path], parentsOf: [path] });
  requireEntityConditions(dav, describe(space, resource).etag, true);
  if (resource.kind === 'object') space.objects.delete(path);
  else space.files.drive.delete(path, dav.ctx.now);
  dav.changed = true;
  return new Response(null, { status: 204 });
}
