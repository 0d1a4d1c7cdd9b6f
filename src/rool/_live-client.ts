// The client stream, `GET {apiUrl}/v1/events` (docs/rool-events.md): one per signed-in client.
// It tells of spaces added, removed and renamed, user storage changed elsewhere, and gaps
// (`resync`); this applies each to the client's caches and emits the client's events, once:
// echoes of the client's own changes are recognised by the space directory and the storage cache.
import type { ResolvedEventsConfig } from './config.ts';
import type { ConnectionState } from './event-types.ts';
import type { Logger } from './logger.ts';
import { LiveStream } from './_live.ts';
import type { SpaceDirectory } from './_live-directory.ts';
import { type ClientLiveEvent, parseClientEvent } from './_live-events.ts';
import type { RoolRequestContext } from './_transport.ts';
import type { EmitClientEvent, UserStorageCache } from './_user-storage.ts';

/** What the client stream changes in the client. */
export interface ClientLiveHost {
  /** What the client knows of the user's spaces. */
  directory: SpaceDirectory;
  /** The user-storage cache. */
  storage: UserStorageCache;
  /** Emits one of the client's events. */
  emit: EmitClientEvent;
  /** Gives the open handle of a space, if any, its new name. */
  renameOpenSpace(spaceId: string, name: string): void;
  /** Events were missed: reread the user, their storage and the open spaces. */
  resync(): void;
  /** The stream's state changed. */
  stateChanged(state: ConnectionState): void;
  /** The stream was refused as unauthorized (401): the token may be gone. */
  unauthorized(): void;
}

/** What the client stream is built from. */
export interface ClientLiveOptions {
  /** The client's request context. */
  request: RoolRequestContext;
  /** Reconnection delays and heartbeat timeout. */
  settings: ResolvedEventsConfig;
  /** Where the stream logs. */
  logger: Logger;
}

/**
 * Creates the client stream; it connects on `start()`.
 *
 * @param host What events change.
 * @param options The request context, settings and logger.
 * @returns The stream.
 */
export function createClientLive(host: ClientLiveHost, options: ClientLiveOptions): LiveStream {
  return new LiveStream({
    name: 'client events',
    url: `${options.request.apiUrl}/v1/events`,
    request: options.request,
    settings: options.settings,
    logger: options.logger,
    onEvent: (frame) => {
      const event = parseClientEvent(frame);
      if (event) applyClientEvent(host, event);
      else options.logger.debug(`Live events (client events): skipped ${frame.event}`);
    },
    // A connection that starts afresh brings no echo of what was published before it. (Writes
    // awaiting an echo stop waiting by themselves: see _live-echo.ts.)
    onOpen: (resumed) => {
      if (!resumed) host.directory.forgetEchoes();
    },
    onStateChange: (state) => host.stateChanged(state),
    onStop: (error) => {
      host.directory.expectEchoes(false);
      host.storage.countEchoes(false);
      if (error.type === 'unauthorized') host.unauthorized();
    },
  });
}

function applyClientEvent(host: ClientLiveHost, event: ClientLiveEvent): void {
  switch (event.type) {
    case 'spaceAdded':
      if (host.directory.remote('spaceAdded', event.space.id, event.space.name)) {
        host.emit('spaceAdded', event.space);
      }
      return;
    case 'spaceRemoved':
      if (host.directory.remote('spaceRemoved', event.spaceId)) {
        host.emit('spaceRemoved', event.spaceId);
      }
      return;
    case 'spaceRenamed':
      host.renameOpenSpace(event.spaceId, event.name);
      if (host.directory.remote('spaceRenamed', event.spaceId, event.name)) {
        host.emit('spaceRenamed', event.spaceId, event.name);
      }
      return;
    case 'userStorageChanged':
      host.storage.server(event.key, event.value, event.source);
      return;
    case 'resync':
      host.directory.forgetEchoes();
      host.resync();
      return;
  }
}
