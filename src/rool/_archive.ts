// Space archives over HTTP (docs/rool-archive.md): the SDK only moves bytes. The server builds
// and reads the zip, so the SDK stays free of a zip library. Both requests carry the client's
// token and `Rool-Client-Id`, honour the client's timeout and injected fetch, and turn error
// envelopes into RoolError as RPC calls do.
import { isRecord, parseEnvelope, parseJson, readEnvelope } from '../rpc/_envelope.ts';
import { exchange, exchangeResponse } from '../rpc/_exchange.ts';
import type { RpcResult } from '../rpc/client.ts';
import { readCappedText } from './_body.ts';
import { contextFetch, requestHeaders, type RoolRequestContext } from './_transport.ts';
import { invalidArgument, toRoolError } from './errors.ts';
import type { RoolSpaceInfo } from './types.ts';

/** The media type of a space archive. */
const archiveMediaType = 'application/zip';
/** Most bytes of an error answer read; an envelope is far smaller. */
const maxErrorBytes = 64 * 1024;

/** What an archive transfer needs: the client's request context and its timeout. */
interface ArchiveTransfer {
  /** The client's request context: API URL, fetch, token and client ID. */
  context: RoolRequestContext;
  /** Timeout per transfer in milliseconds; 0 means none. */
  timeoutMs: number;
}

/** What `importArchive` accepts as an archive. */
export type ArchiveInput = Blob | ArrayBuffer | Uint8Array;

/**
 * Downloads a space's archive: `GET {apiUrl}/v1/spaces/{spaceId}/archive`.
 *
 * @param transfer The client's request context and timeout.
 * @param spaceId The space.
 * @returns The zip, typed `application/zip`.
 * @throws {RoolError} The server's error (`not_found`, `forbidden`, …), `timeout`, `aborted`, or
 * `transport_error` for a network failure or an answer that is neither a zip nor an envelope.
 */
export async function downloadArchive(transfer: ArchiveTransfer, spaceId: string): Promise<Blob> {
  const { context, timeoutMs } = transfer;
  const url = `${context.apiUrl}/v1/spaces/${encodeURIComponent(spaceId)}/archive`;
  const headers = await requestHeaders(context, { accept: archiveMediaType });
  const result = await exchangeResponse(url, { headers }, {
    fetch: contextFetch(context),
    timeout: timeoutMs,
    signals: [],
    read: readArchive,
  });
  if (!result.ok) throw toRoolError(result.error);
  return result.value;
}

/** The zip on success, else the answer's error envelope (or `transport_error`). */
async function readArchive(response: Response): Promise<RpcResult<Blob>> {
  const { status } = response;
  const type = response.headers.get('content-type');
  if (response.ok && type?.split(';')[0].trim().toLowerCase() === archiveMediaType) {
    return {
      ok: true,
      value: new Blob([await response.arrayBuffer()], { type: archiveMediaType }),
    };
  }
  const { text } = await readCappedText(response, maxErrorBytes);
  const answer = parseEnvelope<never>(text, status, type);
  if (!answer.ok) return answer;
  const message = `Response is not a zip (HTTP ${status})`;
  return { ok: false, error: { type: 'transport_error', message, status } };
}

/**
 * Uploads an archive as a new space: `POST {apiUrl}/v1/spaces/import?name=NAME`.
 *
 * @param transfer The client's request context and timeout.
 * @param name The new space's name, 1–200 characters.
 * @param archive The zip.
 * @returns The new space's info; the space is the caller's.
 * @throws {RoolError} `validation_error` (status 0) for a bad name or archive argument; the
 * server's error (`validation_error` for a refused archive, `payload_too_large`, …); `timeout`,
 * `aborted` or `transport_error`.
 */
export async function uploadArchive(
  transfer: ArchiveTransfer,
  name: string,
  archive: ArchiveInput,
): Promise<RoolSpaceInfo> {
  // Counted in code points, as the server's schema counts them.
  const length = typeof name === 'string' ? [...name].length : 0;
  if (length < 1 || length > 200) {
    throw invalidArgument('Space name must be 1–200 characters');
  }
  const body = archiveBody(archive);
  const { context, timeoutMs } = transfer;
  const url = `${context.apiUrl}/v1/spaces/import?name=${encodeURIComponent(name)}`;
  const headers = await requestHeaders(context, { 'content-type': archiveMediaType });
  const result = await exchange(url, { method: 'POST', headers, body }, {
    fetch: contextFetch(context),
    timeout: timeoutMs,
    signals: [],
    read: readImportAnswer,
  });
  if (!result.ok) throw toRoolError(result.error);
  return result.value;
}

function archiveBody(archive: ArchiveInput): Blob {
  if (archive instanceof Blob) return archive;
  if (archive instanceof ArrayBuffer) return new Blob([archive]);
  if (archive instanceof Uint8Array) return new Blob([archive as Uint8Array<ArrayBuffer>]);
  throw invalidArgument('An archive must be a Blob, an ArrayBuffer or a Uint8Array');
}

/** The new space's info on success, else the most specific error the answer allows. */
function readImportAnswer(
  text: string,
  status: number,
  contentType: string | null,
): RpcResult<RoolSpaceInfo> {
  const body = parseJson(text, status, contentType);
  if (!body.ok) return body;
  const data = body.value;
  const success = status >= 200 && status < 300;
  if (success && isRecord(data) && typeof data.id === 'string' && typeof data.name === 'string') {
    return { ok: true, value: data as unknown as RoolSpaceInfo };
  }
  if (isRecord(data) && data.ok === false) return readEnvelope(data, status);
  const message = `Response is not a space (HTTP ${status})`;
  return { ok: false, error: { type: 'transport_error', message, status } };
}
