/**
 * The events of {@linkcode RoolClient}, `RoolSpace` and `RoolChannel`, as the
 * Rool 0.11 README names them: each map gives the arguments listeners receive.
 *
 * Events caused by this client's own calls are emitted as the calls complete,
 * with `source: 'local_user'`. Events caused by others (other tabs, other
 * users, the agent) arrive over live events, which part 2 adds at
 * `{apiUrl}/v1/events`; until then `connectionStateChanged`, `filesChanged`
 * and `filesReset` are never emitted.
 *
 * @module
 */
import type { ChangeSource, ChannelInfo, RoolSpaceInfo, SpaceSchema } from './types.ts';

/** The state of the live-event connection. */
export type ConnectionState = 'connected' | 'disconnected' | 'reconnecting';

/** A user-storage key changed. */
export interface UserStorageChangedEvent {
  /** The key. */
  key: string;
  /** The new value; `undefined` when the key was deleted. */
  value: unknown;
  /** `local`: this client changed it; `remote`: the server or another client did. */
  source: 'local' | 'remote';
}

/** A space's file storage changed, or was reset. */
export interface FilesChangedEvent {
  /** The space. */
  spaceId: string;
  /** Who changed it. */
  source: ChangeSource;
  /** Epoch milliseconds. */
  timestamp: number;
}

/** The client's events. */
export type RoolClientEvents = {
  /** Signed in (`true`) or out (`false`). */
  authStateChanged: [authenticated: boolean];
  /** A space was created or duplicated (or access to one was granted). */
  spaceAdded: [space: RoolSpaceInfo];
  /** A space was deleted (or access to it was revoked). */
  spaceRemoved: [spaceId: string];
  /** A space was renamed. */
  spaceRenamed: [spaceId: string, newName: string];
  /** A channel was created in an open space (also emitted by the space). */
  channelCreated: [spaceId: string, channel: ChannelInfo];
  /** A channel of an open space changed (also emitted by the space). */
  channelUpdated: [spaceId: string, channel: ChannelInfo];
  /** A channel of an open space was deleted (also emitted by the space). */
  channelDeleted: [spaceId: string, channelId: string];
  /** A user-storage key changed. */
  userStorageChanged: [event: UserStorageChangedEvent];
  /** The live-event connection changed state (part 2). */
  connectionStateChanged: [state: ConnectionState];
  /** A fire-and-forget operation failed; `context` names it, e.g. `setUserStorage`. */
  error: [error: Error, context?: string];
};

/** A space's events. */
export type RoolSpaceEvents = {
  /** A channel was created. */
  channelCreated: [channel: ChannelInfo];
  /** A channel changed, e.g. was renamed. */
  channelUpdated: [channel: ChannelInfo];
  /** A channel was deleted. */
  channelDeleted: [channelId: string];
  /** Files (objects under `/space`, files under `/rool-drive`) changed (part 2). */
  filesChanged: [event: FilesChangedEvent];
  /** File storage was reset; resynchronise from scratch (part 2). */
  filesReset: [event: FilesChangedEvent];
  /** The live-event connection changed state (part 2). */
  connectionStateChanged: [state: ConnectionState];
};

/** `metadataUpdated`'s payload. */
export interface MetadataUpdatedEvent {
  /** All metadata after the change. */
  metadata: Record<string, unknown>;
  /** Who changed it. */
  source: ChangeSource;
}

/** `schemaUpdated`'s payload. */
export interface SchemaUpdatedEvent {
  /** The whole schema after the change. */
  schema: SpaceSchema;
  /** Who changed it. */
  source: ChangeSource;
}

/** `channelUpdated`'s payload. */
export interface ChannelUpdatedEvent {
  /** The channel. */
  channelId: string;
  /** Who changed it. */
  source: ChangeSource;
}

/** `conversationUpdated`'s payload. */
export interface ConversationUpdatedEvent {
  /** The conversation whose tree, active leaf, name or instruction changed. */
  conversationId: string;
  /** Its channel. */
  channelId: string;
  /** Who changed it. */
  source: ChangeSource;
}

/** `reset`'s payload. */
export interface ResetEvent {
  /** Who caused it. */
  source: ChangeSource;
}

/** A channel's events. */
export type RoolChannelEvents = {
  /** Space metadata changed. */
  metadataUpdated: [event: MetadataUpdatedEvent];
  /** The schema changed. */
  schemaUpdated: [event: SchemaUpdatedEvent];
  /** The channel changed, e.g. was renamed. */
  channelUpdated: [event: ChannelUpdatedEvent];
  /** A conversation changed: an interaction was recorded, the active leaf moved, … */
  conversationUpdated: [event: ConversationUpdatedEvent];
  /** The space's state was replaced (undo, redo): reread objects, schema and metadata. */
  reset: [event: ResetEvent];
  /** A fire-and-forget write (`setMetadata`) failed; the cache was rolled back. */
  syncError: [error: Error];
};
