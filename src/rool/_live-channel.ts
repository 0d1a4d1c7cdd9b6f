// What live events do to one open channel: the space hands each event on, already judged (echo
// or not, see _live-echo.ts), and this brings the channel's caches up to date and emits the
// channel's event with the server's source. Conversation trees are refetched, one request per
// conversation at a time: events that arrive meanwhile (an agent's tool calls) fold into one more.
import type { ChannelCore } from './_channel-core.ts';
import { sameJson } from './_live-echo.ts';
import { RoolError } from './errors.ts';
import type { ChangeSource, SpaceSchema } from './types.ts';

interface Refetch {
  /** Another change arrived while the request was out: fetch once more. */
  again: boolean;
  /** The source to emit with: the latest change's. */
  source: ChangeSource;
}

/** One open channel's side of live events. */
export class ChannelLive {
  #core: ChannelCore;
  #closed = false;
  #refetching = new Map<string, Refetch>();

  /**
   * Creates it.
   *
   * @param core The channel's caches and emitter.
   */
  constructor(core: ChannelCore) {
    this.#core = core;
  }

  /**
   * Whether this channel made a write (its caches take the write's answer).
   *
   * @param origin The origin of a write, from the echo ledger.
   * @returns The answer.
   */
  made(origin: object | undefined): boolean {
    return origin === this.#core;
  }

  /** Stops: answers still on their way change nothing and emit nothing. */
  close(): void {
    this.#closed = true;
  }

  /**
   * Takes the space's metadata; emits `metadataUpdated` when it changed the cache.
   *
   * @param metadata All metadata after the change.
   * @param source Who changed it.
   */
  metadata(metadata: Record<string, unknown>, source: ChangeSource): void {
    if (this.#closed || sameJson(this.#core.metadata, metadata)) return;
    this.#core.metadata = { ...metadata };
    this.#core.emit('metadataUpdated', { metadata: { ...metadata }, source });
  }

  /**
   * Takes the space's schema; emits `schemaUpdated` when it changed the cache.
   *
   * @param schema The whole schema after the change.
   * @param source Who changed it.
   */
  schema(schema: SpaceSchema, source: ChangeSource): void {
    if (this.#closed || sameJson(this.#core.schema, schema)) return;
    this.#core.schema = schema;
    this.#core.emit('schemaUpdated', { schema, source });
  }

  /** Objects or files changed: cached stats may be stale, so they are forgotten. */
  filesChanged(): void {
    this.#core.stats.clear();
  }

  /**
   * A conversation changed elsewhere: its tree is refetched, then
   * `conversationUpdated` is emitted (a deleted one is forgotten).
   *
   * @param conversationId The conversation.
   * @param source Who changed it.
   */
  conversation(conversationId: string, source: ChangeSource): void {
    if (this.#closed) return;
    const running = this.#refetching.get(conversationId);
    if (running) {
      running.again = true;
      running.source = source;
      return;
    }
    const refetch: Refetch = { again: false, source };
    this.#refetching.set(conversationId, refetch);
    void this.#refetch(conversationId, refetch);
  }

  /**
   * The space's content was replaced (undo, redo): stats are forgotten, schema
   * and metadata reread, then `reset` is emitted.
   *
   * @param source Who caused it.
   * @returns When done; failures are logged.
   */
  async reset(source: ChangeSource): Promise<void> {
    this.#core.stats.clear();
    await this.#reread(source, false);
    if (!this.#closed) this.#core.emit('reset', { source });
  }

  /**
   * Events were missed: everything cached is reread. Schema, metadata and
   * conversations that changed emit their events (`source: 'system'`), then
   * `reset` tells listeners to reread objects.
   *
   * @returns When done; failures are logged.
   */
  async resync(): Promise<void> {
    this.#core.stats.clear();
    await this.#reread('system', true);
    try {
      const { conversations } = await this.#core.api.conversations.list(this.#core.channelRef);
      const ids = new Set([...conversations.map((c) => c.id), ...this.#core.conversations.ids()]);
      for (const id of ids) this.conversation(id, 'system');
    } catch (error) {
      this.#core.logger.warn(
        `Could not reread the conversations of ${this.#core.channelId}`,
        error,
      );
    }
    if (!this.#closed) this.#core.emit('reset', { source: 'system' });
  }

  async #reread(source: ChangeSource, emit: boolean): Promise<void> {
    const { api, spaceId } = this.#core;
    try {
      const [{ schema }, { metadata }] = await Promise.all([
        api.schema.get({ spaceId }),
        api.metadata.get({ spaceId }),
      ]);
      if (this.#closed) return;
      if (emit) {
        this.schema(schema, source);
        this.metadata(metadata, source);
      } else {
        this.#core.schema = schema;
        this.#core.metadata = { ...metadata };
      }
    } catch (error) {
      this.#core.logger.warn(`Could not reread schema and metadata of ${spaceId}`, error);
    }
  }

  async #refetch(conversationId: string, refetch: Refetch): Promise<void> {
    const core = this.#core;
    try {
      do {
        refetch.again = false;
        try {
          const { conversation } = await core.api.conversations.get(core.ref(conversationId));
          if (this.#closed) return;
          core.conversations.sync(conversation);
        } catch (error) {
          if (!(error instanceof RoolError && error.type === 'not_found')) throw error;
          if (this.#closed) return;
          core.conversations.remove(conversationId);
        }
        core.emit('conversationUpdated', {
          conversationId,
          channelId: core.channelId,
          source: refetch.source,
        });
      } while (refetch.again && !this.#closed);
    } catch (error) {
      core.logger.warn(`Could not refetch conversation ${conversationId}`, error);
    } finally {
      this.#refetching.delete(conversationId);
    }
  }
}
