/**
 * Handlers of `checkpoints.*` (docs/rool-contract.md §7): each channel has an
 * undo and a redo stack of saved space states (objects with stats, schema,
 * metadata), at most 100 each. Undo and redo record no interaction.
 *
 * @module
 */
import type { HistoryStatus } from '../../../src/rool/conversation-methods.ts';
import type { RoolContext } from '../context.ts';
import { actorOf } from '../events/actor.ts';
import { notifyReset } from '../events/notify.ts';
import { requireSpaceChannel } from '../roles.ts';
import { captureContent, pushCheckpoint, restoreContent } from '../snapshot.ts';
import { type ChannelRecord, type CheckpointRecord, nextId, type SpaceRecord } from '../state.ts';
import type { NamespaceHandlers } from './_types.ts';

/** Handlers of the checkpoint methods. */
export const checkpointsHandlers: NamespaceHandlers<'checkpoints'> = {
  'checkpoints.create': (input, ctx) => {
    const { space, channel } = requireSpaceChannel(ctx, input, 'editor');
    const checkpoint: CheckpointRecord = {
      id: nextId(ctx.state, 'chk'),
      label: input.label ?? null,
      createdAt: ctx.now,
      content: captureContent(space),
    };
    pushCheckpoint(channel.undo, checkpoint, ctx.runtime.limits.checkpointsPerChannel);
    channel.redo = [];
    return { checkpointId: checkpoint.id };
  },
  'checkpoints.status': (input, ctx) => status(requireSpaceChannel(ctx, input, 'viewer').channel),
  'checkpoints.history': (input, ctx) => {
    const { channel } = requireSpaceChannel(ctx, input, 'viewer');
    const info = ({ id, label, createdAt }: CheckpointRecord) => ({ id, label, createdAt });
    return { ...status(channel), undo: channel.undo.map(info), redo: channel.redo.map(info) };
  },
  'checkpoints.undo': (input, ctx) => {
    const { space, channel } = requireSpaceChannel(ctx, input, 'editor');
    return step(ctx, space, channel, 'undo');
  },
  'checkpoints.redo': (input, ctx) => {
    const { space, channel } = requireSpaceChannel(ctx, input, 'editor');
    return step(ctx, space, channel, 'redo');
  },
  'checkpoints.clear': (input, ctx) => {
    const { channel } = requireSpaceChannel(ctx, input, 'editor');
    channel.undo = [];
    channel.redo = [];
    return status(channel);
  },
};

function status(channel: ChannelRecord): HistoryStatus {
  return { canUndo: channel.undo.length > 0, canRedo: channel.redo.length > 0 };
}

/**
 * Undo: save the current state on the redo stack and restore the latest checkpoint. Redo: the
 * reverse. The saved state keeps the checkpoint's ID and label: it is the same step, undone.
 */
function step(
  ctx: RoolContext,
  space: SpaceRecord,
  channel: ChannelRecord,
  direction: 'undo' | 'redo',
) {
  const from = direction === 'undo' ? channel.undo : channel.redo;
  const to = direction === 'undo' ? channel.redo : channel.undo;
  const checkpoint = from.pop();
  if (!checkpoint) return { applied: false, ...status(channel) };
  pushCheckpoint(to, {
    id: checkpoint.id,
    label: checkpoint.label,
    createdAt: ctx.now,
    content: captureContent(space),
  }, ctx.runtime.limits.checkpointsPerChannel);
  restoreContent(space, checkpoint.content, ctx.now);
  notifyReset(ctx.runtime, { spaceId: space.id, channelId: channel.id, actor: actorOf(ctx) });
  return { applied: true, ...status(channel) };
}
