/**
 * The multipart upload, `POST /api/v1/files/upload` (docs/roj-contract.md §4).
 * The body limit is enforced while the body streams in, before the parser sees
 * a byte past it, so an oversized chunked body is refused as surely as one with
 * a `Content-Length`; so are the time limits, so a stalled upload is answered 408.
 *
 * The body is parsed with `@remix-run/multipart-parser`, a streaming parser
 * that reads each part's own headers, rather than with Hono's `parseBody`: that
 * delegates to the runtime's `Request.formData()`, and Bun's (1.4) replaces a
 * part's `Content-Type` with a guess from the filename (oven-sh/bun#39884).
 * The mock must answer alike on every runtime.
 *
 * @module
 */
import { type MultipartPart, parseMultipartRequest } from '@remix-run/multipart-parser';
import type { UploadFileOutput } from '../../../src/roj/files.ts';
import { findFault, limitBody } from '../../rpc/body.ts';
import { faultResponse, RpcFault } from '../../rpc/fault.ts';
import type { MockRuntime, PlatformContext } from '../context.ts';
import { type FileRecord, nextId } from '../state.ts';
import { endAtCloseDelimiter } from './multipart-end.ts';

/**
 * Stores the `file` part of a multipart upload. The caller has checked the API
 * key; this checks the media type (415), the size (413) and time (408), that the body parses
 * (400 `invalid_request`) and that `file` is one file (400 at `/file`), and
 * stores nothing unless all pass.
 *
 * @param request The upload request.
 * @param ctx The request's context: the state, limits and request time.
 * @returns `{ok: true, fileId, filename, mimeType, size, r2Key}`, or the error envelope.
 *
 * @example Usage
 * ```ts ignore
 * app.post('/api/v1/files/upload', (c) => uploadFile(c.req.raw, ctx));
 * ```
 */
export async function uploadFile(request: Request, ctx: PlatformContext): Promise<Response> {
  try {
    const file = await readFilePart(request, ctx.runtime);
    const bytes = file.bytes;
    const id = nextId(ctx.state, 'fil');
    const filename = (partFilename(file) ?? '').split(/[/\\]/).pop() || 'blob';
    const record: FileRecord = {
      id,
      filename,
      mimeType: file.mediaType || 'application/octet-stream',
      size: bytes.byteLength,
      r2Key: `files/${id}/${filename}`,
      bytes,
      createdAt: ctx.now,
    };
    ctx.state.files.set(id, record);
    const output: UploadFileOutput = {
      ok: true,
      fileId: id,
      filename: record.filename,
      mimeType: record.mimeType,
      size: record.size,
      r2Key: record.r2Key,
    };
    return Response.json(output);
  } catch (error) {
    const fault = findFault(error);
    if (fault) return faultResponse(fault);
    throw error;
  }
}

async function readFilePart(request: Request, runtime: MockRuntime): Promise<MultipartPart> {
  const maxBytes = runtime.limits.uploadBytes;
  const mediaType = request.headers.get('content-type')?.split(';')[0].trim().toLowerCase();
  if (mediaType !== 'multipart/form-data') {
    throw new RpcFault('unsupported_media_type', 'Content-Type must be multipart/form-data');
  }
  const files: MultipartPart[] = [];
  let plainField = false;
  try {
    // The body ends at its close delimiter: the parser throws on an epilogue in a later chunk.
    const limited = limitBody(request, maxBytes, runtime.bodyTime.upload);
    const parts = parseMultipartRequest(endAtCloseDelimiter(limited), {
      maxFileSize: maxBytes,
      maxTotalSize: maxBytes,
      maxParts: 100,
    });
    for await (const part of parts) {
      if (part.name !== 'file') continue;
      if (part.isFile) files.push(part);
      else plainField = true;
    }
  } catch (error) {
    // A stream cut off at the limit surfaces as the runtime's own error, wrapping the fault.
    throw findFault(error) ??
      new RpcFault('invalid_request', 'Body is not valid multipart/form-data', { cause: error });
  }
  if (files.length > 1 || (files.length === 1 && plainField)) {
    throw new RpcFault('validation_error', 'Send one file part, not several', { path: '/file' });
  }
  if (files.length === 0) {
    throw plainField
      ? new RpcFault('validation_error', 'The file part must be a file, not a plain field', {
        path: '/file',
      })
      : new RpcFault('validation_error', 'Missing the file part: send the file as field "file"', {
        path: '/file',
      });
  }
  return files[0];
}

// HTML's multipart/form-data encoding escapes only `"`, CR and LF (as %22, %0D, %0A) and sends
// backslashes as they are, so `filename="C:\dir\a.txt"` holds a Windows path, not escapes. The
// parser reads quoted strings by RFC 9110 rules; take the browser's form first, then `filename*`.
function partFilename(part: MultipartPart): string | undefined {
  const disposition = part.headers['content-disposition'] ?? '';
  return /;\s*filename="([^"]*)"/i.exec(disposition)?.[1] ?? part.filename;
}
