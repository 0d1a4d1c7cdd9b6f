/**
 * The events of {@linkcode RoolClient}, `RoolSpace` and `RoolChannel`, as the
 * Rool 0.11 README names them: each map gives the arguments listeners receive.
 *
 * Events caused by this client's own calls are emitted as the calls complete,
 * with `source: 'local_user'`. Events caused by others (other tabs, other
 * users, the agent, the server) arrive over live events
 * (docs/rool-events.md): a client stream at `{apiUrl}/v1/events` while signed
 * in, and one stream per open space at `{apiUrl}/v1/spaces/{id}/events`. The
 * server marks this client's own changes as its own, and they are not emitted
 * a second time; `filesChanged`, which no call emits, comes from the stream
 * for this client's writes too. A client or space with live events turned off
 * (`events: { enabled: false }`) hears only its own calls.
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
  /** A space was created or duplicated, or the user was made a member of one. */
  spaceAdded: [space: RoolSpaceInfo];
  /**
   * A space was deleted, or the user lost access to it. An open handle of it
   * stays open (its stream has ended) until closed.
   */
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
  /**
   * The live-event streams changed state, summed up over the client stream
   * and every open space's: `reconnecting` while any stream is, else
   * `connected` while any is, else `disconnected`.
   */
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
  /**
   * Files (objects under `/space`, files under `/rool-drive`) changed, by
   * anyone, this client included: run `webdav.syncCollection` with the last
   * sync token to learn what.
   */
  filesChanged: [event: FilesChangedEvent];
  /** The sync history is gone (sync tokens are void): resynchronise from scratch. */
  filesReset: [event: FilesChangedEvent];
  /**
   * The space's live-event stream changed state; `disconnected` after
   * `close()`, or for good when the user lost access to the space.
   */
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
  /**
   * A conversation changed: an interaction was recorded, the active leaf
   * moved, the agent started or finished a tool call (`remote_agent`), …
   * For changes made elsewhere, the tree has been refetched by the time
   * listeners hear it; a viewer at the tip of the branch follows it.
   */
  conversationUpdated: [event: ConversationUpdatedEvent];
  /**
   * The space's state was replaced (undo, redo), or events were missed
   * (`source: 'system'`): schema and metadata are reread, cached stats
   * dropped; reread the objects you show.
   */
  reset: [event: ResetEvent];
  /** A fire-and-forget write (`setMetadata`) failed; the cache was rolled back. */
  syncError: [error: Error];
};
