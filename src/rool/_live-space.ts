// A space stream, `GET {apiUrl}/v1/spaces/{spaceId}/events` (docs/rool-events.md): one per open
// space. Each event is judged once for the space (an echo of this client's own write, a value
// older than a write still on its way, or news: _live-echo.ts) and then applied to the space's
// channel list, its file listeners and every open channel. The first connection resumes after the
// event ID of the space's snapshot (docs/rool-events.md, Opening a space); events replayed for
// changes the snapshot already holds are applied idempotently.
import type { ResolvedEventsConfig } from './config.ts';
import type { RoolError } from './errors.ts';
import type { ConnectionState, FilesChangedEvent } from './event-types.ts';
import type { Logger } from './logger.ts';
import { LiveStream } from './_live.ts';
import type { ChannelLive } from './_live-channel.ts';
import { EchoLedger, type HeldBack, sameJson } from './_live-echo.ts';
import { parseSpaceEvent, type SpaceLiveEvent } from './_live-events.ts';
import type { RoolRequestContext } from './_transport.ts';
import type { ChangeSource, ChannelInfo, SpaceSchema } from './types.ts';

/** What a space stream changes in its space. */
export interface SpaceLiveHost {
  /** The space's channels as last known. */
  channels(): ChannelInfo[];
  /** Replaces the channel list (no event). */
  setChannels(channels: ChannelInfo[]): void;
  /** Emits a channel event on the space and, as a pass-through, on the client. */
  channelEvent(
    event: 'channelCreated' | 'channelUpdated' | 'channelDeleted',
    channel: ChannelInfo | string,
  ): void;
  /** Gives open handles of a channel its new info; each emits `channelUpdated`. */
  channelRenamed(channel: ChannelInfo, source: ChangeSource): void;
  /** The open channels, with their channel IDs. */
  openChannels(): Iterable<{ channelId: string; live: ChannelLive }>;
  /** Emits `filesChanged` or `filesReset` on the space. */
  filesEvent(event: 'filesChanged' | 'filesReset', payload: FilesChangedEvent): void;
  /** Rereads the space and its channel list (`space.refresh()`). */
  refresh(): Promise<void>;
  /** The stream's state changed. */
  stateChanged(state: ConnectionState): void;
  /** The user lost access, or the space is gone: the stream has stopped. */
  gone(): void;
  /** The stream was refused as unauthorized (401): the token is gone. */
  unauthorized(): void;
}

/** What a space stream is built from. */
export interface SpaceLiveOptions {
  /** The space. */
  spaceId: string;
  /** The client's request context. */
  request: RoolRequestContext;
  /** Reconnection delays and heartbeat timeout. */
  settings: ResolvedEventsConfig;
  /** Where the stream logs. */
  logger: Logger;
  /**
   * The space's latest event ID when its snapshot was taken (`spaces.get`'s `eventId`): the first
   * connection resumes after it, so no change made since the snapshot is missed. Without it (or
   * when it is not a non-negative safe integer) the stream starts with live events.
   */
  snapshotEventId?: number;
}

/** One open space's stream and what it applies. */
export class SpaceLive {
  #host: SpaceLiveHost;
  #stream: LiveStream;
  #logger: Logger;
  /** This client's writes of the space still waiting for their echo. */
  readonly echoes: EchoLedger<unknown>;

  /**
   * Creates the stream; it connects on `start()`.
   *
   * @param host What events change.
   * @param options The space, request context, settings and logger.
   */
  constructor(host: SpaceLiveHost, options: SpaceLiveOptions) {
    this.#host = host;
    this.#logger = options.logger;
    this.echoes = new EchoLedger({ onRelease: (key, held) => this.#release(key, held) });
    const name = `space ${options.spaceId}`;
    this.#stream = new LiveStream({
      name,
      url: `${options.request.apiUrl}/v1/spaces/${encodeURIComponent(options.spaceId)}/events`,
      request: options.request,
      settings: options.settings,
      logger: options.logger,
      lastEventId: resumeAfter(options.snapshotEventId),
      onEvent: (frame) => {
        const event = parseSpaceEvent(frame);
        if (event) this.#apply(event);
        else options.logger.debug(`Live events (${name}): skipped ${frame.event}`);
      },
      onStateChange: (state) => host.stateChanged(state),
      onStop: (error) => this.#stopped(error),
    });
  }

  /** The stream's state. */
  get state(): ConnectionState {
    return this.#stream.state;
  }

  /** Connects, unless connected already. */
  start(): void {
    this.echoes.count(true);
    this.#stream.start();
  }

