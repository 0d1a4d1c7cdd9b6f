/**
 * {@linkcode WebDAVError}: what the WebDAV client's methods throw when the
 * server answers an unexpected status, when no answer arrives, or when an
 * answer cannot be read.
 *
 * @module
 */

/** Longest `body` kept, in characters: enough for any WebDAV error document. */
export const maxErrorBodyLength = 4096;

// Reason phrases (RFC 9110 §15; WebDAV adds 422, 423, 424 and 507, RFC 4918 §11). A phrase stands
// in for a status text the answer lacks (HTTP/2 has none), and names the error type in snake case
// unless the type differs (413, 422 and 429 keep the names they had before RFC 9110, as the RPC
// error types do).
const reasons: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  422: 'Unprocessable Content',
  423: 'Locked',
  424: 'Failed Dependency',
  429: 'Too Many Requests',
  507: 'Insufficient Storage',
};
const renamed: Record<number, string> = {
  413: 'payload_too_large',
  422: 'unprocessable_entity',
  429: 'rate_limited',
};

/**
 * The error type of an HTTP status: `not_found` for 404, `precondition_failed`
 * for 412, `locked` for 423, `insufficient_storage` for 507, `server_error`
 * for another 5xx, `unexpected_status` for anything else.
 *
 * @param status An HTTP status.
 * @returns Its error type.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { webdavErrorType } from './webdav-error.ts';
 * assert.equal(webdavErrorType(423), 'locked');
 * assert.equal(webdavErrorType(503), 'server_error');
 * ```
 */
export function webdavErrorType(status: number): string {
  return renamed[status] ?? reasons[status]?.toLowerCase().replaceAll(' ', '_') ??
    (status >= 500 && status <= 599 ? 'server_error' : 'unexpected_status');
}

/** What a {@linkcode WebDAVError} is made from. */
export interface WebDAVErrorInit {
  /** The error type; default: the status's, by {@linkcode webdavErrorType}. */
  type?: string;
  /** The explanation; default: `WebDAV METHOD PATH failed: STATUS REASON`. */
  message?: string;
  /** The HTTP status, or 0 when no answer arrived. */
  status: number;
  /** The status text the server sent. */
  statusText?: string;
  /** The answer's body; cut to {@linkcode maxErrorBodyLength} characters. */
  body?: string;
  /** The WebDAV method. */
  method?: string;
  /** The machine path the request addressed. */
  path?: string;
  /** The RFC 4918 §16 condition a `DAV:error` body named, e.g. `lock-token-submitted`. */
  condition?: string;
  /** The underlying exception, if any. */
  cause?: unknown;
}

/** The JSON form of a {@linkcode WebDAVError}: no stack, no cause. */
export interface WebDAVErrorJSON {
  /** Always `WebDAVError`. */
  name: 'WebDAVError';
  /** The error type. */
  type: string;
  /** The explanation. */
  message: string;
  /** The HTTP status, or 0. */
  status: number;
  /** The status text. */
  statusText: string;
  /** The body, cut short. */
  body: string;
  /** The precondition or postcondition the server named, when it did. */
  condition?: string;
}

/**
 * A WebDAV request that failed. `status` is the HTTP status (0 when no answer
 * arrived); `type` names it: `not_found`, `conflict`, `precondition_failed`
 * (412: an `ifMatch`/`ifNoneMatch` did not hold, or `overwrite: false` met an
 * existing destination), `locked` (423: a lock token is needed),
 * `insufficient_storage` (507: over quota), … and, without an answer,
 * `timeout`, `aborted` or `transport_error`, or `invalid_response` for an
 * answer that could not be read. `body` is the answer's text, cut short;
 * `condition` the local name of the RFC 4918 §16 condition of a `DAV:error`
 * body, such as `lock-token-submitted` or `valid-sync-token`. No message,
 * body or status text ever holds the bearer token.
 *
 * @example Create a file only if it does not exist yet
 * ```ts ignore
 * try {
 *   await space.webdav.put('/rool-drive/notes.md', '# Notes', { ifNoneMatch: '*' });
 * } catch (error) {
 *   if (!(error instanceof WebDAVError && error.status === 412)) throw error;
 * }
 * ```
 */
export class WebDAVError extends Error {
  /** Always `WebDAVError`. */
  override readonly name = 'WebDAVError';
  /** The error type, e.g. `locked` or `timeout`. */
  readonly type: string;
  /** The HTTP status, or 0 when no answer arrived. */
  readonly status: number;
  /** The status text the server sent; `''` when none. */
  readonly statusText: string;
  /** The answer's body, at most {@linkcode maxErrorBodyLength} characters; `''` when none. */
  readonly body: string;
  /** The RFC 4918 §16 condition the body named (`lock-token-submitted`, …), if any. */
  readonly condition?: string;

  /**
   * Creates the error.
   *
   * @param init Its status and, where known, type, message, status text, body and cause.
   *
   * @example Usage
   * ```ts
   * import assert from 'node:assert/strict';
   * import { WebDAVError } from './webdav-error.ts';
   * const error = new WebDAVError({ status: 423, method: 'PUT', path: '/rool-drive/a.md' });
   * assert.equal(error.type, 'locked');
   * assert.equal(error.message, 'WebDAV PUT /rool-drive/a.md failed: 423 Locked');
   * ```
   */
  constructor(init: WebDAVErrorInit) {
    const statusText = init.statusText ?? '';
    const what = init.method === undefined
      ? 'WebDAV request'
      : `WebDAV ${init.method}${init.path === undefined ? '' : ` ${init.path}`}`;
    const reason = statusText || reasons[init.status];
    const message = init.message ?? `${what} failed: ${init.status}${reason ? ` ${reason}` : ''}`;
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.type = init.type ?? webdavErrorType(init.status);
    this.status = init.status;
    this.statusText = statusText;
    this.body = (init.body ?? '').slice(0, maxErrorBodyLength);
    if (init.condition !== undefined) this.condition = init.condition;
  }

  /**
   * The error as plain JSON, safe to log or send: no stack and no cause.
   *
   * @returns `{name, type, message, status, statusText, body}`, plus `condition` when known.
   *
   * @example Usage
   * ```ts
   * import assert from 'node:assert/strict';
   * import { WebDAVError } from './webdav-error.ts';
   * const error = new WebDAVError({
   *   status: 404, statusText: 'Not Found', method: 'GET', path: '/x',
   * });
   * assert.deepEqual(error.toJSON(), {
   *   name: 'WebDAVError', type: 'not_found', message: 'WebDAV GET /x failed: 404 Not Found',
   *   status: 404, statusText: 'Not Found', body: '',
   * });
   * ```
   */
  toJSON(): WebDAVErrorJSON {
    const json: WebDAVErrorJSON = {
      name: this.name,
      type: this.type,
      message: this.message,
      status: this.status,
      statusText: this.statusText,
      body: this.body,
    };
    if (this.condition !== undefined) json.condition = this.condition;
    return json;
  }
}
