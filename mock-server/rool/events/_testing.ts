/**
 * What the live-event tests share: a reader of an event stream's body that
 * splits it into frames (only as far as the mock writes them: one field per
 * line, `\n` line ends), opening streams on an in-process mock, and RPC
 * calls that name a client ID.
 *
 * @module
 */
import assert from 'node:assert/strict';
import type { RawBody, RoolSetup } from '../_testing.ts';

/** One frame of an event stream. */
export type Frame =
  | { kind: 'retry'; ms: number }
  | { kind: 'comment'; text: string }
  // deno-lint-ignore no-explicit-any
  | { kind: 'event'; id: number | null; event: string; data: any };

/** An event frame. */
export type EventFrame = Extract<Frame, { kind: 'event' }>;

/** Reads frames from a stream's body, each read given up after a timeout. */
export class FrameReader {
  #reader: ReadableStreamDefaultReader<Uint8Array>;
  #decoder = new TextDecoder();
  #buffer = '';
  #done = false;

  /**
   * Starts reading a body.
   *
   * @param body The body.
   */
  constructor(body: ReadableStream<Uint8Array>) {
    this.#reader = body.getReader();
  }

  /** Whether the stream has ended and every frame was read. */
  get done(): boolean {
    return this.#done && !this.#buffer.includes('\n\n');
  }

  /**
   * The next frame.
   *
   * @param timeoutMs How long to wait.
   * @returns The frame, or `null` when the stream ended.
   * @throws {Error} When none came in time, or the stream failed.
   */
  async next(timeoutMs = 1000): Promise<Frame | null> {
    for (;;) {
      const end = this.#buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = this.#buffer.slice(0, end);
        this.#buffer = this.#buffer.slice(end + 2);
        return parseFrame(block);
      }
      if (this.#done) return null;
      const chunk = await withTimeout(this.#reader.read(), timeoutMs);
      if (chunk.done) this.#done = true;
      else this.#buffer += this.#decoder.decode(chunk.value, { stream: true });
    }
  }

  /**
   * The next event frame, skipping `retry` and comments.
   *
   * @param timeoutMs How long to wait for each frame.
   * @returns The event.
   * @throws {Error} When the stream ends or none came in time.
   */
  async event(timeoutMs = 1000): Promise<EventFrame> {
    for (;;) {
      const frame = await this.next(timeoutMs);
      if (frame === null) throw new Error('The stream ended before another event');
      if (frame.kind === 'event') return frame;
    }
  }

  /**
   * The next `count` event frames.
   *
   * @param count How many.
   * @returns The events, in order.
   */
  async events(count: number): Promise<EventFrame[]> {
    const out: EventFrame[] = [];
    while (out.length < count) out.push(await this.event());
    return out;
  }

  /**
   * Reads until the stream ends.
   *
   * @param timeoutMs How long to wait for each frame.
   * @returns The frames read meanwhile.
   */
  async rest(timeoutMs = 1000): Promise<Frame[]> {
    const out: Frame[] = [];
    for (;;) {
      const frame = await this.next(timeoutMs);
      if (frame === null) return out;
      out.push(frame);
    }
  }

  /** Cancels the stream: the client goes away. */
  async cancel(): Promise<void> {
    await this.#reader.cancel().catch(() => {});
  }
}

function parseFrame(block: string): Frame {
  if (block.startsWith(':')) return { kind: 'comment', text: block.slice(1).trim() };
  const fields = new Map<string, string>();
  for (const line of block.split('\n')) {
    const colon = line.indexOf(':');
    assert.ok(colon > 0, `A frame line has no field: ${JSON.stringify(line)}`);
    assert.ok(!fields.has(line.slice(0, colon)), `A field repeats in ${JSON.stringify(block)}`);
    fields.set(line.slice(0, colon), line.slice(colon + 1).replace(/^ /, ''));
  }
  if (fields.has('retry')) return { kind: 'retry', ms: Number(fields.get('retry')) };
  const id = fields.get('id');
  return {
    kind: 'event',
    id: id === undefined ? null : Number(id),
    event: fields.get('event') ?? 'message',
    data: JSON.parse(fields.get('data') ?? 'null'),
  };
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Nothing was read within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** How to open a stream. */
export interface OpenOptions {
  /** The bearer token; none when absent. */
  token?: string;
  /** `Rool-Client-Id`. */
  clientId?: string;
  /** `Last-Event-ID`. */
  lastEventId?: string;
  /** Aborts the request. */
  signal?: AbortSignal;
}

/**
 * Opens a stream on the in-process mock and checks it is one.
 *
 * @param setup The mock.
 * @param path The route and query, e.g. `/v1/events`.
 * @param options Token, client ID, last event ID.
 * @returns The reader, past the `retry` frame.
 */
export async function openStream(
  setup: RoolSetup,
  path: string,
  options: OpenOptions = {},
): Promise<FrameReader> {
  const response = await setup.send(path, { headers: headersOf(options), signal: options.signal });
  assert.equal(response.status, 200, `GET ${path}: ${response.status}`);
  assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
  const reader = new FrameReader(response.body!);
  assert.deepEqual(await reader.next(), { kind: 'retry', ms: 1000 });
  return reader;
}

/**
 * Tries to open a stream that must be refused.
 *
 * @param setup The mock.
 * @param path The route and query.
 * @param options Token, client ID.
 * @returns The status and the error envelope.
 */
export async function refusedStream(
  setup: RoolSetup,
  path: string,
  options: OpenOptions = {},
): Promise<{ status: number; body: RawBody }> {
  const response = await setup.send(path, { headers: headersOf(options) });
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  return { status: response.status, body: await response.json() };
}

function headersOf(options: OpenOptions): Headers {
  const headers = new Headers();
  if (options.token) headers.set('authorization', `Bearer ${options.token}`);
  if (options.clientId) headers.set('rool-client-id', options.clientId);
  if (options.lastEventId !== undefined) headers.set('last-event-id', options.lastEventId);
  return headers;
}

/**
 * Calls an RPC method as a client; fails the test when it is refused.
 *
 * @param setup The mock.
 * @param method The method.
 * @param input Its input.
 * @param as The token and the client ID to send.
 * @returns The value.
 */
export async function callAs(
  setup: RoolSetup,
  method: string,
  input: unknown,
  as: { token: string; clientId?: string },
  // deno-lint-ignore no-explicit-any
): Promise<any> {
  const { body } = await setup.rpc(method, input, as.token, as.clientId);
  assert.equal(body.ok, true, `${method}: ${JSON.stringify(body)}`);
  return body.value;
}
