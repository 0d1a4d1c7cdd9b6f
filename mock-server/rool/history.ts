/**
 * Conversation history (docs/rool-contract.md §5): where a call's interaction
 * goes in the tree, recording it, and the 200-interaction cap.
 *
 * A call first plans its record ({@linkcode planRecord}), which checks the
 * parent and the chosen ID and changes nothing; only once every check of the
 * call has passed does it take an ID and stamp and record. Recording announces
 * `conversationUpdated` (docs/rool-events.md), so every caller does.
 *
 * @module
 */
import type { ConversationRef, RecordOptions } from '../../src/rool/_refs.ts';
import type { Interaction, RoolObjectStat } from '../../src/rool/types.ts';
import { RpcFault } from '../rpc/fault.ts';
import type { RoolContext } from './context.ts';
import { actorOf } from './events/actor.ts';
import { notifyConversationUpdated } from './events/notify.ts';
import { type ChannelRecord, type ConversationRecord, nextId, type SpaceRecord } from './state.ts';

/** Where a call's interaction goes, checked before anything changes. */
export interface RecordPlan {
  /** The space. */
  space: SpaceRecord;
  /** The channel. */
  channel: ChannelRecord;
  /** The conversation ID. */
  conversationId: string;
  /** Whether nothing is recorded. */
  ephemeral: boolean;
  /** The parent in the tree. */
  parentId: string | null;
  /** The ID the caller chose, if any. */
  chosenId?: string;
}

/**
 * Checks where a call's interaction would go.
 *
 * @param ctx The call's context.
 * @param space The space.
 * @param channel The channel.
 * @param input The call's conversation and record options.
 * @returns The plan.
 * @throws {RpcFault} `not_found` for a parent not in the conversation; `conflict` for a chosen
 * ID the space already holds or has in flight.
 */
export function planRecord(
  ctx: RoolContext,
  space: SpaceRecord,
  channel: ChannelRecord,
  input: ConversationRef & RecordOptions,
): RecordPlan {
  const conversationId = input.conversationId ?? 'default';
  const conversation = channel.conversations.get(conversationId);
  let parentId: string | null;
  if (input.parentInteractionId === undefined) parentId = conversation?.activeLeaf ?? null;
  else if (input.parentInteractionId === null) parentId = null;
  else if (conversation?.interactions.has(input.parentInteractionId)) {
    parentId = input.parentInteractionId;
  } else {
    throw new RpcFault(
      'not_found',
      `Parent interaction ${ctx.quote(input.parentInteractionId)} not found in conversation ` +
        `${ctx.quote(conversationId)}`,
      { path: '/parentInteractionId' },
    );
  }
  const chosenId = input.interactionId;
  if (chosenId !== undefined && interactionIdTaken(ctx, space, chosenId)) {
    throw new RpcFault(
      'conflict',
      `Interaction ID ${ctx.quote(chosenId)} is already used in this space; choose another`,
    );
  }
  return {
    space,
    channel,
    conversationId,
    ephemeral: input.ephemeral === true,
    parentId,
    ...(chosenId === undefined ? {} : { chosenId }),
  };
}

function interactionIdTaken(ctx: RoolContext, space: SpaceRecord, id: string): boolean {
  return space.interactionIndex.has(id) || ctx.runtime.inFlight.has(space.id, id);
}

/**
 * Takes the interaction's ID: the chosen one, or a new one the space does not hold.
 *
 * @param ctx The call's context.
 * @param plan The plan.
 * @returns The ID.
 */
export function takeInteractionId(ctx: RoolContext, plan: RecordPlan): string {
  if (plan.chosenId !== undefined) return plan.chosenId;
  let id: string;
  do id = nextId(ctx.state, 'int'); while (interactionIdTaken(ctx, plan.space, id));
  return id;
}

/**
 * The audit stamp of a change made by the call.
 *
 * @param ctx The call's context.
 * @param plan The plan.
 * @param interactionId The interaction's ID.
 * @returns The stat fields but the path; conversation and interaction are `null` when ephemeral.
 */
export function stampOf(
  ctx: RoolContext,
  plan: RecordPlan,
  interactionId: string,
): Omit<RoolObjectStat, 'path'> {
  return {
    modifiedAt: ctx.now,
    modifiedBy: ctx.user.id,
    modifiedByName: ctx.user.name,
    modifiedInChannel: plan.channel.id,
    modifiedInConversation: plan.ephemeral ? null : plan.conversationId,
    modifiedInInteraction: plan.ephemeral ? null : interactionId,
  };
}

/**
 * Records an interaction in its conversation (creating the conversation), makes it the active
 * leaf, evicts the oldest past the cap, whose children become roots, and announces
 * `conversationUpdated` as the caller's. Ephemeral: nothing.
 *
 * @param ctx The call's context.
 * @param plan The plan.
 * @param interaction The interaction; recorded as is, so later changes to it show in the tree.
 */
export function recordInteraction(
  ctx: RoolContext,
  plan: RecordPlan,
  interaction: Interaction,
): void {
  if (plan.ephemeral) return;
  const conversation = ensureConversation(ctx, plan.channel, plan.conversationId);
  conversation.interactions.set(interaction.id, interaction);
  conversation.activeLeaf = interaction.id;
  plan.space.interactionIndex.set(interaction.id, {
    channelId: plan.channel.id,
    conversationId: conversation.id,
  });
  while (conversation.interactions.size > ctx.runtime.limits.interactionsPerConversation) {
    evictOldest(plan.space, conversation);
  }
  notifyConversationUpdated(ctx.runtime, {
    spaceId: plan.space.id,
    channelId: plan.channel.id,
    conversationId: conversation.id,
    actor: actorOf(ctx),
  });
}

function evictOldest(space: SpaceRecord, conversation: ConversationRecord): void {
  let oldest: Interaction | undefined;
  for (const i of conversation.interactions.values()) {
    if (
      !oldest || i.timestamp < oldest.timestamp ||
      (i.timestamp === oldest.timestamp && i.id < oldest.id)
    ) oldest = i;
  }
  if (!oldest) return;
  conversation.interactions.delete(oldest.id);
  space.interactionIndex.delete(oldest.id);
  for (const i of conversation.interactions.values()) {
    if (i.parentId === oldest.id) i.parentId = null;
  }
}

/**
 * A channel's conversation, created when it does not exist.
 *
 * @param ctx The call's context, for the creator and the time.
 * @param channel The channel.
 * @param conversationId The conversation ID.
 * @returns The conversation.
 */
export function ensureConversation(
  ctx: RoolContext,
  channel: ChannelRecord,
  conversationId: string,
): ConversationRecord {
  let conversation = channel.conversations.get(conversationId);
  if (!conversation) {
    conversation = {
      id: conversationId,
      name: null,
      systemInstruction: null,
      createdAt: ctx.now,
      createdBy: ctx.user.id,
      interactions: new Map(),
      activeLeaf: null,
    };
    channel.conversations.set(conversationId, conversation);
  }
  return conversation;
}

/**
 * Forgets a conversation's interactions in the space's index (the conversation or its channel
 * is being deleted).
 *
 * @param space The space.
 * @param conversation The conversation.
 */
export function unindexConversation(space: SpaceRecord, conversation: ConversationRecord): void {
  for (const id of conversation.interactions.keys()) space.interactionIndex.delete(id);
}
