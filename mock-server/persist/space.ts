/**
 * A Rool space in a snapshot. Its plain fields (members, metadata, channels
 * with their conversations and checkpoints) go through the graph codec
 * (./codec.ts); its storage is built anew on load the way `newSpace`
 * (../rool/handlers/spaces.ts) builds it, so the objects and schema are
 * tracked maps wired to the space's change log and locks again, and then
 * takes over what was saved:
 *
 * - the drive's files and collections, with their bytes, content types,
 *   ETags, times and dead properties;
 * - the change log with its ID, so sync tokens handed out before a restart
 *   stay valid;
 * - the WebDAV locks with their tokens and expiry times.
 *
 * A drive node or space files field this file does not know is refused when
 * saving, so a field added later cannot be dropped silently.
 *
 * @module
 */
import type { XmlElement } from '../../src/rool/_xml.ts';
import type { RoolRuntime } from '../rool/context.ts';
import { systemActor } from '../rool/events/actor.ts';
import { notifyFilesReset } from '../rool/events/notify.ts';
import { type ChangeEntry, ChangeLog } from '../rool/files/change-log.ts';
import { DeadProps, propKey } from '../rool/files/dead-props.ts';
import { Drive, type DriveNode } from '../rool/files/drive.ts';
import type { Lock } from '../rool/files/locks.ts';
import { driveRoot } from '../rool/files/paths.ts';
import { createSpaceStorage } from '../rool/files/space-files.ts';
import { newSpace } from '../rool/handlers/spaces.ts';
import type { SpaceRecord } from '../rool/state.ts';
import {
  atStep,
  type GraphDecoder,
  type GraphEncoder,
  type Json,
  SnapshotFormatError,
} from './codec.ts';

/** The fields of a drive node this file saves, by kind. */
const nodeFields = {
  file: ['kind', 'bytes', 'contentType', 'etag', 'created', 'modified', 'props'],
  collection: ['kind', 'children', 'created', 'modified', 'props'],
} as const;

/** The fields of a space's files model this file saves. */
const filesFields = ['log', 'drive', 'locks'];

/** A drive node as saved, its path first. */
interface SavedNode {
  path: string;
  kind: 'file' | 'collection';
  created: number;
  modified: number;
  props: XmlElement[];
  bytes?: Uint8Array;
  contentType?: string;
  etag?: string;
}

/**
 * Encodes a space.
 *
 * @param space The space.
 * @param encoder The encoder of the whole snapshot, so values shared with other spaces stay
 * shared.
 * @returns Its JSON form: the space's fields in order, its storage in the form above.
 * @throws {SnapshotFormatError} For a value the codec cannot carry, or a storage field this file
 * does not know.
 */
export function encodeSpace(space: SpaceRecord, encoder: GraphEncoder): Json {
  const out: Record<string, Json> = {};
  for (const key of Object.keys(space) as (keyof SpaceRecord)[]) {
    out[key] = atStep(key, () => {
      if (key === 'objects' || key === 'schema') {
        return encoder.encode(new Map<string, unknown>(space[key]));
      }
      if (key === 'files') return encodeFiles(space.files, encoder);
      return encoder.encode(space[key]);
    });
  }
  return out;
}

function encodeFiles(files: SpaceRecord['files'], encoder: GraphEncoder): Json {
  requireFields(files, filesFields);
  const { log, drive, locks } = files;
  const nodes = drive.entries().map(([path, node]) => atStep(path, () => savedNode(path, node)));
  return {
    log: encoder.encode({ id: log.id, ...log.toJSON() }),
    drive: atStep('drive', () => encoder.encode(nodes)),
    locks: atStep('locks', () => encoder.encode(locks.toJSON())),
  };
}

function savedNode(path: string, node: DriveNode): SavedNode {
  requireFields(node, nodeFields[node.kind]);
  const common = {
    path,
    kind: node.kind,
    created: node.created,
    modified: node.modified,
    props: node.props.values(),
  };
  if (node.kind === 'collection') return common;
  return { ...common, bytes: node.bytes, contentType: node.contentType, etag: node.etag };
}

function requireFields(value: object, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw new SnapshotFormatError(
        `Field ${key} is not saved: teach mock-server/persist about it`,
      );
    }
  }
}

/**
 * Decodes a space and builds its storage.
 *
 * @param json What {@linkcode encodeSpace} wrote.
 * @param decoder The decoder of the whole snapshot.
 * @param runtime The Rool mock the space will live in: its limits, and its live events for
 * `filesReset`.
 * @returns The space.
 * @throws {SnapshotFormatError} When the fields are not a space's, or the storage is not one the
 * mock could have held.
 */
export function decodeSpace(json: Json, decoder: GraphDecoder, runtime: RoolRuntime): SpaceRecord {
  const saved = requireObject(json, 'A space') as Record<string, Json>;
  const expected = Object.keys(newSpace(runtime, { ownerId: 'usr_x', name: 'x', now: 0 }));
  const missing = expected.filter((key) => !Object.hasOwn(saved, key));
  const extra = Object.keys(saved).filter((key) => !expected.includes(key));
  if (missing.length > 0 || extra.length > 0) {
    throw new SnapshotFormatError(
      `A space has fields ${Object.keys(saved).join(', ')}; this mock's spaces have ` +
        expected.join(', '),
    );
  }
  const fields: Record<string, unknown> = {};
  let files: { log: Json; drive: Json; locks: Json } | undefined;
  for (const key of Object.keys(saved)) {
    if (key === 'files') {
      const value = requireObject(saved.files, 'The files of a space') as Record<string, Json>;
      files = { log: value.log, drive: value.drive, locks: value.locks };
      // Decoded in the order encodeFiles wrote them, so that references resolve.
      fields.files = {
        log: atStep('files', () => atStep('log', () => decoder.decode(files!.log))),
        drive: atStep('files', () => atStep('drive', () => decoder.decode(files!.drive))),
        locks: atStep('files', () => atStep('locks', () => decoder.decode(files!.locks))),
      };
    } else {
      fields[key] = atStep(key, () => decoder.decode(saved[key]));
    }
  }
  const id = fields.id;
  if (typeof id !== 'string') throw new SnapshotFormatError('A space ID must be a string');
  const storage = buildStorage(id, fields, runtime);
  const space: Record<string, unknown> = {};
  for (const key of Object.keys(saved)) {
    space[key] = key in storage ? storage[key as keyof typeof storage] : fields[key];
  }
  return space as unknown as SpaceRecord;
}

