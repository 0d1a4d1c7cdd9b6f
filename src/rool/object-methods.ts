/**
 * The object, collection, metadata and proxied-fetch methods of the Rool
 * registry. Mutations are recorded in the conversation's history unless
 * `ephemeral`, and answer with the interaction they recorded.
 *
 * @module
 */
import { defineMethods, method, type MethodDef } from '../rpc/definition.ts';
import type { ChannelRef, ConversationRef, RecordOptions, SpaceRef } from './_refs.ts';
import type {
  CollectionDef,
  Interaction,
  RoolObject,
  RoolObjectStat,
  SpaceSchema,
} from './types.ts';

/** Input of `objects.get` and `objects.stat`. */
export interface ObjectPathInput extends SpaceRef {
  /**
   * `/space/<collection>/<name>.json`.
   * @pattern ^/space/[A-Za-z0-9_-]{1,128}/[A-Za-z0-9_-]{1,128}\.json$
   */
  path: string;
}

/** Output of `objects.get`. */
export interface GetObjectOutput {
  /** The object, or `null` when there is none at the path. */
  object: RoolObject | null;
  /** Its audit information, or `null`. */
  stat: RoolObjectStat | null;
}

/** Input of `objects.getMany`. */
export interface GetObjectsInput extends SpaceRef {
  /**
   * Object paths.
   * @maxItems 500
   */
  paths: string[];
}

/** Output of `objects.getMany`. */
export interface GetObjectsOutput {
  /** The objects found, in the order asked. */
  objects: RoolObject[];
  /** The paths with no object (and paths that are not object paths). */
  missing: string[];
  /** The found objects' audit information, in the same order. */
  stats: RoolObjectStat[];
}

/** Output of `objects.stat`. */
export interface StatObjectOutput {
  /** The audit information, or `null` when there is no object. */
  stat: RoolObjectStat | null;
}

/** Input of `objects.put`. */
export interface PutObjectInput extends ConversationRef, RecordOptions {
  /**
   * `/space/<collection>/<name>.json`; the collection must exist.
   * @pattern ^/space/[A-Za-z0-9_-]{1,128}/[A-Za-z0-9_-]{1,128}\.json$
   */
  path: string;
  /** The body; it replaces any existing one. */
  body: Record<string, unknown>;
}

/** Input of `objects.patch`. */
export interface PatchObjectInput extends ConversationRef, RecordOptions {
  /**
   * The object to patch; it must exist.
   * @pattern ^/space/[A-Za-z0-9_-]{1,128}/[A-Za-z0-9_-]{1,128}\.json$
   */
  path: string;
  /** Fields to set; a `null` value deletes the field. */
  data: Record<string, unknown>;
}

/** Input of `objects.move`. */
export interface MoveObjectInput extends ConversationRef, RecordOptions {
  /**
   * The object to move; it must exist.
   * @pattern ^/space/[A-Za-z0-9_-]{1,128}/[A-Za-z0-9_-]{1,128}\.json$
   */
  from: string;
  /**
   * Where to; nothing may be there, and its collection must exist.
   * @pattern ^/space/[A-Za-z0-9_-]{1,128}/[A-Za-z0-9_-]{1,128}\.json$
   */
  to: string;
  /** A body replacing the moved object's, atomically. */
  body?: Record<string, unknown>;
}

/** Output of a mutation of one object. */
export interface ObjectMutationOutput {
  /** The object as stored. */
  object: RoolObject;
  /** A confirmation, e.g. `Updated /space/article/welcome.json`. */
  message: string;
  /** Its audit information. */
  stat: RoolObjectStat;
  /** The interaction recorded, or `null` when ephemeral. */
  interaction: Interaction | null;
}

/** Input of `objects.delete`. */
export interface DeleteObjectsInput extends ConversationRef, RecordOptions {
  /**
   * The objects to delete; all must exist.
   * @minItems 1
   * @maxItems 500
   */
  paths: string[];
}

/** Output of `objects.delete`. */
export interface DeleteObjectsOutput {
  /** The paths deleted. */
  deleted: string[];
  /** The interaction recorded, or `null` when ephemeral. */
  interaction: Interaction | null;
}

/** Input of `collections.create` and `collections.alter`. */
export interface CollectionInput extends ConversationRef, RecordOptions {
  /**
   * The collection's name: the directory `/space/<name>/`.
   * @pattern ^[A-Za-z0-9_-]{1,128}$
   */
  name: string;
  /** Its definition. */
  def: CollectionDef;
}

/** Input of `collections.drop`. */
export interface DropCollectionInput extends ConversationRef, RecordOptions {
  /**
   * The collection to drop, with its objects.
   * @pattern ^[A-Za-z0-9_-]{1,128}$
   */
  name: string;
}

