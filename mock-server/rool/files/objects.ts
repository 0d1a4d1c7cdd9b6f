/**
 * The object bridge: the space's objects seen as WebDAV files. An object at
 * `/space/<collection>/<name>.json` is served as its body's JSON
 * (`application/json`), with a strong ETag of those bytes, so the tag changes
 * exactly when the content does. Writes through WebDAV run the checks RPC
 * writes run (the collection exists, nesting depth, objects per space),
 * stamp the object's stat with who and when, and record no interaction.
 *
 * @module
 */
import type { RoolObjectStat } from '../../../src/rool/types.ts';
import { jsonDepth, maxJsonDepth } from '../../rpc/json-depth.ts';
import { collectionOf, isObjectPath, objectPathRule } from '../paths.ts';
import type { ObjectRecord, SpaceRecord, UserRecord } from '../state.ts';
import { FilesError } from './errors.ts';
import { strongEtag } from './etag.ts';

/** An object's representation: its ETag and size in bytes. */
export interface ObjectEntity {
  /** The strong ETag of the JSON bytes. */
  etag: string;
  /** The length of the JSON bytes. */
  size: number;
}

// Records are never changed in place (../state.ts), so each one's entity is computed once.
const entities = new WeakMap<ObjectRecord, ObjectEntity>();
const encoder = new TextEncoder();

/**
 * The bytes an object is served as: its body's JSON.
 *
 * @param record The object.
 * @returns UTF-8 JSON.
 */
export function objectBytes(record: ObjectRecord): Uint8Array<ArrayBuffer> {
  return encoder.encode(JSON.stringify(record.body));
}

/**
 * An object's ETag and size, computed once per record.
 *
 * @param record The object.
 * @returns The entity.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { objectEntity } from './objects.ts';
 * const stat = { path: '/space/a/b.json', modifiedAt: 0, modifiedBy: 'u', modifiedByName: null, modifiedInChannel: '', modifiedInConversation: null, modifiedInInteraction: null };
 * const a = objectEntity({ body: { x: 1 }, stat });
 * assert.equal(a.size, 7);
 * assert.equal(a.etag, objectEntity({ body: { x: 1 }, stat: { ...stat, modifiedAt: 5 } }).etag);
 * assert.notEqual(a.etag, objectEntity({ body: { x: 2 }, stat }).etag);
 * ```
 */
export function objectEntity(record: ObjectRecord): ObjectEntity {
  let entity = entities.get(record);
  if (!entity) {
    const bytes = objectBytes(record);
    entity = { etag: strongEtag(bytes), size: bytes.length };
    entities.set(record, entity);
  }
  return entity;
}

/**
 * The stat of a change made through WebDAV: who and when; no channel (`''`), conversation or
 * interaction.
 *
 * @param user The user.
 * @param now The clock reading (ms).
 * @returns The stat without its path.
 */
export function webdavStamp(user: UserRecord, now: number): Omit<RoolObjectStat, 'path'> {
  return {
    modifiedAt: now,
    modifiedBy: user.id,
    modifiedByName: user.name,
    modifiedInChannel: '',
    modifiedInConversation: null,
    modifiedInInteraction: null,
  };
}

/**
 * Whether a media type may carry an object's JSON: JSON itself, `+json` types, and the types
 * clients send by default (`text/plain` for a string body, `application/octet-stream`, none).
 *
 * @param contentType The request's `Content-Type`, or `null`.
 * @returns `true` when acceptable.
 */
export function acceptsJsonType(contentType: string | null): boolean {
  if (contentType === null || contentType.trim() === '') return true;
  const type = contentType.split(';')[0].trim().toLowerCase();
  return type === 'application/json' || /^[a-z0-9.+-]+\/[a-z0-9.+-]*\+json$/.test(type) ||
    type === 'text/plain' || type === 'application/octet-stream';
}

/**
 * Parses the bytes of an object write.
 *
 * @param bytes The body.
 * @param contentType The request's `Content-Type`, or `null`.
 * @returns The body as an object, and whether serializing it gives back exactly `bytes` (only then
 * may a PUT answer carry the ETag, RFC 9110 §9.3.4).
 * @throws {FilesError} `unsupported_media_type` for a type that cannot be JSON;
 * `invalid_content` for bytes that are not UTF-8 JSON, JSON other than an object, or an object
 * nested deeper than the RPC allows.
 */
export function parseObjectBody(
  bytes: Uint8Array,
  contentType: string | null,
): { body: Record<string, unknown>; verbatim: boolean } {
  if (!acceptsJsonType(contentType)) {
    throw new FilesError(
      'unsupported_media_type',
      'An object path takes a JSON object (Content-Type application/json)',
    );
  }
  let text: string;
  let value: unknown;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    value = JSON.parse(text);
  } catch (cause) {
    throw new FilesError(
      'invalid_content',
      'An object path takes a JSON object; the body is not JSON',
      { cause },
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FilesError(
      'invalid_content',
      'An object path takes a JSON object, not an array or a scalar',
    );
  }
  if (jsonDepth(value) > maxJsonDepth) {
    throw new FilesError(
      'invalid_content',
      `An object nests at most ${maxJsonDepth} levels of arrays and objects`,
    );
  }
  const body = value as Record<string, unknown>;
  return { body, verbatim: JSON.stringify(body) === text };
}

/**
 * Creates or replaces an object, as `objects.put` does but without an interaction.
 *
 * @param space The space.
 * @param path The object path.
 * @param body The body.
 * @param options The stamp, and the most objects the space may hold.
 * @returns Whether the object was created, and the stored record.
 * @throws {FilesError} `forbidden` for a path that is not an object path, `parent_missing` when
 * the collection does not exist, `storage_full` past the objects per space.
 */
export function putObject(
  space: SpaceRecord,
  path: string,
  body: Record<string, unknown>,
  options: { stamp: Omit<RoolObjectStat, 'path'>; objectsPerSpace: number },
): { created: boolean; record: ObjectRecord } {
  requireObjectSlot(space, path);
  const created = !space.objects.has(path);
  if (created && space.objects.size >= options.objectsPerSpace) {
    throw new FilesError(
      'storage_full',
      `The space holds ${space.objects.size} objects, the most allowed is ` +
        `${options.objectsPerSpace}; delete some first`,
    );
  }
  const record: ObjectRecord = { body, stat: { path, ...options.stamp } };
  space.objects.set(path, record);
  return { created, record };
}

/**
 * Checks that an object could be written at a path: an object path whose collection exists.
 *
 * @param space The space.
 * @param path The path.
 * @throws {FilesError} `forbidden` or `parent_missing`.
 */
export function requireObjectSlot(space: SpaceRecord, path: string): void {
  if (!isObjectPath(path)) {
    throw new FilesError('forbidden', `Under /space ${objectPathRule}`);
  }
  if (!space.schema.has(collectionOf(path))) {
    throw new FilesError(
      'parent_missing',
      "This path's collection does not exist; create it with createCollection first",
    );
  }
}
