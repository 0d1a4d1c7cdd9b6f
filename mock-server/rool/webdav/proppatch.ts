/**
 * PROPPATCH (RFC 4918 §9.2): sets and removes dead properties, in document
 * order, all or nothing. Live properties are protected (403
 * `DAV:cannot-modify-protected-property`); when any instruction fails, the
 * others report 424 and nothing changes. Dead properties live on `/rool-drive`
 * resources only: elsewhere every instruction is 403.
 *
 * @module
 */
import { children, type XmlElement } from '../../../src/rool/_xml.ts';
import { FilesError } from '../files/errors.ts';
import { propKey } from '../files/dead-props.ts';
import { isCollection, resolve } from '../files/resources.ts';
import { readXml } from './body.ts';
import { requireUnlocked } from './conditions.ts';
import { DavError, statusOfFilesError } from './errors.ts';
import { multiStatus, propName, type PropStat } from './multistatus.ts';
import { DAV, isLive } from './props.ts';
import { type DavRequest, href } from './session.ts';

interface Instruction {
  op: 'set' | 'remove';
  prop: XmlElement;
}

interface Failure {
  status: number;
  condition?: string;
  description: string;
}

/**
 * Answers a PROPPATCH.
 *
 * @param dav The request.
 * @returns 207 with each property's status.
 * @throws {DavError} 400 for a body that is not a `DAV:propertyupdate`; 404 for a missing
 * resource; 412 or 423 from the lock check.
 */
export async function proppatch(dav: DavRequest): Promise<Response> {
  const body = await readXml(dav.request, dav.ctx.runtime.bodyTime.rpc);
  if (!body || body.ns !== DAV || body.local !== 'propertyupdate') {
    throw new DavError(400, 'A PROPPATCH body must be a DAV:propertyupdate element');
  }
  const instructions: Instruction[] = [];
  for (const step of body.children) {
    if (step.ns !== DAV || (step.local !== 'set' && step.local !== 'remove')) continue;
    for (const prop of children(step, DAV, 'prop')) {
      for (const p of prop.children) instructions.push({ op: step.local, prop: p });
    }
  }
  if (instructions.length === 0) throw new DavError(400, 'DAV:propertyupdate names no property');
  const resource = resolve(dav.space, dav.path);
  if (!resource) throw new DavError(404, 'Nothing exists at this path');
  requireUnlocked(dav, { paths: [dav.path] });

  const failures = new Map<XmlElement, Failure>();
  let next = resource.kind === 'drive' ? resource.node.props.clone() : undefined;
  for (const { op, prop } of instructions) {
    if (!next) {
      failures.set(prop, {
        status: 403,
        description: 'Properties can be stored on /rool-drive resources only',
      });
    } else if (isLive(prop.ns, prop.local)) {
      failures.set(prop, {
        status: 403,
        condition: 'cannot-modify-protected-property',
        description: `${propKey(prop.ns, prop.local)} is a live property and cannot be changed`,
      });
    } else if (op === 'remove') next.remove(propKey(prop.ns, prop.local));
    else {
      try {
        next.set(prop);
      } catch (error) {
        if (!(error instanceof FilesError)) throw error;
        failures.set(prop, { status: statusOfFilesError(error.type), description: error.message });
      }
    }
  }
  if (failures.size > 0) next = undefined;
  if (next && resource.kind === 'drive') {
    resource.node.props = next;
    dav.space.files.drive.propsChanged(dav.path);
    dav.changed = true;
  }
  return multiStatus([{
    href: href(dav, dav.path, isCollection(resource)),
    propstats: outcome(instructions, failures),
  }]);
}

/** Each property's status: its failure, 424 beside a failure, 200 when all succeeded. */
function outcome(instructions: Instruction[], failures: Map<XmlElement, Failure>): PropStat[] {
  const groups = new Map<string, PropStat>();
  const seen = new Set<string>();
  for (const { prop } of instructions) {
    const key = propKey(prop.ns, prop.local);
    const failure = failures.get(prop);
    if (seen.has(key) && !failure) continue;
    seen.add(key);
    const status = failure?.status ?? (failures.size > 0 ? 424 : 200);
    const group = `${status} ${failure?.condition ?? ''} ${failure?.description ?? ''}`;
    let stat = groups.get(group);
    if (!stat) {
      stat = {
        status,
        props: [],
        ...(failure?.condition ? { condition: failure.condition } : {}),
        ...(failure ? { description: failure.description } : {}),
      };
      groups.set(group, stat);
    }
    stat.props.push(propName(prop));
  }
  return [...groups.values()];
}
