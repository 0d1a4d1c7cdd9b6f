/**
 * Restoring a space's drive (`/rool-drive`) from an archive, through the
 * files model's own writes (../files/drive.ts): its path rules, its storage
 * and entry limits, its change log. Each file's bytes must match the ETag
 * the index gives (a zip carries no check the mock reads), and every byte
 * entry must be a file of the index.
 *
 * @module
 */
import { parseXml, XmlError } from '../../../src/rool/_xml.ts';
import { RpcFault } from '../../rpc/fault.ts';
import type { Drive, DriveNode } from '../files/drive.ts';
import { FilesError } from '../files/errors.ts';
import { strongEtag } from '../files/etag.ts';
import { filesLimits } from '../files/limits.ts';
import { propKey } from '../files/dead-props.ts';
import { driveRoot } from '../files/paths.ts';
import {
  entryFault,
  type EntryRef,
  type FieldCheck,
  is,
  isRecord,
  parseEntry,
  requireFields,
} from './entry-json.ts';
import { type ArchivedDriveEntry, driveEntry } from './layout.ts';

/** What the drive is restored from. */
export interface DriveSource {
  /** The `files.json` entry. */
  index: EntryRef;
  /** Its bytes. */
  bytes: Uint8Array;
  /** The archive's files under `files/`, by entry name. */
  files: Map<string, Uint8Array>;
  /** Quotes an entry name for a message. */
  quote: (value: string) => string;
}

const props: FieldCheck = (v) =>
  isRecord(v) && Object.values(v).every((x) => typeof x === 'string')
    ? undefined
    : 'expected an object of property keys to XML';

/**
 * Fills an empty drive from `files.json` and the file entries.
 *
 * @param drive The new space's drive, empty.
 * @param source The index, and the files' bytes.
 * @throws {RpcFault} `validation_error` for a malformed index, a path the drive refuses, an entry
 * listed twice or before its parent, a file whose bytes are missing or do not match its ETag, a
 * bad media type or property, or a byte entry no file lists; `payload_too_large` when the files
 * exceed the space's storage or entry limits.
 */
export function restoreDrive(drive: Drive, source: DriveSource): void {
  const { index } = source;
  const value = requireFields(index, '', parseEntry(index, source.bytes), {
    entries: (v) => Array.isArray(v) && v.length > 0 ? undefined : 'expected a non-empty array',
  });
  const entries = value.entries as unknown[];
  const listed = new Set<string>();
  const used = new Set<string>();
  const times: [DriveNode, ArchivedDriveEntry][] = [];
  entries.forEach((raw, i) => {
    const pointer = `/entries/${i}`;
    const entry = readEntry(index, pointer, raw);
    if (i === 0 !== (entry.path === driveRoot)) {
      throw entryFault(index, `${pointer}/path`, `the first entry, and only it, is ${driveRoot}`);
    }
    if (listed.has(entry.path)) throw entryFault(index, `${pointer}/path`, 'listed twice');
    listed.add(entry.path);
    try {
      const node = write(drive, entry, source, pointer);
      if (entry.kind === 'file') used.add(driveEntry(entry.path));
      // No `propsChanged`: the write just logged this path, and no sync token of the new space
      // can fall between that entry and these properties.
      for (const [key, xml] of Object.entries(entry.props)) {
        node.props.set(readProp(index, `${pointer}/props`, key, xml));
      }
      times.push([node, entry]);
    } catch (error) {
      if (error instanceof FilesError) throw filesFault(index, pointer, error);
      throw error;
    }
  });
  // Last, as adding members moves their collection's time.
  for (const [node, entry] of times) {
    node.created = entry.created;
    node.modified = entry.modified;
  }
  for (const name of source.files.keys()) {
    if (!used.has(name)) {
      throw new RpcFault(
        'validation_error',
        `Entry ${source.quote(name)} is not the bytes of any file files.json lists`,
      );
    }
  }
}

function readEntry(index: EntryRef, pointer: string, raw: unknown): ArchivedDriveEntry {
  const common = {
    path: is.text(filesLimits.pathBytes, false),
    kind: is.any,
    created: is.time,
    modified: is.time,
    props,
  };
  const kind = isRecord(raw) ? raw.kind : undefined;
  if (kind === 'collection') {
    return requireFields(index, pointer, raw, common) as ArchivedDriveEntry;
  }
  if (kind === 'file') {
    return requireFields(index, pointer, raw, {
      ...common,
      contentType: is.text(filesLimits.contentTypeLength, false),
      etag: is.text(64, false),
    }) as ArchivedDriveEntry;
  }
  throw entryFault(index, `${pointer}/kind`, 'expected collection or file');
}

/** Writes one entry through the drive; the root exists already. */
function write(
  drive: Drive,
  entry: ArchivedDriveEntry,
  source: DriveSource,
  pointer: string,
): DriveNode {
  const { index } = source;
  if (entry.path === driveRoot) {
    if (entry.kind !== 'collection') throw entryFault(index, pointer, 'the root is a collection');
    return drive.get(driveRoot)!;
  }
  if (entry.kind === 'collection') return drive.mkcol(entry.path, entry.modified);
  const name = driveEntry(entry.path);
  const bytes = source.files.get(name);
  if (!bytes) {
    throw entryFault(index, pointer, `the file's bytes, entry ${source.quote(name)}, are missing`);
  }
  if (strongEtag(bytes) !== entry.etag) {
    throw entryFault(index, `${pointer}/etag`, `entry ${source.quote(name)} does not match it`);
  }
  const { file } = drive.putFile(entry.path, {
    bytes,
    contentType: entry.contentType,
  }, entry.modified);
  if (file.contentType !== entry.contentType) {
    throw entryFault(index, `${pointer}/contentType`, 'expected a media type, e.g. text/plain');
  }
  return file;
}

function readProp(index: EntryRef, pointer: string, key: string, xml: string) {
  try {
    const element = parseXml(xml, { maxBytes: filesLimits.propValueBytes });
    if (propKey(element.ns, element.local) !== key) {
      throw entryFault(
        index,
        pointer,
        `property ${index.quote(key)} holds an element of another name`,
      );
    }
    return element;
  } catch (error) {
    if (!(error instanceof XmlError)) throw error;
    throw entryFault(
      index,
      pointer,
      `property ${index.quote(key)} is not well-formed XML: ${error.message}`,
    );
  }
}

/** A refusal of the files model, as the import answers it: over the space's storage is 413. */
function filesFault(index: EntryRef, pointer: string, error: FilesError): RpcFault {
  const problem = error.type === 'parent_missing'
    ? 'its parent collection must be listed before it'
    : lowerFirst(error.message);
  const fault = entryFault(index, pointer, problem);
  return error.type === 'storage_full'
    ? new RpcFault('payload_too_large', fault.message, { cause: error })
    : fault;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
