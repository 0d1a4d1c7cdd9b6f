/**
 * Input fragments the Rool registries share: which space, channel and
 * conversation a call is about, and how a mutation is recorded in history.
 *
 * @module
 */

/** A call about one space. */
export interface SpaceRef {
  /**
   * The space ID.
   * @minLength 1
   * @maxLength 64
   */
  spaceId: string;
}

/** A call made through one channel of a space. */
export interface ChannelRef extends SpaceRef {
  /**
   * The channel ID: 1–32 characters of `A–Z`, `a–z`, `0–9`, `_` or `-`.
   * @pattern ^[A-Za-z0-9_-]{1,32}$
   */
  channelId: string;
}

/** A call made in one conversation of a channel. */
export interface ConversationRef extends ChannelRef {
  /**
   * The conversation ID; default `default`.
   * @pattern ^[A-Za-z0-9_-]{1,64}$
   */
  conversationId?: string;
}

/** How a mutation is recorded in the conversation's history. */
export interface RecordOptions {
  /** Do not record it. */
  ephemeral?: boolean;
  /**
   * The parent in the conversation tree. Omit to continue from the active leaf; `null` starts a
   * new root.
   * @maxLength 64
   */
  parentInteractionId?: string | null;
  /**
   * The ID to record the interaction under, chosen by the caller so that it can stop or find
   * it before the answer arrives; default: one the server generates.
   * @pattern ^[A-Za-z0-9_-]{6,64}$
   */
  interactionId?: string;
}

/**
 * An object path: exactly `/space/<collection>/<name>.json`, each segment 1–128 characters of
 * `A–Z`, `a–z`, `0–9`, `_` or `-` (so no dotfile segments).
 */
export type ObjectPath = string;

/** An answer with nothing to say. */
export type Done = Record<string, never>;
