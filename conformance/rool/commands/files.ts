/**
 * WebDAV file operations (docs/rool-webdav.md, RFC 4918), compared by ../dav/compare.ts:
 * MKCOL (with a body: 415; a missing parent: 409; under `/space`: 403), PUT (of drive files and
 * object paths; with `If-Match` the ETag the run last saw for the path, an older one or a bogus
 * one, with `If-None-Match: *`, with the lock token the run holds), GET (with `Range`, with
 * `If-None-Match`), HEAD, OPTIONS, PROPFIND at depth 0, 1 and rarely infinity (all properties,
 * their names, or a list with live, dead, quota and unknown ones), PROPPATCH (dead properties,
 * and a protected live one, which fails the whole update), COPY and MOVE (`Overwrite`, `Depth`),
 * DELETE; paths that try to leave the space; Basic as well as Bearer authentication; mostly as
 * user A, sometimes as user B. A write that the reference accepts keeps the run's object facts
 * in step, so RPC commands see objects written through WebDAV.
 *
 * @module
 */
import fc from 'fast-check';
import { encodePath } from '../../../src/rool/paths.ts';
import { routeUrl, type SymText } from '../../call.ts';
import type { ConformanceCommand } from '../../commands/base.ts';
import type { Model, Ref } from '../../model.ts';
import type { Pair } from '../../pair.ts';
import type { Exchange } from '../../side.ts';
import {
  allPaths,
  dav,
  davWho,
  driveCollections,
  driveFiles,
  hostilePaths,
  ifLock,
  jsonBodies,
  objectFiles,
  pickEtag,
  pickLock,
  propfindBody,
  proppatchBody,
  rootCollections,
  textBodies,
} from './_dav.ts';
import { ensureWorkspace, facts, pickSpace, roolOp } from './_rool.ts';

const space = fc.nat();
const filePath = fc.constantFrom(...driveFiles, ...driveFiles, ...objectFiles);
const anyPath = fc.constantFrom(...allPaths);

/**
 * Makes sure there is a space with the channel, collection and object the RPC commands use, and
 * a drive with a collection and a file (`MKCOL /rool-drive/docs/`, `PUT /rool-drive/a.txt`), so
 * reads, ranges, copies and locks have something to work on. Each step is compared.
 *
 * @param model The model.
 * @param pair The pair.
 * @param args The generated number that picks the space.
 */
export async function prepareSpace(
  model: Model,
  pair: Pair,
  args: { space: number },
): Promise<void> {
  await ensureWorkspace(model, pair, args.space);
  const ref = pickSpace(model, args.space);
  const f = facts(model, ref);
  if (!ref || f.owner !== 0 || f.driveSeeded) return;
  f.driveSeeded = true;
  await pair.exchange(dav('MKCOL', { space: ref, path: '/rool-drive/docs/' }), model);
  await pair.exchange(
    dav('PUT', {
      space: ref,
      path: '/rool-drive/a.txt',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: textBodies[2],
    }),
    model,
  );
}

/**
 * Keeps the run's object facts in step with what the reference did, so RPC commands see objects
 * written, moved or deleted through WebDAV.
 *
 * @param space The space.
 * @param change The path the call added and the one it removed (an object, or a collection).
 * @returns A hook run with the answers.
 */
export function trackObjects(
  space: Ref | undefined,
  change: { added?: string; removed?: string },
): (model: Model, answers: { reference: Exchange }) => void {
  return (model: Model, { reference }: { reference: Exchange }) => {
    if (!space || reference.status < 200 || reference.status >= 300) return;
    const f = facts(model, space);
    const isObject = (p: string) => /^\/space\/[^/]+\/[^/]+\.json$/.test(p);
    const { added, removed } = change;
    if (removed !== undefined && isObject(removed)) f.objects.delete(removed);
    else if (removed !== undefined && removed.startsWith('/space/')) {
      for (const o of f.objects) if (o.startsWith(removed)) f.objects.delete(o);
    }
    if (added !== undefined && isObject(added)) f.objects.add(added);
  };
}

/** The body of a PUT to a path: JSON for object paths, text for drive files. */
function bodyFor(path: string, n: number): { body: string; type: string } {
  return path.startsWith('/space/')
    ? { body: jsonBodies[n % jsonBodies.length], type: 'application/json' }
    : { body: textBodies[n % textBodies.length], type: 'text/plain; charset=utf-8' };
}

/** A precondition of a write. */
type Precondition = 'none' | 'ifMatch' | 'ifMatchStale' | 'ifMatchBogus' | 'ifNoneMatchStar';

const precondition = fc.constantFrom<Precondition>(
  'none',
  'none',
  'none',
  'ifMatch',
  'ifMatch',
  'ifMatchStale',
  'ifMatchBogus',
  'ifNoneMatchStar',
);

