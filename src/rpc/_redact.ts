// Keeps the request's own credential out of the errors a call returns. The client never puts
// it there itself: its own messages name statuses and content types, never a body or a header,
// and runtimes' network errors name the URL only. But a server's error message and path are
// passed on as sent, and a careless server may quote the credential back, so those two are
// scrubbed. Runs on failed results only, so a successful call pays nothing; kept small because
// every client bundle carries it (the Roj client's budget is 3 KB gzipped).
import type { RpcResult } from './client.ts';

/**
 * `result`, with the credential of the request's `Authorization` header (its last word, e.g.
 * the token of `Bearer <token>`) replaced by `[redacted]` in the error's message and path. A
 * credential under 8 characters is left alone: it is no secret worth garbling a message for.
 *
 * @param result A call's result.
 * @param headers The request's headers.
 * @returns `result` itself when it succeeded or quotes no credential, else a redacted copy.
 */
export function redactCredentials<T>(
  result: RpcResult<T>,
  headers: HeadersInit | undefined,
): RpcResult<T> {
  if (result.ok || !headers) return result;
  const secret = new Headers(headers).get('authorization')?.split(' ').pop() ?? '';
  const { message, path } = result.error;
  if (secret.length < 8 || !`${message} ${path}`.includes(secret)) return result;
  const error = { ...result.error, message: message.replaceAll(secret, '[redacted]') };
  if (path !== undefined) error.path = path.replaceAll(secret, '[redacted]');
  return { ok: false, error };
}
