/**
 * What the WebDAV commands share (docs/rool-webdav.md): a WebDAV call as a user, the small
 * vocabulary of machine paths and bodies the commands draw from (small on purpose, so that
 * sequences collide: overwrite, conflict, locked, precondition failed), request bodies in
 * RFC 4918's XML, and the picks of an ETag or lock token the run has seen, as each side knows it.
 *
 * @module
 */
import fc from 'fast-check';
import { encodePath } from '../../../src/rool/paths.ts';
import { type Call, sym, type SymText } from '../../call.ts';
import { type Model, pick, type Ref } from '../../model.ts';
import { suiteClientIds } from '../events/space-events.ts';
import type { Who } from './_rool.ts';

/** Files of the drive, and one with a space in its name (percent-encoded on the wire). */
export const driveFiles: readonly string[] = [
  '/rool-drive/a.txt',
  '/rool-drive/b.txt',
  '/rool-drive/docs/c.txt',
  '/rool-drive/docs/sub/d.txt',
  '/rool-drive/with space.txt',
];

/** Collections of the drive: made by MKCOL, or missing their parent. */
export const driveCollections: readonly string[] = [
  '/rool-drive/docs/',
  '/rool-drive/docs/sub/',
  '/rool-drive/empty/',
  '/rool-drive/no/such/',
];

/** Object paths: the workspace's, a new one, another collection's, a collection nobody made. */
export const objectFiles: readonly string[] = [
  '/space/notes/a.json',
  '/space/notes/w.json',
  '/space/tasks/t.json',
  '/space/nowhere/x.json',
];

/** The roots and the object collection. */
export const rootCollections: readonly string[] = ['/', '/space/', '/rool-drive/', '/space/notes/'];

/** Every path the commands use. */
export const allPaths: readonly string[] = [
  ...driveFiles,
  ...driveCollections,
  ...objectFiles,
  ...rootCollections,
];

/** Text bodies for drive files: short, empty, long enough for ranges, not ASCII. */
export const textBodies: readonly string[] = [
  'hello',
  '',
  'The quick brown fox jumps over the lazy dog.\n',
  'Grüße aus Köln ✓',
];

/** Bodies for object paths: objects, and what an object path refuses. */
export const jsonBodies: readonly string[] = [
  '{"title":"From WebDAV","n":1}',
  '{"nested":{"a":[1,2,{"b":null}]},"_hidden":true}',
  'not json',
  '[1,2]',
];

/** Paths the server must refuse before anything else: they leave the space or are malformed. */
export const hostilePaths: readonly string[] = [
  '/rool-drive/../space/notes/a.json',
  '/rool-drive/%2e%2e/x.txt',
  '/rool-drive/a%2Fb.txt',
  '/rool-drive/a%5Cb.txt',
  '/rool-drive/bad%zzescape.txt',
  '/rool-drive/nul%00.txt',
  '/rool-drive/./a.txt',
];

/**
 * A WebDAV call as a user.
 *
 * @param method The method.
 * @param options The space, the machine path (or a raw request path), the caller, headers and
 * a body.
 * @returns The call.
 */
export function dav(
  method: string,
  options: {
    space: Ref | undefined;
    path?: string;
    rawPath?: string;
    who?: Who;
    basic?: boolean;
    headers?: Record<string, SymText>;
    body?: SymText;
    bytes?: Uint8Array;
  },
): Call {
  const who = options.who ?? 0;
  return {
    label: method,
    route: 'dav',
    space: options.space ?? { literal: 'spc_conformance_unknown' },
    auth: { kind: 'credential', index: who, via: options.basic ? 'basic' : 'bearer' },
    clientId: suiteClientIds[who],
    http: {
      method,
      path: options.rawPath ?? encodePath(options.path ?? '/'),
      headers: options.headers,
      ...(options.body === undefined ? {} : { body: { text: options.body } }),
      ...(options.bytes === undefined ? {} : { body: { bytes: options.bytes } }),
    },
  };
}

/** The XML declaration and namespaces of every request body. */
const prolog = '<?xml version="1.0" encoding="utf-8"?>';

/**
 * A PROPFIND body (RFC 4918 §14.20).
 *
 * @param what `allprop`, `propname`, or property names as `DAV:name` / `{ns}name`.
 * @returns The body.
 */
export function propfindBody(what: 'allprop' | 'propname' | readonly string[]): string {
  const inner = typeof what === 'string'
    ? `<D:${what}/>`
    : `<D:prop>${what.map((n) => propElement(n)).join('')}</D:prop>`;
  return `${prolog}<D:propfind xmlns:D="DAV:" xmlns:C="urn:conformance">${inner}</D:propfind>`;
}

/**
 * A PROPPATCH body (RFC 4918 §14.19): sets and removes, in order.
 *
 * @param changes Each a property name and a value to set, or `null` to remove it.
 * @returns The body.
 */
