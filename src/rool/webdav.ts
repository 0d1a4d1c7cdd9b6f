/**
 * {@linkcode RoolWebDAV}: the client of a space's WebDAV file storage
 * (`space.webdav`). Its methods take SDK machine paths (`/`, `/space/…`,
 * `/rool-drive/…`) or `rool-machine:` URIs, and address
 * `{apiUrl}/v1/spaces/{spaceId}/dav` + the path, each segment percent-encoded.
 *
 * @module
 */
import { parseHttpUrl, resolveTimeout } from './_config-checks.ts';
import { clientIdPattern, createClientId } from './_transport.ts';
import { invalidArgument } from './errors.ts';
import { lockBody, propfindBody, putBody, syncCollectionBody } from './_webdav-bodies.ts';
import {
  contentTypeHeader,
  copyDepth,
  entityTags,
  ifLockToken,
  lockToken,
  rangeHeader,
  timeoutHeader,
  writeHeaders,
} from './_webdav-headers.ts';
import { type LockPaths, readLockAnswer } from './_webdav-locks.ts';
import { type Multistatus, parseMultistatus } from './_webdav-multistatus.ts';
import { DavLocation, davPath } from './_webdav-paths.ts';
import { type DavContext, type DavExchange, sendDav } from './_webdav-send.ts';
import { WebDAVError } from './webdav-error.ts';
import type {
  RoolWebDAVOptions,
  SpaceFileStorageUsage,
  WebDAVBody,
  WebDAVCallOptions,
  WebDAVCopyOptions,
  WebDAVGetOptions,
  WebDAVLockOptions,
  WebDAVLockResult,
  WebDAVMoveOptions,
  WebDAVMultiStatus,
  WebDAVPropfindOptions,
  WebDAVPutOptions,
  WebDAVRefreshLockOptions,
  WebDAVSyncCollectionOptions,
  WebDAVSyncCollectionResult,
  WebDAVUnlockOptions,
  WebDAVWriteOptions,
  WebDAVWriteResult,
} from './webdav-types.ts';

// An HTTP method is a token (RFC 9110 §9.1).
const methodPattern = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,32}$/;
const xmlContentType = 'application/xml; charset=utf-8';

/** A raw request's init: `fetch`'s, without `method` (the first argument says it). */
export type WebDAVRequestInit = Omit<RequestInit, 'method'>;

/** What {@linkcode RoolWebDAV}'s private `#send` takes besides the method and path. */
type SendInit = Pick<WebDAVRequestInit, 'headers' | 'body' | 'signal'>;

/**
 * The WebDAV client of one space's file storage; get it as `space.webdav`.
 *
 * Every request carries the client's bearer token (read at call time) and
 * `Rool-Client-Id` (then the `headers` option's, then the call's own, each
 * winning over the ones before), and obeys the client's `timeoutMs` and the call's
 * `signal`. The high-level methods check the answer's status and throw a
 * {@linkcode WebDAVError} for an unexpected one; `request()` and `options()`
 * return the raw `Response`. Paths are refused with a `RoolError` of type
 * `validation_error` before any request when they are not `/`, under `/space`
 * or `/rool-drive`, or have `.`, `..` or empty segments, control characters
 * or backslashes.
 *
 * @example Write a file, list its folder, read it back
 * ```ts
 * import assert from 'node:assert/strict';
 * import { RoolWebDAV } from './webdav.ts';
 *
 * // A stand-in server holding one file; a real client gets `space.webdav`.
 * const files = new Map<string, string>();
 * const fetch = async (url: string | URL | Request, init?: RequestInit) => {
 *   const path = new URL(String(url)).pathname.replace('/v1/spaces/s1/dav', '');
 *   if (init?.method === 'PUT') {
 *     files.set(path, String(init.body));
 *     return new Response(null, { status: 201, headers: { ETag: '"1"' } });
 *   }
 *   if (init?.method === 'GET') return new Response(files.get(path) ?? null, { status: 200 });
 *   return new Response('<multistatus xmlns="DAV:"><response>' +
 *     '<href>/v1/spaces/s1/dav/rool-drive/a.md</href>' +
 *     '<propstat><prop><getetag>"1"</getetag></prop><status>HTTP/1.1 200 OK</status></propstat>' +
 *     '</response></multistatus>', { status: 207 });
 * };
 * const webdav = new RoolWebDAV({ apiUrl: 'https://api.test', spaceId: 's1', fetch,
 *   getToken: async () => 'token' });
 *
 * const { created, etag } = await webdav.put('/rool-drive/a.md', '# Hi', { ifNoneMatch: '*' });
 * assert.equal(created, true);
 * const listing = await webdav.propfind('/rool-drive', { depth: '1', props: ['getetag'] });
 * assert.equal(listing.responses[0]?.props.getetag, etag);
 * assert.equal(await (await webdav.get('/rool-drive/a.md')).text(), '# Hi');
 * ```
 */
