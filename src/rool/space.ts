/**
 * {@linkcode RoolSpace}: a live handle on one space, for its collaborators,
 * link sharing, channels and file storage.
 *
 * @module
 */
import { downloadArchive } from './_archive.ts';
import { diffChannels } from './_channel-list.ts';
import type { RoolBindings } from './_generated/bindings.ts';
import { SpaceLive, type SpaceLiveHost } from './_live-space.ts';
import type { RoolRequestContext } from './_transport.ts';
import { fetchDrivePath } from './_webdav-fetch-path.ts';
import { type OpenChannel, openChannelHandle, type RoolChannel } from './channel.ts';
import type { ResolvedEventsConfig } from './config.ts';
import { invalidArgument } from './errors.ts';
import { EventEmitter } from './events.ts';
import type { ConnectionState, RoolSpaceEvents } from './event-types.ts';
import type { Logger } from './logger.ts';
import type { SpaceSnapshot } from './space-methods.ts';
import type { ChannelInfo, LinkAccess, RoolSpaceInfo, RoolUserRole, SpaceMember } from './types.ts';
import { RoolWebDAV } from './webdav.ts';
import type { SpaceFileStorageUsage, WebDAVGetOptions } from './webdav-types.ts';

/** Where a space is served from. */
export interface RouteInfo {
  /** The base URL of the server that serves the space: the client's `apiUrl`. */
  server: string;
}

/** What an open space tells the client (for its cache and its pass-through events). */
export interface SpaceClientLink {
  /** The space was closed. */
  closed(space: RoolSpace): void;
  /** The space was renamed. */
  renamed(spaceId: string, name: string): void;
  /** Deletes a space (the client's `deleteSpace`). */
  deleteSpace(spaceId: string): Promise<void>;
  /** Pass-through of the space's channel events. */
  channelEvent(
    event: 'channelCreated' | 'channelUpdated' | 'channelDeleted',
    spaceId: string,
    channel: ChannelInfo | string,
  ): void;
  /** The space's live-event stream changed state. */
  liveState(space: RoolSpace, state: ConnectionState): void;
  /** The space's stream stopped: the user lost access, or the space is gone. */
  gone(space: RoolSpace): void;
  /** The space's stream was refused as unauthorized: the token may be gone. */
  unauthorized(): void;
}

interface SpaceInit {
  api: RoolBindings;
  logger: Logger;
  apiUrl: string;
  snapshot: SpaceSnapshot;
  client: SpaceClientLink;
  /** The client's request context: `fetch`, token, client ID (live events and other requests). */
  request: RoolRequestContext;
  /** The live-event options; `enabled: false` opens no stream. */
  events: ResolvedEventsConfig;
  /** The client's timeout per request in ms, for requests outside RPC (archives); 0: none. */
  timeoutMs: number;
}

const channelIdPattern = /^[A-Za-z0-9_-]{1,32}$/;
let open: (init: SpaceInit) => RoolSpace;
let setName: (space: RoolSpace, name: string) => void;

/**
 * An open space. Get one from `client.openSpace(id)` (the same handle for the
 * same ID until it is closed), `createSpace` or `duplicateSpace`.
 *
 * Its properties reflect the last answer about the space; `channels` changes
 * as this client or anyone else creates, renames and deletes channels (live
 * events, docs/rool-events.md), and `refresh()` rereads everything (emitting
 * the channel events for what changed). While it is open, a live-event
 * stream keeps it, its open channels and their caches up to date; `close()`
 * stops it. Methods that call the server reject with a `RoolError`.
 *
 * @example Share a space
 * ```ts ignore
 * const space = await client.openSpace('space-id');
 * const user = await client.searchUser('colleague@example.com');
 * if (user) await space.addUser(user.id, 'editor');
 * await space.setLinkAccess('viewer');
 * ```
 */
