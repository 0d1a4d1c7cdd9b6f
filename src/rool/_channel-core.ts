// What a channel handle and its conversation handles share: the caches (stats, schema,
// metadata, conversation trees) and every operation scoped to one conversation. RoolChannel
// and ConversationHandle are thin, documented fronts over it.
import type { RoolBindings } from './_generated/bindings.ts';
import type { RecordOptions } from './_refs.ts';
import type { AttachmentStorage } from './_attachments.ts';
import { ConversationState } from './_conversation-state.ts';
import { EchoLedger } from './_live-echo.ts';
import { StatCache } from './_object-cache.ts';
import type {
  MoveObjectOptions,
  MutationOptions,
  ObjectMutationResult,
  PatchObjectOptions,
} from './channel-options.ts';
import { asError } from './errors.ts';
import type { RoolChannelEvents } from './event-types.ts';
import type { Logger } from './logger.ts';
import type { ObjectMutationOutput } from './object-methods.ts';
import type { ChannelSnapshot } from './space-methods.ts';
import type {
  CollectionDef,
  Conversation,
  FieldDef,
  GetObjectsResult,
  Interaction,
  RoolObject,
  SpaceSchema,
} from './types.ts';

/** Emits one of the channel's events. */
export type EmitChannelEvent = <K extends keyof RoolChannelEvents>(
  event: K,
  ...args: RoolChannelEvents[K]
) => void;

/** What the core is built from. */
export interface ChannelCoreInit {
  api: RoolBindings;
  logger: Logger;
  spaceId: string;
  channelId: string;
  snapshot: ChannelSnapshot;
  emit: EmitChannelEvent;
  /** The space's ledger of writes awaiting their live-event echo; none counts nothing. */
  echoes?: EchoLedger<unknown>;
  /** The space's file storage, where prompts upload local attachments. */
  webdav: AttachmentStorage;
}

/** The caches and conversation-scoped operations of one open channel. */
export class ChannelCore {
  readonly api: RoolBindings;
  readonly logger: Logger;
  readonly spaceId: string;
  readonly channelId: string;
  readonly emit: EmitChannelEvent;
  readonly stats: StatCache = new StatCache();
  readonly conversations: ConversationState;
  /** Writes of `metadata` and `schema` awaiting their echo (see _live-echo.ts). */
  readonly echoes: EchoLedger<unknown>;
  /** The space's file storage (prompt attachments are uploaded there). */
  readonly webdav: AttachmentStorage;
  schema: SpaceSchema;
  metadata: Record<string, unknown>;

  constructor(init: ChannelCoreInit) {
    this.api = init.api;
    this.logger = init.logger;
    this.spaceId = init.spaceId;
    this.channelId = init.channelId;
    this.emit = init.emit;
    this.schema = init.snapshot.schema;
    this.metadata = { ...init.snapshot.metadata };
    this.conversations = new ConversationState(init.snapshot.conversations);
    this.echoes = init.echoes ?? new EchoLedger({ onRelease() {} });
    this.webdav = init.webdav;
  }

  /** The space and channel every call addresses. */
  get channelRef(): { spaceId: string; channelId: string } {
    return { spaceId: this.spaceId, channelId: this.channelId };
  }

  /** The space, channel and conversation a conversation-scoped call addresses. */
  ref(conversationId: string): { spaceId: string; channelId: string; conversationId: string } {
    return { ...this.channelRef, conversationId };
  }

  /**
   * How to record a mutation: without a `parentInteractionId`, the conversation continues from
   * the handle's active leaf (the branch the user is viewing), not the server's latest.
   */
  recordOptions(conversationId: string, options?: MutationOptions): RecordOptions {
    const record: RecordOptions = {};
    if (options?.ephemeral) record.ephemeral = true;
    const parent = options?.parentInteractionId !== undefined
      ? options.parentInteractionId
      : this.conversations.activeLeafId(conversationId);
    if (parent !== undefined) record.parentInteractionId = parent;
    return record;
  }

  /** Puts a recorded interaction in its tree as the active leaf and says so. */
  recorded(conversationId: string, interaction: Interaction | null): void {
    if (!interaction) return;
    this.conversations.record(conversationId, interaction);
    this.conversationUpdated(conversationId);
  }

  /** Emits `conversationUpdated` for a change this client made. */
  conversationUpdated(conversationId: string): void {
    this.emit('conversationUpdated', {
      conversationId,
      channelId: this.channelId,
      source: 'local_user',
    });
  }

  async getObject(path: string): Promise<RoolObject | undefined> {
    const { object, stat } = await this.api.objects.get({ spaceId: this.spaceId, path });
    this.stats.set(stat, path);
    return object ?? undefined;
  }

  async getObjects(paths: string[]): Promise<GetObjectsResult> {
    const output = await this.api.objects.getMany({ spaceId: this.spaceId, paths });
    for (const stat of output.stats) this.stats.set(stat);
    this.stats.delete(output.missing);
    return { objects: output.objects, missing: output.missing };
  }

  async putObject(
    conversationId: string,
    path: string,
    body: Record<string, unknown>,
    options?: MutationOptions,
  ): Promise<ObjectMutationResult> {
    const output = await this.api.objects.put({
      ...this.#input(conversationId, options),
      path,
      body,
    });
    return this.#objectMutated(conversationId, output);
  }

