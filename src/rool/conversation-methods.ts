/**
 * The conversation, prompt and undo/redo methods of the Rool registry.
 *
 * Every channel has a `default` conversation; others are created on first
 * use. A conversation holds at most 200 interactions. Checkpoints, undo and
 * redo are scoped to the channel: each channel has its own history.
 *
 * @module
 */
import { defineMethods, method, type MethodDef } from '../rpc/definition.ts';
import type { ChannelRef, ConversationRef, Done, RecordOptions } from './_refs.ts';
import type {
  Conversation,
  ConversationInfo,
  Interaction,
  PromptEffort,
  RoolObject,
} from './types.ts';

/** Output of `conversations.list`. */
export interface ListConversationsOutput {
  /** The channel's conversations, `default` first. */
  conversations: ConversationInfo[];
}

/** Output of `conversations.get`. */
export interface GetConversationOutput {
  /** The conversation with its whole tree. */
  conversation: Conversation;
}

/** Input of `conversations.rename`. */
export interface RenameConversationInput extends ConversationRef {
  /**
   * The new name.
   * @minLength 1
   * @maxLength 200
   */
  name: string;
}

/** Input of `conversations.setSystemInstruction`. */
export interface SetSystemInstructionInput extends ConversationRef {
  /**
   * The instruction; `null` clears it.
   * @maxLength 20000
   */
  instruction: string | null;
}

/** A local file attached to a prompt, inline. */
export interface InlineAttachment {
  /**
   * The bytes, base64-encoded.
   * @maxLength 7000000
   */
  data: string;
  /**
   * The media type.
   * @minLength 1
   * @maxLength 255
   */
  contentType: string;
  /**
   * The file name.
   * @maxLength 255
   */
  filename?: string;
}

/** Input of `ai.prompt`. */
export interface PromptInput extends ConversationRef, RecordOptions {
  /**
   * What to ask.
   * @minLength 1
   * @maxLength 100000
   */
  text: string;
  /** JSON-schema-like shape the answer's message must be JSON of. */
  responseSchema?: Record<string, unknown>;
  /** Default `STANDARD`; `QUICK` is read-only. */
  effort?: PromptEffort;
  /** No mutation tools. */
  readOnly?: boolean;
  /**
   * Object paths, `/rool-drive/…` paths or `rool-machine:/…` URIs.
   * @maxItems 50
   */
  attachments?: string[];
  /**
   * Local files, inline.
   * @maxItems 10
   */
  files?: InlineAttachment[];
  /**
   * Telemetry event name; default `prompt_user`.
   * @maxLength 128
   */
  eventName?: string;
}

/** Output of `ai.prompt`. */
export interface PromptOutput {
  /** The agent's answer (JSON text when a `responseSchema` was given). */
  message: string;
  /** The objects the agent created or changed. */
  objects: RoolObject[];
  /** The interaction, as recorded (or as it would have been, when ephemeral). */
  interaction: Interaction;
}

/** Input of `ai.stopInteraction`. */
export interface StopInteractionInput extends ChannelRef {
  /**
   * The interaction to stop.
   * @minLength 1
   * @maxLength 64
   */
  interactionId: string;
}

/** Output of the stop methods. */
export interface StopOutput {
  /** Whether an in-flight interaction was stopped. */
  stopped: boolean;
}

/** Input of `checkpoints.create`. */
export interface CheckpointInput extends ChannelRef {
  /**
   * What the user is about to do.
   * @maxLength 200
   */
  label?: string;
}

/** Output of `checkpoints.create`. */
export interface CheckpointOutput {
  /** The checkpoint's ID. */
  checkpointId: string;
}

/** Output of `checkpoints.status`. */
export interface HistoryStatus {
  /** Whether `undo` would restore a checkpoint. */
  canUndo: boolean;
  /** Whether `redo` would reapply undone work. */
  canRedo: boolean;
}

/** One saved checkpoint. */
export interface CheckpointInfo {
  /** Its ID. */
  id: string;
  /** Its label, if any. */
  label: string | null;
  /** Epoch milliseconds. */
  createdAt: number;
}

/** Output of `checkpoints.history`. */
export interface HistoryOutput extends HistoryStatus {
  /** Checkpoints `undo` would restore, newest last. */
  undo: CheckpointInfo[];
  /** States `redo` would reapply, next last. */
  redo: CheckpointInfo[];
}

/** Output of `checkpoints.undo` and `checkpoints.redo`. */
export interface UndoRedoOutput extends HistoryStatus {
  /** Whether the state changed. */
  applied: boolean;
}

/** The conversation, prompt and undo/redo methods. */
export type ConversationMethods = {
  /** The channel's conversations (viewer). */
  'conversations.list': MethodDef<ChannelRef, ListConversationsOutput>;
  /** One conversation's tree (viewer). */
  'conversations.get': MethodDef<ConversationRef, GetConversationOutput>;
  /** Deletes a conversation other than `default` (editor). */
  'conversations.delete': MethodDef<ConversationRef, Done>;
  /** Renames a conversation (editor). */
  'conversations.rename': MethodDef<RenameConversationInput, GetConversationOutput>;
  /** Sets or clears a conversation's system instruction (editor). */
  'conversations.setSystemInstruction': MethodDef<
    SetSystemInstructionInput,
    GetConversationOutput
  >;
  /** Runs the agent (viewer, read-only; editor, with mutations). */
  'ai.prompt': MethodDef<PromptInput, PromptOutput>;
  /** Stops the conversation's in-flight interaction (viewer). */
  'ai.stop': MethodDef<ConversationRef, StopOutput>;
  /** Stops one interaction by ID (viewer). */
  'ai.stopInteraction': MethodDef<StopInteractionInput, StopOutput>;
  /** Saves the space state for undo (editor). */
  'checkpoints.create': MethodDef<CheckpointInput, CheckpointOutput>;
  /** Whether undo and redo are available (viewer). */
  'checkpoints.status': MethodDef<ChannelRef, HistoryStatus>;
  /** The channel's checkpoints (viewer). */
  'checkpoints.history': MethodDef<ChannelRef, HistoryOutput>;
  /** Restores the latest checkpoint (editor). */
  'checkpoints.undo': MethodDef<ChannelRef, UndoRedoOutput>;
  /** Reapplies undone work (editor). */
  'checkpoints.redo': MethodDef<ChannelRef, UndoRedoOutput>;
  /** Clears the channel's history (editor). */
  'checkpoints.clear': MethodDef<ChannelRef, HistoryStatus>;
};

/**
 * The conversation, prompt and undo/redo methods.
 * `method({ read: true })` marks the methods that only read, which a client with a retry
 * policy may retry; every other method may change state and is never retried.
 */
export const conversationMethods: ConversationMethods = defineMethods<ConversationMethods>({
  'conversations.list': method({ read: true }),
  'conversations.get': method({ read: true }),
  'conversations.delete': method(),
  'conversations.rename': method(),
  'conversations.setSystemInstruction': method(),
  'ai.prompt': method(),
  'ai.stop': method(),
  'ai.stopInteraction': method(),
  'checkpoints.create': method(),
  'checkpoints.status': method({ read: true }),
  'checkpoints.history': method({ read: true }),
  'checkpoints.undo': method(),
  'checkpoints.redo': method(),
  'checkpoints.clear': method(),
});
