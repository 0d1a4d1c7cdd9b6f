// Prompt attachments on the wire: paths and URIs go by reference in `attachments`, unchanged.
// Local files (File, Blob, or base64 data) are uploaded first through the space's WebDAV, to
// `/rool-drive/attachments/<folder>/<name>`, and go by their `rool-machine:` URI: the agent then
// reads them like any other drive file, and they stay in the space for later prompts. A caller
// who may not write files (a viewer: 403) still gets to attach them: they then go inline, in
// base64, in `ai.prompt`'s `files`, as before uploads existed, up to that field's limit.
import { base64ToBytes, bytesToBase64 } from './_base64.ts';
import type { PromptAttachment } from './channel-options.ts';
import type { InlineAttachment } from './conversation-methods.ts';
import { invalidArgument, RoolError } from './errors.ts';
import { machineUri } from './paths.ts';
import { WebDAVError } from './webdav-error.ts';
import type {
  WebDAVBody,
  WebDAVCallOptions,
  WebDAVPutOptions,
  WebDAVWriteResult,
} from './webdav-types.ts';

/** Where uploaded attachments go, one folder per prompt. */
export const attachmentsRoot = '/rool-drive/attachments';
/**
 * Most attachments one prompt may carry: `@maxItems` of `PromptInput.attachments`
 * (conversation-methods.ts), where every attachment ends up once uploaded.
 */
export const maxAttachments = 50;
/**
 * Most local files that may go inline: `@maxItems` of `PromptInput.files`
 * (conversation-methods.ts).
 */
export const maxInlineFiles = 10;
/**
 * Longest name an uploaded file gets, in code points, its extension and a `-N` that tells it from
 * another file of the same name in the same prompt included.
 */
const maxNameLength = 100;

/**
 * Base64 as `ai.prompt`'s `files` take it: standard alphabet, padded (RFC 4648 §4). Inline data in
 * another form the SDK accepts (base64url, unpadded) is decoded and encoded again.
 */
const standardBase64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** What uploads need of the space's WebDAV client (`RoolWebDAV` fits). */
export interface AttachmentStorage {
  mkcol(path: string, options?: WebDAVCallOptions): Promise<void>;
  put(path: string, body: WebDAVBody, options?: WebDAVPutOptions): Promise<WebDAVWriteResult>;
}

/** Where and how a prompt's local files are uploaded. */
export interface UploadTarget {
  /** The space's storage. */
  storage: AttachmentStorage;
  /** The folder's name under `/rool-drive/attachments`, e.g. the prompt's interaction ID. */
  folder: string;
  /** Aborts the uploads. */
  signal?: AbortSignal;
}

interface LocalFile {
  body: Blob | Uint8Array<ArrayBuffer>;
  /** The base64 it was given as, when in the form `files` takes: sent as is when it goes inline. */
  data?: string;
  contentType: string;
  filename: string | undefined;
}

/** `ai.prompt`'s `attachments` and `files`, each absent when empty. */
export interface EncodedAttachments {
  attachments?: string[];
  files?: InlineAttachment[];
}

/**
 * The `attachments` of an `ai.prompt` input: references as given, and each
 * local file uploaded and replaced by its `rool-machine:` URI, in order; or,
 * when the caller may not write files, the local files inline in `files`.
 *
 * @returns Neither field when there are no attachments.
 * @throws {RoolError} `validation_error` for a malformed attachment (before any upload);
 * `forbidden` (403) when the caller may not write files and more local files are given than may
 * go inline.
 * @throws {WebDAVError} When an upload fails.
 */
export async function encodeAttachments(
  attachments: PromptAttachment[] | undefined,
  target: UploadTarget,
): Promise<EncodedAttachments> {
  if (attachments === undefined || attachments.length === 0) return {};
  if (!Array.isArray(attachments) || attachments.length > maxAttachments) {
    throw invalidArgument(`Attachments must be a list of at most ${maxAttachments}`);
  }
  // Everything is checked before the first upload, so a bad attachment leaves no files behind.
  const sorted = attachments.map(toReferenceOrFile);
  const files = sorted.filter((item): item is LocalFile => typeof item !== 'string');
  if (files.length === 0) return { attachments: sorted as string[] };
  const folder = `${attachmentsRoot}/${target.folder}`;
  try {
    await createFolder(target.storage, folder, target.signal);
  } catch (error) {
    if (!(error instanceof WebDAVError && error.status === 403)) throw error;
    if (files.length > maxInlineFiles) {
      throw new RoolError({
        type: 'forbidden',
        status: 403,
        message: `Files cannot be uploaded here (403), and at most ${maxInlineFiles} can be sent ` +
          `inline instead: ${files.length} given`,
        cause: error,
      });
    }
    return await inline(sorted);
  }
  const names = new Set<string>();
  const references: string[] = [];
  for (const item of sorted) {
    if (typeof item === 'string') {
      references.push(item);
      continue;
    }
    const path = `${folder}/${uniqueName(fileName(item), names)}`;
    await target.storage.put(path, item.body, {
      contentType: item.contentType,
      ifNoneMatch: '*',
      signal: target.signal,
    });
    references.push(machineUri(path));
  }
  return { attachments: references };
}

