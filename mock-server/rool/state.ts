/**
 * The Rool mock's in-memory state (docs/rool-contract.md): users and their
 * tokens, spaces with their members, objects, schema, metadata and channels,
 * and each channel's conversations and checkpoints. Handlers read and change
 * it; `reset` replaces it.
 *
 * Stored object records, collection definitions and metadata values are never
 * changed in place: a write stores a new one. So a checkpoint is a shallow
 * copy of three maps (./snapshot.ts).
 *
 * @module
 */
import type {
  CollectionDef,
  Interaction,
  LinkAccess,
  RoolObjectStat,
  RoolUserRole,
} from '../../src/rool/types.ts';
import type { SpaceFiles } from './files/space-files.ts';
import type { TrackedMap } from './files/tracked-map.ts';
import type { SeedUser } from './users.ts';

/** A user account. */
export interface UserRecord {
  /** `usr_NAME` for seeded users, `usr_000001`… for signups. */
  id: string;
  /** The email; unique, compared case-insensitively. */
  email: string;
  /** The display name. */
  name: string | null;
  /** The unique slug. */
  slug: string;
  /** Creation time (ms). */
  createdAt: number;
  /** Last sign-in (ms). */
  lastActivity: number;
  /** Whether the user accepts marketing email. */
  marketingOptIn: boolean;
  /** PBKDF2 hash of the password, if one was set (./password.ts). */
  passwordHash?: string;
  /** Whether the email was verified. */
  verified: boolean;
  /** Set by `user.delete`: the account can no longer sign in or call. */
  deleted: boolean;
  /** User storage. */
  storage: Map<string, unknown>;
  /** Bytes `storage` counts against the limit. */
  storageBytes: number;
}

/** An object at its path, with its audit information. Replaced, never changed in place. */
export interface ObjectRecord {
  /** The body. */
  readonly body: Record<string, unknown>;
  /** The last change. */
  readonly stat: RoolObjectStat;
}

/** The state a checkpoint saves: objects with their stats, schema, metadata. */
export interface SpaceContent {
  /** Objects by path. */
  objects: Map<string, ObjectRecord>;
  /** Collection definitions by name. */
  schema: Map<string, CollectionDef>;
  /** Metadata by key. */
  metadata: Map<string, unknown>;
}

/** A saved state on an undo or redo stack. */
export interface CheckpointRecord {
  /** The checkpoint ID. */
  id: string;
  /** What the user was about to do. */
  label: string | null;
  /** When it was saved (ms). */
  createdAt: number;
  /** The saved state. */
  content: SpaceContent;
}

/** A conversation of a channel. */
export interface ConversationRecord {
  /** The conversation ID. */
  id: string;
  /** Its name, if renamed. */
  name: string | null;
  /** Its system instruction, if set. */
  systemInstruction: string | null;
  /** Creation time (ms). */
  createdAt: number;
  /** The creator's user ID. */
  createdBy: string;
  /** The tree, in recording order. */
  interactions: Map<string, Interaction>;
  /** The latest recorded interaction: where an interaction without a parent given continues. */
  activeLeaf: string | null;
}

/** A channel of a space. */
export interface ChannelRecord {
  /** The channel ID. */
  id: string;
  /** Its name, if renamed. */
  name: string | null;
  /** Creation time (ms). */
  createdAt: number;
  /** The creator's user ID. */
  createdBy: string;
  /** The creator's name then. */
  createdByName: string | null;
  /** Conversations by ID, `default` first. */
  conversations: Map<string, ConversationRecord>;
  /** Checkpoints `undo` restores, newest last. */
  undo: CheckpointRecord[];
  /** States `redo` reapplies, next last. */
  redo: CheckpointRecord[];
}

/** A space. */
export interface SpaceRecord extends SpaceContent {
  /**
   * Objects by path. Tracked: every change is logged for WebDAV sync (./files/), so the map is
   * never replaced; restoring a checkpoint assigns into it (./snapshot.ts).
   */
  readonly objects: TrackedMap<ObjectRecord>;
  /**
   * Collection definitions by name. Tracked like `objects` (each change is logged as
   * `/space/<name>`), so never replaced either.
   */
  readonly schema: TrackedMap<CollectionDef>;
  /** The drive, WebDAV locks and the change log of `/space` and `/rool-drive` (./files/). */
  readonly files: SpaceFiles;
  /** The space ID, which is also its link. */
  id: string;
  /** Its name. */
  name: string;
  /** The owner's user ID. */
  ownerId: string;
  /** Creation time (ms). */
  createdAt: number;
  /** Last change (ms). */
  updatedAt: number;
  /** What its link grants. */
  linkAccess: LinkAccess;
  /** Roles by user ID, the owner first. */
  members: Map<string, RoolUserRole>;
  /** Channels by ID, oldest first. */
  channels: Map<string, ChannelRecord>;
  /** Where each interaction the space holds is: interaction ID → channel and conversation. */
  interactionIndex: Map<string, { channelId: string; conversationId: string }>;
}

