/**
 * A fuzzed request as data: what the arbitraries generate, what fast-check
 * shrinks and prints, and what the runner turns into a `Request` once the
 * fixtures (IDs, tokens) of the mock under test are known. Values the
 * fixtures decide are written as references, `ref('spaceId')`, anywhere in
 * the path, a header value or the body, and resolved when the request is
 * sent.
 *
 * @module
 */
import fc from 'fast-check';

/** The character around a fixture reference; private use, so no generated text holds it. */
const mark = '\uE000';
const refPattern = /\uE000([A-Za-z]+)\uE000/g;

/**
 * A reference to a fixture value, resolved when the request is sent.
 *
 * @param name The fixture's name, e.g. `instanceId`.
 * @returns The reference, a string that may be embedded in any other.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { ref, resolveRefs } from './request.ts';
 * assert.equal(resolveRefs(`/spaces/${ref('spaceId')}`, { spaceId: 'spc_1' }), '/spaces/spc_1');
 * ```
 */
export function ref(name: string): string {
  return `${mark}${name}${mark}`;
}

/**
 * Replaces every fixture reference in a text by its value.
 *
 * @param text The text.
 * @param values The fixture values by name.
 * @returns The text with references replaced.
 * @throws {Error} For a reference to no known fixture.
 */
export function resolveRefs(text: string, values: Readonly<Record<string, string>>): string {
  if (!text.includes(mark)) return text;
  return text.replace(refPattern, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`Unknown fixture ${name}`);
    return value;
  });
}

const eventStream = /^\/rool\/v1\/(?:events|spaces\/[^/]+\/events)\/?$/;

/**
 * Whether a request, once its URL's dot segments are resolved, would open a live event stream: a
 * stream stays open, so the fuzzer never sends one (docs/rool-events.md has its own tests).
 *
 * @param method The HTTP method.
 * @param path The path, fixture references allowed.
 * @returns Whether it is a `GET` of an event stream route.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { opensEventStream } from './request.ts';
 * assert.equal(opensEventStream('GET', '/rool/v1/spaces/s/dav/rool-drive/../../events'), true);
 * assert.equal(opensEventStream('GET', '/rool/v1/spaces/s/dav/rool-drive/a'), false);
 * ```
 */
export function opensEventStream(method: string, path: string): boolean {
  if (method !== 'GET') return false;
  const pathname = new URL(path.replace(refPattern, 'x'), 'http://x').pathname;
  return eventStream.test(pathname);
}

/** How a response must look: an RPC error envelope, or a WebDAV `DAV:error` body. */
export type ResponseFormat = 'envelope' | 'dav';

/** An outcome a generator knows for sure, checked while no earlier request changed the state. */
export interface Expected {
  /** The HTTP status. */
  status: number;
  /** The error type, for an envelope. */
  type?: string;
  /** The error path, for `validation_error`. */
  path?: string;
}

/** What a fuzzed request is made of. */
export interface FuzzRequestInit {
  /** What the generator did, e.g. `near-miss objects.put: set /path to a number`. */
  label: string;
  /** The HTTP method. */
  method: string;
  /** The path and query, fixture references allowed. */
  path: string;
  /** Header fields in order; a name may repeat. Fixture references allowed in values. */
  headers: readonly (readonly [string, string])[];
  /** The body: text (references resolved), bytes, or none. */
  body: string | Uint8Array | null;
  /** Send the body as a stream of this many bytes a chunk, without a length. */
  streamChunk?: number;
  /** How an error response must look. */
  format: ResponseFormat;
  /** The outcome, when the generator knows it. */
  expect?: Expected;
  /** Whether the request only reads: then even its acceptance must change no state. */
  readOnly?: boolean;
}

/** A fuzzed request, printed briefly in failure reports. */
export class FuzzRequest implements FuzzRequestInit {
  /** @inheritdoc */
  readonly label: string;
  /** @inheritdoc */
  readonly method: string;
  /** @inheritdoc */
  readonly path: string;
  /** @inheritdoc */
  readonly headers: readonly (readonly [string, string])[];
  /** @inheritdoc */
  readonly body: string | Uint8Array | null;
  /** @inheritdoc */
  readonly streamChunk?: number;
  /** @inheritdoc */
  readonly format: ResponseFormat;
  /** @inheritdoc */
  readonly expect?: Expected;
  /** @inheritdoc */
  readonly readOnly?: boolean;

