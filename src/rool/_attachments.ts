// Prompt attachments on the wire: paths and URIs go by reference in `attachments`; local files
// (File, Blob, or base64 data) go inline, base64-encoded, in `files`.
import { bytesToBase64 } from './_base64.ts';
import type { PromptAttachment } from './channel-options.ts';
import type { InlineAttachment } from './conversation-methods.ts';
import { invalidArgument } from './errors.ts';

/** `ai.prompt`'s `attachments` and `files`, each absent when empty. */
export interface EncodedAttachments {
  attachments?: string[];
  files?: InlineAttachment[];
}

/** Sorts attachments into references and inline files, reading local files' bytes. */
export async function encodeAttachments(
  attachments: PromptAttachment[] | undefined,
): Promise<EncodedAttachments> {
  const references: string[] = [];
  const files: InlineAttachment[] = [];
  for (const attachment of attachments ?? []) {
    if (typeof attachment === 'string') {
      references.push(attachment);
    } else if (attachment instanceof Blob) {
      const file: InlineAttachment = {
        data: bytesToBase64(new Uint8Array(await attachment.arrayBuffer())),
        contentType: attachment.type || 'application/octet-stream',
      };
      // A File is a Blob with a name; a bare Blob has none.
      const name = (attachment as Partial<File>).name;
      if (typeof name === 'string' && name !== '') file.filename = name;
      files.push(file);
    } else if (isInline(attachment)) {
      const file: InlineAttachment = { data: attachment.data, contentType: attachment.contentType };
      if (attachment.filename !== undefined) file.filename = attachment.filename;
      files.push(file);
    } else {
      throw invalidArgument(
        'Attachment must be a path, a rool-machine: URI, a File, a Blob or {data, contentType}',
      );
    }
  }
  const encoded: EncodedAttachments = {};
  if (references.length > 0) encoded.attachments = references;
  if (files.length > 0) encoded.files = files;
  return encoded;
}

function isInline(
  value: unknown,
): value is { data: string; contentType: string; filename?: string } {
  const candidate = value as { data?: unknown; contentType?: unknown; filename?: unknown } | null;
  return typeof candidate === 'object' && candidate !== null &&
    typeof candidate.data === 'string' && typeof candidate.contentType === 'string' &&
    (candidate.filename === undefined || typeof candidate.filename === 'string');
}
