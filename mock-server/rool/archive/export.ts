/**
 * Exporting a space as an archive (docs/rool-archive.md): its content as the
 * entries of ./layout.ts, zipped so that the same content always gives the
 * same bytes: entries sorted by name, every timestamp 1980-01-01 12:00,
 * deflate level 6, no extra fields or comments.
 *
 * @module
 */
import { type Zippable, zipSync } from 'fflate';
import { settledInteraction, type SpaceRecord } from '../state.ts';
import type { Drive } from '../files/drive.ts';
import {
  type ArchivedChannel,
  type ArchivedConversation,
  type ArchivedDriveEntry,
  type ArchivedObject,
  archiveFormat,
  type ArchiveManifest,
  archiveVersion,
  channelEntry,
  conversationEntry,
  driveEntry,
  type DriveIndex,
  entryNames,
  objectEntry,
} from './layout.ts';

/**
 * The zip entries' timestamp. fflate writes DOS times from the local clock's fields, so the
 * moment is built from local fields too: every time zone then writes the same bytes. Noon, so
 * that no zone's daylight-saving change can move it.
 */
function fixedTime(): number {
  return new Date(1980, 0, 1, 12, 0, 0).getTime();
}

/**
 * A space's archive entries, as bytes by name.
 *
 * @param space The space.
 * @returns The entries, in no particular order; {@linkcode zipEntries} sorts them.
 */
export function spaceEntries(space: SpaceRecord): Map<string, Uint8Array> {
  const entries = new Map<string, Uint8Array>();
  const put = (name: string, value: unknown) => entries.set(name, jsonBytes(value));
  const manifest: ArchiveManifest = { format: archiveFormat, version: archiveVersion };
  put(entryNames.manifest, manifest);
  put(entryNames.schema, Object.fromEntries(space.schema));
  put(entryNames.metadata, Object.fromEntries(space.metadata));
  put(entryNames.channels, [...space.channels.keys()]);
  for (const [path, { body, stat }] of space.objects) {
    const { path: _path, ...rest } = stat;
    put(objectEntry(path), { body, stat: rest } satisfies ArchivedObject);
  }
  for (const channel of space.channels.values()) {
    put(
      channelEntry(channel.id),
      {
        id: channel.id,
        name: channel.name,
        createdAt: channel.createdAt,
        createdBy: channel.createdBy,
        createdByName: channel.createdByName,
        conversations: [...channel.conversations.keys()],
      } satisfies ArchivedChannel,
    );
    for (const conversation of channel.conversations.values()) {
      put(
        conversationEntry(channel.id, conversation.id),
        {
          id: conversation.id,
          name: conversation.name,
          systemInstruction: conversation.systemInstruction,
          createdAt: conversation.createdAt,
          createdBy: conversation.createdBy,
          activeLeaf: conversation.activeLeaf,
          // A prompt in flight is archived as stopped, as `spaces.duplicate` copies it.
          interactions: [...conversation.interactions.values()].map(settledInteraction),
        } satisfies ArchivedConversation,
      );
    }
  }
  putDrive(space.files.drive, entries);
  return entries;
}

/** `files.json` and each file's bytes, verbatim. */
function putDrive(drive: Drive, entries: Map<string, Uint8Array>): void {
  const index: DriveIndex = { entries: [] };
  for (const [path, node] of drive.entries()) {
    const { created, modified } = node;
    const props = node.props.toJSON();
    let entry: ArchivedDriveEntry;
    if (node.kind === 'file') {
      const { contentType, etag } = node;
      entry = { path, kind: 'file', contentType, etag, created, modified, props };
      entries.set(driveEntry(path), node.bytes);
    } else entry = { path, kind: 'collection', created, modified, props };
    index.entries.push(entry);
  }
  entries.set(entryNames.drive, jsonBytes(index));
}

/**
 * Zips entries deterministically: sorted by name (UTF-16 code units), fixed timestamps and
 * compression.
 *
 * @param entries The entries' bytes by name.
 * @returns The zip.
 */
export function zipEntries(entries: Map<string, Uint8Array>): Uint8Array<ArrayBuffer> {
  // Entry names are never array indices (they hold `/` or `.json`), so the object keeps this order.
  const files: Zippable = {};
  for (const name of [...entries.keys()].sort()) files[name] = entries.get(name)!;
  return zipSync(files, { level: 6, mtime: fixedTime() });
}

/** A value as pretty-printed UTF-8 JSON with a final newline, for people who unzip archives. */
function jsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);
}
