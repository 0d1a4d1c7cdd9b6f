/**
 * LOCK and UNLOCK (RFC 4918 §9.10–9.11). A LOCK with a `DAV:lockinfo` body
 * takes an exclusive or shared write lock of `Depth` 0 or infinity (the
 * default) for `Timeout` seconds (`Second-N` or `Infinite`, capped); on an
 * unmapped URL under `/rool-drive` it first creates an empty file (201). A
 * LOCK without a body refreshes the locks whose tokens its `If` header
 * submits. UNLOCK takes the token in `Lock-Token`; the token must name a lock
 * covering the request URI (409 otherwise) that the caller owns (403).
 *
 * @module
 */
import { child, type XmlElement } from '../../../src/rool/_xml.ts';
import { filesLimits } from '../files/limits.ts';
import { covers, type LockDepth } from '../files/locks.ts';
import { driveRoot, isWithin } from '../files/paths.ts';
import { resolve } from '../files/resources.ts';
import { readXml } from './body.ts';
import { ifLists, requireUnlocked, stateOf, submittedLocks } from './conditions.ts';
import { depthOf } from './depth.ts';
import { DavError } from './errors.ts';
import { ifHolds } from './if-header.ts';
import { activeLock, DAV } from './props.ts';
import type { DavRequest } from './session.ts';

/**
 * The timeout a `Timeout` header asks for (RFC 4918 §10.7): the first `Second-N` or `Infinite`
 * in the list.
 *
 * @param header The header, or `null`.
 * @returns Seconds (`Infinity` for `Infinite`); the default when absent or unreadable.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { timeoutOf } from './lock.ts';
 * assert.equal(timeoutOf('Infinite, Second-4100000000'), Infinity);
 * assert.equal(timeoutOf('Second-30'), 30);
 * assert.equal(timeoutOf(null), 600);
 * ```
 */
export function timeoutOf(header: string | null): number {
  for (const part of (header ?? '').split(',')) {
    const value = part.trim();
    if (/^infinite$/i.test(value)) return Infinity;
    const match = /^second-(\d{1,12})$/i.exec(value);
    if (match) return Number(match[1]);
  }
  return filesLimits.defaultLockSeconds;
}

function discovery(xml: string, status: number, token?: string): Response {
  const body = '<?xml version="1.0" encoding="utf-8"?>\n<D:prop xmlns:D="DAV:">' +
    `<D:lockdiscovery>${xml}</D:lockdiscovery></D:prop>`;
  const headers: Record<string, string> = { 'content-type': 'application/xml; charset=utf-8' };
  if (token) headers['lock-token'] = `<${token}>`;
  return new Response(body, { status, headers });
}

/**
 * Answers a LOCK: a new lock or a refresh.
 *
 * @param dav The request.
 * @returns 200 (existing resource or refresh) or 201 (created), with `Lock-Token` for a new lock.
 * @throws {DavError} 400 for a bad body or depth, 409 without a parent, 403 outside the drive for
 * an unmapped URL, 412 when a refresh names no lock of the caller's here, 423 for a conflicting
 * lock.
 */
export async function lock(dav: DavRequest): Promise<Response> {
  const body = await readXml(dav.request, dav.ctx.runtime.bodyTime.rpc);
  const timeout = timeoutOf(dav.request.headers.get('timeout'));
  const { locks, drive } = dav.space.files;
  const now = dav.ctx.now;
  if (!body) {
    const lists = ifLists(dav);
    const refreshed = submittedLocks(dav, lists);
    if (lists.length === 0 || refreshed.length === 0 || !ifHolds(lists, (t) => stateOf(dav, t))) {
      throw new DavError(
        412,
        'A LOCK without a body refreshes a lock: submit its token in an If header',
        { condition: 'lock-token-matches-request-uri' },
      );
    }
    for (const l of refreshed) locks.refresh(l.token, timeout, now);
    return discovery(refreshed.map((l) => activeLock(dav, l)).join(''), 200);
  }
  if (body.ns !== DAV || body.local !== 'lockinfo') {
    throw new DavError(400, 'A LOCK body must be a DAV:lockinfo element');
  }
  const scopeElement = child(body, DAV, 'lockscope')?.children[0];
  const scope = scopeElement?.ns === DAV &&
      (scopeElement.local === 'exclusive' || scopeElement.local === 'shared')
    ? scopeElement.local
    : undefined;
  const type = child(body, DAV, 'locktype')?.children[0];
  if (!scope || type?.ns !== DAV || type.local !== 'write') {
    throw new DavError(
      400,
      'DAV:lockinfo needs a lockscope (exclusive or shared) and locktype write',
    );
  }
  const owner: XmlElement | null = child(body, DAV, 'owner') ?? null;
  const depth: LockDepth =
    depthOf(dav.request, [0, 'infinity'], 'LOCK takes Depth: 0 or infinity') ??
      'infinity';
  const exists = resolve(dav.space, dav.path) !== undefined;
  if (!exists && !isWithin(dav.path, driveRoot)) {
    throw new DavError(
      409,
      'Only files under /rool-drive can be created by LOCK; write the object with PUT first',
    );
  }
  requireUnlocked(dav, exists ? {} : { parentsOf: [dav.path] });
  const created = locks.create({
    root: dav.path,
    depth,
    scope,
    owner,
    userId: dav.ctx.user.id,
    timeoutSeconds: timeout,
  }, now);
  if (!exists) {
    try {
      drive.putFile(dav.path, { bytes: new Uint8Array(0) }, now);
    } catch (error) {
      locks.remove(created.token);
      throw error;
    }
    dav.changed = true;
  }
  return discovery(activeLock(dav, created), exists ? 200 : 201, created.token);
}

/**
 * Answers an UNLOCK.
 *
 * @param dav The request.
 * @returns 204.
 * @throws {DavError} 400 without a `Lock-Token`, 409 when it names no lock covering the request
 * URI, 403 for another user's lock.
 */
export function unlock(dav: DavRequest): Response {
  const header = dav.request.headers.get('lock-token')?.trim();
  const token = header && /^<([^<>]+)>$/.exec(header)?.[1];
  if (!token) throw new DavError(400, 'UNLOCK needs a Lock-Token header: <opaquelocktoken:…>');
  const found = dav.space.files.locks.get(token, dav.ctx.now);
  if (!found || !covers(found, dav.path)) {
    throw new DavError(409, 'No lock with this token covers this resource', {
      condition: 'lock-token-matches-request-uri',
    });
  }
  if (found.userId !== dav.ctx.user.id) {
    throw new DavError(403, 'This lock belongs to another user');
  }
  dav.space.files.locks.remove(token);
  return new Response(null, { status: 204 });
}
