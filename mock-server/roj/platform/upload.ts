/**
 * The multipart upload, `POST /api/v1/files/upload` (docs/roj-contract.md §4).
 * The body limit is enforced while the body streams in, before Hono's body
 * parser sees a byte past it, so an oversized chunked body is refused as
 * surely as one with a `Content-Length`.
 *
 * @module
 */
import { parseBody } from 'hono/utils/body';
import type { UploadFileOutput } from '../../../src/roj/files.ts';
import { findFault, limitBody } from '../../rpc/body.ts';
import { faultResponse, RpcFault } from '../../rpc/fault.ts';
import type { PlatformContext } from '../context.ts';
import { type FileRecord, nextId } from '../state.ts';

/**
 * Stores the `file` part of a multipart upload. The caller has checked the API
 * key; this checks the media type (415), the size (413), that the body parses
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
    const file = await readFilePart(request, ctx.runtime.limits.uploadBytes);
    const bytes = new Uint8Array(await file.arrayBuffer());
    const id = nextId(ctx.state, 'fil');
    // Bun gives a part sent without a filename no `name` at all, rather than an empty one.
    const name = typeof file.name === 'string' ? file.name : '';
    const filename = name.split(/[/\\]/).pop() || 'blob';
    const record: FileRecord = {
      id,
      filename,
      mimeType: file.type || 'application/octet-stream',
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

async function readFilePart(request: Request, maxBytes: number): Promise<File> {
  const mediaType = request.headers.get('content-type')?.split(';')[0].trim().toLowerCase();
  if (mediaType !== 'multipart/form-data') {
    throw new RpcFault('unsupported_media_type', 'Content-Type must be multipart/form-data');
  }
  let form: Record<string, unknown>;
  try {
    form = await parseBody(limitBody(request, maxBytes), { all: true });
  } catch (error) {
    // A stream cut off at the limit surfaces as the runtime's own error, wrapping the fault.
    throw findFault(error) ??
      new RpcFault('invalid_request', 'Body is not valid multipart/form-data', { cause: error });
  }
  const part = form.file;
  if (part === undefined) {
    throw new RpcFault('validation_error', 'Missing the file part: send the file as field "file"', {
      path: '/file',
    });
  }
  if (Array.isArray(part)) {
    throw new RpcFault('validation_error', 'Send one file part, not several', { path: '/file' });
  }
  if (!(part instanceof File)) {
    throw new RpcFault('validation_error', 'The file part must be a file, not a plain field', {
      path: '/file',
    });
  }
  return part;
}
