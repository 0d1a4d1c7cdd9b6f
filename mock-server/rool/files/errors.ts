/**
 * The one error of the files model: what a refused change of the drive, the
 * object bridge, a lock or a dead property throws. It names no HTTP status:
 * the WebDAV layer maps each `type` to one (../webdav/errors.ts), and the
 * archive code may map it however it likes.
 *
 * @module
 */

/** Why the files model refused something. */
export type FilesErrorType =
  /** Nothing at the path. */
  | 'not_found'
  /** The parent collection of the path does not exist (RFC 4918 §9.7.1, §9.3.1). */
  | 'parent_missing'
  /** Something already exists where a new collection was asked for. */
  | 'exists'
  /** The operation does not apply to this kind of resource (PUT to a collection). */
  | 'not_allowed'
  /** The operation is never allowed here (the roots, the schema's collections). */
  | 'forbidden'
  /** The write would exceed the space's storage (bytes, entries, objects). */
  | 'storage_full'
  /** One value is too large on its own (a lock owner). */
  | 'too_large'
  /** The path is not one the space can hold. */
  | 'invalid_path'
  /** The content is not what the path takes (an object path takes a JSON object). */
  | 'invalid_content'
  /** The content's media type is not what the path takes. */
  | 'unsupported_media_type'
  /** A condition of the request does not hold (Overwrite: F onto an existing resource). */
  | 'precondition_failed'
  /** A lock prevents it. */
  | 'locked';

/**
 * A refused change of the files model. Nothing was changed.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { FilesError } from './errors.ts';
 * const error = new FilesError('not_found', 'Nothing at /rool-drive/a');
 * assert.equal(error.type, 'not_found');
 * assert.deepEqual(error.toJSON(), { name: 'FilesError', type: 'not_found', message: 'Nothing at /rool-drive/a' });
 * ```
 */
export class FilesError extends Error {
  /** Always `FilesError`. */
  override readonly name = 'FilesError';
  /** Why it was refused. */
  readonly type: FilesErrorType;
  /** Machine paths the error concerns, e.g. the locked resources. */
  readonly paths: readonly string[];

  /**
   * Creates the error.
   *
   * @param type Why it was refused.
   * @param message What was wrong and what is allowed; never a secret.
   * @param options The paths concerned, and the cause.
   */
  constructor(
    type: FilesErrorType,
    message: string,
    options: { paths?: readonly string[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.type = type;
    this.paths = options.paths ?? [];
  }

  /**
   * The JSON form: name, type and message.
   *
   * @returns The error without stack or cause.
   */
  toJSON(): { name: 'FilesError'; type: FilesErrorType; message: string } {
    return { name: this.name, type: this.type, message: this.message };
  }
}
