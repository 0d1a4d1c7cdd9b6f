/**
 * WebDAV synchronisation, quota and the object bridge (docs/rool-webdav.md):
 *
 * - `dav.sync`: a sync-collection REPORT (RFC 6578) of `/rool-drive/` or `/space/`, with the
 *   token of the run's last sync of that collection (or none: the first sync), level 1 or
 *   infinite, rarely with a result limit. The multistatus is compared as a set of hrefs with
 *   their status and ETags; its token is paired and kept for the next sync.
 * - `dav.syncWalk`: a first sync, a change (a PUT, DELETE, MKCOL or MOVE through WebDAV, or an
 *   `objects.put` through RPC for `/space/`), then a sync with the first one's token, so every
 *   run that draws it checks that the change is reported.
 * - `dav.quota`: reads the quota of the space's root (RFC 4331), then PUTs one byte more than is
 *   available, which must be refused with 507 and change nothing (a PROPFIND of the path's
 *   collection follows). That is checked only when the space has less than 2 MiB left (a
 *   deployment, or a mock, with a small quota per space), so the suite never sends more than
 *   that: with more room, the PUT is a 64-byte write that fits, and only the quota's reporting
 *   is compared.
 * - `dav.bridge`: an object written through WebDAV, read through RPC (`objects.get`), or the
 *   other way round: `/space` is the object store.
 *
 * @module
 */
import fc from 'fast-check';
import { routeUrl, sym } from '../../call.ts';
import type { ConformanceCommand } from '../../commands/base.ts';
import type { Ref } from '../../model.ts';
import { parseMultistatus } from '../dav/dav-xml.ts';
import { dav, driveFiles, pickSyncToken, propfindBody, syncBody } from './_dav.ts';
import { pickSpace, rool, roolOp } from './_rool.ts';
import { prepareSpace, trackObjects } from './files.ts';

/** The largest body the quota command sends to overflow a space (bytes). */
const maxOverQuotaBytes = 2 * 1024 * 1024;

const space = fc.nat();
const syncRoot = fc.constantFrom('/rool-drive/', '/rool-drive/', '/space/');

/**
 * The sync, quota and bridge commands.
 *
 * @returns The commands.
 */
