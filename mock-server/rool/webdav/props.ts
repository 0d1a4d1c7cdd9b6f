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
import { httpDate, isoDate } from './dates.ts';
import { xmlTag, xmlText } from './xml-text.ts';
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
// Listed once: a PROPFIND asks for them once per resource, thousands of times per answer.
const namesOf = (collection: boolean, all: boolean): readonly string[] =>
  Object.freeze(
    (all ? [...allprop, ...namedOnly] : [...allprop]).filter((n) =>
      collection ? !fileOnly.has(n) : !collectionOnly.has(n)
    ),
  );
const liveNameLists = {
  file: { all: namesOf(false, true), allprop: namesOf(false, false) },
  collection: { all: namesOf(true, true), allprop: namesOf(true, false) },
};
const supportedLock = '<D:supportedlock>' +
  ['exclusive', 'shared'].map((scope) =>
    `<D:lockentry><D:lockscope><D:${scope}/></D:lockscope>` +
    '<D:locktype><D:write/></D:locktype></D:lockentry>'
  ).join('') +
  '</D:supportedlock>';
const supportedReportSet = '<D:supported-report-set><D:supported-report><D:report>' +
  '<D:sync-collection/></D:report></D:supported-report></D:supported-report-set>';

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
 * @returns Local names in the `DAV:` namespace (shared lists: do not change them).
 */
export function liveNames(info: ResourceInfo, all: boolean): readonly string[] {
  const lists = info.collection ? liveNameLists.collection : liveNameLists.file;
  return all ? lists.all : lists.allprop;
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
      return element(isoDate(info.created));
    case 'displayname':
      return element(xmlText(info.displayName));
    case 'getcontentlength':
      return element(String(info.size));
    case 'getcontenttype':
      return element(xmlText(info.contentType!));
    case 'getetag':
      return element(xmlTag(info.etag!));
    case 'getlastmodified':
      return element(httpDate(info.modified));
    case 'lockdiscovery':
      return lockDiscovery(dav, path);
    case 'resourcetype':
      return info.collection ? element('<D:collection/>') : '<D:resourcetype/>';
    case 'supportedlock':
      return supportedLock;
    case 'quota-used-bytes':
      return element(String(files.drive.usedBytes));
    case 'quota-available-bytes':
      return element(String(files.drive.availableBytes));
    case 'supported-report-set':
      return supportedReportSet;
    default:
      return element(escapeXml(files.log.token()));
  }
}

/**
 * Every live property `allprop` returns for a resource, serialized in the order of
 * {@linkcode liveNames}: what `liveNames(info, false)` and {@linkcode liveProp} give, written
 * in one step, as a PROPFIND writes it for each of thousands of resources.
 *
 * @param dav The request (for locks and hrefs).
 * @param path The resource's machine path.
 * @param info The resource.
 * @returns The elements, concatenated.
 */
export function allpropLive(dav: DavRequest, path: string, info: ResourceInfo): string {
  const created = `<D:creationdate>${isoDate(info.created)}</D:creationdate>` +
    `<D:displayname>${xmlText(info.displayName)}</D:displayname>`;
  const modified = `<D:getlastmodified>${httpDate(info.modified)}</D:getlastmodified>` +
    lockDiscovery(dav, path);
  if (info.collection) {
    return `${created}${modified}<D:resourcetype><D:collection/></D:resourcetype>${supportedLock}`;
  }
  return `${created}<D:getcontentlength>${info.size}</D:getcontentlength>` +
    `<D:getcontenttype>${xmlText(info.contentType!)}</D:getcontenttype>` +
    `<D:getetag>${xmlTag(info.etag!)}</D:getetag>${modified}<D:resourcetype/>${supportedLock}`;
}

function lockDiscovery(dav: DavRequest, path: string): string {
  const locks = dav.space.files.locks.covering(path, dav.ctx.now);
  if (locks.length === 0) return '<D:lockdiscovery></D:lockdiscovery>';
  return `<D:lockdiscovery>${locks.map((l) => activeLock(dav, l)).join('')}</D:lockdiscovery>`;
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
