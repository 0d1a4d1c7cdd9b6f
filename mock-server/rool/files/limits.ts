/**
 * The fixed limits of the files model and its WebDAV layer (docs/rool-webdav.md
 * §10). The limits a deployment may want to tune (storage per space, drive
 * entries per space, change-log length, and the RPC body size that also
 * bounds an object PUT) are `RoolLimits` fields instead (../context.ts).
 *
 * @module
 */

/** Limits on drive paths, dead properties, locks and WebDAV requests. */
export interface FilesLimits {
  /** Longest machine path, in UTF-8 bytes. */
  pathBytes: number;
  /** Most segments in a machine path. */
  pathSegments: number;
  /** Longest path segment, in UTF-8 bytes. */
  segmentBytes: number;
  /** Longest media type stored for a file. */
  contentTypeLength: number;
  /** Most dead properties on one resource. */
  propsPerResource: number;
  /** Largest dead property, as serialized XML in UTF-8 bytes. */
  propValueBytes: number;
  /** Most active locks in a space. */
  locksPerSpace: number;
  /** Largest lock owner, as serialized XML in UTF-8 bytes. */
  lockOwnerBytes: number;
  /** Lock timeout when the request names none, in seconds. */
  defaultLockSeconds: number;
  /** Longest lock timeout, in seconds. */
  maxLockSeconds: number;
  /** Largest XML request body (PROPFIND, PROPPATCH, LOCK, REPORT), in UTF-8 bytes. */
  xmlBodyBytes: number;
  /** Most elements in an XML request body. */
  xmlElements: number;
  /** Deepest element nesting in an XML request body. */
  xmlDepth: number;
  /** Longest `If` header, in characters. */
  ifHeaderLength: number;
  /** Most lists in an `If` header. */
  ifLists: number;
  /** Most conditions in one list of an `If` header. */
  ifConditions: number;
  /** Most resources a `Depth: infinity` PROPFIND lists. */
  propfindInfinityResources: number;
}

/** The limits of docs/rool-webdav.md. */
export const filesLimits: Readonly<FilesLimits> = Object.freeze({
  /** Longest machine path, in UTF-8 bytes. */
  pathBytes: 1024,
  /** Most segments in a machine path (`/rool-drive/a/b` has 3). */
  pathSegments: 32,
  /** Longest path segment, in UTF-8 bytes. */
  segmentBytes: 255,
  /** Longest media type stored for a file. */
  contentTypeLength: 255,
  /** Most dead properties on one resource. */
  propsPerResource: 64,
  /** Largest dead property, as serialized XML in UTF-8 bytes. */
  propValueBytes: 16 * 1024,
  /** Most active locks in a space. */
  locksPerSpace: 1000,
  /** Largest lock owner, as serialized XML in UTF-8 bytes. */
  lockOwnerBytes: 4 * 1024,
  /** Lock timeout when the request names none, in seconds. */
  defaultLockSeconds: 600,
  /** Longest lock timeout; `Infinite` and longer requests get this, in seconds. */
  maxLockSeconds: 3600,
  /** Largest XML request body (PROPFIND, PROPPATCH, LOCK, REPORT), in UTF-8 bytes. */
  xmlBodyBytes: 1024 * 1024,
  /** Most elements in an XML request body. */
  xmlElements: 10_000,
  /** Deepest element nesting in an XML request body. */
  xmlDepth: 64,
  /** Longest `If` header, in characters. */
  ifHeaderLength: 8192,
  /** Most lists in an `If` header. */
  ifLists: 64,
  /** Most conditions in one list of an `If` header. */
  ifConditions: 64,
  /** Most resources a `Depth: infinity` PROPFIND lists; past that it is 403. */
  propfindInfinityResources: 10_000,
});
