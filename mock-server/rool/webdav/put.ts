/**
 * PUT (RFC 4918 §9.7, RFC 9110 §9.3.4): creates (201) or replaces (204) a
 * file under `/rool-drive` or an object under `/space`. The parent must exist
 * (409). `If-Match` and `If-None-Match` (`*` for create-only) are honoured
 * (412), and locks apply. A drive file counts against the space's storage
 * (507 when it would not fit, checked from `Content-Length` before reading
 * and while reading); an object takes a JSON object of at most the RPC body
 * size (413), as `objects.put` does, and its answer carries the ETag only
 * when the stored JSON is byte for byte what was sent.
 *
 * @module
 */
import { isWithin, spaceRoot } from '../files/paths.ts';
import { parseObjectBody, putObject, requireObjectSlot, webdavStamp } from '../files/objects.ts';
import { describe, isCollection, resolve } from '../files/resources.ts';
import { readBody } from './body.ts';
import { requireEntityConditions, requireUnlocked } from './conditions.ts';
import { allowHeader } from './cors.ts';
import { DavError } from './errors.ts';
import type { DavRequest } from './session.ts';

/**
 * Answers a PUT.
 *
 * @param dav The request.
 * @returns 201 or 204, with the new ETag where allowed.
 * @throws {DavError} 405 for a collection, 409 without a parent, 412, 413, 415, 400, 423 or 507.
 */
export async function put(dav: DavRequest): Promise<Response> {
  const { space, path, request, ctx } = dav;
  if (request.headers.has('content-range')) {
    throw new DavError(400, 'PUT does not take Content-Range; send the whole content');
  }
  const existing = resolve(space, path);
  if (existing && isCollection(existing)) {
    throw new DavError(405, 'A collection is at this path; PUT writes files only', {
      headers: { allow: allowHeader },
    });
  }
  const inSpace = isWithin(path, spaceRoot);
  if (inSpace) requireObjectSlot(space, path);
  requirePreconditions(dav);

  const contentType = request.headers.get('content-type');
  if (inSpace) {
    const limit = ctx.runtime.limits.rpcBodyBytes;
    const bytes = await readBody(request, {
      maxBytes: limit,
      tooLarge: () => new DavError(413, `An object is at most ${limit} bytes of JSON`),
      time: ctx.runtime.bodyTime.rpc,
    });
    // Checked again once the body is in: another PUT or a LOCK may have landed while it streamed.
    requirePreconditions(dav);
    const { body, verbatim } = parseObjectBody(bytes, contentType);
    const { created, record } = putObject(space, path, body, {
      stamp: webdavStamp(ctx.user, ctx.now),
      objectsPerSpace: ctx.runtime.limits.objectsPerSpace,
    });
    dav.changed = true;
    const etag = verbatim ? describe(space, { kind: 'object', path, record }).etag : undefined;
    return new Response(null, { status: created ? 201 : 204, headers: etag ? { etag } : {} });
  }
  const { drive } = space.files;
  const replaced = existing?.kind === 'drive' && existing.node.kind === 'file'
    ? existing.node.bytes.length
    : 0;
  const room = drive.availableBytes + replaced;
  const bytes = await readBody(request, {
    maxBytes: room,
    tooLarge: () =>
      new DavError(
        507,
        `The space's storage would exceed ${drive.limitBytes} bytes (${drive.usedBytes} used); ` +
          'delete some files first',
      ),
    time: ctx.runtime.bodyTime.upload,
  });
  requirePreconditions(dav);
  const { created, file } = drive.putFile(path, {
    bytes,
    contentType: contentType ?? undefined,
  }, ctx.now);
  dav.changed = true;
  return new Response(null, { status: created ? 201 : 204, headers: { etag: file.etag } });
}

/**
 * The If header and locks (412, 423) before If-Match (412), docs/rool-webdav.md §2, against the
 * resource as it is now. A PUT checks them before reading its body, to refuse early, and again
 * after, right before it writes: concurrent writers with the same `If-Match` would otherwise all
 * pass while their bodies arrive, and all but the last would be lost.
 */
function requirePreconditions(dav: DavRequest): void {
  const existing = resolve(dav.space, dav.path);
  const paths = existing ? { paths: [dav.path] } : { paths: [dav.path], parentsOf: [dav.path] };
  requireUnlocked(dav, paths);
  requireEntityConditions(
    dav,
    existing && describe(dav.space, existing).etag,
    existing !== undefined,
  );
}
