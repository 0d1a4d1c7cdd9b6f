/**
 * `RpcFault`: what a handler throws to answer with an error envelope. Its
 * HTTP status comes from the shared error table, so server and client agree.
 *
 * @module
 */
import { type ServerErrorType, statusOfErrorType } from '../../src/rpc/error-types.ts';
import type { RpcError } from '../../src/rpc/wire.ts';

/** An error a server answers with, as `{ok: false, error: {type, message, path?}}`. */
export class RpcFault extends Error {
  /** The error type, e.g. `not_found`. */
  readonly type: ServerErrorType;
  /** The HTTP status, from the shared table. */
  readonly status: number;
  /** JSON Pointer to the offending input field, for `validation_error`. */
  readonly path?: string;
  /** Response headers the fault asks for, e.g. `Connection: close` after a body cut off. */
  readonly headers?: Readonly<Record<string, string>>;

  /**
   * Creates a fault.
   *
   * @param type The error type; its status comes from `rpcErrorStatus`.
   * @param message What was wrong and what is allowed. Never include a secret.
   * @param options The failing path, response headers, and the cause (never sent).
   */
  constructor(
    type: ServerErrorType,
    message: string,
    options?: { path?: string; cause?: unknown; headers?: Readonly<Record<string, string>> },
  ) {
    super(message, { cause: options?.cause });
    this.name = 'RpcFault';
    this.type = type;
    this.status = statusOfErrorType(type);
    if (options?.path !== undefined) this.path = options.path;
    if (options?.headers !== undefined) this.headers = options.headers;
  }

  /**
   * The wire form of this fault.
   *
   * @returns `{type, message, path?}`.
   */
  toRpcError(): RpcError {
    return this.path === undefined
      ? { type: this.type, message: this.message }
      : { type: this.type, message: this.message, path: this.path };
  }
}

/**
 * The error envelope for a fault, as a `Response`.
 *
 * @param fault The fault.
 * @param headers Extra response headers, besides those the fault asks for.
 * @returns A JSON response with the fault's status.
 */
export function faultResponse(fault: RpcFault, headers?: Record<string, string>): Response {
  const all = fault.headers === undefined ? headers : { ...fault.headers, ...headers };
  return Response.json({ ok: false, error: fault.toRpcError() }, {
    status: fault.status,
    headers: all,
  });
}
