// Turns an HTTP response into an RPC result without ever throwing: proxies answer with HTML
// error pages, empty bodies and truncated JSON, and none of those may surface as SyntaxError.
// The two steps are separate so that routes answering other JSON (uploads) can reuse both.
import type { RpcCallError, RpcResult } from './client.ts';

/** Reads `text` as an envelope; anything else becomes a `transport_error` carrying `status`. */
export function parseEnvelope<T>(
  text: string,
  status: number,
  contentType: string | null,
): RpcResult<T> {
  const body = parseJson(text, status, contentType);
  return body.ok ? readEnvelope<T>(body.value, status) : body;
}

/** Parses `text` as JSON; an empty or non-JSON body becomes a `transport_error`. */
export function parseJson(
  text: string,
  status: number,
  contentType: string | null,
): RpcResult<unknown> {
  if (text.trim() === '') {
    return transportError(status, `Empty response body (HTTP ${status})`);
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    const kind = contentType?.split(';')[0]?.trim() || 'unknown content type';
    return transportError(status, `Response is not JSON (HTTP ${status}, ${kind})`);
  }
}

/** Reads parsed JSON as an envelope; anything else becomes a `transport_error`. */
export function readEnvelope<T>(data: unknown, status: number): RpcResult<T> {
  if (!isRecord(data) || typeof data.ok !== 'boolean') {
    return transportError(status, `Response is not an RPC envelope (HTTP ${status})`);
  }
  const ok = status >= 200 && status < 300;
  if (data.ok === true && ok) {
    return { ok: true, value: data.value as T };
  }
  if (data.ok === false && isRpcError(data.error)) {
    const error: RpcCallError = { type: data.error.type, message: data.error.message, status };
    if (typeof data.error.path === 'string') error.path = data.error.path;
    return { ok: false, error };
  }
  if (!ok) return transportError(status, `HTTP ${status}`);
  return { ok: false, error: { type: 'unknown_error', message: 'Unknown error', status } };
}

/** A `transport_error` result. */
export function transportError(status: number, message: string, cause?: unknown): RpcResult<never> {
  const error: RpcCallError = { type: 'transport_error', message, status };
  if (cause !== undefined) error.cause = cause;
  return { ok: false, error };
}

/** Whether `value` is a plain JSON object (not `null`, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRpcError(value: unknown): value is { type: string; message: string; path?: unknown } {
  return isRecord(value) && typeof value.type === 'string' && typeof value.message === 'string';
}
