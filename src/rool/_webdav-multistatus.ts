// Reading WebDAV answers: a multistatus (RFC 4918 §14.16) into responses with typed live
// properties, a sync-collection's token (RFC 6578 §6.4), and a LOCK answer's lockdiscovery.
import { child, children, parseXml, type XmlElement, type XmlLimits } from './_xml.ts';
import { propKey } from './_webdav-bodies.ts';
import type { DavLocation } from './_webdav-paths.ts';
import type {
  WebDAVActiveLock,
  WebDAVLockEntry,
  WebDAVProps,
  WebDAVPropstat,
  WebDAVResponse,
} from './webdav-types.ts';

/** An answer that is not what the protocol says it must be. */
export class DavParseError extends Error {
  override readonly name = 'DavParseError';
}

/** Limits on answers: a listing of a whole space fits, an endless document does not. */
export const answerLimits: XmlLimits = {
  maxBytes: 64 * 1024 * 1024,
  maxNodes: 1_000_000,
  maxDepth: 64,
};

/** A multistatus answer, read. */
export interface Multistatus {
  responses: WebDAVResponse[];
  /** The `DAV:sync-token` of a sync-collection answer. */
  syncToken: string | undefined;
  /** Whether a 507 response for the request's own path said the answer was cut short. */
  truncated: boolean;
}

const numericProps = new Set(['getcontentlength', 'quota-used-bytes', 'quota-available-bytes']);
const textProps = new Set([
  'creationdate',
  'getcontentlanguage',
  'getcontenttype',
  'getetag',
  'getlastmodified',
  'sync-token',
]);

/**
 * Reads a multistatus body.
 *
 * @param body The XML text.
 * @param location Turns hrefs into machine paths.
 * @param requestPath The path the request addressed, to spot RFC 6578 §3.6 truncation.
 * @throws {DavParseError} When the text is not a well-formed `DAV:multistatus`.
 */
export function parseMultistatus(
  body: string,
  location: DavLocation,
  requestPath: string,
): Multistatus {
  const root = parseAnswer(body, 'multistatus');
  const responses: WebDAVResponse[] = [];
  let truncated = false;
  for (const element of children(root, 'DAV:', 'response')) {
    for (const response of readResponse(element, location)) {
      if (response.status === 507 && response.path === requestPath) truncated = true;
      else responses.push(response);
    }
  }
  return { responses, syncToken: davText(root, 'sync-token') || undefined, truncated };
}

/**
 * Reads the `lockdiscovery` of a LOCK answer (`<D:prop><D:lockdiscovery>…`).
 *
 * @throws {DavParseError} When the text is not a well-formed `DAV:prop`.
 */
export function parseLockAnswer(body: string, location: DavLocation): WebDAVActiveLock[] {
  const root = parseAnswer(body, 'prop');
  const discovery = dav(root, 'lockdiscovery');
  return discovery ? activeLocks(discovery, location) : [];
}

function parseAnswer(body: string, rootName: string): XmlElement {
  let root: XmlElement;
  try {
    root = parseXml(body, answerLimits);
  } catch (cause) {
    throw new DavParseError(`Answer is not well-formed XML: ${(cause as Error).message}`, {
      cause,
    });
  }
  if (root.ns !== 'DAV:' || root.local !== rootName) {
    throw new DavParseError(
      `Answer must be a DAV:${rootName} document, not ${propKey(root.ns, root.local)}`,
    );
  }
  return root;
}

function readResponse(element: XmlElement, location: DavLocation): WebDAVResponse[] {
  const hrefs = davAll(element, 'href').map((href) => href.text.trim());
  if (hrefs.length === 0) throw new DavParseError('A multistatus response has no href');
  const statusElement = dav(element, 'status');
  const status = statusElement ? statusCode(statusElement.text) : null;
  const propstats = davAll(element, 'propstat').map((p) => readPropstat(p, location));
  const props: WebDAVProps = {};
  for (const propstat of propstats) {
    if (propstat.status >= 200 && propstat.status < 300) Object.assign(props, propstat.props);
  }
  // RFC 4918 §14.24: several hrefs share one status; propstats belong to the first href.
  const targets = propstats.length > 0 ? hrefs.slice(0, 1) : hrefs;
  return targets.map((href) => {
    const path = location.pathOf(href);
    if (path === undefined) {
      throw new DavParseError(
        `A multistatus href is outside the space's storage: ${href.slice(0, 200)}`,
      );
    }
    return {
      href,
      path,
      isCollection: props.resourcetype === 'collection' || href.endsWith('/'),
      status,
      props: { ...props },
      propstats,
    };
  });
}

