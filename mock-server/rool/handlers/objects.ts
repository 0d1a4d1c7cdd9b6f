/**
 * Handlers of `objects.*` (docs/rool-contract.md §4, §5): reads for viewers,
 * and writes for editors, each recorded in the conversation's history unless
 * ephemeral. The writes themselves are ../object-store.ts, shared with the
 * agent.
 *
 * @module
 */
import type { RoolObject, RoolObjectStat } from '../../../src/rool/types.ts';
import { commitMutation, deletedMessage, describePaths } from '../mutation.ts';
import {
  prepareDelete,
  prepareMove,
  preparePatch,
  preparePut,
  type Stamp,
  type Written,
} from '../object-store.ts';
import { isObjectPath } from '../paths.ts';
import { requireSpace, requireSpaceChannel, type SpaceAccess } from '../roles.ts';
import type { ChannelRecord } from '../state.ts';
import type { RoolContext } from '../context.ts';
import type { NamespaceHandlers } from './_types.ts';

/** Handlers of the object methods. */
export const objectsHandlers: NamespaceHandlers<'objects'> = {
  'objects.get': ({ spaceId, path }, ctx) => {
    const { space } = requireSpace(ctx, spaceId, 'viewer');
    const record = space.objects.get(path);
    return record
      ? { object: { path, body: record.body }, stat: record.stat }
      : { object: null, stat: null };
  },
  'objects.getMany': ({ spaceId, paths }, ctx) => {
    const { space } = requireSpace(ctx, spaceId, 'viewer');
    const objects: RoolObject[] = [];
    const stats: RoolObjectStat[] = [];
    const missing: string[] = [];
    for (const path of paths) {
      const record = isObjectPath(path) ? space.objects.get(path) : undefined;
      if (!record) {
        missing.push(path);
        continue;
      }
      objects.push({ path, body: record.body });
      stats.push(record.stat);
    }
    return { objects, missing, stats };
  },
  'objects.stat': ({ spaceId, path }, ctx) => {
    const { space } = requireSpace(ctx, spaceId, 'viewer');
    return { stat: space.objects.get(path)?.stat ?? null };
  },
  'objects.put': (input, ctx) => {
    const where = requireSpaceChannel(ctx, input, 'editor');
    const write = preparePut(ctx, where.space, input.path, input.body);
    return written(ctx, where, input, `putObject ${input.path}`, write);
  },
  'objects.patch': (input, ctx) => {
    const where = requireSpaceChannel(ctx, input, 'editor');
    const write = preparePatch(ctx, where.space, input.path, input.data);
    return written(ctx, where, input, `patchObject ${input.path}`, write);
  },
  'objects.move': (input, ctx) => {
    const where = requireSpaceChannel(ctx, input, 'editor');
    const write = prepareMove(ctx, where.space, input);
    return written(ctx, where, input, `moveObject ${input.from} → ${input.to}`, write);
  },
  'objects.delete': (input, ctx) => {
    const where = requireSpaceChannel(ctx, input, 'editor');
    const remove = prepareDelete(ctx, where.space, input.paths);
    const { result, interaction } = commitMutation(
      ctx,
      where,
      input,
      { operation: 'deleteObjects', input: `deleteObjects ${describePaths(input.paths)}` },
      () => {
        const deleted = remove();
        return { result: deleted, output: deletedMessage(deleted.length), paths: deleted };
      },
    );
    return { deleted: result, interaction };
  },
};

/** Commits a one-object write and answers as `objects.put`, `patch` and `move` do. */
function written(
  ctx: RoolContext,
  where: SpaceAccess & { channel: ChannelRecord },
  input: Parameters<typeof commitMutation>[2],
  description: string,
  write: (stamp: Stamp) => Written,
) {
  const operation = description.slice(0, description.indexOf(' '));
  const { result, interaction } = commitMutation(
    ctx,
    where,
    input,
    { operation, input: description },
    (stamp) => {
      const done = write(stamp);
      return { result: done, output: done.message, paths: done.paths };
    },
  );
  return { object: result.object, message: result.message, stat: result.stat, interaction };
}
