/**
 * MKCOL (RFC 4918 §9.3): creates one collection under `/rool-drive` (201).
 * A body is refused (415), an existing resource is 405, a missing parent
 * 409. Collections under `/space` are the schema's: MKCOL there is 403, with
 * a hint to use `createCollection`.
 *
 * @module
 */
import { driveRoot, isWithin, spaceRoot } from '../files/paths.ts';
import { resolve } from '../files/resources.ts';
import { readBody } from './body.ts';
import { requireUnlocked } from './conditions.ts';
import { allowHeader } from './cors.ts';
import { DavError } from './errors.ts';
import type { DavRequest } from './session.ts';

/**
 * Answers a MKCOL.
 *
 * @param dav The request.
 * @returns 201.
 * @throws {DavError} 415 with a body, 405 when something exists, 403 outside `/rool-drive`, 409
 * without a parent, 423 or 507.
 */
export async function mkcol(dav: DavRequest): Promise<Response> {
  // RFC 4918 §9.3: a body MKCOL does not understand is 415; this one understands none, so the
  // first byte of one is refused without reading further.
  await readBody(dav.request, {
    maxBytes: 0,
    tooLarge: () => new DavError(415, 'MKCOL takes no body'),
    time: dav.ctx.runtime.bodyTime.rpc,
  });
  if (resolve(dav.space, dav.path)) {
    throw new DavError(405, 'Something already exists at this path', {
      headers: { allow: allowHeader },
    });
  }
  if (isWithin(dav.path, spaceRoot)) {
    throw new DavError(
      403,
      "Collections under /space are the schema's: create one with createCollection " +
        '(RPC collections.create)',
    );
  }
  if (!isWithin(dav.path, driveRoot)) {
    throw new DavError(403, 'The root holds only /space and /rool-drive');
  }
  requireUnlocked(dav, { paths: [dav.path], parentsOf: [dav.path] });
  dav.space.files.drive.mkcol(dav.path, dav.ctx.now);
  dav.changed = true;
  return new Response(null, { status: 201 });
}