export class RoolSpace extends EventEmitter<RoolSpaceEvents> {
  #api: RoolBindings;
  #client: SpaceClientLink;
  #info: RoolSpaceInfo;
  #channels: ChannelInfo[];
  #route: RouteInfo;
  #open = new Set<OpenChannel>();
  #logger: Logger;
  #live: SpaceLive | undefined;
  #request: RoolRequestContext;
  #timeoutMs: number;
  #webdav: RoolWebDAV;

  static {
    open = (init) => new RoolSpace(init);
    setName = (space, name) => space.#info = { ...space.#info, name };
  }

  private constructor(init: SpaceInit) {
    super(init.logger);
    this.#api = init.api;
    this.#logger = init.logger;
    this.#client = init.client;
    this.#info = init.snapshot.space;
    this.#channels = init.snapshot.channels;
    this.#route = { server: init.apiUrl };
    this.#request = init.request;
    this.#timeoutMs = init.timeoutMs;
    // The client's request context as it is: same token, fetch and client ID.
    this.#webdav = new RoolWebDAV({
      ...init.request,
      spaceId: this.#info.id,
      timeoutMs: init.timeoutMs,
    });
    if (init.events.enabled) {
      this.#live = new SpaceLive(this.#liveHost(), {
        spaceId: this.#info.id,
        request: init.request,
        settings: init.events,
        logger: init.logger,
        snapshotEventId: init.snapshot.eventId,
      });
      this.#live.start();
    }
  }

  /** The space's ID (also its link). */
  get id(): string {
    return this.#info.id;
  }
  /** Its name. */
  get name(): string {
    return this.#info.name;
  }
  /** The user's role in it. */
  get role(): RoolUserRole {
    return this.#info.role;
  }
  /** What its link grants. */
  get linkAccess(): LinkAccess {
    return this.#info.linkAccess;
  }
  /** How many members it has. */
  get memberCount(): number {
    return this.#info.memberCount;
  }
  /** Its channels, oldest first (a new array after each change). */
  get channels(): ChannelInfo[] {
    return this.#channels;
  }
  /** Where it is served from. */
  get route(): RouteInfo {
    return this.#route;
  }
  /** The space's WebDAV file storage (`/space/…` objects as JSON files, `/rool-drive/…` files). */
  get webdav(): RoolWebDAV {
    return this.#webdav;
  }

  /**
   * Opens a channel, creating it (editor role) when it does not exist.
   *
   * @param channelId 1–32 characters of `A–Z`, `a–z`, `0–9`, `_` or `-`.
   * @returns A new channel handle.
   * @throws {RoolError} `validation_error` for a malformed ID, or when the call fails.
   */
  async openChannel(channelId: string): Promise<RoolChannel> {
    if (!channelIdPattern.test(channelId)) {
      throw invalidArgument('Channel ID must be 1–32 characters of A–Z, a–z, 0–9, _ or -');
    }
    const snapshot = await this.#api.channels.open({ spaceId: this.id, channelId });
    this.#info = snapshot.space;
    const known = this.#channels.some((channel) => channel.id === channelId);
    this.#channels = known
      ? this.#channels.map((channel) => channel.id === channelId ? snapshot.channel : channel)
      : [...this.#channels, snapshot.channel];
    // Created by this call: this client's event, even when its live echo came first.
    if (!known || snapshot.created) this.#channelEvent('channelCreated', snapshot.channel);
    const opened = openChannelHandle({
      api: this.#api,
      logger: this.#logger,
      echoes: this.#live?.echoes,
      webdav: this.#webdav,
      snapshot,
      space: {
        info: () => this.#info,
        renameChannel: (id, name) => this.renameChannel(id, name),
        closed: () => this.#open.delete(opened),
      },
    });
    this.#open.add(opened);
    return opened.channel;
  }

  /**
   * Closes every channel opened here, stops the live-event stream and
   * listening, and lets the client forget the space.
   */
  close(): void {
    for (const { channel } of [...this.#open]) channel.close();
    this.#live?.close();
    this.removeAllListeners();
    this.#client.closed(this);
  }

  /**
   * Renames the space (admin role).
   *
   * @param newName The new name.
   * @returns When renamed; the client has emitted `spaceRenamed`.
   * @throws {RoolError} When the call fails.
   */
  async rename(newName: string): Promise<void> {
    this.#info = await this.#api.spaces.rename({ spaceId: this.id, name: newName });
    this.#client.renamed(this.id, this.#info.name);
  }

  /**
   * Deletes the space for good (owner role), and closes this handle.
   *
   * @returns When deleted.
   * @throws {RoolError} When the call fails.
   */
  delete(): Promise<void> {
    return this.#client.deleteSpace(this.id);
  }

  /**
   * The space's members.
   *
   * @returns Members, owner first.
   * @throws {RoolError} When the call fails.
   */
  async listUsers(): Promise<SpaceMember[]> {
    const { members } = await this.#api.members.list({ spaceId: this.id });
    this.#info = { ...this.#info, memberCount: members.length };
    return members;
  }

  /**
   * Adds a member, or changes a member's role (admin role; only an owner grants `admin`).
   *
   * @param userId The user, e.g. from `client.searchUser(email)`.
   * @param role `admin`, `editor` or `viewer`.
   * @returns When added.
   * @throws {RoolError} `not_found` for an unknown user, or when the call fails.
   */
  async addUser(userId: string, role: Exclude<RoolUserRole, 'owner'>): Promise<void> {
    const { members } = await this.#api.members.add({ spaceId: this.id, userId, role });
    this.#info = { ...this.#info, memberCount: members.length };
  }

  /**
   * Removes a member (admin role), or leaves the space when `userId` is yours.
   *
   * @param userId The member.
   * @returns When removed.
   * @throws {RoolError} `conflict` for the owner, or when the call fails.
   */
  async removeUser(userId: string): Promise<void> {
    const { members } = await this.#api.members.remove({ spaceId: this.id, userId });
    this.#info = { ...this.#info, memberCount: members.length };
  }

  /**
   * Sets what the space's link grants (admin role).
   *
   * @param linkAccess `none`, `viewer` or `editor`.
   * @returns When set.
   * @throws {RoolError} When the call fails.
   */
  async setLinkAccess(linkAccess: LinkAccess): Promise<void> {
    this.#info = await this.#api.spaces.setLinkAccess({ spaceId: this.id, linkAccess });
  }

  /**
   * Renames a channel (editor role); emits `channelUpdated` here, on the client
   * and on every open handle of the channel.
   *
   * @param channelId The channel.
   * @param name The new name.
   * @returns When renamed.
   * @throws {RoolError} When the call fails.
   */
  async renameChannel(channelId: string, name: string): Promise<void> {
    const rename = () => this.#api.channels.rename({ spaceId: this.id, channelId, name });
    const echoes = this.#live?.echoes;
    const { channel } =
      await (echoes ? echoes.track(`channel:${channelId}`, undefined, rename) : rename());
    this.#channels = this.#channels.map((known) => known.id === channelId ? channel : known);
    for (const opened of this.#open) {
      if (opened.channel.channelId === channelId) opened.update(channel);
    }
    this.#channelEvent('channelUpdated', channel);
  }

  /**
   * Deletes a channel and its history (editor role); emits `channelDeleted`.
   *
   * @param channelId The channel.
   * @returns When deleted.
   * @throws {RoolError} When the call fails.
   */
  async deleteChannel(channelId: string): Promise<void> {
    await this.#api.channels.delete({ spaceId: this.id, channelId });
    this.#channels = this.#channels.filter((channel) => channel.id !== channelId);
    this.#channelEvent('channelDeleted', channelId);
  }

  /**
   * Exports the space as a zip archive (docs/rool-archive.md): objects, schema, metadata,
   * channels with their conversations, and the `/rool-drive` files. Members, link access and
   * undo history are not included. Import it with `client.importArchive(name, archive)`.
   *
   * @returns The archive, typed `application/zip`; the same content always gives the same bytes.
   * @throws {RoolError} When the server refuses (`not_found` without read access) or the
   * transfer fails (`timeout`, `transport_error`).
   */
  exportArchive(): Promise<Blob> {
    return downloadArchive({ context: this.#request, timeoutMs: this.#timeoutMs }, this.id);
  }

  /**
   * Fetches a drive file: a GET through {@linkcode RoolSpace.webdav}.
   *
   * @param path A `/rool-drive/…` file path, or its `rool-machine:` URI.
   * @param options `range`, `ifNoneMatch`, `ifMatch` and a signal, as for `webdav.get`.
   * @returns The answer (200, 206 for a range, 304 when `ifNoneMatch` held).
   * @throws {RoolError} `validation_error` for an object path or any path not under `/rool-drive`.
   * @throws {WebDAVError} `not_found` and other failed statuses.
   */
  fetchPath(path: string, options?: WebDAVGetOptions): Promise<Response> {
    return fetchDrivePath(this.#webdav, path, options);
  }

  /**
   * The space's file-storage usage (`webdav.getStorageUsage()`).
   *
   * @returns Bytes used, available and the limit (`null` when unlimited).
   * @throws {WebDAVError} When the server cannot say.
   */
  getStorageUsage(): Promise<SpaceFileStorageUsage> {
    return this.#webdav.getStorageUsage();
  }

  /**
   * Rereads the space and its channels; emits a channel event for each
   * channel created, changed or deleted meanwhile.
   *
   * @returns When refreshed.
   * @throws {RoolError} When the call fails.
   */
  async refresh(): Promise<void> {
    const snapshot = await this.#api.spaces.get({ spaceId: this.id });
    const renamed = snapshot.space.name !== this.#info.name;
    const diff = diffChannels(this.#channels, snapshot.channels);
    this.#info = snapshot.space;
    this.#channels = snapshot.channels;
    if (renamed) this.#client.renamed(this.id, this.#info.name);
    for (const channel of diff.created) this.#channelEvent('channelCreated', channel);
    for (const channel of diff.updated) this.#channelEvent('channelUpdated', channel);
    for (const channelId of diff.deleted) this.#channelEvent('channelDeleted', channelId);
  }

  #channelEvent(
    event: 'channelCreated' | 'channelUpdated' | 'channelDeleted',
    channel: ChannelInfo | string,
  ): void {
    if (event === 'channelDeleted') this.emit(event, channel as string);
    else this.emit(event, channel as ChannelInfo);
    this.#client.channelEvent(event, this.id, channel);
  }

  /** What the space stream may change here (./_live-space.ts). */
  #liveHost(): SpaceLiveHost {
    return {
      channels: () => this.#channels,
      setChannels: (channels) => this.#channels = channels,
      channelEvent: (event, channel) => this.#channelEvent(event, channel),
      channelRenamed: (channel, source) => {
        for (const opened of this.#open) {
          if (opened.channel.channelId === channel.id) opened.update(channel, source);
        }
      },
      openChannels: () =>
        [...this.#open].map(({ channel, live }) => ({ channelId: channel.channelId, live })),
      filesEvent: (event, payload) => this.emit(event, payload),
      refresh: () => this.refresh(),
      stateChanged: (state) => {
        this.emit('connectionStateChanged', state);
        this.#client.liveState(this, state);
      },
      gone: () => this.#client.gone(this),
      unauthorized: () => this.#client.unauthorized(),
    };
  }
}

/**
 * Sets the name of a space handle after a rename elsewhere (for `RoolClient`; not public).
 *
 * @param space The handle.
 * @param name The new name.
 */
export function setSpaceHandleName(space: RoolSpace, name: string): void {
  setName(space, name);
}

/**
 * Creates a space handle (for `RoolClient`; not part of the public API).
 *
 * @param init The snapshot, the bindings and the client link.
 * @returns The handle.
 */
export function openSpaceHandle(init: SpaceInit): RoolSpace {
  return open(init);
}