/** The headers of a precondition (RFC 7232 §3.1, §3.2) and, when the run holds one, a lock. */
function writeHeaders(
  model: Model,
  options: { space: Ref | undefined; path: string; pre: Precondition; n: number; lock: boolean },
): Record<string, SymText> {
  const headers: Record<string, SymText> = {};
  const etag = (which: 'current' | 'stale') =>
    pickEtag(model, { space: options.space, path: options.path, which, n: options.n });
  switch (options.pre) {
    case 'ifMatch': {
      const ref = etag('current');
      headers['if-match'] = ref ? [{ '~ref': ref }] : '"conformance-none"';
      break;
    }
    case 'ifMatchStale': {
      const ref = etag('stale');
      headers['if-match'] = ref ? [{ '~ref': ref }] : '"conformance-stale"';
      break;
    }
    case 'ifMatchBogus':
      headers['if-match'] = '"conformance-bogus"';
      break;
    case 'ifNoneMatchStar':
      headers['if-none-match'] = '*';
      break;
  }
  const lock = options.lock ? pickLock(model, options) : undefined;
  if (lock) headers.if = ifLock(lock);
  return headers;
}

/** `Range` values (RFC 9110 §14): a prefix, a suffix, from an offset, past the end (416). */
const ranges: ReadonlyArray<string | undefined> = [
  undefined,
  undefined,
  'bytes=0-4',
  'bytes=3-',
  'bytes=-5',
  'bytes=1000-2000',
];

/** Properties a PROPFIND asks for by name. */
const propLists: ReadonlyArray<readonly string[]> = [
  ['DAV:getetag', 'DAV:getcontentlength', 'DAV:getcontenttype', 'DAV:resourcetype'],
  ['DAV:displayname', 'DAV:getlastmodified', 'DAV:creationdate', '{urn:conformance}color'],
  ['DAV:quota-used-bytes', 'DAV:quota-available-bytes', 'DAV:resourcetype'],
  ['DAV:lockdiscovery', 'DAV:supportedlock', '{urn:conformance}missing'],
];

/** PROPPATCH changes: set, remove, and a protected live property (403, the rest 424). */
const patches: ReadonlyArray<ReadonlyArray<[string, string | null]>> = [
  [['{urn:conformance}color', 'blue']],
  [['{urn:conformance}color', 'red'], ['{urn:conformance}size', 'large']],
  [['{urn:conformance}color', null]],
  [['{urn:conformance}color', 'green'], ['DAV:getetag', '"forged"']],
];

/**
 * The WebDAV file commands.
 *
 * @returns The commands.
 */