export class RoolWebDAV {
  readonly #location: DavLocation;
  readonly #context: DavContext;
  readonly #headers: (() => Record<string, string>) | undefined;
  readonly #locks: LockPaths = new Map();

  /**
   * Creates the client; nothing is sent until a method is called.
   *
   * @param options The API URL, the space, the token provider and, optionally,
   * `fetch`, a timeout, the client ID and headers for every request.
   * @throws {RoolError} `validation_error` for a malformed API URL, space ID,
   * timeout or client ID.
   */
  constructor(options: RoolWebDAVOptions) {
    parseHttpUrl(options.apiUrl, 'API URL');
    const timeoutMs = resolveTimeout(options.timeoutMs);
    const clientId = options.clientId ?? createClientId();
    if (typeof clientId !== 'string' || !clientIdPattern.test(clientId)) {
      throw invalidArgument('Client ID must be 8–64 characters of A–Z, a–z, 0–9, _ or -');
    }
    this.#location = new DavLocation(options.apiUrl, options.spaceId);
    this.#context = {
      apiUrl: options.apiUrl.replace(/\/+$/, ''),
      fetch: options.fetch,
      clientId,
      getToken: () => options.getToken(),
      timeoutMs,
    };
    this.#headers = options.headers;
  }

  /**
   * The href (absolute URL path) of a path, as multistatus answers write it.
   *
   * @param path A machine path or `rool-machine:` URI; default `/`.
   * @returns E.g. `/v1/spaces/s1/dav/rool-drive/read%20me.md`.
   * @throws {RoolError} `validation_error` for a path outside the storage or malformed.
   */
  href(path = '/'): string {
    return this.#location.href(davPath(path));
  }

  /**
   * The absolute URL of a path.
   *
   * @param path A machine path or `rool-machine:` URI; default `/`.
   * @returns E.g. `https://api.rool.dev/v1/spaces/s1/dav/rool-drive/read%20me.md`.
   * @throws {RoolError} `validation_error` for a path outside the storage or malformed.
   */
  url(path = '/'): string {
    return this.#location.url(davPath(path));
  }

  /**
   * Sends a raw authenticated request: the token, `Rool-Client-Id`, the
   * timeout (until the answer's headers arrive) and `init.signal` apply; the
   * status is not checked.
   *
   * @param method Any HTTP or WebDAV method, e.g. `PROPPATCH`.
   * @param path A machine path or `rool-machine:` URI.
   * @param init Headers, body and signal, as for `fetch`.
   * @returns The answer.
   * @throws {RoolError} `validation_error` for a malformed method or path.
   * @throws {WebDAVError} `timeout`, `aborted` or `transport_error` when no answer arrived.
   */
  async request(method: string, path: string, init: WebDAVRequestInit = {}): Promise<Response> {
    if (typeof method !== 'string' || !methodPattern.test(method)) {
      throw invalidArgument('Method must be an HTTP token of 1–32 characters, e.g. PROPPATCH');
    }
    return (await this.#send(method, path, init)).release();
  }

  /**
   * Sends `OPTIONS` (the answer's `DAV` and `Allow` headers say what the server supports).
   *
   * @param path A machine path or `rool-machine:` URI; default `/`.
   * @param options The call's signal.
   * @returns The raw answer.
   * @throws {WebDAVError} `timeout`, `aborted` or `transport_error` when no answer arrived.
   */
  options(path = '/', options: WebDAVCallOptions = {}): Promise<Response> {
    return this.request('OPTIONS', path, { signal: options.signal });
  }

  /**
   * Reads properties of a resource and, with depth `1` or `infinity`, of its members.
   *
   * @param path A machine path or `rool-machine:` URI.
   * @param options `depth` (required), and `props` to read (default: all).
   * @returns One response per resource, with typed live properties and every propstat.
   * @throws {RoolError} `validation_error` for a bad path, depth or property name.
   * @throws {WebDAVError} `not_found` and others for a status other than 207;
   * `invalid_response` for an unreadable answer.
   */
  async propfind(path: string, options: WebDAVPropfindOptions): Promise<WebDAVMultiStatus> {
    const depth = options?.depth;
    if (depth !== '0' && depth !== '1' && depth !== 'infinity') {
      throw invalidArgument(`Depth must be 0, 1 or infinity: ${String(depth)}`);
    }
    const body = propfindBody(options);
    const { responses } = await this.#multistatus('PROPFIND', path, body, options.signal, depth);
    return { responses };
  }

  /**
   * Asks what changed under a collection since a sync token (RFC 6578): a
   * first call (`token` null) lists everything; later calls list what was
   * created or changed, and deleted members with status 404.
   *
   * @param path A collection's machine path, e.g. `/`.
   * @param options `token` of the previous answer, `level` (`1` or `infinite`),
   * `props` to read, and `limit`.
   * @returns The changes and the next token.
   * @throws {RoolError} `validation_error` for a bad path, level, token, limit or property.
   * @throws {WebDAVError} For a status other than 207, e.g. 403 with condition
   * `valid-sync-token` when the token is no longer valid (sync again from `null`).
   */
  async syncCollection(
    path: string,
    options: WebDAVSyncCollectionOptions,
  ): Promise<WebDAVSyncCollectionResult> {
    const body = syncCollectionBody(options ?? {} as WebDAVSyncCollectionOptions);
    const answer = await this.#multistatus('REPORT', path, body, options?.signal);
    if (answer.syncToken === undefined) throw missing('REPORT', answer.path, 'sync-token');
    return { token: answer.syncToken, responses: answer.responses, truncated: answer.truncated };
  }

  /**
   * The space's file-storage usage, from the RFC 4331 quota properties of `/`.
   *
   * @param options The call's signal.
   * @returns Bytes used, available and the limit (`null` when unlimited).
   * @throws {WebDAVError} For a failed PROPFIND, or `invalid_response` when
   * the server reports no `quota-used-bytes`.
   */
  async getStorageUsage(options: WebDAVCallOptions = {}): Promise<SpaceFileStorageUsage> {
    const { responses } = await this.propfind('/', {
      depth: '0',
      props: ['quota-used-bytes', 'quota-available-bytes'],
      signal: options.signal,
    });
    const props = responses.find((response) => response.path === '/')?.props;
    const usedBytes = props?.['quota-used-bytes'];
    if (usedBytes === undefined) throw missing('PROPFIND', '/', 'quota-used-bytes');
    const availableBytes = props?.['quota-available-bytes'] ?? null;
    return {
      usedBytes,
      availableBytes,
      limitBytes: availableBytes === null ? null : usedBytes + availableBytes,
    };
  }

  /**
   * Reads a file: 200 with its content, 206 with the range asked for, or
   * 304 when `ifNoneMatch` still holds.
   *
   * @param path A file's machine path or `rool-machine:` URI.
   * @param options `range`, `ifNoneMatch`, `ifMatch` and the call's signal.
   * @returns The answer; read its body as with `fetch`.
   * @throws {RoolError} `validation_error` for a bad path, range or entity tag.
   * @throws {WebDAVError} `not_found`, `precondition_failed`,
   * `range_not_satisfiable`, … for any other status.
   */
  async get(path: string, options: WebDAVGetOptions = {}): Promise<Response> {
    const headers = new Headers();
    if (options.range !== undefined) headers.set('Range', rangeHeader(options.range));
    ifNoneMatch(headers, options);
    if (options.ifMatch !== undefined) {
      headers.set('If-Match', entityTags(options.ifMatch, 'ifMatch'));
    }
    const init = { headers, signal: options.signal };
    return (await this.#send('GET', path, init, [200, 203, 206, 304])).release();
  }

  /**
   * Reads a resource's headers (`Content-Type`, `Content-Length`, `ETag`, …) without its body.
   *
   * @param path A machine path or `rool-machine:` URI.
   * @param options The call's signal.
   * @returns The answer (2xx).
   * @throws {WebDAVError} `not_found` and others for a status other than 2xx.
   */
  async head(path: string, options: WebDAVCallOptions = {}): Promise<Response> {
    return (await this.#send('HEAD', path, { signal: options.signal }, [200, 203, 204])).release();
  }

  /**
   * Writes a file at an exact path (its parent collection must exist). Under
   * `/space` this writes an object: a JSON body at `/space/<collection>/<name>.json`.
   *
   * @param path A file's machine path or `rool-machine:` URI.
   * @param body Text, bytes, a Blob or File, a stream, or a plain object or array (as JSON).
   * @param options `contentType`, preconditions (`ifNoneMatch: '*'` creates
   * only; `ifMatch` an entity tag), `lockToken`, and the call's signal.
   * @returns Whether the file was created, and its new entity tag.
   * @throws {RoolError} `validation_error` for a bad path, body or option.
   * @throws {WebDAVError} `precondition_failed` (412), `locked` (423),
   * `conflict` (409: no parent), `insufficient_storage` (507), …
   */
  async put(
    path: string,
    body: WebDAVBody,
    options: WebDAVPutOptions = {},
  ): Promise<WebDAVWriteResult> {
    const headers = writeHeaders(options);
    const { init, contentType } = putBody(body);
    ifNoneMatch(headers, options);
    const type = options.contentType === undefined
      ? contentType
      : contentTypeHeader(options.contentType);
    if (type !== undefined) headers.set('Content-Type', type);
    return await this.#write('PUT', path, { headers, body: init, signal: options.signal });
  }

  /**
   * Creates one collection (its parent must exist).
   *
   * @param path The new collection's machine path or `rool-machine:` URI.
   * @param options `lockToken` of a lock on the parent, and the call's signal.
   * @returns When created.
   * @throws {WebDAVError} `method_not_allowed` (405) when the path exists,
   * `conflict` (409) when the parent does not, …
   */
  async mkcol(path: string, options: Omit<WebDAVWriteOptions, 'ifMatch'> = {}): Promise<void> {
    const init = { headers: writeHeaders(options), signal: options.signal };
    await (await this.#send('MKCOL', path, init, [200, 201])).discard();
  }

  /**
   * Copies a file or collection (RFC 4918 §9.8).
   *
   * @param source The machine path to copy.
   * @param destination Where to; its parent must exist.
   * @param options `overwrite` (default true), `depth` (`infinity` or `0`),
   * preconditions on the source, `lockToken`, and the call's signal.
   * @returns Whether the destination was created (201) or replaced (204).
   * @throws {WebDAVError} `precondition_failed` when `overwrite` is false and
   * the destination exists, …
   */
  async copy(
    source: string,
    destination: string,
    options: WebDAVCopyOptions = {},
  ): Promise<WebDAVWriteResult> {
    const headers = this.#transferHeaders(destination, options);
    if (options.depth !== undefined) headers.set('Depth', copyDepth(options.depth));
    return await this.#write('COPY', source, { headers, signal: options.signal });
  }

  /**
   * Moves (renames) a file or collection (RFC 4918 §9.9).
   *
   * @param source The machine path to move.
   * @param destination Where to; its parent must exist.
   * @param options `overwrite` (default true), preconditions on the source,
   * `lockToken`, and the call's signal.
   * @returns Whether the destination was created (201) or replaced (204).
   * @throws {WebDAVError} `precondition_failed`, `locked`, `conflict`, …
   */
  async move(
    source: string,
    destination: string,
    options: WebDAVMoveOptions = {},
  ): Promise<WebDAVWriteResult> {
    const headers = this.#transferHeaders(destination, options);
    return await this.#write('MOVE', source, { headers, signal: options.signal });
  }

  /**
   * Deletes a file, or a collection with everything in it.
   *
   * @param path A machine path or `rool-machine:` URI.
   * @param options `ifMatch`, `lockToken`, and the call's signal.
   * @returns When deleted.
   * @throws {WebDAVError} `not_found`, `precondition_failed`, `locked`, …; a
   * 207 (some members could not be deleted) is thrown with its body.
   */
  async delete(path: string, options: WebDAVWriteOptions = {}): Promise<void> {
    const init = { headers: writeHeaders(options), signal: options.signal };
    await (await this.#send('DELETE', path, init, [200, 202, 204])).discard();
  }

  /**
   * Takes a write lock (RFC 4918 §9.10). Writes by others, and writes of
   * yours without `lockToken`, then answer 423 until it is unlocked or times
   * out. Locking an unmapped path creates an empty file.
   *
   * @param path A machine path or `rool-machine:` URI.
   * @param options `scope` (default `exclusive`), `depth` (default
   * `infinity`), `timeoutSeconds`, `owner`, and the call's signal.
   * @returns The lock token and what the server says of the lock.
   * @throws {RoolError} `validation_error` for a bad path or option.
   * @throws {WebDAVError} `locked` (423) when a conflicting lock is held, …
   */
  async lock(path: string, options: WebDAVLockOptions = {}): Promise<WebDAVLockResult> {
    const headers = new Headers({
      'Content-Type': xmlContentType,
      Depth: copyDepth(options.depth ?? 'infinity'),
    });
    lockTimeout(headers, options);
    const body = lockBody(options.scope ?? 'exclusive', options.owner);
    return await this.#lock(path, { headers, body, signal: options.signal });
  }

  /**
   * Extends a lock's timeout.
   *
   * @param path The locked path (or one inside a depth-infinity lock).
   * @param token The lock's token.
   * @param options `timeoutSeconds` and the call's signal.
   * @returns The lock as the server now describes it.
   * @throws {WebDAVError} `precondition_failed` (412) when the lock is gone, …
   */
  async refreshLock(
    path: string,
    token: string,
    options: WebDAVRefreshLockOptions = {},
  ): Promise<WebDAVLockResult> {
    const headers = new Headers({ If: ifLockToken(token) });
    lockTimeout(headers, options);
    return await this.#lock(path, { headers, signal: options.signal }, token);
  }

  /**
   * Releases a lock. The path it was taken on is remembered from `lock()`;
   * for a token obtained elsewhere, give `options.path`.
   *
   * @param token The lock's token.
   * @param options `path` of the lock when this client did not take it, and the call's signal.
   * @returns When released.
   * @throws {RoolError} `validation_error` for a token this client does not know without `path`.
   * @throws {WebDAVError} `conflict` (409) when the lock does not exist, …
   */
  async unlock(token: string, options: WebDAVUnlockOptions = {}): Promise<void> {
    lockToken(token);
    const path = options.path ?? this.#locks.get(token);
    if (path === undefined) {
      throw invalidArgument(
        'Unknown lock token: for a lock taken elsewhere, give the locked path as options.path',
      );
    }
    const init = { headers: { 'Lock-Token': `<${token}>` }, signal: options.signal };
    await (await this.#send('UNLOCK', path, init, [200, 204])).discard();
    this.#locks.delete(token);
  }

  /** Sends a request to a machine path (already checked by `davPath`). */
  /**
   * Sends a request to a path, with the `headers` option's headers, then the call's, which win.
   *
   * @param method The method.
   * @param path The path, checked here.
   * @param init Headers, body and signal.
   * @param ok The statuses that succeed; any other is thrown as a WebDAVError. All succeed when
   * absent.
   */
  async #send(method: string, path: string, init: SendInit, ok?: number[]): Promise<DavExchange> {
    const target = davPath(path);
    const headers = new Headers(this.#headers?.());
    for (const [name, value] of new Headers(init.headers)) headers.set(name, value);
    const exchange = await sendDav(this.#context, {
      method,
      url: this.#location.url(target),
      path: target,
      headers,
      body: init.body,
      signal: init.signal ?? undefined,
    });
    if (ok && !ok.includes(exchange.response.status)) throw await exchange.error();
    return exchange;
  }

  async #multistatus(
    method: string,
    path: string,
    body: string,
    signal: AbortSignal | undefined,
    depth?: string,
  ): Promise<Multistatus & { path: string }> {
    const headers = new Headers({ 'Content-Type': xmlContentType });
    if (depth !== undefined) headers.set('Depth', depth);
    const exchange = await this.#send(method, path, { headers, body, signal }, [207]);
    const target = exchange.request.path;
    const answer = await exchange.parse((text) => parseMultistatus(text, this.#location, target));
    return { ...answer, path: target };
  }

  async #write(method: string, path: string, init: SendInit): Promise<WebDAVWriteResult> {
    const exchange = await this.#send(method, path, init, [200, 201, 204]);
    await exchange.discard();
    const { status, headers } = exchange.response;
    return { status, created: status === 201, etag: headers.get('ETag') };
  }

  async #lock(path: string, init: SendInit, refreshed?: string): Promise<WebDAVLockResult> {
    const exchange = await this.#send('LOCK', path, init, [200, 201]);
    return await readLockAnswer(exchange, {
      location: this.#location,
      path: exchange.request.path,
      paths: this.#locks,
      refreshed,
    });
  }

  #transferHeaders(
    destination: string,
    options: WebDAVWriteOptions & { overwrite?: boolean },
  ): Headers {
    const headers = writeHeaders(options);
    headers.set('Destination', this.url(destination));
    if (options.overwrite !== undefined) headers.set('Overwrite', options.overwrite ? 'T' : 'F');
    return headers;
  }
}

function ifNoneMatch(headers: Headers, options: { ifNoneMatch?: string }): void {
  if (options.ifNoneMatch !== undefined) {
    headers.set('If-None-Match', entityTags(options.ifNoneMatch, 'ifNoneMatch'));
  }
}

function lockTimeout(headers: Headers, options: { timeoutSeconds?: number }): void {
  if (options.timeoutSeconds !== undefined) {
    headers.set('Timeout', timeoutHeader(options.timeoutSeconds));
  }
}

// A 207 answer that lacks what the method needs from it.
function missing(method: string, path: string, what: string): WebDAVError {
  return new WebDAVError({
    type: 'invalid_response',
    message: `WebDAV ${method} ${path}: the answer has no ${what}`,
    status: 207,
    method,
    path,
  });
}