  /** Disconnects for good; nothing more is applied. */
  close(): void {
    this.echoes.count(false);
    this.#stream.close();
  }

  #stopped(error: RoolError): void {
    this.echoes.count(false);
    if (error.type === 'unauthorized') this.#host.unauthorized();
    else if (error.type === 'forbidden' || error.type === 'not_found') this.#host.gone();
  }

  #apply(event: SpaceLiveEvent): void {
    const host = this.#host;
    switch (event.type) {
      case 'channelCreated':
        return this.#channelCreated(event.channel, event.source);
      case 'channelUpdated': {
        const verdict = this.echoes.receive(
          `channel:${event.channel.id}`,
          event.channel,
          event.source,
        );
        if (verdict.apply) this.#channelUpdated(event.channel, verdict.source as ChangeSource);
        return;
      }
      case 'channelDeleted': {
        const channels = host.channels();
        if (!channels.some((channel) => channel.id === event.channelId)) return;
        host.setChannels(channels.filter((channel) => channel.id !== event.channelId));
        if (event.source !== 'local_user') host.channelEvent('channelDeleted', event.channelId);
        return;
      }
      case 'filesChanged':
      case 'filesReset': {
        for (const { live } of host.openChannels()) live.filesChanged();
        const { spaceId, source, timestamp } = event;
        host.filesEvent(event.type, { spaceId, source, timestamp });
        return;
      }
      case 'metadataUpdated':
      case 'schemaUpdated': {
        const key = event.type === 'metadataUpdated' ? 'metadata' : 'schema';
        const payload = event.type === 'metadataUpdated' ? event.metadata : event.schema;
        const verdict = this.echoes.receive(key, payload, event.source);
        if (!verdict.apply) return;
        const source = verdict.source as ChangeSource;
        this.#toChannels(key, verdict.payload, source, verdict.origin);
        return;
      }
      case 'conversationUpdated':
        // This client's own changes were applied from the answers that carried them.
        if (event.source === 'local_user') return;
        for (const { channelId, live } of host.openChannels()) {
          if (channelId === event.channelId) live.conversation(event.conversationId, event.source);
        }
        return;
      case 'reset':
        for (const { channelId, live } of host.openChannels()) {
          // The channel that undid or redid here has reset itself already.
          if (event.source === 'local_user' && channelId === event.channelId) continue;
          void live.reset(event.source);
        }
        return;
      case 'resync':
        return this.#resync();
      case 'spaceRemoved':
        this.close();
        host.gone();
        return;
    }
  }

  #channelCreated(channel: ChannelInfo, source: ChangeSource): void {
    const channels = this.#host.channels();
    if (channels.some((known) => known.id === channel.id)) return;
    this.#host.setChannels([...channels, channel]);
    if (source !== 'local_user') this.#host.channelEvent('channelCreated', channel);
  }

  #channelUpdated(channel: ChannelInfo, source: ChangeSource): void {
    const channels = this.#host.channels();
    const known = channels.find((c) => c.id === channel.id);
    if (known && sameJson(known, channel)) return;
    this.#host.setChannels(
      known ? channels.map((c) => c.id === channel.id ? channel : c) : [...channels, channel],
    );
    if (source === 'local_user') return;
    this.#host.channelRenamed(channel, source);
    this.#host.channelEvent(known ? 'channelUpdated' : 'channelCreated', channel);
  }

  #toChannels(key: string, payload: unknown, source: ChangeSource, origin?: object): void {
    for (const { live } of this.#host.openChannels()) {
      // The channel that wrote takes its call's answer, which may not have come yet.
      if (live.made(origin)) continue;
      if (key === 'metadata') live.metadata(payload as Record<string, unknown>, source);
      else live.schema(payload as SpaceSchema, source);
    }
  }

  /** Writes that held back a server value failed: the held-back value is the truth. */
  #release(key: string, held: HeldBack<unknown>): void {
    const source = held.source as ChangeSource;
    if (key === 'metadata' || key === 'schema') this.#toChannels(key, held.payload, source);
    else if (key.startsWith('channel:')) this.#channelUpdated(held.payload as ChannelInfo, source);
  }

  #resync(): void {
    this.echoes.clear();
    this.#host.refresh().catch((error) =>
      this.#logger.warn('Could not refresh the space after missed events', error)
    );
    for (const { live } of this.#host.openChannels()) void live.resync();
  }
}

/** The `Last-Event-ID` a snapshot's event ID gives, if it is one at all. */
function resumeAfter(eventId: number | undefined): string | undefined {
  return Number.isSafeInteger(eventId) && eventId! >= 0 ? String(eventId) : undefined;
}
