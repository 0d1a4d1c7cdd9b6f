/**
 * WebDAV errors (RFC 4918 §16): a status, a message and, for a failed
 * precondition or postcondition, its `DAV:` condition element. The answer is
 * an XML `DAV:error` body holding the condition and the message (in the
 * `urn:rool:webdav` namespace). Refusals of the files model, RPC faults and
 * XML errors map onto it in one table.
 *
 * @module
 */
import { escapeXml, XmlError } from '../../../src/rool/_xml.ts';
import { RpcFault } from '../../rpc/fault.ts';
import { FilesError, type FilesErrorType } from '../files/errors.ts';

/** The namespace of the mock's own elements in WebDAV bodies. */
export const roolDavNs = 'urn:rool:webdav';

/** What a {@linkcode DavError} is made from. */
export interface DavErrorInit {
  /** The `DAV:` condition, e.g. `lock-token-submitted`, if one failed. */
  condition?: string;
  /** Hrefs the condition names (the locked resources). */
  hrefs?: readonly string[];
  /** Extra response headers (`Allow`, `WWW-Authenticate`). */
  headers?: Record<string, string>;
  /** The underlying error. */
  cause?: unknown;
}

/**
 * A refused WebDAV request.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { DavError } from './errors.ts';
 * const error = new DavError(412, 'The ETag does not match');
 * assert.equal(error.status, 412);
 * ```
 */
export class DavError extends Error {
  /** Always `DavError`. */
  override readonly name = 'DavError';
  /** The HTTP status. */
  readonly status: number;
  /** The failed `DAV:` condition's local name, if any. */
  readonly condition?: string;
  /** Hrefs inside the condition element. */
  readonly hrefs: readonly string[];
  /** Extra response headers. */
  readonly headers: Record<string, string>;

  /**
   * Creates the error.
   *
   * @param status The HTTP status.
   * @param message What was wrong and what is allowed; never a secret.
   * @param init The condition, its hrefs, headers and cause.
   */
  constructor(status: number, message: string, init: DavErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = status;
    if (init.condition !== undefined) this.condition = init.condition;
    this.hrefs = init.hrefs ?? [];
    this.headers = init.headers ?? {};
  }
}

const filesStatus: Record<FilesErrorType, number> = {
  not_found: 404,
  parent_missing: 409,
  exists: 405,
  not_allowed: 405,
  forbidden: 403,
  storage_full: 507,
  too_large: 413,
  invalid_path: 400,
  invalid_content: 400,
  unsupported_media_type: 415,
  precondition_failed: 412,
  locked: 423,
};

/**
 * The status a refusal of the files model is answered with.
 *
 * @param type The refusal's type.
 * @returns The HTTP status.
 */
export function statusOfFilesError(type: FilesErrorType): number {
  return filesStatus[type];
}

/**
 * The {@linkcode DavError} an error is answered with, or `undefined` for an unexpected error (a
 * bug).
 *
 * @param error What a handler threw.
 * @param hrefOf The href of a machine path, for locked resources.
 * @returns The error to answer with.
 */
export function toDavError(
  error: unknown,
  hrefOf: (path: string) => string,
): DavError | undefined {
  if (error instanceof DavError) return error;
  if (error instanceof FilesError) {
    const locked = error.type === 'locked';
    return new DavError(statusOfFilesError(error.type), error.message, {
      ...(locked ? { condition: 'no-conflicting-lock', hrefs: error.paths.map(hrefOf) } : {}),
      cause: error,
    });
  }
  if (error instanceof RpcFault) {
    return new DavError(error.status, error.message, {
      headers: {
        ...error.headers,
        ...(error.status === 401 ? { 'www-authenticate': challenge } : {}),
      },
      cause: error,
    });
  }
  if (error instanceof XmlError) {
    return new DavError(
      error.reason === 'limit' ? 413 : 400,
      `The XML body was refused: ${error.message}`,
      { cause: error },
    );
  }
  return undefined;
}

/** The `WWW-Authenticate` challenges: Basic (any user name, the token as password) and Bearer. */
export const challenge = 'Basic realm="Rool", Bearer realm="Rool"';

/**
 * The response for an error: an XML `DAV:error` body (none for HEAD).
 *
 * @param error The error.
 * @param head Whether the request was HEAD.
 * @returns The response.
 */
export function errorResponse(error: DavError, head = false): Response {
  const condition = error.condition === undefined
    ? ''
    : error.hrefs.length === 0
    ? `<D:${error.condition}/>`
    : `<D:${error.condition}>${
      error.hrefs.map((h) => `<D:href>${escapeXml(h)}</D:href>`).join('')
    }</D:${error.condition}>`;
  const body = `<?xml version="1.0" encoding="utf-8"?>\n<D:error xmlns:D="DAV:" ` +
    `xmlns:R="${roolDavNs}">${condition}<R:message>${escapeXml(error.message)}</R:message>` +
    `</D:error>`;
  return new Response(head ? null : body, {
    status: error.status,
    headers: { 'content-type': 'application/xml; charset=utf-8', ...error.headers },
  });
}
