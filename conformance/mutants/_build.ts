/**
 * What the mutants share: the {@linkcode Mutant} shape, and the two ways to
 * build one without touching the mock's code: handler overrides
 * (`createMockServer({handlers})`) and `fetch` wrappers that rewrite a request
 * on its way in or an answer on its way out.
 *
 * @module
 */
import { createMockServer, type HandlerOverrides, type MockServer } from '../../mock-server/mod.ts';
import { bearer, instanceCookie } from '../../mock-server/roj/auth.ts';
import type { TokenRecord } from '../../mock-server/roj/state.ts';
import { type ConformanceConfig, defaultConfig, referenceOptions } from '../config.ts';

/** `fetch`'s signature, as a target takes it. */
export type FetchLike = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/** A mock backend with one realistic deviation from the contract. */
export interface Mutant {
  /** Short kebab-case name. */
  name: string;
  /** The deviation, in a sentence, with the contract rule it breaks. */
  description: string;
  /** The commands that expose it, for the reader (the test does not rely on it). */
  caughtBy: string;
  /**
   * Builds a fresh backend.
   *
   * @param config The catalogue and limits the suite runs with; the backend is seeded alike.
   * @returns Its `fetch`.
   */
  build(config?: ConformanceConfig): { fetch: FetchLike };
}

/**
 * A mock seeded from the configuration, with some handlers replaced.
 *
 * @param config The suite's configuration (default: the mock's defaults).
 * @param options Handler overrides, output checks (off for mutants that drop required fields)
 * and a replacement upload limit.
 * @returns The mock.
 */
export function mutantMock(
  config: ConformanceConfig | undefined,
  options: { handlers?: HandlerOverrides; checkOutputs?: boolean; uploadBytes?: number } = {},
): MockServer {
  const { seed, limits } = referenceOptions(config ?? defaultConfig());
  return createMockServer({
    seed,
    limits: options.uploadBytes === undefined ? limits : { uploadBytes: options.uploadBytes },
    handlers: options.handlers,
    checkOutputs: options.checkOutputs ?? true,
    onError: () => {},
  });
}

/**
 * The request a `fetch` call describes.
 *
 * @param input `fetch`'s first argument.
 * @param init `fetch`'s second argument.
 * @returns A `Request`.
 */
export function toRequest(input: Request | string | URL, init?: RequestInit): Request {
  return init === undefined && input instanceof Request ? input : new Request(input, init);
}

/** The instance route's pattern: `/api/v1/instances/{instanceId}/rpc`. */
const instanceRoute = /^\/api\/v1\/instances\/([^/]+)\/rpc$/;

/**
 * The instance id in an instance-route request's path.
 *
 * @param request The request.
 * @returns The decoded id, or `undefined` for other routes.
 */
export function pathInstanceId(request: Request): string | undefined {
  const match = instanceRoute.exec(new URL(request.url).pathname);
  return match ? decodeURIComponent(match[1]) : undefined;
}

/**
 * The instance token record an instance-route request carries, as the mock reads it.
 *
 * @param mock The mock.
 * @param request The request.
 * @returns The token's record, or `undefined` when none or unknown.
 */
export function tokenRecord(mock: MockServer, request: Request): TokenRecord | undefined {
  if (pathInstanceId(request) === undefined) return undefined;
  const cookie = request.headers.get('cookie')?.split(';').map((p) => p.trim().split('='))
    .find(([name]) => name === instanceCookie)?.[1];
  const token = bearer(request) ?? cookie;
  return token === undefined ? undefined : mock.runtime.state.tokens.get(token);
}

/**
 * Runs a request with one field of a token record changed for its duration,
 * as if the check that reads it did not exist.
 *
 * @param record The token's record.
 * @param patch The fields to change.
 * @param answer Sends the request.
 * @returns The answer.
 */
export async function withTokenPatched(
  record: TokenRecord,
  patch: Partial<TokenRecord>,
  answer: () => Promise<Response>,
): Promise<Response> {
  const saved = { ...record };
  Object.assign(record, patch);
  try {
    return await answer();
  } finally {
    Object.assign(record, saved);
    if (!('origin' in saved)) delete record.origin;
  }
}

/**
 * The JSON envelope of an RPC request, read from a clone.
 *
 * @param request The request.
 * @returns `{method, input}`, or `undefined` when the body is not an envelope.
 */
export async function readEnvelope(
  request: Request,
): Promise<{ method: string; input: Record<string, unknown> } | undefined> {
  try {
    const body = await request.clone().json();
    return typeof body?.method === 'string' && typeof body.input === 'object' && body.input !== null
      ? body
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A copy of an RPC request with another input.
 *
 * @param request The request.
 * @param envelope The new envelope.
 * @returns The new request.
 */
export function withEnvelope(request: Request, envelope: unknown): Request {
  return new Request(request.url, {
    method: 'POST',
    headers: request.headers,
    body: JSON.stringify(envelope),
  });
}

/**
 * An answer with its error rewritten, keeping the message.
 *
 * @param response The answer.
 * @param rewrite Given the error envelope's `error` and the status, returns a new type and
 * status, or `undefined` to keep the answer.
 * @returns The answer, possibly rewritten.
 */
export async function rewriteError(
  response: Response,
  rewrite: (
    error: { type: string; message: string; path?: string },
    status: number,
  ) => { type: string; status: number } | undefined,
): Promise<Response> {
  if (response.ok) return response;
  const text = await response.text();
  let body: { ok?: boolean; error?: { type: string; message: string; path?: string } };
  try {
    body = JSON.parse(text);
  } catch {
    return new Response(text, { status: response.status, headers: response.headers });
  }
  const changed = body.error && rewrite(body.error, response.status);
  if (!changed) return new Response(text, { status: response.status, headers: response.headers });
  return Response.json(
    { ok: false, error: { ...body.error, type: changed.type } },
    { status: changed.status },
  );
}
