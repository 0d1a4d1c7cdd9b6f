/**
 * The space, member, link-access and channel methods of the Rool registry.
 *
 * Link access: a space's ID is its link. Anyone signed in who calls with the
 * ID of a space whose `linkAccess` is `viewer` or `editor` acts with that role,
 * unless their membership grants more.
 *
 * @module
 */
import { defineMethods, method, type MethodDef } from '../rpc/definition.ts';
import type { ChannelRef, Done, SpaceRef } from './_refs.ts';
import type {
  ChannelInfo,
  Conversation,
  LinkAccess,
  RoolSpaceInfo,
  RoolUserRole,
  SpaceMember,
  SpaceSchema,
} from './types.ts';

/** Output of `spaces.list`. */
export interface ListSpacesOutput {
  /** The spaces the user is a member of, newest first. */
  spaces: RoolSpaceInfo[];
}

/** Input of `spaces.create`. */
export interface CreateSpaceInput {
  /**
   * The space's name.
   * @minLength 1
   * @maxLength 200
   */
  name: string;
}

/** Output of `spaces.get`: the space and its channels. */
export interface SpaceSnapshot {
  /** The space, with the caller's role. */
  space: RoolSpaceInfo;
  /** Its channels, oldest first. */
  channels: ChannelInfo[];
  /**
   * The ID of the latest live event of this space when the snapshot was taken (0 when none yet,
   * docs/rool-events.md): open the space stream with it as `Last-Event-ID` to receive every later
   * change.
   */
  eventId: number;
}

/** Input of `spaces.rename`. */
export interface RenameSpaceInput extends SpaceRef {
  /**
   * The new name.
   * @minLength 1
   * @maxLength 200
   */
  name: string;
}

/** Input of `spaces.duplicate`. */
export interface DuplicateSpaceInput extends SpaceRef {
  /**
   * The copy's name.
   * @minLength 1
   * @maxLength 200
   */
  name: string;
}

/** Output of `members.list`. */
export interface ListMembersOutput {
  /** The members, owner first. */
  members: SpaceMember[];
}

/** Input of `members.add`. */
export interface AddMemberInput extends SpaceRef {
  /**
   * The user to add.
   * @minLength 1
   * @maxLength 64
   */
  userId: string;
  /** Their role; only an owner grants `admin`, and nobody grants `owner`. */
  role: Exclude<RoolUserRole, 'owner'>;
}

/** Input of `members.remove`. */
export interface RemoveMemberInput extends SpaceRef {
  /**
   * The user to remove.
   * @minLength 1
   * @maxLength 64
   */
  userId: string;
}

/** Input of `spaces.setLinkAccess`. */
export interface SetLinkAccessInput extends SpaceRef {
  /** What the link grants. */
  linkAccess: LinkAccess;
}

/** Output of `channels.list`. */
export interface ListChannelsOutput {
  /** The channels, oldest first. */
  channels: ChannelInfo[];
}

/** Output of `channels.open`: everything a channel handle caches. */
export interface ChannelSnapshot {
  /** The space, with the caller's role. */
  space: RoolSpaceInfo;
  /** The channel. */
  channel: ChannelInfo;
  /** The caller's user ID. */
  userId: string;
  /** The space's schema. */
  schema: SpaceSchema;
  /** The space's metadata. */
  metadata: Record<string, unknown>;
  /** The channel's conversations with their trees, by ID. */
  conversations: Record<string, Conversation>;
  /** Whether `undo` and `redo` would do anything in this channel. */
  history: { canUndo: boolean; canRedo: boolean };
  /** Whether this call created the channel. */
  created: boolean;
}

/** Input of `channels.rename`. */
export interface RenameChannelInput extends ChannelRef {
  /**
   * The new name.
   * @minLength 1
   * @maxLength 200
   */
  name: string;
}

/** Output of `channels.rename`. */
export interface RenameChannelOutput {
  /** The channel after the rename. */
  channel: ChannelInfo;
}

/** The space, member, link-access and channel methods. */
export type SpaceMethods = {
  /** Spaces the user is a member of. */
  'spaces.list': MethodDef<Done, ListSpacesOutput>;
  /** Creates a space owned by the caller. */
  'spaces.create': MethodDef<CreateSpaceInput, RoolSpaceInfo>;
  /** Opens a space: its info, its channels and its latest live event ID (viewer). */
  'spaces.get': MethodDef<SpaceRef, SpaceSnapshot>;
  /** Renames a space (admin). */
  'spaces.rename': MethodDef<RenameSpaceInput, RoolSpaceInfo>;
  /** Deletes a space for good (owner). */
  'spaces.delete': MethodDef<SpaceRef, Done>;
  /** Copies objects, schema, metadata and channels into a new space the caller owns (viewer). */
  'spaces.duplicate': MethodDef<DuplicateSpaceInput, RoolSpaceInfo>;
  /** Sets what the space's link grants (admin). */
  'spaces.setLinkAccess': MethodDef<SetLinkAccessInput, RoolSpaceInfo>;
  /** The members (viewer). */
  'members.list': MethodDef<SpaceRef, ListMembersOutput>;
  /** Adds a member or changes their role (admin; only an owner grants or changes `admin`). */
  'members.add': MethodDef<AddMemberInput, ListMembersOutput>;
  /** Removes a member (admin; only an owner removes an admin; nobody removes the owner). */
  'members.remove': MethodDef<RemoveMemberInput, ListMembersOutput>;
  /** The channels (viewer). */
  'channels.list': MethodDef<SpaceRef, ListChannelsOutput>;
  /** Opens a channel, creating it (editor) when it does not exist. */
  'channels.open': MethodDef<ChannelRef, ChannelSnapshot>;
  /** Renames a channel (editor). */
  'channels.rename': MethodDef<RenameChannelInput, RenameChannelOutput>;
  /** Deletes a channel and its history (editor). */
  'channels.delete': MethodDef<ChannelRef, Done>;
};

/**
 * The space, member, link-access and channel methods.
 * `method({ read: true })` marks the methods that only read, which a client with a retry
 * policy may retry; every other method may change state and is never retried.
 */
export const spaceMethods: SpaceMethods = defineMethods<SpaceMethods>({
  'spaces.list': method({ read: true }),
  'spaces.create': method(),
  'spaces.get': method({ read: true }),
  'spaces.rename': method(),
  'spaces.delete': method(),
  'spaces.duplicate': method(),
  'spaces.setLinkAccess': method(),
  'members.list': method({ read: true }),
  'members.add': method(),
  'members.remove': method(),
  'channels.list': method({ read: true }),
  'channels.open': method(),
  'channels.rename': method(),
  'channels.delete': method(),
});