/** References in `attachments`, local files in `files` with their bytes in base64. */
async function inline(sorted: (string | LocalFile)[]): Promise<EncodedAttachments> {
  const references = sorted.filter((item): item is string => typeof item === 'string');
  const files: InlineAttachment[] = [];
  for (const item of sorted) {
    if (typeof item === 'string') continue;
    const data = item.data ??
      bytesToBase64(
        item.body instanceof Blob ? new Uint8Array(await item.body.arrayBuffer()) : item.body,
      );
    const file: InlineAttachment = { data, contentType: item.contentType };
    if (item.filename !== undefined) file.filename = item.filename;
    files.push(file);
  }
  return references.length > 0 ? { attachments: references, files } : { files };
}

function toReferenceOrFile(attachment: PromptAttachment): string | LocalFile {
  if (typeof attachment === 'string') return attachment;
  if (attachment instanceof Blob) {
    // A File is a Blob with a name; a bare Blob has none.
    const name = (attachment as Partial<File>).name;
    return {
      body: attachment,
      contentType: attachment.type || 'application/octet-stream',
      filename: typeof name === 'string' && name !== '' ? name : undefined,
    };
  }
  if (isInline(attachment)) {
    let body: Uint8Array<ArrayBuffer>;
    try {
      body = base64ToBytes(attachment.data);
    } catch {
      throw invalidArgument('Attachment data must be base64');
    }
    return {
      body,
      ...(standardBase64.test(attachment.data) ? { data: attachment.data } : {}),
      contentType: attachment.contentType,
      filename: attachment.filename,
    };
  }
  throw invalidArgument(
    'Attachment must be a path, a rool-machine: URI, a File, a Blob or {data, contentType}',
  );
}

function isInline(
  value: unknown,
): value is { data: string; contentType: string; filename?: string } {
  const candidate = value as { data?: unknown; contentType?: unknown; filename?: unknown } | null;
  return typeof candidate === 'object' && candidate !== null &&
    typeof candidate.data === 'string' && typeof candidate.contentType === 'string' &&
    (candidate.filename === undefined || typeof candidate.filename === 'string');
}

/** Creates the prompt's folder, and `/rool-drive/attachments` first when it is missing. */
async function createFolder(
  storage: AttachmentStorage,
  folder: string,
  signal: AbortSignal | undefined,
): Promise<void> {
  try {
    await storage.mkcol(folder, { signal });
    return;
  } catch (error) {
    // RFC 4918 §9.3.1: 409 when the parent is missing.
    if (!(error instanceof WebDAVError && error.status === 409)) throw error;
  }
  try {
    await storage.mkcol(attachmentsRoot, { signal });
  } catch (error) {
    // 405: it exists already (another prompt created it meanwhile).
    if (!(error instanceof WebDAVError && error.status === 405)) throw error;
  }
  await storage.mkcol(folder, { signal });
}

const extensions: Record<string, string> = {
  'application/json': '.json',
  'application/pdf': '.pdf',
  'image/gif': '.gif',
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/svg+xml': '.svg',
  'image/webp': '.webp',
  'text/csv': '.csv',
  'text/html': '.html',
  'text/markdown': '.md',
  'text/plain': '.txt',
};

/**
 * A file's name as a path segment: the last segment of its own, with
 * anything but letters, digits, `.`, `_` and `-` replaced by `_` and no
 * leading dot; or
 * `attachment` with the extension of its content type.
 */
function fileName(file: LocalFile): string {
  // Only the last segment of a name that carries a path (`C:\\docs\\a.pdf`, `../a.pdf`).
  const base = (file.filename ?? '').split(/[\\/]/).pop()!;
  const safe = base.normalize('NFC').replace(/[^\p{L}\p{N}._-]+/gu, '_')
    .replace(/^\.+/, '');
  if (safe !== '') return shorten(safe);
  const type = file.contentType.split(';')[0]!.trim().toLowerCase();
  return `attachment${extensions[type] ?? ''}`;
}

/**
 * `stem` + `suffix`, the stem cut so that the whole is at most {@linkcode maxNameLength} code
 * points (cut by code points: half a surrogate pair would not percent-encode).
 */
function fit(stem: string, suffix: string): string {
  const room = maxNameLength - [...suffix].length;
  const points = [...stem];
  return (points.length <= room ? stem : points.slice(0, room).join('')) + suffix;
}

/** A name's stem and extension (at most 16 characters, dot included; none for `.hidden`). */
function split(name: string): [stem: string, extension: string] {
  const dot = name.lastIndexOf('.');
  return dot > 0 && name.length - dot <= 16 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
}

function shorten(name: string): string {
  return fit(...split(name));
}

/**
 * `name`, or `name-2`, `name-3`, … (before the extension) when taken in this prompt; the stem is
 * cut to keep the whole within {@linkcode maxNameLength}.
 */
function uniqueName(name: string, taken: Set<string>): string {
  const [stem, extension] = split(name);
  let candidate = name;
  for (let n = 2; taken.has(candidate); n++) candidate = fit(stem, `-${n}${extension}`);
  taken.add(candidate);
  return candidate;
}
