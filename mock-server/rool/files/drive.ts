/**
 * The drive: a space's user files and collections under `/rool-drive`, as a
 * tree in memory. Every change is recorded in the space's change log, and
 * every path that ceases to exist is reported to `onDeleted` (the space drops
 * its locks there); every write checks the space's storage (bytes of file
 * content) and entry limits first, so a refused write changes nothing.
 *
 * @module
 */
import type { ChangeLog } from './change-log.ts';
import { DeadProps } from './dead-props.ts';
import { FilesError } from './errors.ts';
import { strongEtag } from './etag.ts';
import { filesLimits } from './limits.ts';
import { checkPath, driveRoot, isWithin, nameOf, parentOf, segmentsOf } from './paths.ts';

/** A file of the drive. Its bytes are never changed in place: a write stores new ones. */
export interface DriveFile {
  /** Always `file`. */
  readonly kind: 'file';
  /** The content. */
  bytes: Uint8Array;
  /** The media type it was stored with. */
  contentType: string;
  /** The strong ETag of the content. */
  etag: string;
  /** Creation time (ms). */
  created: number;
  /** Last change of the content (ms). */
  modified: number;
  /** Dead properties. */
  props: DeadProps;
}

/** A collection of the drive. */
export interface DriveCollection {
  /** Always `collection`. */
  readonly kind: 'collection';
  /** Members by name. */
  children: Map<string, DriveNode>;
  /** Creation time (ms). */
  created: number;
  /** Last change (ms). */
  modified: number;
  /** Dead properties. */
  props: DeadProps;
}

/** A file or a collection of the drive. */
export type DriveNode = DriveFile | DriveCollection;

/** The space-wide limits a drive enforces. */
export interface DriveLimits {
  /** Bytes of file content the space may hold. */
  storageBytes: number;
  /** Files and collections the drive may hold, its root excluded. */
  entries: number;
}

/** Options of a copy. */
export interface CopyOptions {
  /** `0` copies a collection without its members; `infinity` (the default) with them. */
  depth?: 0 | 'infinity';
  /** Whether an existing destination is replaced; `true` by default. */
  overwrite?: boolean;
}

/** What a copy or move did. */
export interface Transfer {
  /** Whether the destination was new (201) rather than replaced (204). */
  created: boolean;
}

