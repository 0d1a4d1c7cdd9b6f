/**
 * Walks: short fixed sequences that reach states one command at a time rarely does.
 *
 * - `roles.walk`: user B gets a role (a membership, or the link's access), then writes and
 *   reads as B, so the role matrix of §3 (viewer writes 403, reads allowed; editor writes) is
 *   exercised in every run that draws it.
 * - `history.walk`: a checkpoint, a change (schema, object or metadata), undo, then the channel
 *   as it stands (schema, metadata) and the objects, redo, and the channel again (§7).
 *
 * @module
 */
import fc from 'fast-check';
import { sym, type SymJson } from '../../call.ts';
import type { ConformanceCommand } from '../../commands/base.ts';
import { ensureWorkspace, facts, pickSpace, rool, roolOp } from './_rool.ts';

/**
 * The walks.
 *
 * @returns The commands.
 */
export function walkCommands(): ConformanceCommand[] {
  return [
    roolOp({
      name: 'roles.walk',
      args: fc.record({
        space: fc.nat(),
        grant: fc.constantFrom<[string, string]>(
          ['member', 'viewer'],
          ['member', 'viewer'],
          ['member', 'editor'],
          ['link', 'viewer'],
          ['link', 'editor'],
        ),
        write: fc.constantFrom('objects.put', 'objects.patch', 'metadata.set', 'channels.open'),
      }),
      prepare: async (model, pair, { space, grant: [how, role] }) => {
        await ensureWorkspace(model, pair, space);
        const ref = pickSpace(model, space);
        if (!ref || facts(model, ref).owner !== 0) return;
        await pair.exchange(
          how === 'member'
            ? rool('members.add', {
              spaceId: sym(ref),
              userId: sym({ kind: 'user', index: 1 }),
              role,
            })
            : rool('spaces.setLinkAccess', { spaceId: sym(ref), linkAccess: role }),
          model,
        );
        await pair.exchange(
          rool('objects.get', { spaceId: sym(ref), path: '/space/notes/a.json' }, 1),
          model,
        );
      },
      build: (model, { space, write }) => {
        const ref = pickSpace(model, space);
        const base = { spaceId: ref ? sym(ref) : 'spc_none', channelId: 'main' };
        const input: Record<string, SymJson> = write === 'objects.put'
          ? { ...base, path: '/space/notes/b.json', body: { by: 'B' } }
          : write === 'objects.patch'
          ? { ...base, path: '/space/notes/a.json', data: { by: 'B' } }
          : write === 'metadata.set'
          ? { ...base, key: 'by', value: 'B' }
          : { ...base, channelId: 'b-channel' };
        return { call: rool(write, input, 1) };
      },
    }),
    roolOp({
      name: 'history.walk',
      args: fc.record({
        space: fc.nat(),
        change: fc.constantFrom(
          'collections.create',
          'objects.put',
          'metadata.set',
          'collections.drop',
        ),
        redo: fc.boolean(),
      }),
      prepare: async (model, pair, { space, change }) => {
        await ensureWorkspace(model, pair, space);
        const ref = pickSpace(model, space);
        if (!ref) return;
        const base = { spaceId: sym(ref), channelId: 'main' };
        await pair.exchange(rool('checkpoints.create', { ...base, label: 'walk' }), model);
        const input: Record<string, SymJson> = change === 'collections.create'
          ? { ...base, name: 'tasks', def: { fields: [{ name: 't', type: { kind: 'string' } }] } }
          : change === 'objects.put'
          ? { ...base, path: '/space/notes/walk.json', body: { w: 1 } }
          : change === 'metadata.set'
          ? { ...base, key: 'walk', value: true }
          : { ...base, name: 'notes' };
        await pair.exchange(rool(change, { ...input, ephemeral: true }), model);
        await pair.exchange(rool('checkpoints.undo', base), model);
        await pair.exchange(rool('channels.open', base), model);
        await pair.exchange(
          rool('objects.getMany', {
            spaceId: sym(ref),
            paths: ['/space/notes/a.json', '/space/notes/walk.json'],
          }),
          model,
        );
      },
      build: (model, { space, redo }) => {
        const ref = pickSpace(model, space);
        const base = { spaceId: ref ? sym(ref) : 'spc_none', channelId: 'main' };
        return {
          call: rool(
            redo ? 'checkpoints.redo' : 'schema.get',
            redo ? base : { spaceId: base.spaceId },
          ),
        };
      },
    }),
  ];
}
