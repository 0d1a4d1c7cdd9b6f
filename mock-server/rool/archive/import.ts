/**
 * Importing an archive as a new space (docs/rool-archive.md): every entry is
 * read and checked, and the whole space built in memory, before anything is
 * stored; so a refused archive leaves nothing behind.
 *
 * @module
 */
import { RpcFault } from '../../rpc/fault.ts';
import type { RoolRuntime } from '../context.ts';
import { newSpace } from '../handlers/spaces.ts';
import type { SpaceRecord } from '../state.ts';
import { type EntryRef, is, parseEntry, requireFields } from './entry-json.ts';
import {
  archiveFormat,
  archiveVersion,
  channelEntry,
  conversationEntry,
  type EntryKind,
  entryKind,
  entryNames,
} from './layout.ts';
import { restoreDrive } from './restore-drive.ts';
import { restoreChannel, restoreChannelOrder, restoreConversation } from './restore-channels.ts';
import {
  requireObjectCount,
  restoreMetadata,
  restoreObject,
  restoreSchema,
} from './restore-content.ts';

/** Who imports, under what name and limits. */
export interface RestoreOptions {
  /** The importing user: the new space's owner. */
  ownerId: string;
  /** The new space's name. */
  name: string;
  /** The clock reading (ms): the new space's creation time. */
  now: number;
  /** The running mock: its limits, and the live events the new space's files announce. */
  runtime: RoolRuntime;
  /** Quotes a value from the archive for a message, redacting anything like a token. */
  quote: (value: string) => string;
}

/**
 * Builds a new space from an archive's files. Nothing is stored: the caller adds the space to
 * the state in one step.
 *
 * @param files The archive's files by name, as ./zip-reader.ts reads them.
 * @param options Owner, name, clock, limits.
 * @returns The space, with a fresh ID, owned by `options.ownerId` alone, link access `none`,
 * checkpoints and locks none.
 * @throws {RpcFault} `validation_error` for a missing or unknown manifest, an entry outside the
 * layout, or any entry breaking the rules of what it holds; `payload_too_large` past a limit.
 */
export function restoreSpace(files: Map<string, Uint8Array>, options: RestoreOptions): SpaceRecord {
  const ref = (name: string): EntryRef => ({ quoted: options.quote(name), quote: options.quote });
  const required = (name: string): Uint8Array => {
    const bytes = files.get(name);
    if (!bytes) throw invalid(`The archive has no ${name}; is it a Rool space archive?`);
    return bytes;
  };
  requireManifest(ref(entryNames.manifest), required(entryNames.manifest));
  const kinds = classify(files, options.quote);
  const { limits } = options.runtime;

  const schema = restoreSchema(ref(entryNames.schema), required(entryNames.schema));
  const metadata = restoreMetadata(ref(entryNames.metadata), required(entryNames.metadata));
  const objectEntries = [...kinds].filter(([, kind]) => kind.kind === 'object');
  requireObjectCount(objectEntries.length, limits.objectsPerSpace);
  const objects = objectEntries.map(([name, kind]) => {
    const path = (kind as { path: string }).path;
    return [path, restoreObject(ref(name), path, files.get(name)!, schema)] as const;
  });

  const { ownerId, name, now } = options;
  const space = newSpace(options.runtime, { ownerId, name, now });
  // Through the tracked maps, so the new space's change log lists them (../files/).
  for (const [collection, def] of schema) space.schema.set(collection, def);
  for (const [path, record] of objects) space.objects.set(path, record);
  space.metadata = metadata;
  restoreChannels(space, required(entryNames.channels), files, kinds, options);
  const driveFiles = new Map<string, Uint8Array>();
  for (const [entry, kind] of kinds) {
    if (kind.kind === 'driveFile') driveFiles.set(entry, files.get(entry)!);
  }
  restoreDrive(space.files.drive, {
    index: ref(entryNames.drive),
    bytes: required(entryNames.drive),
    files: driveFiles,
    quote: options.quote,
  });
  return space;
}

function restoreChannels(
  space: SpaceRecord,
  orderBytes: Uint8Array,
  files: Map<string, Uint8Array>,
  kinds: Map<string, EntryKind>,
  options: RestoreOptions,
): void {
  const { quote } = options;
  const ref = (name: string): EntryRef => ({ quoted: quote(name), quote });
  const order = restoreChannelOrder(ref(entryNames.channels), orderBytes);
  const listed = new Set<string>([entryNames.channels]);
  const taken = new Set<string>();
  for (const channelId of order) {
    const name = channelEntry(channelId);
    const bytes = files.get(name);
    if (!bytes) {
      throw invalid(
        `Channel ${quote(channelId)} is listed in channels.json but has no ${quote(name)}`,
      );
    }
    listed.add(name);
    const { channel, conversationIds } = restoreChannel(ref(name), channelId, bytes);
    for (const conversationId of conversationIds) {
      const entry = conversationEntry(channelId, conversationId);
      const conversationBytes = files.get(entry);
      if (!conversationBytes) {
        throw invalid(
          `Conversation ${quote(conversationId)} is listed in ${quote(name)} but has no ` +
            quote(entry),
        );
      }
      listed.add(entry);
      const conversation = restoreConversation(ref(entry), conversationId, conversationBytes, {
        cap: options.runtime.limits.interactionsPerConversation,
        taken,
      });
      channel.conversations.set(conversationId, conversation);
      for (const id of conversation.interactions.keys()) {
        space.interactionIndex.set(id, { channelId, conversationId });
      }
    }
    space.channels.set(channelId, channel);
  }
  for (const [name, kind] of kinds) {
    if ((kind.kind === 'channel' || kind.kind === 'conversation') && !listed.has(name)) {
      const list = kind.kind === 'channel' ? 'channels.json' : channelEntry(kind.channelId);
      throw invalid(`Entry ${quote(name)} is not listed in ${quote(list)}`);
    }
  }
}

function requireManifest(entry: EntryRef, bytes: Uint8Array): void {
  const manifest = requireFields(entry, '', parseEntry(entry, bytes), {
    format: (v) => v === archiveFormat ? undefined : `expected ${archiveFormat}`,
    version: is.any,
  });
  const { version } = manifest;
  if (typeof version !== 'number') {
    throw invalid(`The manifest's version must be a number; this server reads ${archiveVersion}`);
  }
  if (version !== archiveVersion) {
    throw invalid(
      `Archive version ${version} is not supported; this server reads version ${archiveVersion}`,
    );
  }
}

function classify(
  files: Map<string, Uint8Array>,
  quote: (value: string) => string,
): Map<string, EntryKind> {
  const kinds = new Map<string, EntryKind>();
  for (const name of files.keys()) {
    const kind = entryKind(name);
    if (!kind) {
      throw invalid(
        `Entry ${quote(name)} is not part of a version ${archiveVersion} space archive ` +
          '(docs/rool-archive.md)',
      );
    }
    kinds.set(name, kind);
  }
  return kinds;
}

function invalid(message: string): RpcFault {
  return new RpcFault('validation_error', message);
}
