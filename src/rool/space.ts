/**
 * {@linkcode RoolSpace}: a live handle on one space, for its collaborators,
 * link sharing and channels.
 *
 * @module
 */
import { diffChannels } from './_channel-list.ts';
import type { RoolBindings } from './_generated/bindings.ts';
import { type OpenChannel, openChannelHandle, type RoolChannel } from './channel.ts';
import { invalidArgument } from './errors.ts';
import { EventEmitter } from './events.ts';
import type { RoolSpaceEvents } from './event-types.ts';
import type { Logger } from './logger.ts';
import type { SpaceSnapshot } from './space-methods.ts';
import type { ChannelInfo, LinkAccess, RoolSpaceInfo, RoolUserRole, SpaceMember } from './types.ts';

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
}

interface SpaceInit {
  api: RoolBindings;
  logger: Logger;
  apiUrl: string;
  snapshot: SpaceSnapshot;
  client: SpaceClientLink;
}

const channelIdPattern = /^[A-Za-z0-9_-]{1,32}$/;
let open: (init: SpaceInit) => RoolSpace;

/**
 * An open space. Get one from `client.openSpace(id)` (the same handle for the
 * same ID until it is closed), `createSpace` or `duplicateSpace`.
 *
 * Its properties reflect the last answer about the space; `channels` changes
 * as this client opens, renames and deletes channels, and `refresh()` rereads
 * everything (emitting the channel events for what changed). Methods that
 * call the server reject with a `RoolError`.
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

  static {
    open = (init) => new RoolSpace(init);
  }

  private constructor(init: SpaceInit) {
    super(init.logger);
    this.#api = init.api;
    this.#logger = init.logger;
    this.#client = init.client;
    this.#info = init.snapshot.space;
    this.#channels = init.snapshot.channels;
    this.#route = { server: init.apiUrl };
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
    if (!known) this.#channelEvent('channelCreated', snapshot.channel);
    const opened = openChannelHandle({
      api: this.#api,
      logger: this.#logger,
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

  /** Closes every channel opened here, stops listening, and lets the client forget the space. */
  close(): void {
    for (const { channel } of [...this.#open]) channel.close();
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
    const { channel } = await this.#api.channels.rename({ spaceId: this.id, channelId, name });
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
