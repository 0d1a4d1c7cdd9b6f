/**
 * WebDAV locks (RFC 4918 §6, §9.10, §9.11): LOCK (exclusive or shared, depth 0 or infinity,
 * `Timeout` in seconds or infinite, on a file, a collection or an unmapped URL, which makes an
 * empty resource), a refresh (LOCK with the token in `If` and no body), UNLOCK with the token the
 * run holds or a bogus one; and `dav.lockedWrite`, which locks a path, then writes to it (PUT,
 * DELETE, PROPPATCH, MOVE) without the token, so 423 Locked is checked in every run that draws it.
 * The lock tokens are opaque: ../dav/compare.ts pairs them and records each as a `lock` entity.
 *
 * @module
 */
import fc from 'fast-check';
import { routeUrl, sym, type SymText } from '../../call.ts';
import type { ConformanceCommand } from '../../commands/base.ts';
import { type Model, pick } from '../../model.ts';
import { dav, davWho, driveFiles, ifLock, lockBody, pickLock, proppatchBody } from './_dav.ts';
import { pickSpace, roolOp } from './_rool.ts';
import { prepareSpace } from './files.ts';

const space = fc.nat();
const lockPath = fc.constantFrom(
  ...driveFiles,
  '/rool-drive/docs/',
  '/rool-drive/new-locked.txt',
  '/space/notes/a.json',
);

/** Marks the run's locks on a path gone once the reference unlocked it. */
function unlocked(model: Model, lock: { index: number } | undefined, status: number): void {
  if (lock && status === 204) model.entities.lock[lock.index].gone = true;
}

/** Numbers lock owners, so two locks never look alike (their tokens pair by order). */
function owner(model: Model): string {
  return `conformance-owner-${model.entities.lock.length}`;
}

/**
 * The lock commands.
 *
 * @returns The commands.
 */
export function lockCommands(): ConformanceCommand[] {
  return [
    roolOp({
      name: 'dav.lock',
      weight: 0.8,
      args: fc.record({
        space,
        who: davWho,
        path: lockPath,
        scope: fc.constantFrom<'exclusive' | 'shared'>('exclusive', 'exclusive', 'shared'),
        depth: fc.constantFrom<string | undefined>(undefined, '0', 'infinity'),
        timeout: fc.constantFrom<string | undefined>(undefined, 'Second-600', 'Infinite'),
        refresh: fc.constantFrom(false, false, false, true),
      }),
      prepare: prepareSpace,
      build: (model, args) => {
        const ref = pickSpace(model, args.space);
        const held = pickLock(model, { space: ref, path: args.path });
        const headers: Record<string, SymText> = {};
        if (args.timeout !== undefined) headers.timeout = args.timeout;
        if (args.refresh && held) {
          headers.if = ifLock(held);
          return { call: dav('LOCK', { space: ref, path: args.path, who: args.who, headers }) };
        }
        if (args.depth !== undefined) headers.depth = args.depth;
        headers['content-type'] = 'application/xml; charset=utf-8';
        return {
          call: dav('LOCK', {
            space: ref,
            path: args.path,
            who: args.who,
            headers,
            body: lockBody({ scope: args.scope, owner: owner(model) }),
          }),
        };
      },
    }),
    roolOp({
      name: 'dav.unlock',
      weight: 0.5,
      args: fc.record({
        space,
        who: davWho,
        path: lockPath,
        token: fc.constantFrom('held', 'held', 'held', 'bogus', 'none'),
        n: fc.nat(),
      }),
      prepare: prepareSpace,
      build: (model, { space, who, path, token, n }) => {
        const ref = pickSpace(model, space);
        // A lock the run holds in the space, at its own path.
        const held = token === 'held'
          ? pick(model, { kind: 'lock', n, where: (e) => !e.gone && e.space === ref?.index })
          : undefined;
        const at = held ? model.entities.lock[held.index].label ?? path : path;
        const headers = held
          ? { 'lock-token': ['<', sym(held), '>'] }
          : token === 'none'
          ? undefined
          : { 'lock-token': '<opaquelocktoken:00000000-0000-4000-8000-000000000000>' };
        return {
          call: dav('UNLOCK', { space: ref, path: at, who, ...(headers ? { headers } : {}) }),
          after: (model, { reference }) => unlocked(model, held, reference.status),
        };
      },
    }),
    roolOp({
      name: 'dav.lockedWrite',
      weight: 0.6,
      args: fc.record({
        space,
        path: fc.constantFrom(...driveFiles.slice(0, 3), '/space/notes/a.json'),
        write: fc.constantFrom('PUT', 'DELETE', 'PROPPATCH', 'MOVE'),
        depth: fc.constantFrom('0', 'infinity'),
        onParent: fc.boolean(),
      }),
      prepare: async (model, pair, args) => {
        await prepareSpace(model, pair, args);
        const ref = pickSpace(model, args.space);
        // The file exists first, so the write has something to change.
        const body = args.path.startsWith('/space/') ? '{"locked":true}' : 'locked';
        await pair.exchange(dav('PUT', { space: ref, path: args.path, body }), model);
        const target = args.onParent
          ? args.path.slice(0, args.path.lastIndexOf('/') + 1)
          : args.path;
        await pair.exchange(
          dav('LOCK', {
            space: ref,
            path: target,
            headers: { depth: args.depth, 'content-type': 'application/xml; charset=utf-8' },
            body: lockBody({ scope: 'exclusive', owner: owner(model) }),
          }),
          model,
        );
      },
      build: (model, { space, path, write }) => {
        const ref = pickSpace(model, space);
        const headers: Record<string, SymText> = {};
        let body: string | undefined;
        if (write === 'PUT') body = path.startsWith('/space/') ? '{"unlocked":1}' : 'no token';
        if (write === 'PROPPATCH') body = proppatchBody([['{urn:conformance}color', 'red']]);
        if (write === 'MOVE') {
          headers.destination = [
            routeUrl('dav', { space: ref, path: '/rool-drive/moved-away.txt' }),
          ];
        }
        return { call: dav(write, { space: ref, path, headers, ...(body ? { body } : {}) }) };
      },
    }),
  ];
}
