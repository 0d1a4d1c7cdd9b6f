/**
 * {@linkcode RoolChannel}: a named context within a space, the handle for
 * objects, schema, metadata, conversations, the AI agent and undo/redo.
 *
 * @module
 */
import type { AttachmentStorage } from './_attachments.ts';
import { ChannelCore } from './_channel-core.ts';
import type { RoolBindings } from './_generated/bindings.ts';
import { ChannelLive } from './_live-channel.ts';
import type { EchoLedger } from './_live-echo.ts';
import { runPrompt } from './_prompt.ts';
import { toProxyRequest, toResponse } from './_proxy-fetch.ts';
import type {
  MoveObjectOptions,
  MutationOptions,
  ObjectMutationResult,
  PatchObjectOptions,
  PromptOptions,
  PromptResult,
} from './channel-options.ts';
import { type ConversationHandle, openConversationHandle } from './conversation.ts';
import { invalidArgument } from './errors.ts';
import { EventEmitter } from './events.ts';
import type { RoolChannelEvents } from './event-types.ts';
import type { Logger } from './logger.ts';
import type { ChannelSnapshot } from './space-methods.ts';
import type {
  ChangeSource,
  ChannelInfo,
  CollectionDef,
  ConversationInfo,
  FieldDef,
  GetObjectsResult,
  Interaction,
  LinkAccess,
  RoolObject,
  RoolObjectStat,
  RoolSpaceInfo,
  RoolUserRole,
  SpaceSchema,
} from './types.ts';

/** What an open channel needs from its space. */
export interface ChannelSpaceLink {
  /** The space as last seen. */
  info(): RoolSpaceInfo;
  /** Renames a channel of the space. */
  renameChannel(channelId: string, name: string): Promise<void>;
  /** Forgets a closed channel. */
  closed(channel: RoolChannel): void;
}

/** What a space keeps of each channel it opened. */
export interface OpenChannel {
  /** The handle. */
  channel: RoolChannel;
  /** Takes the channel's new info (after a rename) and emits `channelUpdated`. */
  update(info: ChannelInfo, source?: ChangeSource): void;
  /** What live events of the space do to the channel. */
  live: ChannelLive;
}

interface ChannelInit {
  api: RoolBindings;
  logger: Logger;
  snapshot: ChannelSnapshot;
  space: ChannelSpaceLink;
  /** The space's ledger of writes awaiting their live-event echo. */
  echoes?: EchoLedger<unknown>;
  /** The space's file storage, where prompts upload local attachments. */
  webdav: AttachmentStorage;
}

const conversationIdPattern = /^[A-Za-z0-9_-]{1,64}$/;
let open: (init: ChannelInit) => OpenChannel;

/**
 * A channel of an open space. Open one with `space.openChannel(channelId)`.
 *
 * The handle caches what the README says is local: object stats, the schema,
 * metadata, every conversation's tree and active leaf. Each call's answer
 * updates them and emits the matching event with `source: 'local_user'`.
 * Methods that call the server reject with a `RoolError`.
 *
 * @example Objects and the agent
 * ```ts ignore
 * const channel = await space.openChannel('main');
 * await channel.createCollection('article', [{ name: 'title', type: { kind: 'string' } }]);
 * await channel.putObject('/space/article/welcome.json', { title: 'Welcome' });
 * const { message } = await channel.prompt('Summarize the articles', { effort: 'QUICK' });
 * ```
 */
export class RoolChannel extends EventEmitter<RoolChannelEvents> {
  #core: ChannelCore;
  #live: ChannelLive;
  #space: ChannelSpaceLink;
  #info: ChannelInfo;
  #userId: string;
  #conversations = new Map<string, ConversationHandle>();

