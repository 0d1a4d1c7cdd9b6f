/**
 * What every answer to a fuzzed request must be (issue 8, docs/roj-contract.md
 * §1, docs/rool-webdav.md §11):
 *
 * - never a 5xx, except the two a WebDAV client is promised: 507 when a
 *   space's storage is full (RFC 4331) and 502 for a `COPY`/`MOVE` whose
 *   `Destination` is on another server (RFC 4918 §9.8.5);
 * - an accepted request answers 2xx; a refused one answers with the error
 *   envelope `{ok: false, error: {type, message, path?}}`, its type from the
 *   shared table (src/rpc/error-types.ts), never `internal_error`, with the
 *   status the table gives, or on WebDAV routes with a `DAV:error` body;
 * - no secret in any part of it: a refusal holds no key or token the server
 *   knows, not even one the request carried (it is redacted); an acceptance
 *   holds only those it minted or that earlier requests stored; a password,
 *   which the server keeps only hashed and so cannot recognize, appears only
 *   where requests carried it.
 *
 * @module
 */
import { rpcErrorStatus } from '../../src/rpc/error-types.ts';
import type { FuzzRequest } from './request.ts';

/** An invariant a response broke. */
export class InvariantError extends Error {
  /** Always `InvariantError`. */
  override readonly name = 'InvariantError';
}

/** What the check needs besides the request and the response. */
export interface CheckContext {
  /** Keys and tokens the state held before the request: the server knows them. */
  secrets: readonly string[];
  /** Passwords set on accounts: the server holds only their hashes. */
  passwords?: readonly string[];
  /** Secrets that requests since the fixtures were built carried (and may have stored). */
  carried: ReadonlySet<string>;
  /** Whether no request was accepted since the fixtures were built: `expect` holds then. */
  pristine: boolean;
  /**
   * Whether the runtime's HTTP server may refuse the request before the mock sees it (a socket
   * run, headers past the server's limits): then a 431, 414, or a 400 or 413 that is not JSON,
   * is the runtime's answer, and only the secret check applies to it.
   */
  runtimeMayRefuse?: boolean;
}

/** The verdict on one response. */
export interface Verdict {
  /** Whether the request was accepted (2xx or 3xx); else it was refused. */
  accepted: boolean;
  /** The HTTP status. */
  status: number;
}

const davErrorBody =
  /^<\?xml version="1\.0" encoding="utf-8"\?>\n<D:error xmlns:D="DAV:" xmlns:R="urn:rool:webdav">(?:<D:[a-z-]+\/>|<D:([a-z-]+)>(?:<D:href>[^<]*<\/D:href>)+<\/D:\1>)?<R:message>[^<]+<\/R:message><\/D:error>$/;

/**
 * Checks one response; reads its body.
 *
 * @param request The fuzzed request.
 * @param response The mock's answer.
 * @param context Secrets and whether the fixtures are untouched.
 * @returns Whether the request was accepted, and the status.
 * @throws {InvariantError} For the first invariant the response breaks.
 *
 * @example A 500 breaks the first invariant
 * ```ts
 * import assert from 'node:assert/strict';
 * import { checkResponse } from './invariants.ts';
 * import { FuzzRequest } from './request.ts';
 * const request = new FuzzRequest({
 *   label: 'example', method: 'POST', path: '/api/v1/rpc', headers: [], body: '{', format: 'envelope',
 * });
 * const context = { secrets: [], carried: new Set<string>(), pristine: true };
 * await assert.rejects(checkResponse(request, new Response('oops', { status: 500 }), context));
 * ```
 */
export async function checkResponse(
  request: FuzzRequest,
  response: Response,
  context: CheckContext,
): Promise<Verdict> {
  const status = response.status;
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw new InvariantError(`The ${status} answer's body failed while read: ${error}`);
  }
  const fail = (what: string): never => {
    const shown = text.length > 300 ? `${text.slice(0, 300)}…` : text;
    throw new InvariantError(`${what}; answered ${status} ${JSON.stringify(shown)}`);
  };
  if (status >= 500 && !promised5xx(request, status)) fail('A 5xx answer');
  if (context.runtimeMayRefuse && byRuntime(response)) {
    checkSecrets(response, text, false, context, fail);
    return { accepted: false, status };
  }
  if (status < 200 || (status >= 300 && status !== 304 && status < 400)) {
    fail('Not 2xx, 304 or 4xx');
  }
  const accepted = status < 400;
  checkSecrets(response, text, accepted, context, fail);
  const head = request.method === 'HEAD';
  if (!accepted && !head) {
    if (request.format === 'dav') checkDavError(response, text, fail);
    else checkEnvelope(response, text, fail);
  } else if (accepted && request.format === 'envelope' && isJson(response)) {
    const body = parse(text, fail) as { ok?: unknown };
    if (typeof body === 'object' && body !== null && 'ok' in body && body.ok !== true) {
      fail('A 2xx envelope without ok: true');
    }
  }
  const expect = request.expect;
  if (expect && context.pristine) {
    if (status !== expect.status) fail(`Expected ${expect.status} ${expect.type ?? ''}`);
    if (expect.type !== undefined || expect.path !== undefined) {
      const error = (parse(text, fail) as { error?: { type?: string; path?: string } }).error;
      if (expect.type !== undefined && error?.type !== expect.type) fail(`Expected ${expect.type}`);
      if (expect.path !== undefined && error?.path !== expect.path) {
        fail(`Expected path ${JSON.stringify(expect.path)}`);
      }
    }
  }
  return { accepted, status };
}