  /**
   * Creates the request.
   *
   * @param init What it is made of.
   */
  constructor(init: FuzzRequestInit) {
    this.label = init.label;
    this.method = init.method;
    this.path = init.path;
    this.headers = init.headers;
    this.body = init.body;
    if (init.streamChunk !== undefined) this.streamChunk = init.streamChunk;
    this.format = init.format;
    if (init.expect !== undefined) this.expect = init.expect;
    if (init.readOnly) this.readOnly = true;
  }

  /**
   * A copy with other parts.
   *
   * @param changes The parts to change.
   * @returns The copy.
   */
  with(changes: Partial<FuzzRequestInit>): FuzzRequest {
    return new FuzzRequest({ ...this, ...changes });
  }

  /**
   * A one-line description: label, method, path, headers and the start of the body.
   *
   * @returns The description.
   */
  toString(): string {
    const headers = this.headers.map(([k, v]) => `${k}: ${short(v, 60)}`).join(' | ');
    const body = this.body === null
      ? 'no body'
      : typeof this.body === 'string'
      ? `${this.body.length} chars ${JSON.stringify(short(this.body, 200))}`
      : `${this.body.byteLength} bytes [${[...this.body.subarray(0, 24)].join(',')}…]`;
    const streamed = this.streamChunk === undefined ? '' : ` streamed by ${this.streamChunk}`;
    return `[${this.label}] ${this.method} ${short(this.path, 120)} {${headers}} ${body}${streamed}`
      .replaceAll(mark, '§');
  }

  /** The description fast-check prints. */
  [fc.toStringMethod](): string {
    return this.toString();
  }
}

function short(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…(${text.length})` : text;
}

/**
 * Builds the `Request` to send.
 *
 * @param request The fuzzed request.
 * @param origin Where the mock is, e.g. `http://mock.test`.
 * @param fixtures The fixture values references resolve to.
 * @returns The request.
 */
export function toRequest(
  request: FuzzRequest,
  origin: string,
  fixtures: Readonly<Record<string, string>>,
): Request {
  // A text body goes to the runtime as text, unencoded, unless it is streamed or its length is
  // declared: building requests is a good part of what fuzzing costs.
  const text = typeof request.body === 'string' ? resolveRefs(request.body, fixtures) : null;
  const declared = request.headers.some(([, v]) => v.includes(mark));
  // Without a content type of its own, a text body would get `text/plain` from the runtime.
  const typed = request.headers.some(([name]) => name.toLowerCase() === 'content-type');
  const bytes = request.body === null
    ? null
    : text === null
    ? new Uint8Array(request.body as Uint8Array)
    : request.streamChunk !== undefined || declared || !typed
    ? new TextEncoder().encode(text)
    : null;
  // `bodyLength` is the body's real length, for a declared `Content-Length` that tells the truth.
  const values = declared ? { ...fixtures, bodyLength: String(bytes?.byteLength ?? 0) } : fixtures;
  const headers: [string, string][] = request.headers.map(([name, value]) => [
    name,
    resolveRefs(value, values),
  ]);
  const init: RequestInit & { duplex?: 'half' } = { method: request.method, headers };
  if (request.streamChunk !== undefined && bytes !== null) {
    init.body = streamOf(bytes, request.streamChunk);
    init.duplex = 'half';
  } else if (bytes !== null) init.body = bytes;
  else if (text !== null) init.body = text;
  return new Request(`${origin}${resolveRefs(request.path, fixtures)}`, init);
}

/**
 * The body's bytes, references resolved.
 *
 * @param request The fuzzed request.
 * @param fixtures The fixture values.
 * @returns The bytes, or `null` for no body.
 */
export function bodyBytes(
  request: FuzzRequest,
  fixtures: Readonly<Record<string, string>>,
): Uint8Array<ArrayBuffer> | null {
  if (request.body === null) return null;
  if (typeof request.body === 'string') {
    return new TextEncoder().encode(resolveRefs(request.body, fixtures));
  }
  return new Uint8Array(request.body);
}

function streamOf(bytes: Uint8Array<ArrayBuffer>, chunk: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.byteLength) return controller.close();
      controller.enqueue(bytes.slice(at, at + chunk));
      at += chunk;
    },
  }, { highWaterMark: 0 });
}