export function proppatchBody(changes: ReadonlyArray<[string, string | null]>): string {
  const parts = changes.map(([name, value]) =>
    value === null
      ? `<D:remove><D:prop>${propElement(name)}</D:prop></D:remove>`
      : `<D:set><D:prop>${propElement(name, value)}</D:prop></D:set>`
  );
  return `${prolog}<D:propertyupdate xmlns:D="DAV:" xmlns:C="urn:conformance">${
    parts.join('')
  }</D:propertyupdate>`;
}

/**
 * A LOCK body (RFC 4918 §14.11).
 *
 * @param options The scope and the owner's name.
 * @returns The body.
 */
export function lockBody(options: { scope: 'exclusive' | 'shared'; owner: string }): string {
  return `${prolog}<D:lockinfo xmlns:D="DAV:"><D:lockscope><D:${options.scope}/></D:lockscope>` +
    `<D:locktype><D:write/></D:locktype><D:owner><D:href>${options.owner}</D:href></D:owner>` +
    '</D:lockinfo>';
}

/**
 * A sync-collection REPORT body (RFC 6578 §3.2), with the token as each side knows it.
 *
 * @param token The token of the last sync, or `undefined` for the first.
 * @param options The level, and a result limit.
 * @returns The body.
 */
export function syncBody(
  token: Ref | undefined,
  options: { level: '1' | 'infinite'; limit?: number },
): SymText {
  const limit = options.limit === undefined
    ? ''
    : `<D:limit><D:nresults>${options.limit}</D:nresults></D:limit>`;
  return [
    `${prolog}<D:sync-collection xmlns:D="DAV:"><D:sync-token>`,
    ...(token ? [sym(token)] : []),
    `</D:sync-token><D:sync-level>${options.level}</D:sync-level>${limit}`,
    '<D:prop><D:getetag/><D:getcontentlength/></D:prop></D:sync-collection>',
  ];
}

/**
 * The last sync token the run got for a collection.
 *
 * @param model The model.
 * @param options The space and the collection.
 * @returns The token's entity, or `undefined`.
 */
export function pickSyncToken(
  model: Model,
  options: { space: Ref | undefined; path: string },
): Ref | undefined {
  const index = model.entities.syncToken.findLastIndex((e) =>
    e.space === options.space?.index && e.label === options.path
  );
  return index < 0 ? undefined : { kind: 'syncToken', index };
}

function propElement(name: string, value?: string): string {
  const dav = /^DAV:(.+)$/.exec(name);
  const own = /^\{urn:conformance\}(.+)$/.exec(name);
  const tag = dav ? `D:${dav[1]}` : own ? `C:${own[1]}` : name;
  return value === undefined ? `<${tag}/>` : `<${tag}>${value}</${tag}>`;
}

/**
 * The ETag the run last saw for a path, or an older one, as a symbolic value.
 *
 * @param model The model.
 * @param options The space, the path, which one, and a generated number.
 * @returns The ETag's entity, or `undefined` when none was seen.
 */
export function pickEtag(
  model: Model,
  options: { space: Ref | undefined; path: string; which: 'current' | 'stale'; n: number },
): Ref | undefined {
  const list = model.entities.etag;
  const of = (e: (typeof list)[number]) =>
    e.space === options.space?.index && e.label === options.path;
  const current = list.findLastIndex(of);
  if (options.which === 'current') {
    return current < 0 ? undefined : { kind: 'etag', index: current };
  }
  return pick(model, {
    kind: 'etag',
    n: options.n,
    where: (e, i) => i !== current && e.space === options.space?.index,
  });
}

/**
 * A lock token the run holds on a path or above it.
 *
 * @param model The model.
 * @param options The space and the path.
 * @returns The lock's entity, or `undefined`.
 */
export function pickLock(
  model: Model,
  options: { space: Ref | undefined; path: string },
): Ref | undefined {
  const list = model.entities.lock;
  const index = list.findLastIndex((e) =>
    !e.gone && e.space === options.space?.index && e.label !== undefined &&
    (options.path === e.label ||
      options.path.startsWith(e.label.endsWith('/') ? e.label : `${e.label}/`))
  );
  return index < 0 ? undefined : { kind: 'lock', index };
}

/**
 * An `If` header naming a lock token (RFC 4918 §10.4): `(<token>)`.
 *
 * @param lock The lock.
 * @returns The header's value.
 */
export function ifLock(lock: Ref): SymText {
  return ['(<', sym(lock), '>)'];
}

/** Mostly user A; sometimes user B, whose role decides (none: 404, viewer: 403). */
export const davWho: fc.Arbitrary<Who> = fc.constantFrom<Who>(0, 0, 0, 0, 0, 1);
