/**
 * The one table of RPC error types and their HTTP statuses, shared by every
 * server (the mock) and every client, so both agree on what a status means.
 *
 * @module
 */

/**
 * Error types a server may send, each with the HTTP status it is sent with.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { rpcErrorStatus } from './error-types.ts';
 * assert.equal(rpcErrorStatus.not_found, 404);
 * ```
 */
export const rpcErrorStatus = {
  /** The body is not JSON, or not an envelope with a `method` (400). */
  invalid_request: 400,
  /** The input does not match the method's schema; `path` says where (400). */
  validation_error: 400,
  /** No credential, an unknown one, or an expired one (401). */
  unauthorized: 401,
  /** A valid credential that may not do this (403). */
  forbidden: 403,
  /** The addressed entity does not exist (404). */
  not_found: 404,
  /** The registry has no such method (404). */
  method_not_found: 404,
  /** The request body did not arrive in time: it stalled, or took too long in all (408). */
  request_timeout: 408,
  /** The request conflicts with current state: a duplicate or an illegal transition (409). */
  conflict: 409,
  /** The body exceeds the size limit (413). */
  payload_too_large: 413,
  /** The body's content type is not accepted (415). */
  unsupported_media_type: 415,
  /** Too many requests (429). */
  rate_limited: 429,
  /** The server failed; a bug, never a reaction to input (500). */
  internal_error: 500,
} as const;

/** An error type a server may send. */
export type ServerErrorType = keyof typeof rpcErrorStatus;

/**
 * Error types only the client produces, for exchanges that never yielded an
 * envelope. Their `status` is the HTTP status seen, or 0 when none was.
 */
export const clientErrorTypes = {
  /** The network failed, or the body was not a JSON envelope (an HTML 502 page, an empty body). */
  transport_error: 'transport_error',
  /** The per-call or client-wide timeout elapsed. */
  timeout: 'timeout',
  /** The caller's `AbortSignal` fired. */
  aborted: 'aborted',
} as const;

/** An error type only the client produces. */
export type ClientErrorType = keyof typeof clientErrorTypes;

/** Every error type this package defines. Servers may add their own. */
export type RpcErrorType = ServerErrorType | ClientErrorType;

/**
 * The HTTP status a server sends with an error type. Unknown types map to 500.
 *
 * @param type An error type.
 * @returns Its HTTP status.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { statusOfErrorType } from './error-types.ts';
 * assert.equal(statusOfErrorType('conflict'), 409);
 * assert.equal(statusOfErrorType('made_up'), 500);
 * ```
 */
export function statusOfErrorType(type: string): number {
  return Object.hasOwn(rpcErrorStatus, type) ? rpcErrorStatus[type as ServerErrorType] : 500;
}
