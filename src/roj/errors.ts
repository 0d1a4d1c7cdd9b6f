/**
 * The one error class of the Roj SDK: every failed call, upload or exchange
 * surfaces as a {@linkcode RojApiError}.
 *
 * @module
 */

/**
 * What a {@linkcode RojApiError} is made from. A wire `RpcError` and an
 * `RpcCallError` both fit, and so does the published 0.0.2 client's
 * `{ type: 'http_error', message }`.
 */
export interface RojApiErrorInit {
  /** A stable, machine-readable error type such as `not_found`. */
  type: string;
  /** A human-readable explanation. */
  message: string;
  /** The HTTP status of the response; 0 or absent when no response arrived. */
  status?: number;
  /** JSON Pointer to the offending input field, for `validation_error`. */
  path?: string;
  /** The underlying exception, for `transport_error`, `timeout` and `aborted`. */
  cause?: unknown;
}

/** The JSON form of a {@linkcode RojApiError}: no stack, no cause. */
export interface RojApiErrorJSON {
  /** Always `RojApiError`. */
  name: 'RojApiError';
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
 * A failed Roj call.
 *
 * `type` is one of the server's error types (`validation_error`,
 * `unauthorized`, `forbidden`, `not_found`, `method_not_found`, `conflict`,
 * `payload_too_large`, `unsupported_media_type`, `rate_limited`,
 * `internal_error`), or one the client produced: `transport_error` (network
 * failure, or a body that was not the expected JSON), `timeout`, `aborted`,
 * `http_error` (an upload answered with a plain `{error}` or `{message}` body)
 * and `unknown_error` (`{ok: false}` with no usable error).
 *
 * @example Handle a missing instance
 * ```ts
 * import assert from 'node:assert/strict';
 * import { RojApiError } from './errors.ts';
 * const error: unknown = new RojApiError({ type: 'not_found', message: 'No instance i1', status: 404 });
 * if (error instanceof RojApiError && error.type === 'not_found') {
 *   assert.equal(error.status, 404);
 * }
 * ```
 */
export class RojApiError extends Error {
  /** Always `RojApiError`. */
  override readonly name = 'RojApiError';
  /** The error type, e.g. `not_found` or `transport_error`. */
  readonly type: string;
  /** The HTTP status of the response, or 0 when no response arrived. */
  readonly status: number;
  /** JSON Pointer to the offending input field, for `validation_error`. */
  readonly path?: string;

  /**
   * Creates the error.
   *
   * @param init Its type, message and, where known, status, path and cause.
   */
  constructor(init: RojApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.type = init.type;
    this.status = init.status ?? 0;
    if (init.path !== undefined) this.path = init.path;
  }

  /**
   * The error as plain JSON, safe to log or send: no stack and no cause, which
   * may hold request details.
   *
   * @returns `{name, type, message, status}`, plus `path` when there is one.
   *
   * @example Usage
   * ```ts
   * import assert from 'node:assert/strict';
   * import { RojApiError } from './errors.ts';
   * const error = new RojApiError({ type: 'conflict', message: 'Sandbox is running', status: 409 });
   * assert.deepEqual(error.toJSON(), {
   *   name: 'RojApiError', type: 'conflict', message: 'Sandbox is running', status: 409,
   * });
   * ```
   */
  toJSON(): RojApiErrorJSON {
    const json: RojApiErrorJSON = {
      name: this.name,
      type: this.type,
      message: this.message,
      status: this.status,
    };
    if (this.path !== undefined) json.path = this.path;
    return json;
  }
}
