/**
 * Types of {@linkcode RoolWebDAV}, the client of a space's WebDAV file storage
 * (RFC 4918, with sync-collection from RFC 6578 and quotas from RFC 4331).
 *
 * @module
 */
import type { FetchFn } from '../rpc/client.ts';

/** A PROPFIND `Depth` (RFC 4918 §10.2). */
export type WebDAVDepth = '0' | '1' | 'infinity';

/** A sync-collection `sync-level` (RFC 6578 §6.3). */
export type WebDAVSyncLevel = '1' | 'infinite';

/** The `Depth` of a lock or of a COPY (RFC 4918 §9.8.3, §9.10.3). */
export type WebDAVLockDepth = '0' | 'infinity';

/** The scope of a lock (RFC 4918 §14.13). */
export type WebDAVLockScope = 'exclusive' | 'shared';

/** A property outside the `DAV:` namespace. */
export interface WebDAVQualifiedName {
  /** The namespace URI, e.g. `http://apache.org/dav/props/`. */
  ns: string;
  /** The local name, e.g. `executable`. */
  name: string;
}

/**
 * A property to ask for: a `DAV:` property by its local name (`'getetag'`), a
 * property of another namespace in Clark notation (`'{urn:x}color'`), or as
 * `{ns, name}`.
 */
export type WebDAVPropName =
  | 'creationdate'
  | 'displayname'
  | 'getcontentlanguage'
  | 'getcontentlength'
  | 'getcontenttype'
  | 'getetag'
  | 'getlastmodified'
  | 'lockdiscovery'
  | 'quota-available-bytes'
  | 'quota-used-bytes'
  | 'resourcetype'
  | 'supportedlock'
  | 'current-user-privilege-set'
  | 'supported-report-set'
  | 'sync-token'
  | (string & Record<never, never>)
  | WebDAVQualifiedName;

/** A lock as `lockdiscovery` or a LOCK answer describes it (RFC 4918 §14.1). */
export interface WebDAVActiveLock {
  /** The lock token (`urn:uuid:…` or another URI), or `null` when not disclosed. */
  token: string | null;
  /** `exclusive` or `shared`; `null` when not stated. */
  scope: WebDAVLockScope | null;
  /** Always `write` for WebDAV write locks; `null` when not stated. */
  type: 'write' | null;
  /** `0` or `infinity`; `null` when not stated. */
  depth: WebDAVLockDepth | null;
  /** The owner as text, or `null`. */
  owner: string | null;
  /** Seconds left, or `null` for an infinite (or unstated) timeout. */
  timeoutSeconds: number | null;
  /** The machine path of the locked resource (the lock root), or `null` when not stated. */
  root: string | null;
}

/** A lock kind a resource supports (RFC 4918 §15.10). */
export interface WebDAVLockEntry {
  /** `exclusive` or `shared`. */
  scope: WebDAVLockScope;
  /** Always `write`. */
  type: 'write';
}

/**
 * The properties of one resource, keyed by their local name for the `DAV:`
 * namespace and in Clark notation (`{ns}name`) for others. Known live
 * properties are typed; another property is its text, or its parsed XML
 * element when it has child elements.
 */
export interface WebDAVProps {
  /** Creation time, RFC 3339 (`2026-11-21T07:13:00Z`). */
  creationdate?: string;
  /** A name for display. */
  displayname?: string;
  /** The `Content-Language` a GET would answer. */
  getcontentlanguage?: string;
  /** Size in bytes of a file. */
  getcontentlength?: number;
  /** The `Content-Type` a GET would answer. */
  getcontenttype?: string;
  /** The entity tag, quotes included (`"abc"`), ready for `ifMatch`/`ifNoneMatch`. */
  getetag?: string;
  /** Last modification, RFC 1123 (`Sat, 21 Nov 2026 07:13:00 GMT`). */
  getlastmodified?: string;
  /** `collection` for a collection, `''` for a file. */
  resourcetype?: 'collection' | '';
  /** The locks on the resource. */
  lockdiscovery?: WebDAVActiveLock[];
  /** The locks the resource supports. */
  supportedlock?: WebDAVLockEntry[];
  /** Bytes used (RFC 4331 §4). */
  'quota-used-bytes'?: number;
  /** Bytes still available (RFC 4331 §3). */
  'quota-available-bytes'?: number;
  /** The collection's current sync token (RFC 6578 §4). */
  'sync-token'?: string;
  /** Local names of the caller's privileges, e.g. `read`, `write` (RFC 3744 §5.4). */
  'current-user-privilege-set'?: string[];
  /** Local names of the reports the resource supports, e.g. `sync-collection`. */
  'supported-report-set'?: string[];
  /** Any other property. */
  [name: string]: unknown;
}