function readPropstat(element: XmlElement, location: DavLocation): WebDAVPropstat {
  const statusElement = dav(element, 'status');
  if (!statusElement) throw new DavParseError('A propstat has no status');
  const status = statusCode(statusElement.text);
  const names: string[] = [];
  const props: WebDAVProps = {};
  const ok = status >= 200 && status < 300;
  for (const prop of davAll(element, 'prop').flatMap((p) => p.children)) {
    const key = propKey(prop.ns, prop.local);
    names.push(key);
    if (!ok) continue;
    const value = prop.ns === 'DAV:' ? davValue(prop, location) : otherValue(prop);
    if (value !== undefined) props[key] = value;
  }
  return { status, names, props };
}

/** A `DAV:` property's typed value; `undefined` when a number does not read as one. */
function davValue(prop: XmlElement, location: DavLocation): unknown {
  const name = prop.local;
  if (numericProps.has(name)) {
    const text = prop.text.trim();
    const value = /^\d{1,16}$/.test(text) ? Number(text) : NaN;
    return Number.isSafeInteger(value) ? value : undefined;
  }
  if (textProps.has(name)) return prop.text.trim();
  switch (name) {
    case 'displayname':
      return prop.text;
    case 'resourcetype':
      return dav(prop, 'collection') ? 'collection' : '';
    case 'lockdiscovery':
      return activeLocks(prop, location);
    case 'supportedlock':
      return davAll(prop, 'lockentry').flatMap(lockEntry);
    case 'current-user-privilege-set':
      return davAll(prop, 'privilege').flatMap(firstChildKey);
    case 'supported-report-set':
      return davAll(prop, 'supported-report')
        .flatMap((s) => dav(s, 'report') ?? [])
        .flatMap(firstChildKey);
    default:
      return otherValue(prop);
  }
}

/** A property of no known type: its text, or the element when it has children. */
function otherValue(prop: XmlElement): unknown {
  return prop.children.length === 0 ? prop.text : prop;
}

function firstChildKey(element: XmlElement): string[] {
  const first = element.children[0];
  return first ? [propKey(first.ns, first.local)] : [];
}

function lockEntry(entry: XmlElement): WebDAVLockEntry[] {
  const scope = scopeOf(entry);
  return scope && dav(entry, 'locktype', 'write') ? [{ scope, type: 'write' }] : [];
}

function scopeOf(element: XmlElement): 'exclusive' | 'shared' | null {
  return dav(element, 'lockscope', 'exclusive')
    ? 'exclusive'
    : dav(element, 'lockscope', 'shared')
    ? 'shared'
    : null;
}

function activeLocks(parent: XmlElement, location: DavLocation): WebDAVActiveLock[] {
  return davAll(parent, 'activelock').map((element) => {
    const depth = davText(element, 'depth')?.toLowerCase();
    const owner = dav(element, 'owner');
    const rootHref = davText(element, 'lockroot', 'href');
    return {
      token: davText(element, 'locktoken', 'href') || null,
      scope: scopeOf(element),
      type: dav(element, 'locktype', 'write') ? 'write' : null,
      depth: depth === '0' || depth === 'infinity' ? depth : null,
      owner: owner ? (dav(owner, 'href')?.text ?? owner.text).trim() : null,
      timeoutSeconds: timeoutSeconds(dav(element, 'timeout')?.text),
      root: rootHref ? location.pathOf(rootHref) ?? null : null,
    };
  });
}

/** The `DAV:` element down `path` from `element`, child by child. */
function dav(element: XmlElement | undefined, ...path: string[]): XmlElement | undefined {
  for (const local of path) element = element && child(element, 'DAV:', local);
  return element;
}

/** The trimmed text of the `DAV:` element down `path`. */
function davText(element: XmlElement, ...path: string[]): string | undefined {
  return dav(element, ...path)?.text.trim();
}

/** Every `DAV:` child of `element` named `local`. */
function davAll(element: XmlElement, local: string): XmlElement[] {
  return children(element, 'DAV:', local);
}

/**
 * Seconds of a `Timeout` value (RFC 4918 §10.7): `Second-N` → N; `Infinite`,
 * absent or unreadable → `null`.
 */
export function timeoutSeconds(value: string | null | undefined): number | null {
  const match = /^\s*Second-(\d{1,10})\b/i.exec(value ?? '');
  return match ? Number(match[1]) : null;
}

/**
 * The code of an HTTP status line (RFC 4918 §14.28).
 *
 * @param line E.g. `HTTP/1.1 404 Not Found`.
 * @returns The code, e.g. 404.
 * @throws {DavParseError} For a malformed line.
 */
export function statusCode(line: string): number {
  const match = /^\s*HTTP\/\d(?:\.\d)?\s+(\d{3})\b/i.exec(line);
  if (!match) throw new DavParseError(`Malformed status line: ${line.trim().slice(0, 100)}`);
  return Number(match[1]);
}
