// The multipart upload: outside the RPC envelope on success (the answer is the output itself),
// but inside it on failure, and behind proxies that answer with anything. The body is parsed
// by the core's defensive reader, so no answer ever surfaces as a SyntaxError.
import { isRecord, parseJson, readEnvelope } from '../rpc/_envelope.ts';
import { exchange } from '../rpc/_exchange.ts';
import type { FetchFn, RpcResult } from '../rpc/client.ts';
import { RojApiError } from './errors.ts';
import type { UploadFileOutput } from './files.ts';

/** Where and how to send an upload. */
export interface UploadRequest {
  /** The full upload URL. */
  url: string;
  /** Headers, including `Authorization`; `Content-Type` is left to `fetch` (it holds the boundary). */
  headers: HeadersInit;
  /** The `fetch` to use. */
  fetch?: FetchFn;
  /** Timeout in milliseconds; 0 or absent means none. */
  timeout?: number;
  /** Aborts the upload when it fires. */
  signal?: AbortSignal;
}

/** Posts `file` as the multipart part `file`, named `filename` when given. */
export async function uploadFile(
  file: Blob,
  filename: string | undefined,
  request: UploadRequest,
): Promise<UploadFileOutput> {
  const form = new FormData();
  // Passing `undefined` explicitly would not keep a File's own name on every runtime.
  if (filename === undefined) form.append('file', file);
  else form.append('file', file, filename);
  // fetch writes the multipart Content-Type with its boundary; a client-wide one would break it.
  const headers = new Headers(request.headers);
  headers.delete('content-type');
  const result = await exchange(request.url, {
    method: 'POST',
    headers,
    body: form,
  }, {
    fetch: request.fetch,
    timeout: request.timeout ?? 0,
    signals: [request.signal],
    read: readUploadAnswer,
  });
  if (!result.ok) throw new RojApiError(result.error);
  return result.value;
}

/** Reads an upload's answer: the output on success, else the most specific error available. */
function readUploadAnswer(
  text: string,
  status: number,
  contentType: string | null,
): RpcResult<UploadFileOutput> {
  const body = parseJson(text, status, contentType);
  if (!body.ok) return body;
  const data = body.value;
  const success = status >= 200 && status < 300;
  if (success && isUploadOutput(data)) return { ok: true, value: data };
  // An error envelope, `{ok: false, error: {type, message}}`, as the RPC endpoints send.
  if (isRecord(data) && data.ok === false) return readEnvelope(data, status);
  if (success) {
    const message = `Response is not an upload result (HTTP ${status})`;
    return { ok: false, error: { type: 'transport_error', message, status } };
  }
  // Plain error bodies, `{error}` or `{message}`, as the published 0.0.2 client read them.
  const message = isRecord(data) && typeof data.error === 'string'
    ? data.error
    : isRecord(data) && typeof data.message === 'string'
    ? data.message
    : `HTTP ${status}`;
  return { ok: false, error: { type: 'http_error', message, status } };
}

function isUploadOutput(data: unknown): data is UploadFileOutput {
  return isRecord(data) && data.ok === true && typeof data.fileId === 'string';
}
