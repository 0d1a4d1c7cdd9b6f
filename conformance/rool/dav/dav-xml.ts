/**
 * WebDAV XML bodies made comparable: a multistatus (RFC 4918 §13) becomes its responses keyed
 * by the machine path of their `href`, each with its status and its properties by name; a
 * property's value becomes a tree whose leaves say how to compare them (./rules.ts) — exactly,
 * as an opaque value paired through the run's bijection (ETags, lock tokens, sync tokens), by
 * format only (dates, timeouts), or as an `href` cut to the machine path. Sibling elements are sorted by
 * their shape, since no order among them is meaningful (a lock discovery's active locks). Also
 * reads the precondition names of an `error` body (RFC 4918 §16).
 *
 * @module
 */
import { parseXml, type XmlElement } from '../../../src/rool/_xml.ts';
import { davLeafRules } from './rules.ts';

/** How a leaf is compared. */
export type DavLeaf =
  /** Equal text (trimmed). */
  | { kind: 'text'; text: string }
  /** An opaque value, paired through the bijection: ETags, lock tokens, sync tokens. */
  | { kind: 'opaque'; of: 'etag' | 'lock' | 'sync'; text: string }
  /** A date: its format only (`rfc1123` for `getlastmodified`, `rfc3339` for `creationdate`). */
  | { kind: 'date'; format: 'rfc1123' | 'rfc3339'; text: string }
  /** A lock's remaining time: its format only (`Second-N` or `Infinite`), as time passes. */
  | { kind: 'timeout'; text: string }
  /** An `href`, cut to the machine path under the space's WebDAV root. */
  | { kind: 'href'; text: string };

/** A value: a leaf, or child elements by name in a canonical order. */
export type DavValue = DavLeaf | { kind: 'elements'; nodes: DavNode[] };

/** One element of a value. */
export interface DavNode {
  /** `DAV:name`, or `{namespace}name` for others. */
  name: string;
  /** Its content. */
  value: DavValue;
}

/** One property in a response. */
export interface DavProp {
  /** The status of its `propstat`. */
  status: number;
  /** Its value. */
  value: DavValue;
}

/** One `response` of a multistatus. */
export interface DavResponse {
  /** Its own status (a member without properties: a deleted member of a sync report). */
  status?: number;
  /** Its properties by name. */
  props: Map<string, DavProp>;
}

/** A multistatus made comparable. */
export interface Multistatus {
  /** Responses by machine path (`/rool-drive/a.txt`, `/space/notes/`). */
  responses: Map<string, DavResponse>;
  /** The report's `sync-token` (RFC 6578 §6.4), if any. */
  syncToken?: string;
}

/** Larger than request bodies: a depth-infinity listing of a space. */
const responseLimits = { maxBytes: 16 * 1024 * 1024, maxNodes: 500_000, maxDepth: 64 };

/**
 * The name of an element as reports show it: `DAV:getetag`, `{urn:x}color`.
 *
 * @param el The element.
 * @returns The name.
 */
export function nameOf(el: { ns: string; local: string }): string {
  return el.ns === 'DAV:' ? `DAV:${el.local}` : `{${el.ns}}${el.local}`;
}

/**
 * Cuts an `href` (absolute URL or path) to the machine path under a space's WebDAV root:
 * `http://h/rool/v1/spaces/spc_1/dav/rool-drive/a%20b.txt` → `/rool-drive/a b.txt`. An `href`
 * elsewhere is kept whole (decoded), so it still compares once its IDs are translated.
 *
 * @param href The `href`.
 * @returns The machine path.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { machinePath } from './dav-xml.ts';
 * assert.equal(machinePath('/rool/v1/spaces/spc_9/dav/rool-drive/a%20b.txt'), '/rool-drive/a b.txt');
 * ```
 */
