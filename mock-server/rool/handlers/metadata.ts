/**
 * Handlers of `metadata.get` and `metadata.set` (docs/rool-contract.md §4):
 * the space's key-value metadata; `null` deletes a key. Setting is recorded
 * like other mutations (`operation: 'setMetadata'`).
 *
 * @module
 */
import { requireJsonDepth } from '../../rpc/json-depth.ts';
import { actorOf } from '../events/actor.ts';
import { notifyMetadataUpdated } from '../events/notify.ts';
import { commitMutation } from '../mutation.ts';
import { requireSpace, requireSpaceChannel } from '../roles.ts';
import type { NamespaceHandlers } from './_types.ts';

/** Handlers of the metadata methods. */
export const metadataHandlers: NamespaceHandlers<'metadata'> = {
  'metadata.get': ({ spaceId }, ctx) => {
    const { space } = requireSpace(ctx, spaceId, 'viewer');
    return { metadata: Object.fromEntries(space.metadata) };
  },
  'metadata.set': (input, ctx) => {
    const where = requireSpaceChannel(ctx, input, 'editor');
    const { key, value } = input;
    requireJsonDepth(value, '/value');
    const { interaction } = commitMutation(
      ctx,
      where,
      input,
      { operation: 'setMetadata', input: `setMetadata ${key}` },
      () => {
        if (value === null) where.space.metadata.delete(key);
        else where.space.metadata.set(key, value);
        const verb = value === null ? 'Deleted' : 'Set';
        return { result: undefined, output: `${verb} metadata ${key}`, paths: [] };
      },
    );
    notifyMetadataUpdated(ctx.runtime, { space: where.space, actor: actorOf(ctx) });
    return { metadata: Object.fromEntries(where.space.metadata), interaction };
  },
};
