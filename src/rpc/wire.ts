/**
 * The RPC wire format: what travels over HTTP.
 *
 * A call is `POST {endpoint}` with a JSON {@linkcode RpcRequest}; the answer is a
 * JSON {@linkcode RpcResponse}. `codegen/` reads these types to describe the
 * envelopes in the OpenAPI document, so they are the single definition.
 *
 * @module
 */

/** The request envelope: which method to call and with what input. */
export interface RpcRequest<M extends string = string, I = unknown> {
  /** The registry method name, e.g. `instances.create`. */
  method: M;
  /** The method's input. */
  input: I;
}

/** An error reported by the server, or by the client for a failed exchange. */
export interface RpcError {
  /** A stable, machine-readable error type such as `not_found` (see `rpcErrorStatus`). */
  type: string;
  /** A human-readable explanation. It never contains a secret. */
  message: string;
  /** JSON Pointer to the offending input field, for `validation_error`. */
  path?: string;
}

/** A successful response envelope. */
export interface RpcSuccess<T = unknown> {
  /** Always `true`. */
  ok: true;
  /** The method's output. */
  value: T;
  /** Never present on success. */
  error?: undefined;
}

/** A failed response envelope. */
export interface RpcFailure {
  /** Always `false`. */
  ok: false;
  /** What went wrong. */
  error: RpcError;
  /** Never present on failure. */
  value?: undefined;
}

/**
 * The response envelope: `{ok: true, value}` or `{ok: false, error}`.
 *
 * Each variant declares the other's field as absent, so `response.error` and
 * `response.value` can be read before narrowing (the published client does).
 */
export type RpcResponse<T = unknown> = RpcSuccess<T> | RpcFailure;