/** Output of the collection methods. */
export interface CollectionOutput {
  /** The collection's definition after the change (`null` once dropped). */
  collection: CollectionDef | null;
  /** The whole schema after the change. */
  schema: SpaceSchema;
  /** The interaction recorded, or `null` when ephemeral. */
  interaction: Interaction | null;
}

/** Output of `schema.get`. */
export interface SchemaOutput {
  /** Every collection's definition. */
  schema: SpaceSchema;
}

/** Output of `metadata.get`. */
export interface MetadataOutput {
  /** Every key and value. */
  metadata: Record<string, unknown>;
}

/** Input of `metadata.set`. */
export interface SetMetadataInput extends ConversationRef, RecordOptions {
  /**
   * The key.
   * @minLength 1
   * @maxLength 256
   */
  key: string;
  /** The value; `null` deletes the key. */
  value: unknown;
}

/** Output of `metadata.set`. */
export interface SetMetadataOutput {
  /** Every key and value after the change. */
  metadata: Record<string, unknown>;
  /** The interaction recorded, or `null` when ephemeral. */
  interaction: Interaction | null;
}

/** Input of `proxy.fetch`: an HTTP request the server makes for the caller. */
export interface ProxyFetchInput extends ChannelRef {
  /**
   * An absolute `http:` or `https:` URL; loopback, private and link-local hosts are refused.
   * @minLength 1
   * @maxLength 4096
   */
  url: string;
  /** Default `GET`. */
  method?: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';
  /** Request headers. */
  headers?: Record<string, string>;
  /**
   * The request body, base64-encoded.
   * @maxLength 1400000
   */
  bodyBase64?: string;
}

/** Output of `proxy.fetch`: the remote answer. */
export interface ProxyFetchOutput {
  /** The remote status. */
  status: number;
  /** The remote status text. */
  statusText: string;
  /** The remote headers. */
  headers: Record<string, string>;
  /** The remote body, base64-encoded. */
  bodyBase64: string;
}

/** The object, collection, metadata and proxied-fetch methods. */
export type ObjectMethods = {
  /** One object (viewer). */
  'objects.get': MethodDef<ObjectPathInput, GetObjectOutput>;
  /** Many objects, with the paths missing (viewer). */
  'objects.getMany': MethodDef<GetObjectsInput, GetObjectsOutput>;
  /** One object's audit information (viewer). */
  'objects.stat': MethodDef<ObjectPathInput, StatObjectOutput>;
  /** Creates or replaces an object (editor). */
  'objects.put': MethodDef<PutObjectInput, ObjectMutationOutput>;
  /** Patches an object's body; `null` deletes a field (editor). */
  'objects.patch': MethodDef<PatchObjectInput, ObjectMutationOutput>;
  /** Moves or renames an object, optionally replacing its body (editor). */
  'objects.move': MethodDef<MoveObjectInput, ObjectMutationOutput>;
  /** Deletes objects (editor). */
  'objects.delete': MethodDef<DeleteObjectsInput, DeleteObjectsOutput>;
  /** Creates a collection (editor). */
  'collections.create': MethodDef<CollectionInput, CollectionOutput>;
  /** Replaces a collection's definition (editor). */
  'collections.alter': MethodDef<CollectionInput, CollectionOutput>;
  /** Drops a collection and its objects (editor). */
  'collections.drop': MethodDef<DropCollectionInput, CollectionOutput>;
  /** The schema (viewer). */
  'schema.get': MethodDef<SpaceRef, SchemaOutput>;
  /** The metadata (viewer). */
  'metadata.get': MethodDef<SpaceRef, MetadataOutput>;
  /** Sets or deletes one metadata key (editor). */
  'metadata.set': MethodDef<SetMetadataInput, SetMetadataOutput>;
  /** Fetches a URL through the server (editor). */
  'proxy.fetch': MethodDef<ProxyFetchInput, ProxyFetchOutput>;
};

/**
 * The object, collection, metadata and proxied-fetch methods.
 * `method({ read: true })` marks the methods that only read, which a client with a retry
 * policy may retry; every other method may change state and is never retried.
 */
export const objectMethods: ObjectMethods = defineMethods<ObjectMethods>({
  'objects.get': method({ read: true }),
  'objects.getMany': method({ read: true }),
  'objects.stat': method({ read: true }),
  'objects.put': method(),
  'objects.patch': method(),
  'objects.move': method(),
  'objects.delete': method(),
  'collections.create': method(),
  'collections.alter': method(),
  'collections.drop': method(),
  'schema.get': method({ read: true }),
  'metadata.get': method({ read: true }),
  'metadata.set': method(),
  'proxy.fetch': method(),
});
