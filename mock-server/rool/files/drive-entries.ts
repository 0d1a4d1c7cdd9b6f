/**
 * The drive as a flat list of entries, for code that copies a whole drive in
 * or out (space archives): read every entry with its bytes, media type, ETag,
 * times and dead properties; write one entry at a time, parents first.
 * Writes go through the drive, so they are logged, counted against the
 * space's storage and limited like WebDAV writes.
 *
 * @module
 */
import type { XmlElement } from '../../../src/rool/_xml.ts';
import type { SpaceRecord } from '../state.ts';
import { FilesError } from './errors.ts';
import { driveRoot } from './paths.ts';

/** One file or collection of the drive. */
export interface DriveEntry {
  /** The machine path: `/rool-drive` itself or a path under it. */
  path: string;
  /** A file or a collection. */
  kind: 'file' | 'collection';
  /** A file's content. */
  bytes?: Uint8Array;
  /** A file's media type. */
  contentType?: string;
  /** A file's strong ETag (derived from the bytes; ignored when writing). */
  etag?: string;
  /** Creation time (ms). */
  created?: number;
  /** Last modification (ms). */
  modified?: number;
  /** Dead properties, as elements named like the property. */
  props?: XmlElement[];
}

/**
 * Every entry of a space's drive, the root `/rool-drive` first and parents before their members
 * (members in the order they were created).
 *
 * @param space The space.
 * @returns The entries, sharing the stored bytes (do not change them in place).
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { createSpaceStorage } from './space-files.ts';
 * import { listDriveEntries, writeDriveEntry } from './drive-entries.ts';
 * import type { SpaceRecord } from '../state.ts';
 * const storage = createSpaceStorage({ limits: { storageBytesPerSpace: 1e6, driveEntriesPerSpace: 100, syncChangesKept: 100 }, now: 0 });
 * const space = storage as unknown as SpaceRecord;
 * writeDriveEntry(space, { path: '/rool-drive/docs', kind: 'collection' }, 1);
 * writeDriveEntry(space, { path: '/rool-drive/docs/a.md', kind: 'file', bytes: new Uint8Array([35]), contentType: 'text/markdown' }, 2);
 * assert.deepEqual(listDriveEntries(space).map((e) => [e.path, e.kind]), [
 *   ['/rool-drive', 'collection'], ['/rool-drive/docs', 'collection'], ['/rool-drive/docs/a.md', 'file'],
 * ]);
 * ```
 */
export function listDriveEntries(space: Pick<SpaceRecord, 'files'>): DriveEntry[] {
  return space.files.drive.entries().map(([path, node]) => {
    const common = {
      path,
      created: node.created,
      modified: node.modified,
      props: node.props.values(),
    };
    return node.kind === 'file'
      ? {
        ...common,
        kind: 'file',
        bytes: node.bytes,
        contentType: node.contentType,
        etag: node.etag,
      }
      : { ...common, kind: 'collection' };
  });
}

/**
 * Writes one entry: creates the collection or creates or replaces the file, then sets its dead
 * properties (and its times, when given). `/rool-drive` itself takes properties only. Write
 * parents before their members.
 *
 * @param space The space.
 * @param entry The entry.
 * @param now The clock reading (ms), for times the entry does not give.
 * @throws {FilesError} As the drive's `mkcol` and `putFile` (`parent_missing`, `exists`,
 * `storage_full`, `invalid_path`…), and `too_large` or `storage_full` for properties.
 */
export function writeDriveEntry(
  space: Pick<SpaceRecord, 'files'>,
  entry: DriveEntry,
  now: number,
): void {
  const { drive } = space.files;
  if (entry.path === driveRoot) {
    if (entry.kind !== 'collection') {
      throw new FilesError('not_allowed', 'The drive root is a collection');
    }
  } else if (entry.kind === 'collection') drive.mkcol(entry.path, now);
  else {
    if (!entry.bytes) throw new FilesError('invalid_content', `File ${entry.path} has no bytes`);
    drive.putFile(entry.path, { bytes: entry.bytes, contentType: entry.contentType }, now);
  }
  const node = drive.get(entry.path)!;
  if (entry.props && entry.props.length > 0) {
    const props = node.props.clone();
    for (const prop of entry.props) props.set(prop);
    node.props = props;
    drive.propsChanged(entry.path);
  }
  if (entry.created !== undefined) node.created = entry.created;
  if (entry.modified !== undefined) node.modified = entry.modified;
}