export function machinePath(href: string): string {
  let path = href.trim();
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(path);
  if (scheme) path = path.slice(scheme[0].length) || '/';
  const root = /\/v1\/spaces\/[^/]+\/dav(?=\/|$)/.exec(path);
  if (root) path = path.slice(root.index + root[0].length) || '/';
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/**
 * Parses a multistatus body.
 *
 * @param text The body.
 * @returns The multistatus, or why it is not one.
 */
export function parseMultistatus(text: string): Multistatus | { error: string } {
  let root: XmlElement;
  try {
    root = parseXml(text, responseLimits);
  } catch (error) {
    return { error: `Not XML: ${(error as Error).message}` };
  }
  if (root.ns !== 'DAV:' || root.local !== 'multistatus') {
    return { error: `The root element is ${nameOf(root)}, not DAV:multistatus` };
  }
  const responses = new Map<string, DavResponse>();
  let syncToken: string | undefined;
  for (const el of root.children) {
    if (el.ns === 'DAV:' && el.local === 'sync-token') syncToken = el.text.trim();
    if (el.ns !== 'DAV:' || el.local !== 'response') continue;
    const href = el.children.find((c) => c.ns === 'DAV:' && c.local === 'href');
    if (!href) return { error: 'A response has no href' };
    const statusEl = el.children.find((c) => c.ns === 'DAV:' && c.local === 'status');
    const response: DavResponse = { props: new Map() };
    if (statusEl) response.status = statusCode(statusEl.text);
    for (const propstat of el.children) {
      if (propstat.ns !== 'DAV:' || propstat.local !== 'propstat') continue;
      const status = statusCode(
        propstat.children.find((c) => c.ns === 'DAV:' && c.local === 'status')?.text ?? '',
      );
      const prop = propstat.children.find((c) => c.ns === 'DAV:' && c.local === 'prop');
      for (const p of prop?.children ?? []) {
        response.props.set(nameOf(p), { status, value: valueOf(p) });
      }
    }
    const path = machinePath(href.text);
    if (responses.has(path)) return { error: `Two responses for ${path}` };
    responses.set(path, response);
  }
  return syncToken === undefined ? { responses } : { responses, syncToken };
}

/**
 * Parses a `prop` body (a LOCK's answer: `<D:prop><D:lockdiscovery>…`).
 *
 * @param text The body.
 * @returns The properties by name, or why the body is not a `prop`.
 */
export function parseProp(text: string): Map<string, DavValue> | { error: string } {
  let root: XmlElement;
  try {
    root = parseXml(text, responseLimits);
  } catch (error) {
    return { error: `Not XML: ${(error as Error).message}` };
  }
  if (root.ns !== 'DAV:' || root.local !== 'prop') {
    return { error: `The root element is ${nameOf(root)}, not DAV:prop` };
  }
  return new Map(root.children.map((p) => [nameOf(p), valueOf(p)]));
}

/**
 * The preconditions or postconditions an `error` body names (RFC 4918 §16), sorted; empty when
 * the body is not a `DAV:error` (JSON, text, nothing). Elements of other namespaces (a server's
 * own message) are left out: their content is the server's to choose.
 *
 * @param text The body.
 * @returns The names, e.g. `['DAV:lock-token-submitted']`.
 */
export function errorConditions(text: string): string[] {
  if (!text.trimStart().startsWith('<')) return [];
  try {
    const root = parseXml(text, responseLimits);
    if (root.ns !== 'DAV:' || root.local !== 'error') return [];
    return root.children.filter((c) => c.ns === 'DAV:').map(nameOf).sort();
  } catch {
    return [];
  }
}

/**
 * A value's shape: its canonical JSON with opaque, date and timeout leaves reduced to their kind,
 * so siblings sort the same way on both sides.
 *
 * @param value The value.
 * @returns The shape.
 */
export function shapeOf(value: DavValue): string {
  switch (value.kind) {
    case 'elements':
      return `[${value.nodes.map((n) => `${n.name}=${shapeOf(n.value)}`).join(',')}]`;
    case 'text':
    case 'href':
      return JSON.stringify(value.text);
    default:
      return `<${value.kind}>`;
  }
}

function valueOf(el: XmlElement, parent?: XmlElement): DavValue {
  const name = nameOf(el);
  if (el.children.length > 0) {
    const nodes = el.children.map((c) => ({ name: nameOf(c), value: valueOf(c, el) }));
    nodes.sort((a, b) => {
      const [x, y] = [`${a.name}=${shapeOf(a.value)}`, `${b.name}=${shapeOf(b.value)}`];
      return x < y ? -1 : x > y ? 1 : 0;
    });
    return { kind: 'elements', nodes };
  }
  const text = el.text.trim();
  const rule = (parent && davLeafRules[`${nameOf(parent)}>${name}`]) ?? davLeafRules[name];
  switch (rule?.kind) {
    case undefined:
      return { kind: 'text', text };
    case 'href':
      return { kind: 'href', text: machinePath(text) };
    default:
      return { ...rule, text };
  }
}

function statusCode(line: string): number {
  const match = /^\s*HTTP\/\d(?:\.\d)?\s+(\d{3})/.exec(line);
  return match ? Number(match[1]) : 0;
}
