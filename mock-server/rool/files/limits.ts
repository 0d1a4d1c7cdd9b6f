/**
 * The fixed limits of the files model (docs/rool-webdav.md, "Limits"). The
 * limits a deployment may want to tune (storage per space, drive entries per
 * space, change-log length) are `RoolLimits` fields instead (../context.ts).
 *
 * @module
 */

/** Limits on drive paths, dead properties and locks. */
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
});
