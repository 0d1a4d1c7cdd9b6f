/**
 * Live properties: the ones the server computes. RFC 4918 §15 defines
 * `creationdate`, `displayname`, `getcontentlength`, `getcontenttype`,
 * `getetag`, `getlastmodified`, `lockdiscovery`, `resourcetype` and
 * `supportedlock` (all returned by `allprop`); RFC 4331 adds
 * `quota-used-bytes` and `quota-available-bytes`, RFC 6578 `sync-token` and
 * RFC 3253 `supported-report-set` (on collections, named only). None can be
 * changed with PROPPATCH.
 *
 * @module
 */
import { escapeXml, serializeXml } from '../../../src/rool/_xml.ts';
import type { Lock } from '../files/locks.ts';
import type { ResourceInfo } from '../files/resources.ts';
import { type DavRequest, href } from './session.ts';

/** The `DAV:` namespace. */
export const DAV = 'DAV:';

const allprop = [
  'creationdate',
  'displayname',
  'getcontentlength',
  'getcontenttype',
  'getetag',
  'getlastmodified',
  'lockdiscovery',
  'resourcetype',
  'supportedlock',
] as const;
const namedOnly = [
  'quota-available-bytes',
  'quota-used-bytes',
  'supported-report-set',
  'sync-token',
] as const;
const live = new Set<string>([...allprop, ...namedOnly]);
const fileOnly = new Set(['getcontentlength', 'getcontenttype', 'getetag']);
const collectionOnly = new Set<string>(namedOnly);

/**
 * Whether a property is live (computed, protected).
 *
 * @param ns The property's namespace.
 * @param local Its local name.
 * @returns `true` for the `DAV:` live properties above.
 */
export function isLive(ns: string, local: string): boolean {
  return ns === DAV && live.has(local);
}

/**
 * The live properties a resource has.
 *
 * @param info The resource.
 * @param all `true` for every one, `false` for those `allprop` returns.
 * @returns Local names in the `DAV:` namespace.
 */
export function liveNames(info: ResourceInfo, all: boolean): string[] {
  const names: string[] = all ? [...allprop, ...namedOnly] : [...allprop];
  return names.filter((n) => info.collection ? !fileOnly.has(n) : !collectionOnly.has(n));
}

/**
 * A live property's element, if the resource has it.
 *
 * @param dav The request (for hrefs, locks, quota and the sync token).
 * @param path The resource's machine path.
 * @param info The resource.
 * @param local The property's local name in `DAV:`.
 * @returns The serialized element, or `undefined`.
 */
export function liveProp(
  dav: DavRequest,
  path: string,
  info: ResourceInfo,
  local: string,
): string | undefined {
  if (!live.has(local)) return undefined;
  if (info.collection ? fileOnly.has(local) : collectionOnly.has(local)) return undefined;
  const { files } = dav.space;
  const element = (value: string) => `<D:${local}>${value}</D:${local}>`;
  switch (local) {
    case 'creationdate':
      return element(new Date(info.created).toISOString());
    case 'displayname':
      return element(escapeXml(info.displayName));
    case 'getcontentlength':
      return element(String(info.size));
    case 'getcontenttype':
      return element(escapeXml(info.contentType!));
    case 'getetag':
      return element(escapeXml(info.etag!));
    case 'getlastmodified':
      return element(new Date(info.modified).toUTCString());
    case 'lockdiscovery':
      return element(
        files.locks.covering(path, dav.ctx.now).map((l) => activeLock(dav, l)).join(''),
      );
    case 'resourcetype':
      return info.collection ? element('<D:collection/>') : '<D:resourcetype/>';
    case 'supportedlock':
      return element(
        ['exclusive', 'shared'].map((scope) =>
          `<D:lockentry><D:lockscope><D:${scope}/></D:lockscope>` +
          '<D:locktype><D:write/></D:locktype></D:lockentry>'
        ).join(''),
      );
    case 'quota-used-bytes':
      return element(String(files.drive.usedBytes));
    case 'quota-available-bytes':
      return element(String(files.drive.availableBytes));
    case 'supported-report-set':
      return element(
        '<D:supported-report><D:report><D:sync-collection/></D:report></D:supported-report>',
      );
    default:
      return element(escapeXml(files.log.token()));
  }
}

/**
 * A lock as `DAV:activelock` (RFC 4918 §14.1), its timeout counting down.
 *
 * @param dav The request (for the lock root's href and the clock).
 * @param lock The lock.
 * @returns The element.
 */
export function activeLock(dav: DavRequest, lock: Lock): string {
  const seconds = Math.max(0, Math.ceil((lock.expiresAt - dav.ctx.now) / 1000));
  return '<D:activelock><D:locktype><D:write/></D:locktype>' +
    `<D:lockscope><D:${lock.scope}/></D:lockscope>` +
    `<D:depth>${lock.depth === 0 ? '0' : 'infinity'}</D:depth>` +
    (lock.owner ? serializeXml(lock.owner) : '') +
    `<D:timeout>Second-${seconds}</D:timeout>` +
    `<D:locktoken><D:href>${escapeXml(lock.token)}</D:href></D:locktoken>` +
    `<D:lockroot><D:href>${escapeXml(href(dav, lock.root))}</D:href></D:lockroot>` +
    '</D:activelock>';
}
