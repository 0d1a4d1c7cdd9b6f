/**
 * Handlers of `conversations.*` (docs/rool-contract.md §5): every channel has
 * a `default` conversation, which cannot be deleted; another is created by its
 * first recorded interaction, `rename` or `setSystemInstruction`.
 *
 * @module
 */
import { RpcFault } from '../../rpc/fault.ts';
import type { RoolContext } from '../context.ts';
import { actorOf } from '../events/actor.ts';
import { notifyConversationUpdated } from '../events/notify.ts';
import { ensureConversation, unindexConversation } from '../history.ts';
import { requireSpaceChannel } from '../roles.ts';
import type { ChannelRecord, ConversationRecord } from '../state.ts';
import { conversationInfo, conversationView } from '../views.ts';
import type { NamespaceHandlers } from './_types.ts';

/** Handlers of the conversation methods. */
export const conversationsHandlers: NamespaceHandlers<'conversations'> = {
  'conversations.list': (input, ctx) => {
    const { channel } = requireSpaceChannel(ctx, input, 'viewer');
    const all = [...channel.conversations.values()];
    const ordered = [
      ...all.filter((c) => c.id === 'default'),
      ...all.filter((c) => c.id !== 'default'),
    ];
    return { conversations: ordered.map(conversationInfo) };
  },
  'conversations.get': (input, ctx) => {
    const { channel } = requireSpaceChannel(ctx, input, 'viewer');
    return { conversation: conversationView(requireConversation(ctx, channel, input)) };
  },
  'conversations.delete': (input, ctx) => {
    const { space, channel } = requireSpaceChannel(ctx, input, 'editor');
    if ((input.conversationId ?? 'default') === 'default') {
      throw new RpcFault('conflict', 'The default conversation cannot be deleted');
    }
    const conversation = requireConversation(ctx, channel, input);
    ctx.runtime.inFlight.stop((p) =>
      p.spaceId === space.id && p.channelId === channel.id && p.conversationId === conversation.id
    );
    unindexConversation(space, conversation);
    channel.conversations.delete(conversation.id);
    announce(ctx, space.id, channel, conversation);
    return {};
  },
  'conversations.rename': (input, ctx) => {
    const { space, channel } = requireSpaceChannel(ctx, input, 'editor');
    const conversation = ensureConversation(ctx, channel, input.conversationId ?? 'default');
    conversation.name = input.name;
    announce(ctx, space.id, channel, conversation);
    return { conversation: conversationView(conversation) };
  },
  'conversations.setSystemInstruction': (input, ctx) => {
    const { space, channel } = requireSpaceChannel(ctx, input, 'editor');
    const conversation = ensureConversation(ctx, channel, input.conversationId ?? 'default');
    conversation.systemInstruction = input.instruction;
    announce(ctx, space.id, channel, conversation);
    return { conversation: conversationView(conversation) };
  },
};

/** Announces a changed conversation on the space's stream (docs/rool-events.md). */
function announce(
  ctx: RoolContext,
  spaceId: string,
  channel: ChannelRecord,
  conversation: ConversationRecord,
): void {
  notifyConversationUpdated(ctx.runtime, {
    spaceId,
    channelId: channel.id,
    conversationId: conversation.id,
    actor: actorOf(ctx),
  });
}

/**
 * Finds a conversation of a channel.
 *
 * @param ctx The call's context.
 * @param channel The channel.
 * @param input The conversation ID; default `default`.
 * @returns The conversation.
 * @throws {RpcFault} `not_found` when the channel has no such conversation.
 */
export function requireConversation(
  ctx: RoolContext,
  channel: ChannelRecord,
  input: { conversationId?: string },
): ConversationRecord {
  const id = input.conversationId ?? 'default';
  const conversation = channel.conversations.get(id);
  if (!conversation) {
    throw new RpcFault(
      'not_found',
      `Conversation ${ctx.quote(id)} not found in channel ${ctx.quote(channel.id)}`,
    );
  }
  return conversation;
}