  static {
    open = (init) => {
      const channel = new RoolChannel(init);
      const update = (info: ChannelInfo, source: ChangeSource = 'local_user') => {
        channel.#info = info;
        channel.emit('channelUpdated', { channelId: info.id, source });
      };
      return { channel, update, live: channel.#live };
    };
  }

  private constructor(init: ChannelInit) {
    super(init.logger);
    this.#space = init.space;
    this.#info = init.snapshot.channel;
    this.#userId = init.snapshot.userId;
    this.#core = new ChannelCore({
      api: init.api,
      logger: init.logger,
      spaceId: init.snapshot.space.id,
      channelId: init.snapshot.channel.id,
      snapshot: init.snapshot,
      emit: (event, ...args) => this.emit(event, ...args),
      echoes: init.echoes,
      webdav: init.webdav,
    });
    this.#live = new ChannelLive(this.#core);
  }

  /** The space's ID. */
  get id(): string {
    return this.#core.spaceId;
  }
  /** The space's name. */
  get name(): string {
    return this.#space.info().name;
  }
  /** The user's role in the space. */
  get role(): RoolUserRole {
    return this.#space.info().role;
  }
  /** What the space's link grants. */
  get linkAccess(): LinkAccess {
    return this.#space.info().linkAccess;
  }
  /** The signed-in user's ID. */
  get userId(): string {
    return this.#userId;
  }
  /** The channel's ID, fixed when it was opened. */
  get channelId(): string {
    return this.#core.channelId;
  }
  /** The channel's name, `null` until it is renamed. */
  get channelName(): string | null {
    return this.#info.name;
  }
  /** The default conversation's ID, `default`. */
  get conversationId(): string {
    return 'default';
  }
  /** Whether the user may only read (a viewer). */
  get isReadOnly(): boolean {
    return this.role === 'viewer';
  }
  /** The tip of the default conversation's active branch. */
  get activeLeafId(): string | undefined {
    return this.#core.conversations.activeLeafId(this.conversationId);
  }

  /** Stops listening and lets the space forget this handle. */
  close(): void {
    this.#live.close();
    this.removeAllListeners();
    this.#space.closed(this);
  }

  /**
   * Renames the channel.
   *
   * @param name The new name.
   * @returns When renamed; `channelUpdated` has been emitted.
   * @throws {RoolError} When the call fails (editor role needed).
   */
  rename(name: string): Promise<void> {
    return this.#space.renameChannel(this.channelId, name);
  }

  /**
   * A handle scoped to one conversation of this channel (the same handle for the same ID).
   *
   * @param conversationId 1–64 characters of `A–Z`, `a–z`, `0–9`, `_` or `-`.
   * @returns The handle.
   * @throws {RoolError} `validation_error` for a malformed ID.
   */
  conversation(conversationId: string): ConversationHandle {
    if (!conversationIdPattern.test(conversationId)) {
      throw invalidArgument('Conversation ID must be 1–64 characters of A–Z, a–z, 0–9, _ or -');
    }
    let handle = this.#conversations.get(conversationId);
    if (!handle) {
      handle = openConversationHandle(this.#core, conversationId);
      this.#conversations.set(conversationId, handle);
    }
    return handle;
  }

  /**
   * Reads one object, caching its stat.
   *
   * @param path An object path.
   * @returns The object, or `undefined` when there is none.
   * @throws {RoolError} When the call fails.
   */
  getObject(path: string): Promise<RoolObject | undefined> {
    return this.#core.getObject(path);
  }

  /**
   * Reads many objects, caching their stats.
   *
   * @param paths Object paths (at most 500).
   * @returns The objects found, in order, and the paths `missing`.
   * @throws {RoolError} When the call fails.
   */
  getObjects(paths: string[]): Promise<GetObjectsResult> {
    return this.#core.getObjects(paths);
  }

  /**
   * The cached audit information of an object, from the last answer that carried it.
   *
   * @param path An object path.
   * @returns The stat, or `undefined` when none is cached.
   */
  stat(path: string): RoolObjectStat | undefined {
    return this.#core.stats.get(path);
  }

  /**
   * Creates or replaces the object at `path` (its collection must exist).
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
    return this.#core.putObject(this.conversationId, path, body, options);
  }

  /**
   * Patches an object's body; `null` or `undefined` deletes a field.
   *
   * @param path An object path.
   * @param options `data`, the fields to set, and how to record it.
   * @returns The object as stored and a confirmation.
   * @throws {RoolError} `not_found` when there is no object.
   */
  patchObject(path: string, options: PatchObjectOptions): Promise<ObjectMutationResult> {
    return this.#core.patchObject(this.conversationId, path, options);
  }

  /**
   * Renames or moves an object, optionally replacing its body.
   *
   * @param from The object's path.
   * @param to Its new path; nothing may be there.
   * @param options `body` to replace, and how to record it.
   * @returns The moved object and a confirmation.
   * @throws {RoolError} `not_found` or `conflict`.
   */
  moveObject(from: string, to: string, options?: MoveObjectOptions): Promise<ObjectMutationResult> {
    return this.#core.moveObject(this.conversationId, from, to, options);
  }

  /**
   * Deletes objects, all or none.
   *
   * @param paths Object paths.
   * @param options How to record it.
   * @returns When deleted.
   * @throws {RoolError} `not_found` when any is missing.
   */
  deleteObjects(paths: string[], options?: MutationOptions): Promise<void> {
    return this.#core.deleteObjects(this.conversationId, paths, options);
  }

  /**
   * The cached schema.
   *
   * @returns Collection definitions by name.
   */
  getSchema(): SpaceSchema {
    return { ...this.#core.schema };
  }

  /**
   * Creates a collection.
   *
   * @param name The collection's name.
   * @param fieldsOrDef Its fields, or its whole definition.
   * @param options How to record it.
   * @returns The definition as stored.
   * @throws {RoolError} `conflict` when it exists.
   */
  createCollection(
    name: string,
    fieldsOrDef: FieldDef[] | CollectionDef,
    options?: MutationOptions,
  ): Promise<CollectionDef> {
    return this.#core.changeCollection(this.conversationId, 'create', name, fieldsOrDef, options);
  }

  /**
   * Replaces a collection's definition.
   *
   * @param name The collection's name.
   * @param fieldsOrDef Its fields, or its whole definition.
   * @param options How to record it.
   * @returns The definition as stored.
   * @throws {RoolError} `not_found` when it does not exist.
   */
  alterCollection(
    name: string,
    fieldsOrDef: FieldDef[] | CollectionDef,
    options?: MutationOptions,
  ): Promise<CollectionDef> {
    return this.#core.changeCollection(this.conversationId, 'alter', name, fieldsOrDef, options);
  }

  /**
   * Removes a collection and its objects.
   *
   * @param name The collection's name.
   * @param options How to record it.
   * @returns When dropped.
   * @throws {RoolError} `not_found` when it does not exist.
   */
  dropCollection(name: string, options?: MutationOptions): Promise<void> {
    return this.#core.dropCollection(this.conversationId, name, options);
  }

  /**
   * Sets a metadata key, fire-and-forget: the cache changes at once and
   * `metadataUpdated` fires; a refused write is rolled back and emitted as `syncError`.
   *
   * @param key The key.
   * @param value The value; `null` or `undefined` deletes the key.
   */
  setMetadata(key: string, value: unknown): void {
    this.#core.setMetadata(this.conversationId, key, value);
  }

  /**
   * A cached metadata value.
   *
   * @param key The key.
   * @returns Its value, or `undefined`.
   */
  getMetadata(key: string): unknown {
    return this.#core.metadata[key];
  }

  /**
   * All cached metadata.
   *
   * @returns A copy.
   */
  getAllMetadata(): Record<string, unknown> {
    return { ...this.#core.metadata };
  }

  /**
   * The default conversation's active branch.
   *
   * @returns Interactions, root first.
   */
  getInteractions(): Interaction[] {
    return this.#core.conversations.branch(this.conversationId);
  }

  /**
   * The default conversation's whole tree.
   *
   * @returns Interactions by ID.
   */
  getTree(): Record<string, Interaction> {
    return this.#core.conversations.tree(this.conversationId);
  }

  /**
   * Switches the default conversation's branch; emits `conversationUpdated`.
   *
   * @param interactionId An interaction of the conversation.
   * @throws {RoolError} `validation_error` when it is not in the tree.
   */
  setActiveLeaf(interactionId: string): void {
    this.#core.setActiveLeaf(this.conversationId, interactionId);
  }

  /**
   * The channel's conversations, from the cache.
   *
   * @returns `default` first, then oldest first.
   */
  getConversations(): ConversationInfo[] {
    return this.#core.conversations.list();
  }

  /**
   * Deletes a conversation other than `default`.
   *
   * @param conversationId The conversation.
   * @returns When deleted.
   * @throws {RoolError} `conflict` for `default`, `not_found` when unknown.
   */
  async deleteConversation(conversationId: string): Promise<void> {
    await this.#core.api.conversations.delete(this.#core.ref(conversationId));
    this.#core.conversations.remove(conversationId);
    this.#conversations.delete(conversationId);
    this.#core.conversationUpdated(conversationId);
  }

  /**
   * The default conversation's system instruction, from the cache.
   *
   * @returns The instruction, or `undefined` when none is set.
   */
  getSystemInstruction(): string | undefined {
    return this.#core.conversations.systemInstruction(this.conversationId);
  }

  /**
   * Sets or clears the default conversation's system instruction.
   *
   * @param instruction The instruction; `null` clears it.
   * @returns When set.
   * @throws {RoolError} When the call fails.
   */
  setSystemInstruction(instruction: string | null): Promise<void> {
    return this.#core.setSystemInstruction(this.conversationId, instruction);
  }

  /**
   * Renames the default conversation.
   *
   * @param name The new name.
   * @returns When renamed.
   * @throws {RoolError} When the call fails.
   */
  renameConversation(name: string): Promise<void> {
    return this.#core.renameConversation(this.conversationId, name);
  }

  /**
   * Asks the agent, in the default conversation.
   *
   * @param text The prompt.
   * @param options Effort, attachments, branch, signal, …
   * @returns The agent's message and the objects it changed.
   * @throws {RoolError} When the call fails, or `aborted` when `signal` fired before it was sent.
   * An attachment upload that fails rejects with the WebDAVError's type and status (the
   * WebDAVError as `cause`), before the prompt is sent.
   */
  prompt(text: string, options?: PromptOptions): Promise<PromptResult> {
    return runPrompt({ core: this.#core, conversationId: this.conversationId }, text, options);
  }

  /**
   * Stops the default conversation's in-flight interaction.
   *
   * @returns Whether one was stopped.
   * @throws {RoolError} When the call fails.
   */
  stop(): Promise<boolean> {
    return this.#core.stop(this.conversationId);
  }

  /**
   * Stops one interaction by ID.
   *
   * @param interactionId The interaction.
   * @returns Whether it was in flight and is now stopped.
   * @throws {RoolError} When the call fails.
   */
  async stopInteraction(interactionId: string): Promise<boolean> {
    const input = { ...this.#core.channelRef, interactionId };
    return (await this.#core.api.ai.stopInteraction(input)).stopped;
  }

  /**
   * Saves the space's state on this channel's undo stack.
   *
   * @param label What the user is about to do.
   * @returns The checkpoint's ID.
   * @throws {RoolError} When the call fails.
   */
  async checkpoint(label?: string): Promise<string> {
    const input = label === undefined ? this.#core.channelRef : { ...this.#core.channelRef, label };
    return (await this.#core.api.checkpoints.create(input)).checkpointId;
  }

  /**
   * Whether `undo` would restore a checkpoint.
   *
   * @returns The answer.
   * @throws {RoolError} When the call fails.
   */
  async canUndo(): Promise<boolean> {
    return (await this.#core.api.checkpoints.status(this.#core.channelRef)).canUndo;
  }

  /**
   * Whether `redo` would reapply undone work.
   *
   * @returns The answer.
   * @throws {RoolError} When the call fails.
   */
  async canRedo(): Promise<boolean> {
    return (await this.#core.api.checkpoints.status(this.#core.channelRef)).canRedo;
  }

  /**
   * Restores the latest checkpoint; then rereads schema and metadata, forgets
   * cached stats and emits `reset`.
   *
   * @returns Whether anything was restored.
   * @throws {RoolError} When the call fails.
   */
  async undo(): Promise<boolean> {
    const { applied } = await this.#core.api.checkpoints.undo(this.#core.channelRef);
    if (applied) await this.#reset();
    return applied;
  }

  /**
   * Reapplies undone work; then rereads schema and metadata, forgets cached
   * stats and emits `reset`.
   *
   * @returns Whether anything was reapplied.
   * @throws {RoolError} When the call fails.
   */
  async redo(): Promise<boolean> {
    const { applied } = await this.#core.api.checkpoints.redo(this.#core.channelRef);
    if (applied) await this.#reset();
    return applied;
  }

  /**
   * Clears this channel's undo and redo stacks.
   *
   * @returns When cleared.
   * @throws {RoolError} When the call fails.
   */
  async clearHistory(): Promise<void> {
    await this.#core.api.checkpoints.clear(this.#core.channelRef);
  }

  /**
   * Fetches a URL through the server (editor role; loopback and private hosts
   * are refused), bypassing browser CORS.
   *
   * @param url An absolute http(s) URL.
   * @param init As for `fetch`: method, headers, body.
   * @returns The remote answer.
   * @throws {RoolError} `validation_error` for a request `fetch` would refuse,
   * `forbidden` for a refused host, or when the call fails.
   */
  async fetch(url: string, init?: RequestInit): Promise<Response> {
    const request = await toProxyRequest(url, init);
    const callOptions = init?.signal ? { signal: init.signal } : undefined;
    const output = await this.#core.api.proxy.fetch(
      { ...this.#core.channelRef, ...request },
      callOptions,
    );
    return toResponse(output, request.method ?? 'GET');
  }

  async #reset(): Promise<void> {
    const [{ schema }, { metadata }] = await Promise.all([
      this.#core.api.schema.get({ spaceId: this.id }),
      this.#core.api.metadata.get({ spaceId: this.id }),
    ]);
    this.#core.schema = schema;
    this.#core.metadata = { ...metadata };
    this.#core.stats.clear();
    this.emit('reset', { source: 'local_user' });
  }
}

/**
 * Opens a channel handle (for `RoolSpace`; not part of the public API).
 *
 * @param init The snapshot and the space link.
 * @returns The handle and its updater.
 */
export function openChannelHandle(init: ChannelInit): OpenChannel {
  return open(init);
}
