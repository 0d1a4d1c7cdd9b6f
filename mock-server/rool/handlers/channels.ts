/**
 * Handlers of `channels.*` (docs/rool-contract.md §3, §5): list, open (which
 * creates a missing channel with its `default` conversation, for an editor),
 * rename and delete. Only `channels.open` creates channels.
 *
 * @module
 */
import { actorOf } from '../events/actor.ts';
import {
  notifyChannelCreated,
  notifyChannelDeleted,
  notifyChannelUpdated,
} from '../events/notify.ts';
import { unindexConversation } from '../history.ts';
import { requireChannel, requireRole, requireSpace } from '../roles.ts';
import type { ChannelRecord } from '../state.ts';
import { channelInfo, conversationView, spaceInfo } from '../views.ts';
import type { NamespaceHandlers } from './_types.ts';

/** Handlers of the channel methods. */
export const channelsHandlers: NamespaceHandlers<'channels'> = {
  'channels.list': ({ spaceId }, ctx) => {
    const { space } = requireSpace(ctx, spaceId, 'viewer');
    return { channels: [...space.channels.values()].map(channelInfo) };
  },
  'channels.open': ({ spaceId, channelId }, ctx) => {
    const { space, role } = requireSpace(ctx, spaceId, 'viewer');
    let channel = space.channels.get(channelId);
    const created = channel === undefined;
    if (!channel) {
      requireRole(role, 'editor', 'Creating a channel');
      channel = {
        id: channelId,
        name: null,
        createdAt: ctx.now,
        createdBy: ctx.user.id,
        createdByName: ctx.user.name,
        conversations: new Map(),
        undo: [],
        redo: [],
      } satisfies ChannelRecord;
      channel.conversations.set('default', {
        id: 'default',
        name: null,
        systemInstruction: null,
        createdAt: ctx.now,
        createdBy: ctx.user.id,
        interactions: new Map(),
        activeLeaf: null,
      });
      space.channels.set(channelId, channel);
      notifyChannelCreated(ctx.runtime, { spaceId: space.id, channel, actor: actorOf(ctx) });
    }
    const conversations = Object.fromEntries(
      [...channel.conversations].map(([id, conversation]) => [id, conversationView(conversation)]),
    );
    return {
      space: spaceInfo(space, ctx.user.id),
      channel: channelInfo(channel),
      userId: ctx.user.id,
      schema: Object.fromEntries(space.schema),
      metadata: Object.fromEntries(space.metadata),
      conversations,
      history: {
        canUndo: channel.undo.length > 0,
        canRedo: channel.redo.length > 0,
      },
      created,
    };
  },
  'channels.rename': ({ spaceId, channelId, name }, ctx) => {
    const { space } = requireSpace(ctx, spaceId, 'editor');
    const channel = requireChannel(ctx, space, channelId);
    channel.name = name;
    notifyChannelUpdated(ctx.runtime, { spaceId: space.id, channel, actor: actorOf(ctx) });
    return { channel: channelInfo(channel) };
  },
  'channels.delete': ({ spaceId, channelId }, ctx) => {
    const { space } = requireSpace(ctx, spaceId, 'editor');
    const channel = requireChannel(ctx, space, channelId);
    ctx.runtime.inFlight.stop((p) => p.spaceId === space.id && p.channelId === channel.id);
    for (const conversation of channel.conversations.values()) {
      unindexConversation(space, conversation);
    }
    space.channels.delete(channel.id);
    notifyChannelDeleted(ctx.runtime, {
      spaceId: space.id,
      channelId: channel.id,
      actor: actorOf(ctx),
    });
    return {};
  },
};