/** One `propstat` of a response: properties sharing a status (RFC 4918 §14.22). */
export interface WebDAVPropstat {
  /** The status, e.g. 200, or 404 for properties the resource does not have. */
  status: number;
  /** The names of the properties in it, keyed as in {@linkcode WebDAVProps}. */
  names: string[];
  /** Their values for a 2xx status; empty otherwise. */
  props: WebDAVProps;
}

/** One `response` of a multistatus answer (RFC 4918 §14.24). */
export interface WebDAVResponse {
  /** The href as the server wrote it. */
  href: string;
  /** The resource's SDK machine path, decoded (`/rool-drive/docs/read me.md`, `/`). */
  path: string;
  /** Whether it is a collection (by `resourcetype`, or a trailing slash in the href). */
  isCollection: boolean;
  /**
   * The response's own status, when it has one instead of propstats: 404 for
   * a member sync-collection reports as deleted. `null` otherwise.
   */
  status: number | null;
  /** The properties of every 2xx propstat, merged. */
  props: WebDAVProps;
  /** Every propstat, including 404 ones for properties the resource does not have. */
  propstats: WebDAVPropstat[];
}

/** What {@linkcode RoolWebDAV.propfind} answers. */
export interface WebDAVMultiStatus {
  /** One entry per resource, in the server's order. */
  responses: WebDAVResponse[];
}

/** What {@linkcode RoolWebDAV.syncCollection} answers. */
export interface WebDAVSyncCollectionResult extends WebDAVMultiStatus {
  /** The token to send next time to get only what changed after this answer. */
  token: string;
  /**
   * Whether the server stopped at `limit` (RFC 6578 §3.6): call again with
   * `token` for the rest.
   */
  truncated: boolean;
}

/** What a write (PUT, COPY, MOVE) answers. */
export interface WebDAVWriteResult {
  /** The HTTP status: 201 when a resource was created, 200 or 204 when one was replaced. */
  status: number;
  /** Whether a new resource was created (201). */
  created: boolean;
  /** The new entity tag, when the server sent one. */
  etag: string | null;
}

/** What {@linkcode RoolWebDAV.lock} and {@linkcode RoolWebDAV.refreshLock} answer. */
export interface WebDAVLockResult extends WebDAVActiveLock {
  /** The lock token: send it as `lockToken` with writes, and to `refreshLock` and `unlock`. */
  token: string;
  /** Whether the LOCK created an empty file at an unmapped path (201). */
  created: boolean;
  /** Every lock the answer's `lockdiscovery` lists. */
  locks: WebDAVActiveLock[];
}

/** File-storage quota usage of a space (RFC 4331). */
export interface SpaceFileStorageUsage {
  /** Bytes used by files in the space. */
  usedBytes: number;
  /** Bytes still available, or `null` when storage is unlimited. */
  availableBytes: number | null;
  /** The quota (`usedBytes + availableBytes`), or `null` when storage is unlimited. */
  limitBytes: number | null;
}

/** Options every call takes. */
export interface WebDAVCallOptions {
  /** Aborts the call; it then rejects with a `WebDAVError` of type `aborted`. */
  signal?: AbortSignal;
}

/**
 * Options of {@linkcode RoolWebDAV.propfind}. Give at most one of `props`,
 * `allprop` and `propname`.
 */
export interface WebDAVPropfindOptions extends WebDAVCallOptions {
  /** `0` (the resource), `1` (and its members) or `infinity` (the whole tree). */
  depth: WebDAVDepth;
  /** The properties to read (at most 100); without them, every property (`allprop`). */
  props?: WebDAVPropName[];
  /** Read every property (the default). */
  allprop?: boolean;
  /** Read only the names of the properties. */
  propname?: boolean;
}

/** Options of {@linkcode RoolWebDAV.syncCollection}. */
export interface WebDAVSyncCollectionOptions extends WebDAVCallOptions {
  /** The token of the previous answer; `null` or absent for a first, full sync. */
  token?: string | null;
  /** `1` (members only) or `infinite` (the whole tree). */
  level: WebDAVSyncLevel;
  /** The properties to read (at most 100); default `getetag` and `resourcetype`. */
  props?: WebDAVPropName[];
  /** The most responses wanted (1–100 000); the answer is `truncated` when there are more. */
  limit?: number;
}

