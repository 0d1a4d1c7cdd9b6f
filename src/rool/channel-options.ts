/**
 * Options and results of `RoolChannel` and `ConversationHandle` methods: how
 * mutations are recorded, what a prompt takes and gives back.
 *
 * @module
 */
import type { PromptEffort, RoolObject } from './types.ts';

/** How a mutation is recorded in the conversation's history. */
export interface MutationOptions {
  /** Do not record it in the interaction history. */
  ephemeral?: boolean;
  /**
   * The parent in the conversation tree. Omit to continue from the handle's
   * active leaf; `null` starts a new root.
   */
  parentInteractionId?: string | null;
}

/** `patchObject`'s second argument. */
export interface PatchObjectOptions extends MutationOptions {
  /** Fields to set; `null` or `undefined` deletes the field. */
  data: Record<string, unknown>;
}

/** `moveObject`'s options. */
export interface MoveObjectOptions extends MutationOptions {
  /** A body replacing the moved object's, atomically; omit to keep it. */
  body?: Record<string, unknown>;
}

/** What `putObject`, `patchObject` and `moveObject` resolve with. */
export interface ObjectMutationResult {
  /** The object as stored. */
  object: RoolObject;
  /** A confirmation, e.g. `Updated /space/article/welcome.json`. */
  message: string;
}

/**
 * Something to attach to a prompt: an object path, a `/rool-drive/…` path or a
 * `rool-machine:` URI (a string), or a local file (`File`, `Blob`, or its
 * base64 `data` with a `contentType`), sent inline.
 */
export type PromptAttachment =
  | File
  | Blob
  | { data: string; contentType: string; filename?: string }
  | string;

/** `prompt`'s options. */
export interface PromptOptions {
  /** Ask for a JSON answer matching this JSON-schema-like shape. */
  responseSchema?: Record<string, unknown>;
  /** `QUICK` (fast, read-only), `STANDARD` (default), `REASONING` or `RESEARCH`. */
  effort?: PromptEffort;
  /** Parent in the conversation tree; omit to continue from the active leaf, `null` for a new root. */
  parentInteractionId?: string | null;
  /** Do not record the prompt in the interaction history. */
  ephemeral?: boolean;
  /** Disable mutation tools. */
  readOnly?: boolean;
  /**
   * Paths, URIs and local files to focus on, at most 50. Local files are uploaded to
   * `/rool-drive/attachments/<interaction ID>/` first; for a caller who may not write files (403)
   * they go inline instead, at most 10 of them (more reject with `forbidden`).
   */
  attachments?: PromptAttachment[];
  /**
   * Asks the server to stop the prompt when it fires; the promise then
   * resolves with what the agent did so far.
   */
  signal?: AbortSignal;
  /** Telemetry event name; default `prompt_user`. */
  eventName?: string;
}

/** What `prompt` resolves with. */
export interface PromptResult {
  /** The agent's answer (JSON text when a `responseSchema` was given). */
  message: string;
  /** The objects the agent created or changed. */
  objects: RoolObject[];
}