const defaultContentType = 'application/octet-stream';
// RFC 9110 §8.3.1: type "/" subtype, then parameters; printable ASCII only.
const mediaType = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+\/[!#$%&'*+.^_`|~0-9A-Za-z-]+(?:[ \t]*;[ -~]*)?$/;

/**
 * The drive of one space.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { ChangeLog } from './change-log.ts';
 * import { Drive } from './drive.ts';
 * const drive = new Drive({ log: new ChangeLog({ keep: 100 }), limits: { storageBytes: 100, entries: 10 }, now: 0 });
 * drive.mkcol('/rool-drive/docs', 1);
 * drive.putFile('/rool-drive/docs/a.txt', { bytes: new TextEncoder().encode('hi'), contentType: 'text/plain' }, 2);
 * assert.equal(drive.usedBytes, 2);
 * assert.equal(drive.get('/rool-drive/docs/a.txt')?.kind, 'file');
 * ```
 */
export class Drive {
  #root: DriveCollection;
  #log: ChangeLog;
  #limits: DriveLimits;
  #usedBytes = 0;
  #entries = 0;
  #onDeleted: ((path: string) => void) | undefined;

  /**
   * Creates an empty drive.
   *
   * @param options The change log to record in, the limits, the creation time (ms), and
   * `onDeleted`, told each path that no longer exists after a change (deleted, moved away, or a
   * member of a replaced collection; not a path replaced by something new in the same change).
   */
  constructor(
    options: {
      log: ChangeLog;
      limits: DriveLimits;
      now: number;
      onDeleted?: (path: string) => void;
    },
  ) {
    this.#log = options.log;
    this.#limits = options.limits;
    this.#root = newCollection(options.now);
    this.#onDeleted = options.onDeleted;
  }

  /** Bytes of file content held. */
  get usedBytes(): number {
    return this.#usedBytes;
  }

  /** Bytes still free under the space's storage limit. */
  get availableBytes(): number {
    return Math.max(0, this.#limits.storageBytes - this.#usedBytes);
  }

  /** The storage limit in bytes. */
  get limitBytes(): number {
    return this.#limits.storageBytes;
  }

  /** Files and collections held, the root excluded. */
  get entryCount(): number {
    return this.#entries;
  }

  /**
   * The node at a path.
   *
   * @param path A machine path under (or equal to) `/rool-drive`.
   * @returns The node, or `undefined`.
   */
  get(path: string): DriveNode | undefined {
    if (!isWithin(path, driveRoot)) return undefined;
    let node: DriveNode = this.#root;
    for (const segment of segmentsOf(path).slice(1)) {
      if (node.kind !== 'collection') return undefined;
      const next = node.children.get(segment);
      if (!next) return undefined;
      node = next;
    }
    return node;
  }

  /**
   * Every node of a subtree, parents before their members.
   *
   * @param path The subtree's root; `/rool-drive` for the whole drive.
   * @returns Paths and nodes; none when nothing is at `path`.
   */
  entries(path: string = driveRoot): [string, DriveNode][] {
    const start = this.get(path);
    return start ? subtree(path, start) : [];
  }

  /**
   * Creates or replaces a file. A replaced file keeps its dead properties and creation time; a
   * replaced collection (with `replace`) goes with everything in it, checked against the limits
   * as one change.
   *
   * @param path Where; its parent collection must exist.
   * @param content The bytes; the media type (`application/octet-stream` if absent or not a
   * valid one); `replace`, whether a collection at the path is replaced with everything in it (a
   * COPY or MOVE with `Overwrite: T`), refused by default as PUT writes files only.
   * @param now The clock reading (ms).
   * @returns Whether the file was created (nothing was there), and the file.
   * @throws {FilesError} `invalid_path`, `parent_missing`, `not_allowed` (a collection is there
   * and `replace` is not set), `forbidden` (the root), or `storage_full`.
   */
  putFile(
    path: string,
    content: { bytes: Uint8Array; contentType?: string; replace?: boolean },
    now: number,
  ): { created: boolean; file: DriveFile } {
    const { parent, name, existing } = this.#locate(path);
    const collection = existing?.kind === 'collection' ? existing : undefined;
    if (collection && !content.replace) {
      throw new FilesError('not_allowed', 'A collection is at this path; PUT writes files only');
    }
    const previous = existing?.kind === 'file' ? existing : undefined;
    const gone = collection ? subtree(path, collection) : [];
    const freed = previous ? previous.bytes.length : bytesOf(gone);
    this.#requireRoom(content.bytes.length - freed, previous ? 0 : 1 - gone.length);
    const removed = collection ? this.#detach(parent, name, path, now) : [];
    const contentType = content.contentType !== undefined && validMediaType(content.contentType)
      ? content.contentType
      : defaultContentType;
    const file: DriveFile = {
      kind: 'file',
      bytes: content.bytes,
      contentType,
      etag: strongEtag(content.bytes),
      created: previous?.created ?? now,
      modified: now,
      props: previous?.props ?? new DeadProps(),
    };
    parent.children.set(name, file);
    parent.modified = now;
    this.#usedBytes += content.bytes.length - (previous?.bytes.length ?? 0);
    if (!previous) this.#entries++;
    this.#log.record(path, false);
    this.#forget(removed);
    return { created: !existing, file };
  }

  /**
   * Creates a collection.
   *
   * @param path Where; its parent collection must exist.
   * @param now The clock reading (ms).
   * @returns The collection.
   * @throws {FilesError} `invalid_path`, `parent_missing`, `exists`, `forbidden` or
   * `storage_full`.
   */
  mkcol(path: string, now: number): DriveCollection {
    const { parent, name, existing } = this.#locate(path);
    if (existing) throw new FilesError('exists', 'Something already exists at this path');
    this.#requireRoom(0, 1);
    const collection = newCollection(now);
    parent.children.set(name, collection);
    parent.modified = now;
    this.#entries++;
    this.#log.record(path, false);
    return collection;
  }

  /**
   * Deletes a file, or a collection with everything in it.
   *
   * @param path What.
   * @param now The clock reading (ms), the parent's new modification time.
   * @returns The paths deleted, members before their collection.
   * @throws {FilesError} `not_found`, or `forbidden` for the root.
   */
  delete(path: string, now: number): string[] {
    const { parent, name, existing } = this.#locate(path);
    if (!existing) throw new FilesError('not_found', 'Nothing exists at this path');
    const removed = this.#detach(parent, name, path, now);
    this.#forget(removed);
    return removed;
  }

  /**
   * Copies a file or collection, with its dead properties. Locks are not copied.
   *
   * @param from The source.
   * @param to The destination; its parent must exist.
   * @param options Depth and overwrite.
   * @param now The clock reading (ms).
   * @returns Whether the destination was new.
   * @throws {FilesError} `not_found`, `parent_missing`, `precondition_failed` (exists and no
   * overwrite), `forbidden` (the root, or into itself), `invalid_path` or `storage_full`.
   */
  copy(from: string, to: string, options: CopyOptions, now: number): Transfer {
    const source = this.#requireSource(from, to);
    const target = this.#locate(to);
    this.#requireOverwrite(target.existing, options.overwrite);
    const copy = cloneNode(source, options.depth ?? 'infinity', now);
    const added = subtree(to, copy);
    for (const [p] of added) checkPath(p);
    const gone = target.existing ? subtree(to, target.existing) : [];
    this.#requireRoom(bytesOf(added) - bytesOf(gone), added.length - gone.length);
    const removed = target.existing ? this.#detach(target.parent, target.name, to, now) : [];
    target.parent.children.set(target.name, copy);
    target.parent.modified = now;
    this.#usedBytes += bytesOf(added);
    this.#entries += added.length;
    for (const [p] of added) this.#log.record(p, false);
    this.#forget(removed);
    return { created: !target.existing };
  }

  /**
   * Moves a file or collection, with its dead properties and times.
   *
   * @param from The source.
   * @param to The destination; its parent must exist.
   * @param options Whether an existing destination is replaced (`overwrite`, default `true`).
   * @param now The clock reading (ms).
   * @returns Whether the destination was new.
   * @throws {FilesError} As {@linkcode Drive.copy}.
   */
  move(from: string, to: string, options: { overwrite?: boolean }, now: number): Transfer {
    const source = this.#requireSource(from, to);
    if (isWithin(from, to)) {
      throw new FilesError('forbidden', 'A resource cannot be moved onto a collection holding it');
    }
    const target = this.#locate(to);
    this.#requireOverwrite(target.existing, options.overwrite);
    const moved = subtree(to, source);
    for (const [p] of moved) checkPath(p);
    const removed = target.existing ? this.#detach(target.parent, target.name, to, now) : [];
    const origin = this.#locate(from);
    origin.parent.children.delete(origin.name);
    origin.parent.modified = now;
    const left = subtree(from, source).reverse().map(([p]) => p);
    for (const p of left) this.#log.record(p, true);
    target.parent.children.set(target.name, source);
    target.parent.modified = now;
    for (const [p] of moved) this.#log.record(p, false);
    this.#forget([...removed, ...left]);
    return { created: !target.existing };
  }

  /**
   * Records that a node's dead properties changed, so syncs report it.
   *
   * @param path The node's path.
   */
  propsChanged(path: string): void {
    this.#log.record(path, false);
  }

  /**
   * A copy of this drive for another space (`spaces.duplicate`): same tree, the new space's log
   * and limits. The copy records nothing: a new log starts empty.
   *
   * @param options The new space's change log, limits and deletion listener, and the clock
   * reading (ms).
   * @returns The copy.
   */
  clone(
    options: {
      log: ChangeLog;
      limits: DriveLimits;
      now: number;
      onDeleted?: (path: string) => void;
    },
  ): Drive {
    const drive = new Drive(options);
    drive.#root = cloneNode(this.#root, 'infinity', undefined) as DriveCollection;
    drive.#usedBytes = this.#usedBytes;
    drive.#entries = this.#entries;
    return drive;
  }

  /**
   * The drive's state, for digests of the mock's state.
   *
   * @returns Each entry with its size, type, ETag, times and properties; no content.
   */
  toJSON(): unknown {
    return subtree(driveRoot, this.#root).map(([path, node]) =>
      node.kind === 'file'
        ? [
          path,
          node.bytes.length,
          node.contentType,
          node.etag,
          node.created,
          node.modified,
          node.props,
        ]
        : [path, 'collection', node.created, node.modified, node.props]
    );
  }

  #locate(path: string): { parent: DriveCollection; name: string; existing?: DriveNode } {
    checkPath(path);
    if (path === driveRoot || !isWithin(path, driveRoot)) {
      throw new FilesError('forbidden', 'The drive root cannot be written, moved or deleted');
    }
    const parent = this.get(parentOf(path));
    if (parent?.kind !== 'collection') {
      throw new FilesError(
        'parent_missing',
        'The parent collection does not exist; create it with MKCOL first',
      );
    }
    const name = nameOf(path);
    return { parent, name, existing: parent.children.get(name) };
  }

  /** Takes a node and its subtree out, logging each path deleted; returns them, members first. */
  #detach(parent: DriveCollection, name: string, path: string, now: number): string[] {
    const removed = subtree(path, parent.children.get(name)!).reverse();
    parent.children.delete(name);
    parent.modified = now;
    for (const [, node] of removed) {
      if (node.kind === 'file') this.#usedBytes -= node.bytes.length;
      this.#entries--;
    }
    for (const [p] of removed) this.#log.record(p, true);
    return removed.map(([p]) => p);
  }

  /** Reports the paths that no longer exist once a change is complete. */
  #forget(paths: readonly string[]): void {
    if (!this.#onDeleted) return;
    for (const path of paths) if (!this.get(path)) this.#onDeleted(path);
  }

  #requireSource(from: string, to: string): DriveNode {
    const { existing } = this.#locate(from);
    if (!existing) throw new FilesError('not_found', 'Nothing exists at the source path');
    if (isWithin(to, from)) {
      throw new FilesError('forbidden', 'The destination must not be the source or lie inside it');
    }
    return existing;
  }

  #requireOverwrite(existing: DriveNode | undefined, overwrite = true): void {
    if (existing && !overwrite) {
      throw new FilesError(
        'precondition_failed',
        'The destination exists and Overwrite is F; nothing was changed',
      );
    }
  }

  #requireRoom(bytes: number, entries: number): void {
    if (bytes > 0 && this.#usedBytes + bytes > this.#limits.storageBytes) {
      throw new FilesError(
        'storage_full',
        `The space's storage would exceed ${this.#limits.storageBytes} bytes ` +
          `(${this.#usedBytes} used, ${bytes} more needed); delete some files first`,
      );
    }
    if (entries > 0 && this.#entries + entries > this.#limits.entries) {
      throw new FilesError(
        'storage_full',
        `The drive holds at most ${this.#limits.entries} files and collections; ` +
          'delete some first',
      );
    }
  }
}

