/**
 * What the rest of the mock calls to announce a change on a space's stream
 * (docs/rool-events.md, Events and payloads). Call them only once the change
 * is made: a refused call announces nothing. A space that no longer exists
 * announces nothing either, so a late call cannot bring its scope back.
 * The client stream's events are ./notify-client.ts.
 *
 * @module
 */
import type { RoolRuntime } from '../context.ts';
import type { ChannelRecord, SpaceRecord } from '../state.ts';
import { channelInfo } from '../views.ts';
import type { Actor } from './actor.ts';
import { spaceScope } from './hub.ts';

/**
 * Announces that something under `/space` or `/rool-drive` of a space changed.
 *
 * @param runtime The running mock.
 * @param spaceId The space.
 * @param actor Who changed it.
 */
export function notifyFilesChanged(runtime: RoolRuntime, spaceId: string, actor: Actor): void {
  publish(runtime, spaceId, 'filesChanged', { spaceId, timestamp: runtime.clock() }, actor);
}

/**
 * Announces that a space's sync history is gone, so sync tokens are void.
 *
 * @param runtime The running mock.
 * @param spaceId The space.
 * @param actor Who caused it; usually `systemActor`.
 */
export function notifyFilesReset(runtime: RoolRuntime, spaceId: string, actor: Actor): void {
  publish(runtime, spaceId, 'filesReset', { spaceId, timestamp: runtime.clock() }, actor);
}

/** A change to one channel. */
export interface ChannelChange {
  /** The space. */
  spaceId: string;
  /** The channel as it is now. */
  channel: ChannelRecord;
  /** Who changed it. */
  actor: Actor;
}

/**
 * Announces a new channel (`channels.open` created it).
 *
 * @param runtime The running mock.
 * @param change The space, the channel and who created it.
 */
export function notifyChannelCreated(runtime: RoolRuntime, change: ChannelChange): void {
  const { spaceId, channel, actor } = change;
  publish(runtime, spaceId, 'channelCreated', { channel: channelInfo(channel) }, actor);
}

/**
 * Announces a changed channel (renamed).
 *
 * @param runtime The running mock.
 * @param change The space, the channel and who changed it.
 */
export function notifyChannelUpdated(runtime: RoolRuntime, change: ChannelChange): void {
  const { spaceId, channel, actor } = change;
  publish(runtime, spaceId, 'channelUpdated', { channel: channelInfo(channel) }, actor);
}

/**
 * Announces a deleted channel.
 *
 * @param runtime The running mock.
 * @param change The space, the channel's ID and who deleted it.
 */
export function notifyChannelDeleted(
  runtime: RoolRuntime,
  change: { spaceId: string; channelId: string; actor: Actor },
): void {
  const { spaceId, channelId, actor } = change;
  publish(runtime, spaceId, 'channelDeleted', { channelId }, actor);
}

/**
 * Announces the space's metadata after a change, whole.
 *
 * @param runtime The running mock.
 * @param change The space and who changed it.
 */
export function notifyMetadataUpdated(
  runtime: RoolRuntime,
  change: { space: SpaceRecord; actor: Actor },
): void {
  const { space, actor } = change;
  publish(runtime, space.id, 'metadataUpdated', {
    metadata: Object.fromEntries(space.metadata),
  }, actor);
}

/**
 * Announces the space's schema after a change, whole.
 *
 * @param runtime The running mock.
 * @param change The space and who changed it.
 */
export function notifySchemaUpdated(
  runtime: RoolRuntime,
  change: { space: SpaceRecord; actor: Actor },
): void {
  const { space, actor } = change;
  publish(runtime, space.id, 'schemaUpdated', { schema: Object.fromEntries(space.schema) }, actor);
}

/** Where a conversation changed. */
export interface ConversationChange {
  /** The space. */
  spaceId: string;
  /** The channel. */
  channelId: string;
  /** The conversation. */
  conversationId: string;
  /** Who changed it. */
  actor: Actor;
}

/**
 * Announces a changed conversation: an interaction recorded or changed (a prompt's tool call
 * started or finished, the prompt ended), the active leaf moved, renamed, deleted, or its system
 * instruction set.
 *
 * @param runtime The running mock.
 * @param change Where, and who changed it.
 */
export function notifyConversationUpdated(runtime: RoolRuntime, change: ConversationChange): void {
  const { spaceId, channelId, conversationId, actor } = change;
  publish(runtime, spaceId, 'conversationUpdated', { conversationId, channelId }, actor);
}

/**
 * Announces that a space's content (objects, schema, metadata) was replaced by undo or redo in a
 * channel. Objects changed too, so `filesChanged` follows.
 *
 * @param runtime The running mock.
 * @param change The space, the channel undone or redone in, and who did it.
 */
export function notifyReset(
  runtime: RoolRuntime,
  change: { spaceId: string; channelId: string; actor: Actor },
): void {
  const { spaceId, channelId, actor } = change;
  publish(runtime, spaceId, 'reset', { channelId }, actor);
  notifyFilesChanged(runtime, spaceId, actor);
}

function publish(
  runtime: RoolRuntime,
  spaceId: string,
  name: string,
  data: Record<string, unknown>,
  actor: Actor,
): void {
  if (!runtime.state.spaces.has(spaceId)) return;
  runtime.events.hub.publish(spaceScope(spaceId), { name, data, actor, style: 'change' });
}
