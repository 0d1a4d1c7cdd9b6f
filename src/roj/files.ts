/**
 * Types of the multipart upload route `POST /api/v1/files/upload`.
 *
 * @module
 */

/** The multipart form of an upload. */
export interface UploadFileForm {
  /** The file's bytes; the part's filename becomes the stored filename. */
  file: Blob;
}

/** The answer to an upload. */
export interface UploadFileOutput {
  /** Always `true`. */
  ok: true;
  /** The new file's id, to pass as `fileId` to `resources.create`. */
  fileId: string;
  /** The stored filename. */
  filename: string;
  /** The MIME type, from the part's `Content-Type`. */
  mimeType: string;
  /** The size in bytes. */
  size: number;
  /** The storage key of the bytes. */
  r2Key: string;
}