function buildStorage(id: string, fields: Record<string, unknown>, runtime: RoolRuntime) {
  const saved = fields.files as { log: unknown; drive: unknown; locks: unknown };
  const objects = requireMap(fields.objects, 'objects');
  const schema = requireMap(fields.schema, 'schema');
  const drive = atStep('files', () => atStep('drive', () => rebuildDrive(saved.drive, runtime)));
  const storage = createSpaceStorage({
    limits: runtime.limits,
    now: 0,
    // As newSpace wires it: compaction of the change log announces `filesReset`.
    onReset: () => notifyFilesReset(runtime, id, systemActor),
    objects: objects as Map<string, never>,
    schema: schema as Map<string, never>,
    drive,
  });
  atStep('files', () =>
    atStep('log', () => {
      try {
        storage.files.log.restore(savedLog(saved.log));
      } catch (error) {
        if (!(error instanceof RangeError)) throw error;
        throw new SnapshotFormatError(error.message);
      }
    }));
  atStep(
    'files',
    () => atStep('locks', () => storage.files.locks.restore(savedLocks(saved.locks))),
  );
  return storage;
}

/** The drive as saved, rebuilt through the drive's own API, then given its saved times. */
function rebuildDrive(saved: unknown, runtime: RoolRuntime): Drive {
  if (!Array.isArray(saved) || saved.length === 0) {
    throw new SnapshotFormatError('A drive must be a list of nodes, its root first');
  }
  const nodes = saved.map((node, i) => atStep(i, () => requireNode(node)));
  if (nodes[0].path !== driveRoot || nodes[0].kind !== 'collection') {
    throw new SnapshotFormatError(`A drive's first node must be its root ${driveRoot}`);
  }
  const drive = new Drive({
    // A scratch log: the space's own log is restored as saved; createSpaceStorage clones the
    // drive onto it.
    log: new ChangeLog({ keep: Number.MAX_SAFE_INTEGER }),
    limits: {
      storageBytes: runtime.limits.storageBytesPerSpace,
      entries: runtime.limits.driveEntriesPerSpace,
    },
    now: nodes[0].created,
  });
  for (const [i, node] of nodes.entries()) {
    atStep(i, () => {
      try {
        if (i > 0 && node.kind === 'collection') drive.mkcol(node.path, node.created);
        if (node.kind === 'file') {
          drive.putFile(node.path, { bytes: node.bytes!, contentType: node.contentType }, 0);
        }
      } catch (error) {
        throw new SnapshotFormatError(`${node.path}: ${(error as Error).message}`);
      }
    });
  }
  // Every node is in place: now the times, which adding children changed, and the rest.
  for (const node of nodes) {
    const live = drive.get(node.path)!;
    live.created = node.created;
    live.modified = node.modified;
    live.props = new DeadProps(node.props.map((e) => [propKey(e.ns, e.local), e]));
    if (live.kind === 'file') {
      live.contentType = node.contentType!;
      live.etag = node.etag!;
    }
  }
  return drive;
}

function requireNode(value: unknown): SavedNode {
  const node = requireObject(value, 'A drive node') as Partial<SavedNode>;
  const ok = typeof node.path === 'string' && typeof node.created === 'number' &&
    typeof node.modified === 'number' && Array.isArray(node.props) &&
    (node.kind === 'collection' ||
      (node.kind === 'file' && node.bytes instanceof Uint8Array &&
        typeof node.contentType === 'string' && typeof node.etag === 'string'));
  if (!ok) throw new SnapshotFormatError('A drive node lacks a field or has one of the wrong type');
  return node as SavedNode;
}

function savedLog(
  value: unknown,
): { id: string; seq: number; floor: number; entries: ChangeEntry[] } {
  const log = requireObject(value, 'A change log');
  const entries = log.entries as Record<string, unknown>[];
  const ok = typeof log.id === 'string' && typeof log.seq === 'number' &&
    typeof log.floor === 'number' && Array.isArray(entries) &&
    entries.every((e) =>
      typeof e === 'object' && e !== null && typeof e.seq === 'number' &&
      typeof e.path === 'string' && typeof e.deleted === 'boolean'
    );
  if (!ok) throw new SnapshotFormatError('A change log lacks a field or has one of the wrong type');
  return log as unknown as { id: string; seq: number; floor: number; entries: ChangeEntry[] };
}

function savedLocks(value: unknown): Lock[] {
  if (
    !Array.isArray(value) ||
    !value.every((lock) =>
      typeof lock?.token === 'string' && typeof lock.root === 'string' &&
      typeof lock.expiresAt === 'number'
    )
  ) {
    throw new SnapshotFormatError('Locks must be a list of locks, each with a token and a root');
  }
  return value as Lock[];
}

function requireObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SnapshotFormatError(`${what} must be an object`);
  }
  return value as Record<string, unknown>;
}

function requireMap(value: unknown, what: string): Map<string, unknown> {
  if (!(value instanceof Map)) throw new SnapshotFormatError(`A space's ${what} must be a map`);
  return value;
}