  async patchObject(
    conversationId: string,
    path: string,
    options: PatchObjectOptions,
  ): Promise<ObjectMutationResult> {
    // JSON has no undefined: a field set to undefined would vanish from the request instead of
    // being deleted, so it is sent as null, which the server reads as "delete".
    const data = Object.fromEntries(
      Object.entries(options.data).map(([key, value]) => [key, value === undefined ? null : value]),
    );
    const output = await this.api.objects.patch({
      ...this.#input(conversationId, options),
      path,
      data,
    });
    return this.#objectMutated(conversationId, output);
  }

  async moveObject(
    conversationId: string,
    from: string,
    to: string,
    options?: MoveObjectOptions,
  ): Promise<ObjectMutationResult> {
    const input = { ...this.#input(conversationId, options), from, to };
    const output = await this.api.objects.move(
      options?.body === undefined ? input : { ...input, body: options.body },
    );
    this.stats.delete([from]);
    return this.#objectMutated(conversationId, output);
  }

  async deleteObjects(
    conversationId: string,
    paths: string[],
    options?: MutationOptions,
  ): Promise<void> {
    const output = await this.api.objects.delete({
      ...this.#input(conversationId, options),
      paths,
    });
    this.stats.delete(output.deleted);
    this.recorded(conversationId, output.interaction);
  }

  async changeCollection(
    conversationId: string,
    how: 'create' | 'alter',
    name: string,
    fieldsOrDef: FieldDef[] | CollectionDef,
    options?: MutationOptions,
  ): Promise<CollectionDef> {
    const def: CollectionDef = Array.isArray(fieldsOrDef) ? { fields: fieldsOrDef } : fieldsOrDef;
    const input = { ...this.#input(conversationId, options), name, def };
    const output = await this.#writeSchema(() =>
      how === 'create' ? this.api.collections.create(input) : this.api.collections.alter(input)
    );
    this.#schemaChanged(output.schema);
    this.recorded(conversationId, output.interaction);
    return output.collection ?? def;
  }

  async dropCollection(
    conversationId: string,
    name: string,
    options?: MutationOptions,
  ): Promise<void> {
    const input = { ...this.#input(conversationId, options), name };
    const output = await this.#writeSchema(() => this.api.collections.drop(input));
    this.stats.dropCollection(name);
    this.#schemaChanged(output.schema);
    this.recorded(conversationId, output.interaction);
  }

  /** Fire-and-forget: the cache changes now; a refused write is rolled back and reported. */
  setMetadata(conversationId: string, key: string, value: unknown): void {
    const had = Object.hasOwn(this.metadata, key);
    const previous = this.metadata[key];
    const stored = value === undefined ? null : value;
    this.#applyMetadata(key, stored);
    const input = { ...this.#input(conversationId), key, value: stored };
    const write = async () => {
      try {
        return await this.api.metadata.set(input);
      } catch (error) {
        // Roll back only if nothing newer replaced this value meanwhile; then the ledger hands
        // out metadata the server sent while this write was out: it is the truth now.
        if (Object.is(this.metadata[key], stored === null ? undefined : stored)) {
          this.#applyMetadata(key, had ? previous : null);
        }
        this.logger.warn(`Could not set metadata ${key}`, error);
        this.emit('syncError', asError(error));
        throw error;
      }
    };
    this.echoes.track('metadata', this, write).then(
      (output) => this.recorded(conversationId, output.interaction),
      () => {}, // Reported above.
    );
  }

  async setSystemInstruction(conversationId: string, instruction: string | null): Promise<void> {
    const ref = this.ref(conversationId);
    await this.#reload(ref, this.api.conversations.setSystemInstruction({ ...ref, instruction }));
  }

  async renameConversation(conversationId: string, name: string): Promise<void> {
    const ref = this.ref(conversationId);
    await this.#reload(ref, this.api.conversations.rename({ ...ref, name }));
  }

  setActiveLeaf(conversationId: string, interactionId: string): void {
    this.conversations.setActiveLeaf(conversationId, interactionId);
    this.conversationUpdated(conversationId);
  }

  async stop(conversationId: string): Promise<boolean> {
    return (await this.api.ai.stop(this.ref(conversationId))).stopped;
  }

  /** The input of a mutation: the conversation's address and how to record the mutation. */
  #input(conversationId: string, options?: MutationOptions) {
    return { ...this.ref(conversationId), ...this.recordOptions(conversationId, options) };
  }

  /** Takes the server's copy of a conversation this client changed. */
  async #reload(
    { conversationId }: { conversationId: string },
    answer: Promise<{ conversation: Conversation }>,
  ): Promise<void> {
    this.conversations.load((await answer).conversation);
    this.conversationUpdated(conversationId);
  }

  #objectMutated(conversationId: string, output: ObjectMutationOutput): ObjectMutationResult {
    this.stats.set(output.stat);
    this.recorded(conversationId, output.interaction);
    return { object: output.object, message: output.message };
  }

  /** A schema write: counted until its echo comes, so older schemas do not overwrite its answer. */
  #writeSchema<T>(write: () => Promise<T>): Promise<T> {
    return this.echoes.track('schema', this, write);
  }

  #schemaChanged(schema: SpaceSchema): void {
    this.schema = schema;
    this.emit('schemaUpdated', { schema, source: 'local_user' });
  }

  #applyMetadata(key: string, value: unknown): void {
    if (value === null) delete this.metadata[key];
    else this.metadata[key] = value;
    this.emit('metadataUpdated', { metadata: { ...this.metadata }, source: 'local_user' });
  }
}
