/**
 * The files model of a Rool space (docs/rool-webdav.md): the drive under
 * `/rool-drive`, the object bridge that shows `/space` objects as JSON files,
 * dead properties, locks, and the change log behind sync tokens. It knows
 * nothing of HTTP; the WebDAV layer (../webdav/) and space archives
 * (../archive/) use it.
 *
 * - A space's storage comes from {@linkcode createSpaceStorage} (`newSpace` in
 *   ../handlers/spaces.ts calls it): its `objects` and `schema` are tracked
 *   maps, so every change to them is logged, whoever makes it.
 * - Drive changes go through the {@linkcode Drive} at `space.files.drive`
 *   (space archives too: ../archive/ reads its entries and writes them back
 *   with `mkcol` and `putFile`), so each is logged, counted and limited.
 * - Objects written outside RPC use {@linkcode putObject} with a stamp
 *   ({@linkcode webdavStamp}); their bytes and ETag come from
 *   {@linkcode objectBytes} and {@linkcode objectEntity}.
 * - Refusals throw {@linkcode FilesError}, whose `type` says why.
 *
 * @module
 */
export { type ChangeEntry, ChangeLog, type ChangesSince } from './change-log.ts';
export { DeadProps, propKey } from './dead-props.ts';
export {
  type CopyOptions,
  Drive,
  type DriveCollection,
  type DriveFile,
  type DriveLimits,
  type DriveNode,
  type Transfer,
} from './drive.ts';
export { FilesError, type FilesErrorType } from './errors.ts';
export { strongEtag, weakMatch } from './etag.ts';
export { type FilesLimits, filesLimits } from './limits.ts';
export {
  covers,
  type Lock,
  type LockDepth,
  type LockRequest,
  type LockScope,
  LockTable,
} from './locks.ts';
export {
  acceptsJsonType,
  objectBytes,
  type ObjectEntity,
  objectEntity,
  parseObjectBody,
  putObject,
  requireObjectSlot,
  webdavStamp,
} from './objects.ts';
export {
  checkPath,
  driveRoot,
  isWithin,
  nameOf,
  parentOf,
  segmentsOf,
  spaceRoot,
} from './paths.ts';
export {
  describe,
  exists,
  isCollection,
  membersOf,
  resolve,
  type Resource,
  type ResourceInfo,
  walk,
} from './resources.ts';
export {
  createSpaceStorage,
  type SpaceFiles,
  type SpaceStorage,
  type StorageLimits,
  type StorageOptions,
} from './space-files.ts';
export { type ChangeListener, TrackedMap } from './tracked-map.ts';
