/**
 * WebDAV XML bodies made comparable: a multistatus (RFC 4918 §13) becomes its responses keyed
 * by the machine path of their `href`, each with its status and its properties by name; a
 * property's value becomes a tree whose leaves say how to compare them (./rules.ts) — exactly,
 * as an opaque value paired through the run's bijection (ETags, lock tokens, sync tokens), by
 * format only (dates, timeouts), or as an `href` cut to the machine path. Sibling elements are sorted by
 * their shape, since no order among them is meaningful (a lock discovery's active locks). The
 * conditions a `DAV:error` names (RFC 4918 §16) are read with the hrefs inside them, whether the
 * error is an answer's body, a response's or a propstat's. A response with several hrefs (§14.24)
 * stands for each of them.
 *
 * @module
 */
import { answerLimits, statusCode } from '../../../src/rool/_webdav-multistatus.ts';
import { child, children, parseXml, type XmlElement } from '../../../src/rool/_xml.ts';
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

/** A precondition or postcondition a `DAV:error` names (RFC 4918 §16). */
export interface DavCondition {
  /** `DAV:lock-token-submitted`, say. */
  name: string;
  /** The hrefs inside it (the locked resources), as machine paths, sorted. */
  hrefs: string[];
}

/** One property in a response. */
export interface DavProp {
  /** The status of its `propstat`. */
  status: number;
  /** Its value. */
  value: DavValue;
  /** The conditions of its `propstat`'s `error`, sorted; empty for none. */
  errors: DavCondition[];
}

/** One `response` of a multistatus. */
export interface DavResponse {
  /** Its own status (a member without properties: a deleted member of a sync report). */
  status?: number;
  /** Its properties by name. */
  props: Map<string, DavProp>;
  /** The conditions of its own `error`, sorted; empty for none. */
  errors: DavCondition[];
}

/** A multistatus made comparable. */
export interface Multistatus {
  /** Responses by machine path (`/rool-drive/a.txt`, `/space/notes/`). */
  responses: Map<string, DavResponse>;
  /** The report's `sync-token` (RFC 6578 §6.4), if any. */
  syncToken?: string;
}

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
    root = parseXml(text, answerLimits);
  } catch (error) {
    return { error: `Not XML: ${(error as Error).message}` };
  }
  if (root.ns !== 'DAV:' || root.local !== 'multistatus') {
    return { error: `The root element is ${nameOf(root)}, not DAV:multistatus` };
  }
  const responses = new Map<string, DavResponse>();
  try {
    for (const el of children(root, 'DAV:', 'response')) {
      const hrefs = children(el, 'DAV:', 'href');
      if (hrefs.length === 0) return { error: 'A response has no href' };
      const statusEl = child(el, 'DAV:', 'status');
      const response: DavResponse = { props: new Map(), errors: conditionsOf(el) };
      if (statusEl) response.status = statusCode(statusEl.text);
      for (const propstat of children(el, 'DAV:', 'propstat')) {
        const status = statusCode(child(propstat, 'DAV:', 'status')?.text ?? '');
        const errors = conditionsOf(propstat);
        for (const p of child(propstat, 'DAV:', 'prop')?.children ?? []) {
          response.props.set(nameOf(p), { status, value: valueOf(p), errors });
        }
      }
      for (const href of hrefs) {
        const path = machinePath(href.text);
        if (responses.has(path)) return { error: `Two responses for ${path}` };
        responses.set(path, response);
      }
    }
  } catch (error) {
    return { error: (error as Error).message };
  }
  const syncToken = child(root, 'DAV:', 'sync-token')?.text.trim();
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
    root = parseXml(text, answerLimits);
  } catch (error) {
    return { error: `Not XML: ${(error as Error).message}` };
  }
  if (root.ns !== 'DAV:' || root.local !== 'prop') {
    return { error: `The root element is ${nameOf(root)}, not DAV:prop` };
  }
  return new Map(root.children.map((p) => [nameOf(p), valueOf(p)]));
}

/**
 * The preconditions or postconditions an `error` body names (RFC 4918 §16), with the hrefs inside
 * them; empty when the body is not a `DAV:error` (JSON, text, nothing).
 *
 * @param text The body.
 * @returns The conditions, e.g. `[{ name: 'DAV:lock-token-submitted', hrefs: ['/rool-drive/a.txt'] }]`.
 */
export function errorConditions(text: string): DavCondition[] {
  if (!text.trimStart().startsWith('<')) return [];
  try {
    const root = parseXml(text, answerLimits);
    return root.ns === 'DAV:' && root.local === 'error' ? conditionsIn(root) : [];
  } catch {
    return [];
  }
}

/** The conditions of an element's `DAV:error` child (a response's, a propstat's). */
function conditionsOf(el: XmlElement): DavCondition[] {
  const error = child(el, 'DAV:', 'error');
  return error ? conditionsIn(error) : [];
}

/**
 * The conditions inside a `DAV:error`, sorted. Elements of other namespaces (a server's own
 * message) are left out: their content is the server's to choose.
 */
function conditionsIn(error: XmlElement): DavCondition[] {
  return error.children.filter((c) => c.ns === 'DAV:')
    .map((c) => ({
      name: nameOf(c),
      hrefs: children(c, 'DAV:', 'href').map((h) => machinePath(h.text)).sort(),
    }))
    .sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/**
 * A value's shape: its canonical JSON with opaque, date and timeout leaves reduced to their kind,
 * so siblings sort the same way on both sides.
 */
function shapeOf(value: DavValue): string {
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
