/**
 * The one error class of the Rool SDK: every failed call, refused argument and
 * failed sign-in surfaces as a {@linkcode RoolError}.
 *
 * @module
 */
import type { RpcCallError } from '../rpc/client.ts';
import { rpcErrorStatus, statusOfErrorType } from '../rpc/error-types.ts';

/** What a {@linkcode RoolError} is made from; an `RpcCallError` fits. */
export interface RoolErrorInit {
  /** A stable, machine-readable error type such as `not_found`. */
  type: string;
  /** A human-readable explanation. */
  message: string;
  /** The HTTP status of the response; 0 or absent when no response arrived. */
  status?: number;
  /** JSON Pointer to the offending input field, for `validation_error`. */
  path?: string;
  /** The underlying exception, if any. */
  cause?: unknown;
}

/** The JSON form of a {@linkcode RoolError}: no stack, no cause. */
export interface RoolErrorJSON {
  /** Always `RoolError`. */
  name: 'RoolError';
  /** The error type. */
  type: string;
  /** The explanation. */
  message: string;
  /** The HTTP status, or 0. */
  status: number;
  /** JSON Pointer to the offending input field, when the server named one. */
  path?: string;
}

/**
 * A failed Rool operation.
 *
 * `type` is one of the server's error types (`validation_error`,
 * `unauthorized`, `forbidden`, `not_found`, `method_not_found`, `conflict`,
 * `payload_too_large`, `unsupported_media_type`, `rate_limited`,
 * `internal_error`), one the transport produced (`transport_error`,
 * `timeout`, `aborted`, `unknown_error`), or one of the SDK's own:
 * `validation_error` with status 0 for an argument refused before any call,
 * `unsupported` when the auth provider cannot do what was asked, and
 * `auth_failed` when a sign-in flow was refused or interrupted.
 *
 * @example Tell a missing object from other failures
 * ```ts
 * import assert from 'node:assert/strict';
 * import { RoolError } from './errors.ts';
 * const error: unknown = new RoolError({ type: 'not_found', message: 'No space s1', status: 404 });
 * assert.ok(error instanceof RoolError && error.type === 'not_found' && error.status === 404);
 * ```
 */
export class RoolError extends Error {
  /** Always `RoolError`. */
  override readonly name = 'RoolError';
  /** The error type, e.g. `not_found` or `transport_error`. */
  readonly type: string;
  /** The HTTP status of the response, or 0 when no response arrived. */
  readonly status: number;
  // `declare`: no own property unless the server named a path, so `'path' in error` tells.
  /** JSON Pointer to the offending input field, for `validation_error`. */
  declare readonly path?: string;

  /**
   * Creates the error.
   *
   * @param init Its type, message and, where known, status, path and cause.
   */
  constructor(init: RoolErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.type = init.type;
    this.status = init.status ?? 0;
    if (init.path !== undefined) this.path = init.path;
  }

  /**
   * The error as plain JSON, safe to log or send: no stack and no cause.
   *
   * @returns `{name, type, message, status}`, plus `path` when there is one.
   *
   * @example Usage
   * ```ts
   * import assert from 'node:assert/strict';
   * import { RoolError } from './errors.ts';
   * const error = new RoolError({ type: 'conflict', message: 'Slug is taken', status: 409 });
   * assert.deepEqual(error.toJSON(), {
   *   name: 'RoolError', type: 'conflict', message: 'Slug is taken', status: 409,
   * });
   * ```
   */
  toJSON(): RoolErrorJSON {
    const json: RoolErrorJSON = {
      name: this.name,
      type: this.type,
      message: this.message,
      status: this.status,
    };
    if (this.path !== undefined) json.path = this.path;
    return json;
  }
}

/**
 * Turns a failed call result into a {@linkcode RoolError}. A server error type
 * that arrived without an error status (a non-conforming proxy answering 200
 * with `{ok: false}`) takes its status from the shared table, so `status`
 * always agrees with `type`; client-side types keep the status seen (0 when
 * no response arrived).
 *
 * @param error The call's error.
 * @returns The exception to throw.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { toRoolError } from './errors.ts';
 * const error = toRoolError({ type: 'forbidden', message: 'Editor role needed', status: 200 });
 * assert.equal(error.status, 403);
 * ```
 */
export function toRoolError(error: RpcCallError): RoolError {
  const isServerType = Object.hasOwn(rpcErrorStatus, error.type);
  const status = isServerType && error.status < 400 ? statusOfErrorType(error.type) : error.status;
  return new RoolError({ ...error, status });
}

/**
 * A {@linkcode RoolError} for an argument refused before any call was made.
 *
 * @param message What was wrong and what is allowed.
 * @returns A `validation_error` with status 0.
 */
export function invalidArgument(message: string): RoolError {
  return new RoolError({ type: 'validation_error', message });
}

/**
 * Any thrown value as an `Error`, for `error` and `syncError` listeners.
 *
 * @param value What was thrown.
 * @returns `value` itself when it is an `Error`, else a RoolError wrapping it.
 */
export function asError(value: unknown): Error {
  if (value instanceof Error) return value;
  return new RoolError({ type: 'unknown_error', message: String(value), cause: value });
}
