/**
 * {@linkcode ConversationHandle}: one conversation of a channel, with its own
 * interaction tree, active leaf and system instruction.
 *
 * @module
 */
import type { ChannelCore } from './_channel-core.ts';
import { runPrompt } from './_prompt.ts';
import type {
  MoveObjectOptions,
  MutationOptions,
  ObjectMutationResult,
  PatchObjectOptions,
  PromptOptions,
  PromptResult,
} from './channel-options.ts';
import type { CollectionDef, FieldDef, Interaction } from './types.ts';

let open: (core: ChannelCore, conversationId: string) => ConversationHandle;

/**
 * A conversation-scoped handle from `channel.conversation(id)`. Its
 * mutations, prompts and collection changes are recorded in this
 * conversation; its reads of the tree come from the channel's cache, and its
 * changes emit the channel's `conversationUpdated` event.
 *
 * @example Two threads in one channel
 * ```ts ignore
 * const thread = channel.conversation('thread-42');
 * await thread.setSystemInstruction('Answer in haiku');
 * await thread.prompt('Hello from another thread');
 * console.log(thread.getInteractions().map((i) => i.output));
 * ```
 */
export class ConversationHandle {
  #core: ChannelCore;
  #id: string;

  static {
    open = (core, conversationId) => new ConversationHandle(core, conversationId);
  }

  private constructor(core: ChannelCore, conversationId: string) {
    this.#core = core;
    this.#id = conversationId;
  }

  /** The conversation's ID. */
  get conversationId(): string {
    return this.#id;
  }

  /** The tip of the active branch. */
  get activeLeafId(): string | undefined {
    return this.#core.conversations.activeLeafId(this.#id);
  }

  /**
   * The active branch.
   *
   * @returns Interactions, root first.
   */
  getInteractions(): Interaction[] {
    return this.#core.conversations.branch(this.#id);
  }

  /**
   * The whole tree.
   *
   * @returns Interactions by ID.
   */
  getTree(): Record<string, Interaction> {
    return this.#core.conversations.tree(this.#id);
  }

  /**
   * Switches branches; emits the channel's `conversationUpdated`.
   *
   * @param interactionId An interaction of this conversation.
   * @throws {RoolError} `validation_error` when it is not in the tree.
   */
  setActiveLeaf(interactionId: string): void {
    this.#core.setActiveLeaf(this.#id, interactionId);
  }

  /**
   * The system instruction, from the cache.
   *
   * @returns The instruction, or `undefined` when none is set.
   */
  getSystemInstruction(): string | undefined {
    return this.#core.conversations.systemInstruction(this.#id);
  }

  /**
   * Sets or clears the system instruction.
   *
   * @param instruction The instruction; `null` clears it.
   * @returns When set.
   * @throws {RoolError} When the call fails.
   */
  setSystemInstruction(instruction: string | null): Promise<void> {
    return this.#core.setSystemInstruction(this.#id, instruction);
  }

  /**
   * Renames the conversation.
   *
   * @param name The new name.
   * @returns When renamed.
   * @throws {RoolError} When the call fails.
   */
  rename(name: string): Promise<void> {
    return this.#core.renameConversation(this.#id, name);
  }

  /**
   * Creates or replaces an object, recorded in this conversation.
   *
   * @param path An object path.
   * @param body The body.
   * @param options How to record it.
   * @returns The object as stored and a confirmation.
   * @throws {RoolError} When the call fails.
   */
  putObject(
    path: string,
    body: Record<string, unknown>,
    options?: MutationOptions,
  ): Promise<ObjectMutationResult> {
    return this.#core.putObject(this.#id, path, body, options);
  }

  /**
   * Patches an object's body; `null` or `undefined` deletes a field.
   *
   * @param path An object path.
   * @param options `data`, the fields to set, and how to record it.
   * @returns The object as stored and a confirmation.
   * @throws {RoolError} When the call fails.
   */
  patchObject(path: string, options: PatchObjectOptions): Promise<ObjectMutationResult> {
    return this.#core.patchObject(this.#id, path, options);
  }

  /**
   * Renames or moves an object.
   *
   * @param from The object's path.
   * @param to Its new path.
   * @param options `body` to replace, and how to record it.
   * @returns The moved object and a confirmation.
   * @throws {RoolError} When the call fails.
   */
  moveObject(from: string, to: string, options?: MoveObjectOptions): Promise<ObjectMutationResult> {
    return this.#core.moveObject(this.#id, from, to, options);
  }

  /**
   * Deletes objects, all or none.
   *
   * @param paths Object paths.
   * @param options How to record it.
   * @returns When deleted.
   * @throws {RoolError} When the call fails.
   */
  deleteObjects(paths: string[], options?: MutationOptions): Promise<void> {
    return this.#core.deleteObjects(this.#id, paths, options);
  }

  /**
   * Creates a collection, recorded in this conversation.
   *
   * @param name The collection's name.
   * @param fieldsOrDef Its fields, or its whole definition.
   * @param options How to record it.
   * @returns The definition as stored.
   * @throws {RoolError} When the call fails.
   */
  createCollection(
    name: string,
    fieldsOrDef: FieldDef[] | CollectionDef,
    options?: MutationOptions,
  ): Promise<CollectionDef> {
    return this.#core.changeCollection(this.#id, 'create', name, fieldsOrDef, options);
  }

  /**
   * Replaces a collection's definition, recorded in this conversation.
   *
   * @param name The collection's name.
   * @param fieldsOrDef Its fields, or its whole definition.
   * @param options How to record it.
   * @returns The definition as stored.
   * @throws {RoolError} When the call fails.
   */
  alterCollection(
    name: string,
    fieldsOrDef: FieldDef[] | CollectionDef,
    options?: MutationOptions,
  ): Promise<CollectionDef> {
    return this.#core.changeCollection(this.#id, 'alter', name, fieldsOrDef, options);
  }

  /**
   * Removes a collection and its objects, recorded in this conversation.
   *
   * @param name The collection's name.
   * @param options How to record it.
   * @returns When dropped.
   * @throws {RoolError} When the call fails.
   */
  dropCollection(name: string, options?: MutationOptions): Promise<void> {
    return this.#core.dropCollection(this.#id, name, options);
  }

  /**
   * Sets a metadata key, fire-and-forget, recorded in this conversation.
   *
   * @param key The key.
   * @param value The value; `null` or `undefined` deletes the key.
   */
  setMetadata(key: string, value: unknown): void {
    this.#core.setMetadata(this.#id, key, value);
  }

  /**
   * Asks the agent in this conversation.
   *
   * @param text The prompt.
   * @param options Effort, attachments, branch, signal, …
   * @returns The agent's message and the objects it changed.
   * @throws {RoolError} When the call fails.
   * An attachment upload that fails rejects with the WebDAVError's type and status (the
   * WebDAVError as `cause`), before the prompt is sent.
   */
  prompt(text: string, options?: PromptOptions): Promise<PromptResult> {
    return runPrompt({ core: this.#core, conversationId: this.#id }, text, options);
  }

  /**
   * Stops this conversation's in-flight interaction.
   *
   * @returns Whether one was stopped.
   * @throws {RoolError} When the call fails.
   */
  stop(): Promise<boolean> {
    return this.#core.stop(this.#id);
  }
}

/**
 * Creates a conversation handle (for `RoolChannel`; not part of the public API).
 *
 * @param core The channel's core.
 * @param conversationId The conversation.
 * @returns The handle.
 */
export function openConversationHandle(
  core: ChannelCore,
  conversationId: string,
): ConversationHandle {
  return open(core, conversationId);
}