/** A telemetry event, as reported. */
export interface TelemetryRecord {
  /** Who reported it. */
  userId: string;
  /** The event name. */
  event: string;
  /** The page, if given. */
  url: string | null;
  /** When (ms). */
  at: number;
}

/** Everything the Rool mock holds. */
export interface RoolState {
  /** Users by ID, deleted ones included. */
  users: Map<string, UserRecord>;
  /** Opaque (seeded) bearer tokens → user ID. `auth.logout` removes one. */
  tokens: Map<string, string>;
  /** IDs (`jti`) of issued JWTs that are not revoked → user ID. */
  issuedTokens: Map<string, string>;
  /** Email verification tokens issued at signup → user ID. */
  verificationTokens: Map<string, string>;
  /** Spaces by ID, in creation order. */
  spaces: Map<string, SpaceRecord>;
  /** The latest telemetry events, oldest first (at most {@linkcode telemetryKept}). */
  telemetry: TelemetryRecord[];
  /** Next sequence number per ID prefix. */
  sequences: Map<string, number>;
}

/** How many telemetry events the state keeps. */
export const telemetryKept = 1000;

/**
 * Builds fresh state holding only the seeded users and their tokens.
 *
 * @param users The seeded users.
 * @param now The clock reading to stamp them with (ms).
 * @returns The state.
 */
export function createRoolState(users: readonly SeedUser[], now: number): RoolState {
  const state: RoolState = {
    users: new Map(),
    tokens: new Map(),
    issuedTokens: new Map(),
    verificationTokens: new Map(),
    spaces: new Map(),
    telemetry: [],
    sequences: new Map(),
  };
  for (const { name, token } of users) {
    const id = `usr_${name}`;
    state.users.set(id, {
      id,
      email: `${name}@example.com`,
      name: name[0].toUpperCase() + name.slice(1),
      slug: name,
      createdAt: now,
      lastActivity: now,
      marketingOptIn: false,
      verified: true,
      deleted: false,
      storage: new Map(),
      storageBytes: 0,
    });
    state.tokens.set(token, id);
  }
  return state;
}

/**
 * A new ID with a prefix, unique for the state's life: `int_000001`, `chk_000001`…
 *
 * @param state The state holding the sequences.
 * @param prefix The ID prefix.
 * @returns The ID.
 */
export function nextId(state: RoolState, prefix: string): string {
  const n = (state.sequences.get(prefix) ?? 0) + 1;
  state.sequences.set(prefix, n);
  return `${prefix}_${String(n).padStart(6, '0')}`;
}

/**
 * A random identifier: a prefix and `length` characters of `a–z 0–9`, for IDs that must not be
 * guessable (a space ID is its link).
 *
 * @param prefix The prefix, e.g. `spc`.
 * @param length How many random characters.
 * @returns The identifier.
 */
export function randomId(prefix: string, length = 20): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  // 252 is the largest multiple of 36 below 256: rejecting the rest keeps every character even.
  let out = '';
  while (out.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length))) {
      if (byte < 252 && out.length < length) out += alphabet[byte % 36];
    }
  }
  return `${prefix}_${out}`;
}

/**
 * An interaction as a copy of its space keeps it (`spaces.duplicate`, archives): a prompt still
 * in flight is stopped, since it cannot go on in the copy.
 *
 * @param interaction The interaction.
 * @returns It unchanged when settled; otherwise a copy with status `error` and output `Stopped`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { settledInteraction } from './state.ts';
 * import type { Interaction } from '../../src/rool/types.ts';
 * const streaming = { id: 'int_1', status: 'streaming', output: null } as unknown as Interaction;
 * assert.deepEqual(settledInteraction(streaming), { id: 'int_1', status: 'error', output: 'Stopped' });
 * assert.equal(streaming.status, 'streaming');
 * ```
 */
export function settledInteraction(interaction: Interaction): Interaction {
  if (interaction.status !== 'streaming' && interaction.status !== 'pending') return interaction;
  return { ...interaction, status: 'error', output: 'Stopped' };
}