export function fileCommands(): ConformanceCommand[] {
  return [
    roolOp({
      name: 'dav.mkcol',
      weight: 0.5,
      args: fc.record({
        space,
        who: davWho,
        path: fc.constantFrom(...driveCollections, '/space/newcollection/', '/rool-drive/'),
        body: fc.constantFrom(false, false, false, true),
      }),
      prepare: prepareSpace,
      build: (model, { space, who, path, body }) => ({
        call: dav('MKCOL', {
          space: pickSpace(model, space),
          path,
          who,
          ...(body ? { body: '<x/>', headers: { 'content-type': 'application/xml' } } : {}),
        }),
      }),
    }),
    roolOp({
      name: 'dav.put',
      weight: 1.5,
      args: fc.record({
        space,
        who: davWho,
        path: filePath,
        body: fc.nat(),
        pre: precondition,
        lock: fc.boolean(),
        n: fc.nat(),
        basic: fc.constantFrom(false, false, false, true),
      }),
      prepare: prepareSpace,
      build: (model, args) => {
        const ref = pickSpace(model, args.space);
        const { body, type } = bodyFor(args.path, args.body);
        const headers = {
          'content-type': type,
          ...writeHeaders(model, {
            space: ref,
            path: args.path,
            pre: args.pre,
            n: args.n,
            lock: args.lock,
          }),
        };
        return {
          call: dav('PUT', {
            space: ref,
            path: args.path,
            who: args.who,
            basic: args.basic,
            headers,
            body,
          }),
          after: trackObjects(ref, { added: args.path }),
        };
      },
    }),
    roolOp({
      name: 'dav.get',
      weight: 1,
      args: fc.record({
        space,
        who: davWho,
        path: fc.constantFrom(...driveFiles, ...objectFiles, '/rool-drive/docs/'),
        method: fc.constantFrom('GET', 'GET', 'HEAD'),
        range: fc.constantFrom(...ranges),
        ifNoneMatch: fc.constantFrom(false, false, false, true),
      }),
      prepare: prepareSpace,
      build: (model, { space, who, path, method, range, ifNoneMatch }) => {
        const ref = pickSpace(model, space);
        const headers: Record<string, SymText> = {};
        if (range !== undefined && method === 'GET') headers.range = range;
        const etag = ifNoneMatch
          ? pickEtag(model, { space: ref, path, which: 'current', n: 0 })
          : undefined;
        if (etag) headers['if-none-match'] = [{ '~ref': etag }];
        return { call: dav(method, { space: ref, path, who, headers }) };
      },
    }),
    roolOp({
      name: 'dav.propfind',
      weight: 1,
      args: fc.record({
        space,
        who: davWho,
        path: anyPath,
        depth: fc.constantFrom<string | undefined>('0', '0', '1', '1', '1', 'infinity', undefined),
        body: fc.constantFrom<'none' | 'allprop' | 'propname' | number>(
          'none',
          'allprop',
          'propname',
          0,
          1,
          2,
          3,
        ),
      }),
      prepare: prepareSpace,
      build: (model, { space, who, path, depth, body }) => {
        const headers: Record<string, SymText> = {};
        if (depth !== undefined) headers.depth = depth;
        const text = body === 'none'
          ? undefined
          : propfindBody(typeof body === 'number' ? propLists[body] : body);
        if (text !== undefined) headers['content-type'] = 'application/xml; charset=utf-8';
        return {
          call: dav('PROPFIND', {
            space: pickSpace(model, space),
            path,
            who,
            headers,
            ...(text === undefined ? {} : { body: text }),
          }),
        };
      },
    }),
    roolOp({
      name: 'dav.proppatch',
      weight: 0.5,
      args: fc.record({
        space,
        who: davWho,
        path: fc.constantFrom(...driveFiles, ...driveCollections, '/space/notes/a.json'),
        patch: fc.nat(),
        lock: fc.boolean(),
      }),
      prepare: prepareSpace,
      build: (model, { space, who, path, patch, lock }) => {
        const ref = pickSpace(model, space);
        return {
          call: dav('PROPPATCH', {
            space: ref,
            path,
            who,
            headers: {
              'content-type': 'application/xml; charset=utf-8',
              ...writeHeaders(model, { space: ref, path, pre: 'none', n: 0, lock }),
            },
            body: proppatchBody(patches[patch % patches.length]),
          }),
        };
      },
    }),
    roolOp({
      name: 'dav.copyMove',
      weight: 1,
      args: fc.record({
        space,
        who: davWho,
        method: fc.constantFrom('COPY', 'MOVE'),
        from: fc.constantFrom(...driveFiles, ...driveCollections, ...objectFiles),
        to: fc.constantFrom(...driveFiles, ...driveCollections, ...objectFiles),
        overwrite: fc.constantFrom<string | undefined>(undefined, 'T', 'F'),
        depth: fc.constantFrom<string | undefined>(
          undefined,
          undefined,
          undefined,
          '0',
          'infinity',
        ),
        lock: fc.boolean(),
      }),
      prepare: prepareSpace,
      build: (model, args) => {
        const ref = pickSpace(model, args.space);
        const headers: Record<string, SymText> = {
          destination: [routeUrl('dav', { space: ref, path: encodePath(args.to) })],
          ...writeHeaders(model, {
            space: ref,
            path: args.from,
            pre: 'none',
            n: 0,
            lock: args.lock,
          }),
        };
        if (args.overwrite !== undefined) headers.overwrite = args.overwrite;
        if (args.depth !== undefined) headers.depth = args.depth;
        const moved = args.method === 'MOVE' ? { removed: args.from } : {};
        return {
          call: dav(args.method, { space: ref, path: args.from, who: args.who, headers }),
          after: trackObjects(ref, { ...moved, added: args.to }),
        };
      },
    }),
    roolOp({
      name: 'dav.delete',
      weight: 0.5,
      args: fc.record({
        space,
        who: davWho,
        path: fc.constantFrom(...driveFiles, ...driveCollections, ...objectFiles, '/space/notes/'),
        lock: fc.boolean(),
      }),
      prepare: prepareSpace,
      build: (model, { space, who, path, lock }) => {
        const ref = pickSpace(model, space);
        return {
          call: dav('DELETE', {
            space: ref,
            path,
            who,
            headers: writeHeaders(model, { space: ref, path, pre: 'none', n: 0, lock }),
          }),
          after: trackObjects(ref, { removed: path }),
        };
      },
    }),
    roolOp({
      name: 'dav.options',
      weight: 0.2,
      args: fc.record({ space, path: fc.constantFrom(...rootCollections, driveFiles[0]) }),
      build: (model, { space, path }) => ({
        call: dav('OPTIONS', { space: pickSpace(model, space), path }),
      }),
    }),
    roolOp({
      name: 'dav.hostilePath',
      weight: 0.3,
      args: fc.record({
        space,
        path: fc.constantFrom(...hostilePaths),
        method: fc.constantFrom('GET', 'PUT', 'PROPFIND', 'DELETE'),
      }),
      prepare: prepareSpace,
      build: (model, { space, path, method }) => ({
        call: dav(method, {
          space: pickSpace(model, space),
          rawPath: path,
          ...(method === 'PUT' ? { body: 'escaped?' } : {}),
        }),
      }),
    }),
    roolOp({
      name: 'dav.unauthenticated',
      weight: 0.2,
      args: fc.record({
        space,
        auth: fc.constantFrom('none', 'wrong', 'basicWrong'),
        method: fc.constantFrom('PROPFIND', 'GET', 'PUT'),
      }),
      build: (model, { space, auth, method }) => ({
        call: {
          ...dav(method, { space: pickSpace(model, space), path: driveFiles[0] }),
          auth: auth === 'none' ? { kind: 'none' } : {
            kind: 'literal',
            header: auth === 'wrong'
              ? 'Bearer rool_conformance_wrong_token'
              : `Basic ${btoa('conformance:rool_conformance_wrong_token')}`,
          },
        },
      }),
    }),
  ];
}
