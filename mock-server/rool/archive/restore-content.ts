/**
 * Restoring a space's content from an archive: schema, metadata and
 * objects, each checked by the rules their RPC writes follow
 * (docs/rool-contract.md §4): collection names and unique field names, keys
 * of 1–256 characters, object paths, existing collections, values nested at
 * most 64 levels, the objects-per-space limit.
 *
 * @module
 */
import { componentValidators } from '../../../src/rool/_generated/validators.ts';
import type { CollectionDef, RoolObjectStat } from '../../../src/rool/types.ts';
import { pointerJoin, type Validator } from '../../../src/rpc/validation.ts';
import { jsonDepth, maxJsonDepth } from '../../rpc/json-depth.ts';
import { RpcFault } from '../../rpc/fault.ts';
import { collectionOf } from '../paths.ts';
import type { ObjectRecord } from '../state.ts';
import {
  entryFault,
  type EntryRef,
  isRecord,
  parseEntry,
  requireFields,
  requireValid,
} from './entry-json.ts';

const validCollection = componentValidators.CollectionDef as Validator<CollectionDef>;
const validStat = componentValidators.RoolObjectStat as Validator<RoolObjectStat>;
const collectionName = /^[A-Za-z0-9_-]{1,128}$/;
const maxMetadataKey = 256;

/**
 * Reads `schema.json`: collection name → definition.
 *
 * @param entry The entry.
 * @param bytes Its bytes.
 * @returns The schema, in the entry's order.
 * @throws {RpcFault} `validation_error` for a bad name, definition, or a field defined twice.
 */
export function restoreSchema(entry: EntryRef, bytes: Uint8Array): Map<string, CollectionDef> {
  const value = parseEntry(entry, bytes);
  if (!isRecord(value)) throw entryFault(entry, '', 'expected a JSON object');
  const schema = new Map<string, CollectionDef>();
  for (const [name, raw] of Object.entries(value)) {
    if (!collectionName.test(name)) {
      throw entryFault(
        entry,
        pointerJoin('', name),
        'a collection name must be 1–128 characters of A–Z, a–z, 0–9, _ or -',
      );
    }
    const def = requireValid(entry, pointerJoin('', name), raw, validCollection);
    const seen = new Set<string>();
    def.fields.forEach((field, i) => {
      if (seen.has(field.name)) {
        throw entryFault(
          entry,
          `${pointerJoin('', name)}/fields/${i}/name`,
          'field names must be unique',
        );
      }
      seen.add(field.name);
    });
    schema.set(name, def);
  }
  return schema;
}

/**
 * Reads `metadata.json`: key → value.
 *
 * @param entry The entry.
 * @param bytes Its bytes.
 * @returns The metadata, in the entry's order.
 * @throws {RpcFault} `validation_error` for a bad key, a `null` value or one nested too deeply.
 */
export function restoreMetadata(entry: EntryRef, bytes: Uint8Array): Map<string, unknown> {
  const value = parseEntry(entry, bytes);
  if (!isRecord(value)) throw entryFault(entry, '', 'expected a JSON object');
  const metadata = new Map<string, unknown>();
  for (const [key, item] of Object.entries(value)) {
    if (key.length < 1 || key.length > maxMetadataKey) {
      throw entryFault(entry, '', `a metadata key must be 1–${maxMetadataKey} characters`);
    }
    const pointer = pointerJoin('', key);
    if (item === null) throw entryFault(entry, pointer, 'a metadata value cannot be null');
    requireShallow(entry, pointer, item);
    metadata.set(key, item);
  }
  return metadata;
}

/**
 * Reads an object entry: `{body, stat}`.
 *
 * @param entry The entry.
 * @param path The object path its name gives (./layout.ts `entryKind` checked it).
 * @param bytes Its bytes.
 * @param schema The restored schema: the object's collection must be in it.
 * @returns The object's record.
 * @throws {RpcFault} `validation_error` for a missing collection, a body that is not an object or
 * nests too deeply, or a bad stat.
 */
export function restoreObject(
  entry: EntryRef,
  path: string,
  bytes: Uint8Array,
  schema: Map<string, CollectionDef>,
): ObjectRecord {
  const collection = collectionOf(path);
  if (!schema.has(collection)) {
    throw entryFault(
      entry,
      '',
      `collection ${entry.quote(collection)} is not in schema.json; every object's collection ` +
        'must be',
    );
  }
  const value = requireFields(entry, '', parseEntry(entry, bytes), {
    body: (v) => isRecord(v) ? undefined : 'expected a JSON object',
    stat: (v) => isRecord(v) ? undefined : 'expected a JSON object',
  });
  const body = value.body as Record<string, unknown>;
  requireShallow(entry, '/body', body);
  const stat = value.stat as Record<string, unknown>;
  if (Object.hasOwn(stat, 'path')) {
    throw entryFault(entry, '/stat/path', 'unexpected field; the entry name gives the path');
  }
  return { body, stat: requireValid(entry, '/stat', { ...stat, path }, validStat) };
}

/**
 * Checks that the objects fit a space.
 *
 * @param count How many objects the archive holds.
 * @param limit The most a space may hold.
 * @throws {RpcFault} `payload_too_large` past the limit.
 */
export function requireObjectCount(count: number, limit: number): void {
  if (count > limit) {
    throw new RpcFault(
      'payload_too_large',
      `The archive holds ${count} objects; a space holds at most ${limit}`,
    );
  }
}

/** A stored value nests at most as deeply as an RPC write allows (../../rpc/json-depth.ts). */
function requireShallow(entry: EntryRef, pointer: string, value: unknown): void {
  if (jsonDepth(value) > maxJsonDepth) {
    throw entryFault(entry, pointer, `the value nests deeper than ${maxJsonDepth} levels`);
  }
}
