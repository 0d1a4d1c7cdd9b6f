/**
 * REPORT `DAV:sync-collection` (RFC 6578): the members of a collection that
 * changed since a sync token, or all of them for an empty token, with the
 * requested properties; deleted members as 404. `DAV:sync-level` is `1`
 * (immediate members) or `infinite` (everything below). The cost of a sync is
 * the number of changes since its token (./../files/change-log.ts), never the
 * size of the tree. An unknown or expired token is 403 `DAV:valid-sync-token`
 * (start over with an empty token). With `DAV:limit`, a delta sync is cut
 * short and its answer says so (507 for the request URI, RFC 6578 §3.6) with a
 * token to continue from; an initial sync over the limit is 507
 * `DAV:number-of-matches-within-limits`.
 *
 * @module
 */
import { child, childText, escapeXml } from '../../../src/rool/_xml.ts';
import { isWithin, parentOf } from '../files/paths.ts';
import { isCollection, resolve, walk } from '../files/resources.ts';
import { readXml } from './body.ts';
import { depthOf } from './depth.ts';
import { DavError } from './errors.ts';
import { MultiStatusWriter } from './multistatus.ts';
import { DAV } from './props.ts';
import { propRequestOf, propStats } from './propfind.ts';
import { type DavRequest, href } from './session.ts';

/**
 * Answers a REPORT.
 *
 * @param dav The request.
 * @returns 207 with the changed members and the new `DAV:sync-token`.
 * @throws {DavError} 400 for a bad body, depth, level or limit; 403 for another report, a
 * non-collection or an invalid token; 404 for a missing resource; 507 over the limit.
 */
export async function report(dav: DavRequest): Promise<Response> {
  const body = await readXml(dav.request, dav.ctx.runtime.bodyTime.rpc);
  if (!body) throw new DavError(400, 'REPORT needs a body');
  if (body.ns !== DAV || body.local !== 'sync-collection') {
    throw new DavError(403, 'The only report served is DAV:sync-collection', {
      condition: 'supported-report',
    });
  }
  depthOf(dav.request, [0], 'A sync-collection REPORT takes Depth: 0 or no Depth');
  const resource = resolve(dav.space, dav.path);
  if (!resource) throw new DavError(404, 'Nothing exists at this path');
  if (!isCollection(resource)) {
    throw new DavError(403, 'sync-collection applies to collections only', {
      condition: 'supported-report',
    });
  }
  const level = childText(body, DAV, 'sync-level') ?? '1';
  if (level !== '1' && level !== 'infinite') {
    throw new DavError(400, 'DAV:sync-level must be 1 or infinite');
  }
  const limitElement = child(body, DAV, 'limit');
  const limitText = limitElement && childText(limitElement, DAV, 'nresults');
  const limit = limitText === undefined ? Infinity : Number(limitText);
  if (!(Number.isSafeInteger(limit) && limit > 0) && limit !== Infinity) {
    throw new DavError(400, 'DAV:nresults must be a positive integer');
  }
  const wanted = propRequestOf(body);
  const token = childText(body, DAV, 'sync-token') ?? '';
  const { log } = dav.space.files;
  const base = dav.path;
  const inScope = level === '1'
    ? (p: string) => p !== base && parentOf(p) === base
    : (p: string) => p !== base && isWithin(p, base);

  // Written as they are found: an initial sync of a large tree writes thousands.
  const out = new MultiStatusWriter();
  let seq: number;
  if (token === '') {
    const members = walk(dav.space, resource, {
      depth: level === '1' ? 1 : 'infinity',
      limit: Infinity,
    })!.slice(1);
    if (members.length > limit) {
      throw new DavError(507, `The collection has ${members.length} members, more than the limit`, {
        condition: 'number-of-matches-within-limits',
      });
    }
    for (const member of members) {
      out.add({
        href: href(dav, member.path, isCollection(member)),
        propstats: propStats(dav, member, wanted),
      });
    }
    seq = log.seq;
  } else {
    const since = log.parseToken(token);
    if (since === undefined) {
      throw new DavError(
        403,
        'The sync token is unknown or expired; sync again with an empty token',
        {
          condition: 'valid-sync-token',
        },
      );
    }
    const result = log.changesSince(since, inScope, limit);
    for (const change of result.changes) {
      const member = resolve(dav.space, change.path);
      out.add(
        member
          ? {
            href: href(dav, member.path, isCollection(member)),
            propstats: propStats(dav, member, wanted),
          }
          : { href: href(dav, change.path), status: 404 },
      );
    }
    if (result.truncated) {
      out.add({
        href: href(dav, base, true),
        status: 507,
        condition: 'number-of-matches-within-limits',
        description: 'More changes follow; sync again with this token',
      });
    }
    seq = result.seq;
  }
  return out.response(`<D:sync-token>${escapeXml(log.token(seq))}</D:sync-token>`);
}