function byRuntime(response: Response): boolean {
  const status = response.status;
  return status === 431 || status === 414 ||
    ((status === 400 || status === 413) && !isJson(response) &&
      response.headers.get('content-type') !== 'application/xml; charset=utf-8');
}

function promised5xx(request: FuzzRequest, status: number): boolean {
  if (request.format !== 'dav') return false;
  return status === 507 ||
    (status === 502 && (request.method === 'COPY' || request.method === 'MOVE'));
}

function checkSecrets(
  response: Response,
  text: string,
  accepted: boolean,
  context: CheckContext,
  fail: (what: string) => never,
): void {
  const headers = [...response.headers].map(([k, v]) => `${k}: ${v}`).join('\n');
  const holds = (secret: string) =>
    secret.length >= 8 && (text.includes(secret) || headers.includes(secret));
  for (const secret of context.secrets) {
    if (!holds(secret)) continue;
    if (!accepted) fail(`A refusal holds a secret (${describeSecret(secret)})`);
    if (!context.carried.has(secret)) fail(`An answer holds a secret (${describeSecret(secret)})`);
  }
  for (const password of context.passwords ?? []) {
    if (holds(password) && !context.carried.has(password)) {
      fail(`An answer holds a password (${describeSecret(password)})`);
    }
  }
}

// Names the kind of secret without showing it.
function describeSecret(secret: string): string {
  return `${secret.slice(0, 4)}… of ${secret.length} characters`;
}

function checkEnvelope(response: Response, text: string, fail: (what: string) => never): void {
  if (!isJson(response)) fail('A refusal that is not application/json');
  const body = parse(text, fail);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) fail('Not an object');
  const envelope = body as Record<string, unknown>;
  if (!sameKeys(envelope, ['ok', 'error']) || envelope.ok !== false) {
    fail('Not {ok: false, error}');
  }
  const error = envelope.error as Record<string, unknown>;
  if (typeof error !== 'object' || error === null || Array.isArray(error)) {
    fail('error is no object');
  }
  const keys = Object.keys(error);
  if (!keys.every((k) => k === 'type' || k === 'message' || k === 'path')) {
    fail(`Unexpected error fields ${keys}`);
  }
  const { type, message, path } = error;
  if (typeof type !== 'string' || !Object.hasOwn(rpcErrorStatus, type)) {
    fail(`Error type ${JSON.stringify(type)} is not in the shared table`);
  }
  if (type === 'internal_error') fail('internal_error');
  if (rpcErrorStatus[type as keyof typeof rpcErrorStatus] !== response.status) {
    fail(`Status is not the table's for ${type}`);
  }
  if (typeof message !== 'string' || message.length === 0 || message.length > 2000) {
    fail('The message is not a string of 1–2000 characters');
  }
  if (path !== undefined && (typeof path !== 'string' || (path !== '' && !path.startsWith('/')))) {
    fail('The path is not a JSON Pointer');
  }
}

function checkDavError(response: Response, text: string, fail: (what: string) => never): void {
  if (response.headers.get('content-type') !== 'application/xml; charset=utf-8') {
    fail('A WebDAV refusal that is not application/xml');
  }
  if (!davErrorBody.test(text)) fail('Not a DAV:error body');
  if (response.status === 401 && !response.headers.get('www-authenticate')) {
    fail('A 401 without WWW-Authenticate');
  }
}

function isJson(response: Response): boolean {
  return /^application\/json\b/.test(response.headers.get('content-type') ?? '');
}

function parse(text: string, fail: (what: string) => never): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fail('The body is not JSON');
  }
}

function sameKeys(value: Record<string, unknown>, keys: readonly string[]): boolean {
  const own = Object.keys(value);
  return own.length === keys.length && keys.every((k) => Object.hasOwn(value, k));
}
