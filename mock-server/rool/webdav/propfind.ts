/**
 * PROPFIND (RFC 4918 §9.1): the properties of a resource and, with `Depth: 1`
 * or `infinity`, of its members. `allprop` (the default for an empty body)
 * returns the dead properties and the RFC 4918 live ones; `propname` the
 * names only; `prop` the named ones, each unknown one with 404. `Depth:
 * infinity` is served up to `filesLimits.propfindInfinityResources`
 * resources; past that it is 403 with `DAV:propfind-finite-depth`.
 *
 * @module
 */
import { child, serializeXml, type XmlElement } from '../../../src/rool/_xml.ts';
import { propKey } from '../files/dead-props.ts';
import { filesLimits } from '../files/limits.ts';
import { describe, isCollection, resolve, type Resource, walk } from '../files/resources.ts';
import { readXml } from './body.ts';
import { DavError } from './errors.ts';
import { depthOf } from './depth.ts';
import { MultiStatusWriter, propName, type PropStat } from './multistatus.ts';
import { allpropLive, DAV, liveNames, liveProp } from './props.ts';
import { type DavRequest, href } from './session.ts';

/** What a PROPFIND (or REPORT) asks for. */
export type PropRequest =
  | { kind: 'allprop'; include: XmlElement[] }
  | { kind: 'propname' }
  | { kind: 'prop'; names: XmlElement[] };

/**
 * The property request a `DAV:propfind` (or a report's `DAV:prop`) element makes.
 *
 * @param parent The element holding `DAV:allprop`, `DAV:propname` or `DAV:prop`.
 * @returns The request; `allprop` when it names none.
 * @throws {DavError} 400 for an empty `DAV:prop`.
 */
export function propRequestOf(parent: XmlElement | undefined): PropRequest {
  if (!parent) return { kind: 'allprop', include: [] };
  if (child(parent, DAV, 'propname')) return { kind: 'propname' };
  const prop = child(parent, DAV, 'prop');
  if (prop) {
    if (prop.children.length === 0) throw new DavError(400, 'DAV:prop must name properties');
    return { kind: 'prop', names: prop.children };
  }
  return { kind: 'allprop', include: child(parent, DAV, 'include')?.children ?? [] };
}

/**
 * A resource's properties, grouped by status.
 *
 * @param dav The request.
 * @param resource The resource.
 * @param wanted What is asked for.
 * @returns The propstats: 200 for found properties, 404 for the rest.
 */
export function propStats(dav: DavRequest, resource: Resource, wanted: PropRequest): PropStat[] {
  const info = describe(dav.space, resource);
  const dead = info.props && info.props.size > 0 ? info.props.values() : [];
  const found: string[] = [];
  const missing: string[] = [];
  const lookup = (name: { ns: string; local: string }) => {
    const value = name.ns === DAV ? liveProp(dav, resource.path, info, name.local) : undefined;
    if (value !== undefined) return found.push(value);
    const stored = info.props?.get(propKey(name.ns, name.local));
    if (stored) return found.push(serializeXml(stored));
    missing.push(propName(name));
  };
  if (wanted.kind === 'propname') {
    for (const local of liveNames(info, true)) found.push(`<D:${local}/>`);
    for (const prop of dead) found.push(propName(prop));
  } else if (wanted.kind === 'allprop') {
    found.push(allpropLive(dav, resource.path, info));
    for (const prop of dead) found.push(serializeXml(prop));
    // Built only when DAV:include names something: it is per resource, and most ask for nothing.
    if (wanted.include.length > 0) {
      const shown = new Set([
        ...liveNames(info, false).map((l) => propKey(DAV, l)),
        ...dead.map((p) => propKey(p.ns, p.local)),
      ]);
      for (const name of wanted.include) {
        if (!shown.has(propKey(name.ns, name.local))) lookup(name);
      }
    }
  } else {
    for (const name of wanted.names) lookup(name);
  }
  const stats: PropStat[] = [];
  if (found.length > 0 || missing.length === 0) stats.push({ status: 200, props: found });
  if (missing.length > 0) stats.push({ status: 404, props: missing });
  return stats;
}

/**
 * Answers a PROPFIND.
 *
 * @param dav The request.
 * @returns 207 with a response per resource.
 * @throws {DavError} 400 for a bad body or depth, 404 for a missing resource, 403 past the
 * infinity limit.
 */
export async function propfind(dav: DavRequest): Promise<Response> {
  const depth = depthOf(dav.request, [0, 1, 'infinity'], 'Depth must be 0, 1 or infinity') ??
    'infinity';
  const body = await readXml(dav.request, dav.ctx.runtime.bodyTime.rpc);
  if (body && (body.ns !== DAV || body.local !== 'propfind')) {
    throw new DavError(400, 'A PROPFIND body must be a DAV:propfind element');
  }
  const wanted = propRequestOf(body);
  const resource = resolve(dav.space, dav.path);
  if (!resource) throw new DavError(404, 'Nothing exists at this path');
  const limit = filesLimits.propfindInfinityResources;
  // Only `Depth: infinity` is bounded (RFC 4918 §9.1): a depth-1 listing is one collection's
  // members, which the drive's entry limit already bounds.
  const resources = walk(dav.space, resource, {
    depth,
    limit: depth === 'infinity' ? limit : Infinity,
  });
  if (!resources) {
    throw new DavError(
      403,
      `Depth: infinity lists at most ${limit} resources here; use Depth: 1 or sync-collection`,
      { condition: 'propfind-finite-depth' },
    );
  }
  // Each resource is written as soon as it is described, so nothing of it outlives its turn.
  const out = new MultiStatusWriter();
  for (const r of resources) {
    out.add({ href: href(dav, r.path, isCollection(r)), propstats: propStats(dav, r, wanted) });
  }
  return out.response();
}
