/**
 * The layout of a space archive (docs/rool-archive.md): the zip entries'
 * names, and the JSON each one holds. Export writes exactly this; import
 * accepts nothing else.
 *
 * @module
 */
import { isObjectPath } from '../../../src/rool/paths.ts';
import type { Interaction, RoolObjectStat } from '../../../src/rool/types.ts';

/** The manifest's `format`. */
export const archiveFormat = 'rool-space-archive';

/** The manifest version this mock writes and the only one it reads. */
export const archiveVersion = 1;

/** `manifest.json`: what the archive is. Holds no space ID or name, so re-exports are equal. */
export interface ArchiveManifest {
  /** Always {@linkcode archiveFormat}. */
  format: typeof archiveFormat;
  /** The layout's version, {@linkcode archiveVersion}. */
  version: number;
}

/** `objects/<collection>/<name>.json`: one object and its last change. */
export interface ArchivedObject {
  /** The body. */
  body: Record<string, unknown>;
  /** The stat, without the path (the entry's name gives it). */
  stat: Omit<RoolObjectStat, 'path'>;
}

/** `channels/<id>/channel.json`: a channel, and its conversations in order. */
export interface ArchivedChannel {
  /** The channel ID, as in the entry's name. */
  id: string;
  /** Its name, if renamed. */
  name: string | null;
  /** Creation time (epoch ms). */
  createdAt: number;
  /** The creator's user ID. */
  createdBy: string;
  /** The creator's name then. */
  createdByName: string | null;
  /** The conversation IDs, `default` first, as `conversations.list` orders them. */
  conversations: string[];
}

/** `channels/<id>/conversations/<id>.json`: a conversation with its whole tree. */
export interface ArchivedConversation {
  /** The conversation ID, as in the entry's name. */
  id: string;
  /** Its name, if renamed. */
  name: string | null;
  /** Its system instruction, if set. */
  systemInstruction: string | null;
  /** Creation time (epoch ms). */
  createdAt: number;
  /** The creator's user ID. */
  createdBy: string;
  /** Where an interaction without a parent given continues, or `null`. */
  activeLeaf: string | null;
  /** The interactions in recording order, linked into a tree by `parentId`. */
  interactions: Interaction[];
}

/** The names of the archive's fixed entries. */
export const entryNames = {
  manifest: 'manifest.json',
  schema: 'schema.json',
  metadata: 'metadata.json',
  /** The channel IDs, oldest first, as `channels.list` orders them. */
  channels: 'channels.json',
  /** The drive's index: every collection and file with its metadata ({@linkcode DriveIndex}). */
  drive: 'files.json',
} as const;

/** One collection or file of the drive, as `files.json` lists it. */
export type ArchivedDriveEntry =
  | {
    /** The machine path, `/rool-drive` for the root. */
    path: string;
    /** A collection, empty or not. */
    kind: 'collection';
    /** Creation time (epoch ms). */
    created: number;
    /** Last change (epoch ms). */
    modified: number;
    /** Dead properties: `{namespace}local` → the property element as XML. */
    props: Record<string, string>;
  }
  | {
    /** The machine path; the bytes are the entry {@linkcode driveEntry} names. */
    path: string;
    /** A file. */
    kind: 'file';
    /** The media type it is served with. */
    contentType: string;
    /** The strong ETag of the bytes, which import checks them against. */
    etag: string;
    /** Creation time (epoch ms). */
    created: number;
    /** Last change of the content (epoch ms). */
    modified: number;
    /** Dead properties, as for a collection. */
    props: Record<string, string>;
  };

/** `files.json`: the drive, parents before their members, members in the drive's order. */
export interface DriveIndex {
  /** The entries, starting with the root `/rool-drive`. */
  entries: ArchivedDriveEntry[];
}

/** The folder objects are kept under. */
const objectFolder = 'objects/';

/**
 * The entry of an object.
 *
 * @param path An object path, `/space/<collection>/<name>.json`.
 * @returns `objects/<collection>/<name>.json`.
 */
export function objectEntry(path: string): string {
  return `${objectFolder}${path.slice('/space/'.length)}`;
}

/**
 * The entry of a channel.
 *
 * @param channelId The channel ID.
 * @returns `channels/<id>/channel.json`.
 */
export function channelEntry(channelId: string): string {
  return `channels/${channelId}/channel.json`;
}

/**
 * The entry of a conversation.
 *
 * @param channelId The channel ID.
 * @param conversationId The conversation ID.
 * @returns `channels/<channel>/conversations/<conversation>.json`.
 */
export function conversationEntry(channelId: string, conversationId: string): string {
  return `channels/${channelId}/conversations/${conversationId}.json`;
}

/** An entry's name, parsed: what part of the space it holds. */
export type EntryKind =
  | { kind: keyof typeof entryNames }
  | { kind: 'object'; path: string }
  | { kind: 'channel'; channelId: string }
  | { kind: 'conversation'; channelId: string; conversationId: string }
  | { kind: 'driveFile' };

// The ID rules of src/rool/space.ts (channels) and src/rool/channel.ts (conversations).
const channelName = /^channels\/([A-Za-z0-9_-]{1,32})\/channel\.json$/;
const conversationName =
  /^channels\/([A-Za-z0-9_-]{1,32})\/conversations\/([A-Za-z0-9_-]{1,64})\.json$/;

/**
 * What an entry holds, by its name.
 *
 * @param name The entry's name, already checked to be safe (./entry-name.ts).
 * @returns The kind, or `undefined` for a name outside the layout.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { entryKind } from './layout.ts';
 * assert.deepEqual(entryKind('objects/note/a.json'), { kind: 'object', path: '/space/note/a.json' });
 * assert.equal(entryKind('objects/note/.a.json'), undefined);
 * ```
 */
export function entryKind(name: string): EntryKind | undefined {
  for (const [kind, fixed] of Object.entries(entryNames)) {
    if (name === fixed) return { kind: kind as keyof typeof entryNames };
  }
  if (name.startsWith(objectFolder)) {
    const path = `/space/${name.slice(objectFolder.length)}`;
    return isObjectPath(path) ? { kind: 'object', path } : undefined;
  }
  let match = channelName.exec(name);
  if (match) return { kind: 'channel', channelId: match[1] };
  match = conversationName.exec(name);
  if (match) return { kind: 'conversation', channelId: match[1], conversationId: match[2] };
  if (name.startsWith(driveFolder)) return { kind: 'driveFile' };
  return undefined;
}

/** The folder drive files' bytes are kept under. */
const driveFolder = 'files/';

/**
 * The entry holding a drive file's bytes: `files/` and the path below `/rool-drive/`, each
 * segment percent-encoded (`encodeURIComponent`), so the name is ASCII and holds no `:`, `\` or
 * control character whatever the file is called.
 *
 * @param path A drive file's machine path, `/rool-drive/...`.
 * @returns The entry's name.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { driveEntry } from './layout.ts';
 * assert.equal(driveEntry('/rool-drive/docs/read me: é.md'), 'files/docs/read%20me%3A%20%C3%A9.md');
 * ```
 */
export function driveEntry(path: string): string {
  const segments = path.split('/').slice(2);
  return `${driveFolder}${segments.map(encodeURIComponent).join('/')}`;
}