export function syncCommands(): ConformanceCommand[] {
  return [
    roolOp({
      name: 'dav.sync',
      weight: 0.8,
      args: fc.record({
        space,
        path: syncRoot,
        level: fc.constantFrom<'1' | 'infinite'>('1', 'infinite', 'infinite'),
        fresh: fc.constantFrom(false, false, false, true),
        limit: fc.constantFrom<number | undefined>(undefined, undefined, undefined, undefined, 1),
      }),
      prepare: prepareSpace,
      build: (model, { space, path, level, fresh, limit }) => {
        const ref = pickSpace(model, space);
        const token = fresh ? undefined : pickSyncToken(model, { space: ref, path });
        return {
          call: dav('REPORT', {
            space: ref,
            path,
            headers: { 'content-type': 'application/xml; charset=utf-8' },
            body: syncBody(token, { level, ...(limit === undefined ? {} : { limit }) }),
          }),
        };
      },
    }),
    roolOp({
      name: 'dav.syncWalk',
      weight: 0.6,
      args: fc.record({
        space,
        change: fc.constantFrom('PUT', 'PUT', 'DELETE', 'MKCOL', 'MOVE', 'objects.put'),
        file: fc.constantFrom(...driveFiles.slice(0, 3)),
        level: fc.constantFrom<'1' | 'infinite'>('infinite', 'infinite', '1'),
      }),
      prepare: async (model, pair, args) => {
        await prepareSpace(model, pair, args);
        const ref = pickSpace(model, args.space);
        const root = args.change === 'objects.put' ? '/space/' : '/rool-drive/';
        // Something to delete or move first, then the first sync.
        if (args.change === 'DELETE' || args.change === 'MOVE') {
          await pair.exchange(dav('PUT', { space: ref, path: args.file, body: 'before' }), model);
        }
        const sync = (token?: ReturnType<typeof pickSyncToken>) =>
          dav('REPORT', {
            space: ref,
            path: root,
            headers: { 'content-type': 'application/xml; charset=utf-8' },
            body: syncBody(token, { level: args.level }),
          });
        await pair.exchange(sync(), model);
        const change = args.change === 'objects.put'
          ? rool('objects.put', {
            spaceId: ref ? sym(ref) : 'spc_none',
            channelId: 'main',
            path: '/space/notes/synced.json',
            body: { synced: true },
            ephemeral: true,
          })
          : args.change === 'MKCOL'
          ? dav('MKCOL', { space: ref, path: '/rool-drive/synced/' })
          : args.change === 'MOVE'
          ? dav('MOVE', {
            space: ref,
            path: args.file,
            headers: {
              destination: [routeUrl('dav', { space: ref, path: '/rool-drive/synced.txt' })],
            },
          })
          : dav(args.change, {
            space: ref,
            path: args.file,
            ...(args.change === 'PUT' ? { body: 'changed' } : {}),
          });
        await pair.exchange(change, model);
      },
      build: (model, { space, change, level }) => {
        const ref = pickSpace(model, space);
        const path = change === 'objects.put' ? '/space/' : '/rool-drive/';
        return {
          call: dav('REPORT', {
            space: ref,
            path,
            headers: { 'content-type': 'application/xml; charset=utf-8' },
            body: syncBody(pickSyncToken(model, { space: ref, path }), { level }),
          }),
        };
      },
    }),
    roolOp({
      name: 'dav.quota',
      weight: 0.5,
      args: fc.record({
        space,
        path: fc.constantFrom('/rool-drive/big.bin', '/rool-drive/docs/big.bin'),
      }),
      prepare: async (model, pair, args) => {
        await prepareSpace(model, pair, args);
        const ref = pickSpace(model, args.space);
        const { reference } = await pair.exchange(quotaPropfind(ref, '/', '0'), model);
        const multistatus = parseMultistatus(reference.text ?? '');
        const prop = 'error' in multistatus
          ? undefined
          : multistatus.responses.get('/')?.props.get('DAV:quota-available-bytes');
        // The reference's finding; the target's answer was the same (compared).
        const available = prop?.value.kind === 'text' ? Number(prop.value.text) : NaN;
        const size = Number.isSafeInteger(available) && available < maxOverQuotaBytes
          ? available + 1
          : 64;
        await pair.exchange(
          dav('PUT', {
            space: ref,
            path: args.path,
            headers: { 'content-type': 'application/octet-stream' },
            bytes: new Uint8Array(size).fill(0x71),
          }),
          model,
        );
      },
      // Nothing changed: the file is absent and the space uses what it used (RFC 4331 §4).
      build: (model, { space, path }) => ({
        call: quotaPropfind(pickSpace(model, space), path.slice(0, path.lastIndexOf('/') + 1), '1'),
      }),
    }),
    roolOp({
      name: 'dav.bridge',
      weight: 0.6,
      args: fc.record({
        space,
        way: fc.constantFrom('davThenRpc', 'davThenRpc', 'rpcThenDav'),
        name: fc.constantFrom('bridge', 'a', 'w'),
        body: fc.constantFrom('{"from":"dav","n":2}', '{"title":"Bridged","tags":["x"]}'),
      }),
      prepare: async (model, pair, args) => {
        await prepareSpace(model, pair, args);
        const ref = pickSpace(model, args.space);
        const path = `/space/notes/${args.name}.json`;
        const answers = args.way === 'davThenRpc'
          ? await pair.exchange(
            dav('PUT', {
              space: ref,
              path,
              headers: { 'content-type': 'application/json' },
              body: args.body,
            }),
            model,
          )
          : await pair.exchange(
            rool('objects.put', {
              spaceId: ref ? sym(ref) : 'spc_none',
              channelId: 'main',
              path,
              body: JSON.parse(args.body),
              ephemeral: true,
            }),
            model,
          );
        trackObjects(ref, { added: path })(model, answers);
      },
      build: (model, { space, way, name }) => {
        const ref = pickSpace(model, space);
        const path = `/space/notes/${name}.json`;
        return {
          call: way === 'davThenRpc'
            ? rool('objects.get', { spaceId: ref ? sym(ref) : 'spc_none', path })
            : dav('GET', { space: ref, path }),
        };
      },
    }),
  ];
}

/** A PROPFIND of the quota properties, and whether each member exists. */
function quotaPropfind(space: Ref | undefined, path: string, depth: string) {
  return dav('PROPFIND', {
    space,
    path,
    headers: { depth, 'content-type': 'application/xml; charset=utf-8' },
    body: propfindBody([
      'DAV:quota-available-bytes',
      'DAV:quota-used-bytes',
      'DAV:getcontentlength',
    ]),
  });
}
