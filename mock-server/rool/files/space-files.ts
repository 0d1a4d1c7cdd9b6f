/**
 * A space's storage as the files model keeps it: the tracked object and
 * schema maps (every change lands in the change log, whoever makes it), the
 * drive, the locks and the change log itself. Wherever a deletion is
 * recorded (the tracked maps, the drive), the locks rooted at the deleted
 * path are dropped with it (docs/rool-webdav.md §8).
 *
 * @module
 */
import type { CollectionDef } from '../../../src/rool/types.ts';
import type { RoolLimits } from '../context.ts';
import type { ObjectRecord } from '../state.ts';
import { ChangeLog } from './change-log.ts';
import { Drive } from './drive.ts';
import { LockTable } from './locks.ts';
import { spaceRoot } from './paths.ts';
import { TrackedMap } from './tracked-map.ts';

/** The files model of one space. */
export interface SpaceFiles {
  /** Every change under `/space` and `/rool-drive`, for sync tokens. */
  readonly log: ChangeLog;
  /** The files and collections under `/rool-drive`. */
  readonly drive: Drive;
  /** The WebDAV locks. */
  readonly locks: LockTable;
}

/** The limits a space's storage takes from the mock's. */
export type StorageLimits = Pick<
  RoolLimits,
  'storageBytesPerSpace' | 'driveEntriesPerSpace' | 'syncChangesKept'
>;

/** What a space's storage starts with. */
export interface StorageOptions {
  /** The limits. */
  limits: StorageLimits;
  /** The clock reading (ms): the drive root's creation time. */
  now: number;
  /** Called when the change log expired older sync tokens (announce `filesReset`). */
  onReset?: () => void;
  /** Objects to start with (a duplicate's or an import's); not logged. */
  objects?: Iterable<readonly [string, ObjectRecord]>;
  /** Collections to start with; not logged. */
  schema?: Iterable<readonly [string, CollectionDef]>;
  /** A drive to start with a copy of (`spaces.duplicate`); locks are never copied. */
  drive?: Drive;
}

/** A new space's storage. */
export interface SpaceStorage {
  /** Objects by path; each change is logged. */
  objects: TrackedMap<ObjectRecord>;
  /** Collection definitions by name; each change is logged as `/space/<name>`. */
  schema: TrackedMap<CollectionDef>;
  /** The drive, locks and log. */
  files: SpaceFiles;
}

/**
 * Creates a space's storage, empty or holding initial objects, schema and a copy of a drive. The
 * log starts empty either way: a first sync lists everything.
 *
 * @param options Limits, clock, reset listener, and initial content.
 * @returns The maps and the files model.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { createSpaceStorage } from './space-files.ts';
 * const limits = { storageBytesPerSpace: 1000, driveEntriesPerSpace: 10, syncChangesKept: 100 };
 * const { schema, files } = createSpaceStorage({ limits, now: 0 });
 * schema.set('notes', { fields: [] });
 * assert.deepEqual(files.log.changesSince(0, () => true).changes.map((c) => c.path), ['/space/notes']);
 * ```
 */
export function createSpaceStorage(options: StorageOptions): SpaceStorage {
  const { limits, now } = options;
  const log = new ChangeLog({ keep: limits.syncChangesKept, onReset: options.onReset });
  const locks = new LockTable();
  const onDeleted = (path: string) => locks.dropRoot(path);
  const record = (path: string, deleted: boolean) => {
    log.record(path, deleted);
    if (deleted) onDeleted(path);
  };
  const driveOptions = {
    log,
    limits: { storageBytes: limits.storageBytesPerSpace, entries: limits.driveEntriesPerSpace },
    now,
    onDeleted,
  };
  const drive = options.drive ? options.drive.clone(driveOptions) : new Drive(driveOptions);
  const objects = new TrackedMap<ObjectRecord>(record, options.objects);
  const schema = new TrackedMap<CollectionDef>(
    (name, deleted) => record(`${spaceRoot}/${name}`, deleted),
    options.schema,
  );
  return { objects, schema, files: { log, drive, locks } };
}