function newCollection(now: number): DriveCollection {
  return {
    kind: 'collection',
    children: new Map(),
    created: now,
    modified: now,
    props: new DeadProps(),
  };
}

/** A node's subtree as paths and nodes, parents first (iterative: depth is bounded anyway). */
function subtree(path: string, node: DriveNode): [string, DriveNode][] {
  const out: [string, DriveNode][] = [];
  const stack: [string, DriveNode][] = [[path, node]];
  while (stack.length > 0) {
    const [p, n] = stack.pop()!;
    out.push([p, n]);
    if (n.kind === 'collection') {
      const members = [...n.children].reverse();
      for (const [name, child] of members) stack.push([`${p}/${name}`, child]);
    }
  }
  return out;
}

function bytesOf(nodes: [string, DriveNode][]): number {
  let bytes = 0;
  for (const [, node] of nodes) if (node.kind === 'file') bytes += node.bytes.length;
  return bytes;
}

/** A deep copy; `now` stamps the copies' times, `undefined` keeps the originals'. */
function cloneNode(node: DriveNode, depth: 0 | 'infinity', now: number | undefined): DriveNode {
  const created = now ?? node.created;
  const modified = now ?? node.modified;
  if (node.kind === 'file') return { ...node, created, modified, props: node.props.clone() };
  const children = new Map<string, DriveNode>();
  if (depth === 'infinity') {
    for (const [name, child] of node.children) children.set(name, cloneNode(child, depth, now));
  }
  return { kind: 'collection', children, created, modified, props: node.props.clone() };
}

function validMediaType(value: string): boolean {
  return value.length <= filesLimits.contentTypeLength && mediaType.test(value);
}