/** A byte range: `start` to `end` inclusive (`end` absent: to the end of the file). */
export interface WebDAVByteRange {
  /** The first byte, from 0. */
  start: number;
  /** The last byte, inclusive. */
  end?: number;
}

/** Options of {@linkcode RoolWebDAV.get}. */
export interface WebDAVGetOptions extends WebDAVCallOptions {
  /**
   * Bytes to read: `{start, end?}`, or a `Range` header value such as
   * `bytes=-500` (the last 500 bytes). The answer is then 206 (or 200 with
   * everything when the server ignores ranges).
   */
  range?: WebDAVByteRange | string;
  /** Answer 304 (returned, not thrown) when the file still has one of these entity tags. */
  ifNoneMatch?: string;
  /** Answer 412 (thrown) unless the file has one of these entity tags. */
  ifMatch?: string;
}

/** Preconditions of a write. */
export interface WebDAVWriteOptions extends WebDAVCallOptions {
  /** Write only if the resource has this entity tag (`"…"`), or exists (`*`); else 412. */
  ifMatch?: string;
  /** The token of a lock held on the resource (sent in the `If` header). */
  lockToken?: string;
}

/** Options of {@linkcode RoolWebDAV.put}. */
export interface WebDAVPutOptions extends WebDAVWriteOptions {
  /** The file's content type; default: the body's (a Blob's type, JSON for an object). */
  contentType?: string;
  /** `*`: create only, 412 when the path exists; or entity tags the file must not have. */
  ifNoneMatch?: string;
}

/** Options of {@linkcode RoolWebDAV.copy}. */
export interface WebDAVCopyOptions extends WebDAVWriteOptions {
  /** Replace an existing destination (default `true`); `false` answers 412 instead. */
  overwrite?: boolean;
  /** `infinity` (default) copies a collection with its members, `0` the collection alone. */
  depth?: WebDAVLockDepth;
}

/** Options of {@linkcode RoolWebDAV.move}. */
export interface WebDAVMoveOptions extends WebDAVWriteOptions {
  /** Replace an existing destination (default `true`); `false` answers 412 instead. */
  overwrite?: boolean;
}

/** Options of {@linkcode RoolWebDAV.lock}. */
export interface WebDAVLockOptions extends WebDAVCallOptions {
  /** `exclusive` (default) or `shared`. */
  scope?: WebDAVLockScope;
  /** `infinity` (default: a collection's members too) or `0`. */
  depth?: WebDAVLockDepth;
  /** Seconds the lock should last (1 to 2³²−1); default: the server's choice. */
  timeoutSeconds?: number;
  /** Who holds the lock, for others to see (at most 1 024 characters). */
  owner?: string;
}

/** Options of {@linkcode RoolWebDAV.refreshLock}. */
export interface WebDAVRefreshLockOptions extends WebDAVCallOptions {
  /** Seconds the lock should last from now; default: the server's choice. */
  timeoutSeconds?: number;
}

/** Options of {@linkcode RoolWebDAV.unlock}. */
export interface WebDAVUnlockOptions extends WebDAVCallOptions {
  /** The locked path, needed only for a token this client did not obtain itself. */
  path?: string;
}

/**
 * A body for {@linkcode RoolWebDAV.put}: text, bytes, a Blob (or File), a
 * stream, or a plain object or array (sent as JSON).
 */
export type WebDAVBody =
  | string
  | Blob
  | ArrayBuffer
  | ArrayBufferView
  | ReadableStream<Uint8Array>
  | Record<string, unknown>
  | unknown[];

/** What {@linkcode RoolWebDAV} is built from. */
export interface RoolWebDAVOptions {
  /** The API's base URL, e.g. `https://api.rool.dev`. */
  apiUrl: string;
  /** The space whose storage it addresses. */
  spaceId: string;
  /** The bearer token for the next request; `undefined` sends none (the server answers 401). */
  getToken(): Promise<string | undefined>;
  /** The `fetch` to use; default `globalThis.fetch`, looked up at each call. */
  fetch?: FetchFn;
  /**
   * Timeout per request in ms: until the answer's headers arrive, or until its
   * body is read when the method reads it; 0 or absent: none.
   */
  timeoutMs?: number;
  /**
   * The ID sent as `Rool-Client-Id` (8–64 characters of `A–Z a–z 0–9 _ -`); default a new random
   * one. A space's `webdav` sends its client's.
   */
  clientId?: string;
  /**
   * Headers added to every request, e.g. a tracing header; called at each request. They win over
   * `Rool-Client-Id` and the token, and a call's own headers win over them.
   */
  headers?(): Record<string, string>;
}
