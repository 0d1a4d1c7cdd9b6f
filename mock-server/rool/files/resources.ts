/**
 * The space's WebDAV namespace as one tree of resources: the root `/` holds
 * `/space` (the object store: one collection per schema collection, one JSON
 * file per object) and `/rool-drive` (the drive). This module finds, lists
 * and describes resources; it changes nothing.
 *
 * @module
 */
import type { ObjectRecord, SpaceRecord } from '../state.ts';
import type { DeadProps } from './dead-props.ts';
import type { DriveNode } from './drive.ts';
import { objectEntity } from './objects.ts';
import { driveRoot, nameOf, parentOf, segmentsOf, spaceRoot } from './paths.ts';

/** A resource of a space's WebDAV namespace. */
export type Resource =
  /** The root collection `/`. */
  | { kind: 'root'; path: '/' }
  /** `/space`, the object store. */
  | { kind: 'space'; path: '/space' }
  /** `/space/<name>`, a collection of the schema. */
  | { kind: 'collection'; path: string; name: string }
  /** `/space/<collection>/<name>.json`, an object. */
  | { kind: 'object'; path: string; record: ObjectRecord }
  /** `/rool-drive` or anything under it. */
  | { kind: 'drive'; path: string; node: DriveNode };

/** What PROPFIND reports of a resource. */
export interface ResourceInfo {
  /** Whether it is a collection. */
  collection: boolean;
  /** Its display name: the last path segment (the space's name for `/`). */
  displayName: string;
  /** Its content length, for a non-collection. */
  size?: number;
  /** Its strong ETag, for a non-collection. */
  etag?: string;
  /** Its media type, for a non-collection. */
  contentType?: string;
  /** Creation time (ms). */
  created: number;
  /** Last modification (ms). */
  modified: number;
  /** Its dead properties; `undefined` where none can be stored (outside the drive). */
  props?: DeadProps;
}

/**
 * The resource at a machine path.
 *
 * @param space The space.
 * @param path A checked machine path.
 * @returns The resource, or `undefined` when nothing is there.
 */
export function resolve(space: SpaceRecord, path: string): Resource | undefined {
  if (path === '/') return { kind: 'root', path: '/' };
  if (path === spaceRoot) return { kind: 'space', path: spaceRoot };
  const segments = segmentsOf(path);
  if (segments[0] === 'space') {
    if (segments.length === 2) {
      return space.schema.has(segments[1])
        ? { kind: 'collection', path, name: segments[1] }
        : undefined;
    }
    const record = segments.length === 3 ? space.objects.get(path) : undefined;
    return record ? { kind: 'object', path, record } : undefined;
  }
  const node = space.files.drive.get(path);
  return node ? { kind: 'drive', path, node } : undefined;
}

/**
 * Whether something exists at a machine path.
 *
 * @param space The space.
 * @param path A checked machine path.
 * @returns `true` when a resource is there.
 */
export function exists(space: SpaceRecord, path: string): boolean {
  return resolve(space, path) !== undefined;
}

/**
 * Whether a resource is a collection.
 *
 * @param resource The resource.
 * @returns `true` for the root, `/space`, schema collections and drive collections.
 */
export function isCollection(resource: Resource): boolean {
  return resource.kind === 'drive'
    ? resource.node.kind === 'collection'
    : resource.kind !== 'object';
}

/**
 * A collection's members, in a stable order (objects and drive entries as stored).
 *
 * @param space The space.
 * @param resource The collection; a non-collection has none.
 * @returns The members.
 */
export function membersOf(space: SpaceRecord, resource: Resource): Resource[] {
  switch (resource.kind) {
    case 'root':
      return [{ kind: 'space', path: spaceRoot }, resolve(space, driveRoot)!];
    case 'space':
      return [...space.schema.keys()].map((name) => ({
        kind: 'collection',
        path: `${spaceRoot}/${name}`,
        name,
      }));
    case 'collection': {
      const prefix = `${resource.path}/`;
      const members: Resource[] = [];
      for (const [path, record] of space.objects) {
        if (path.startsWith(prefix)) members.push({ kind: 'object', path, record });
      }
      return members;
    }
    case 'object':
      return [];
    case 'drive': {
      const { node, path } = resource;
      if (node.kind !== 'collection') return [];
      return [...node.children].map(([name, child]) => ({
        kind: 'drive',
        path: `${path}/${name}`,
        node: child,
      }));
    }
  }
}

/**
 * A resource and the members below it, parents first, up to a depth and a count.
 *
 * @param space The space.
 * @param resource Where to start.
 * @param options `depth` (0, 1 or `infinity`) and `limit`, the most resources to list.
 * @returns The resources, or `undefined` when there are more than `limit`.
 */
export function walk(
  space: SpaceRecord,
  resource: Resource,
  options: { depth: 0 | 1 | 'infinity'; limit: number },
): Resource[] | undefined {
  const out: Resource[] = [];
  const queue: [Resource, number][] = [[resource, 0]];
  // Objects by collection, read once for the walk: listing each collection alone would read
  // every object once per collection.
  let grouped: Map<string, Resource[]> | undefined;
  for (let i = 0; i < queue.length; i++) {
    const [next, level] = queue[i];
    out.push(next);
    if (out.length > options.limit) return undefined;
    if (options.depth !== 'infinity' && level >= options.depth) continue;
    const members = next.kind === 'collection'
      ? (grouped ??= objectsByCollection(space)).get(next.path) ?? []
      : membersOf(space, next);
    for (const member of members) queue.push([member, level + 1]);
  }
  return out;
}

function objectsByCollection(space: SpaceRecord): Map<string, Resource[]> {
  const groups = new Map<string, Resource[]>();
  for (const [path, record] of space.objects) {
    const collection = parentOf(path);
    let members = groups.get(collection);
    if (!members) groups.set(collection, members = []);
    members.push({ kind: 'object', path, record });
  }
  return groups;
}

/**
 * What PROPFIND reports of a resource.
 *
 * @param space The space.
 * @param resource The resource.
 * @returns Its kind, name, size, ETag, type, times and dead properties.
 */
export function describe(space: SpaceRecord, resource: Resource): ResourceInfo {
  switch (resource.kind) {
    case 'root':
      return collectionInfo(space.name, space.createdAt, space.updatedAt);
    case 'space':
      return collectionInfo('space', space.createdAt, space.updatedAt);
    case 'collection':
      return collectionInfo(resource.name, space.createdAt, space.updatedAt);
    case 'object': {
      const { etag, size } = objectEntity(resource.record);
      const modified = resource.record.stat.modifiedAt;
      return {
        collection: false,
        displayName: nameOf(resource.path),
        size,
        etag,
        contentType: 'application/json',
        created: modified,
        modified,
      };
    }
    case 'drive': {
      const { node } = resource;
      const base = {
        displayName: nameOf(resource.path),
        created: node.created,
        modified: node.modified,
        props: node.props,
      };
      return node.kind === 'collection' ? { ...base, collection: true } : {
        ...base,
        collection: false,
        size: node.bytes.length,
        etag: node.etag,
        contentType: node.contentType,
      };
    }
  }
}

function collectionInfo(displayName: string, created: number, modified: number): ResourceInfo {
  return { collection: true, displayName, created, modified };
}
