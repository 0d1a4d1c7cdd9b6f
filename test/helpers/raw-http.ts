/**
 * A raw HTTP/1.1 client over TCP (`node:net`, so Deno and Bun run it alike), for tests that
 * need what `fetch` hides: a body that trickles, stalls or goes on past a limit, and whether
 * the server stopped reading it or closed the connection.
 *
 * @module
 */
import { connect, type Socket } from 'node:net';

/** A response as it came off the wire. */
export interface RawResponse {
  /** The status code. */
  status: number;
  /** The headers, names in lower case (repeated ones joined with `, `). */
  headers: Record<string, string>;
  /** The body as text (de-chunked). */
  body: string;
  /** Milliseconds from opening the connection to the end of the response. */
  ms: number;
}

/** How {@linkcode RawExchange.pushUntilStopped} ended. */
export type PushOutcome =
  /** The server closed (or reset) the connection. */
  | 'closed'
  /** Writes stopped draining: the server is not reading. */
  | 'stalled'
  /** The server went on reading everything written, up to the cap. */
  | 'draining';

/** One connection carrying one request. */
export interface RawExchange {
  /**
   * Writes bytes as they are (a declared body).
   *
   * @param data The bytes.
   */
  write(data: string | Uint8Array): void;
  /**
   * Writes one chunk of a chunked body.
   *
   * @param data The chunk; empty ends the body.
   */
  chunk(data: string | Uint8Array): void;
  /**
   * The response, once it has arrived whole.
   *
   * @param timeoutMs How long to wait. Default 5 000.
   * @returns The response.
   * @throws {Error} When none arrives in time, or the connection closes first.
   */
  response(timeoutMs?: number): Promise<RawResponse>;
  /**
   * The response, or the moment the connection closed without one: a server that closes while
   * the client is still writing resets the connection, and the reset can discard a response
   * the client had not read yet.
   *
   * @param timeoutMs How long to wait. Default 5 000.
   * @returns The response, or when the connection closed, in ms from opening it.
   * @throws {Error} When neither happens in time.
   */
  responseOrClose(timeoutMs?: number): Promise<RawResponse | { closedMs: number }>;
  /**
   * Whether the server closes the connection within `ms`.
   *
   * @param ms How long to wait.
   * @returns `true` once it is closed.
   */
  closesWithin(ms: number): Promise<boolean>;
  /**
   * Writes body bytes (chunked or not) as fast as the server takes them, until it closes the
   * connection, stops reading (a write has not drained after `stallMs`), or has taken `capBytes`.
   *
   * @param options Chunked framing, the stall wait (default 300 ms) and the cap (default 256 MiB).
   * @returns How it ended, and the bytes written.
   */
  pushUntilStopped(
    options: { chunked: boolean; stallMs?: number; capBytes?: number },
  ): Promise<{ outcome: PushOutcome; written: number }>;
  /** Closes the connection and waits until it is closed. */
  destroy(): Promise<void>;
}

/** A request's start: method, path and headers (`Host` is added). */
export interface RawHead {
  /** E.g. `POST`. */
  method: string;
  /** E.g. `/api/v1/rpc`. */
  path: string;
  /** Headers; add `transfer-encoding: chunked` or `content-length` for a body. */
  headers: Record<string, string>;
  /** Leave the head unfinished (no blank line): a client slow to send its headers. */
  unfinished?: boolean;
}

const encoder = new TextEncoder();

/**
 * Connects and sends a request's head.
 *
 * @param port The server's port on 127.0.0.1.
 * @param head The request line and headers.
 * @returns The exchange, to write the body and read the response.
 * @throws {Error} When the connection fails.
 */
export async function openRaw(port: number, head: RawHead): Promise<RawExchange> {
  const socket = connect(port, '127.0.0.1');
  const openedAt = performance.now();
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let received: Uint8Array = new Uint8Array(0);
  let parsed: RawResponse | undefined;
  let closed = false;
  let closedMs = 0;
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const waiter of waiters) waiter();
  };
  socket.on('data', (data: Uint8Array) => {
    received = concat(received, data);
    parsed ??= parseResponse(received, performance.now() - openedAt);
    wake();
  });
  socket.on('error', () => {});
  socket.on('close', () => {
    closed = true;
    closedMs = performance.now() - openedAt;
    wake();
  });
  const lines = [`${head.method} ${head.path} HTTP/1.1`, 'host: 127.0.0.1'];
  for (const [name, value] of Object.entries(head.headers)) lines.push(`${name}: ${value}`);
  socket.write(`${lines.join('\r\n')}\r\n${head.unfinished ? '' : '\r\n'}`);

  const until = (done: () => boolean, ms: number) =>
    new Promise<boolean>((resolve) => {
      if (done()) return resolve(true);
      const check = () => {
        if (!done()) return;
        finish(true);
      };
      const timer = setTimeout(() => finish(false), ms);
      function finish(result: boolean) {
        clearTimeout(timer);
        waiters.delete(check);
        resolve(result);
      }
      waiters.add(check);
    });

  return {
    write(data) {
      if (!socket.destroyed) socket.write(data);
    },
    chunk(data) {
      if (socket.destroyed) return;
      const bytes = typeof data === 'string' ? encoder.encode(data) : data;
      socket.write(`${bytes.byteLength.toString(16)}\r\n`);
      if (bytes.byteLength > 0) socket.write(bytes);
      socket.write('\r\n');
    },
    async response(timeoutMs = 5_000) {
      await until(() => parsed !== undefined || closed, timeoutMs);
      if (parsed) return parsed;
      throw new Error(
        closed
          ? `The connection closed without a whole response (${received.byteLength} bytes)`
          : `No whole response within ${timeoutMs} ms`,
      );
    },
    async responseOrClose(timeoutMs = 5_000) {
      await until(() => parsed !== undefined || closed, timeoutMs);
      if (parsed) return parsed;
      if (closed) return { closedMs };
      throw new Error(`No whole response within ${timeoutMs} ms`);
    },
    closesWithin: (ms) => until(() => closed, ms),
    async pushUntilStopped({ chunked, stallMs = 300, capBytes = 256 * 1024 * 1024 }) {
      const block = new Uint8Array(64 * 1024).fill(120);
      const framed = chunked
        ? concat(concat(encoder.encode(`${block.byteLength.toString(16)}\r\n`), block), crlf)
        : block;
      let written = 0;
      while (written < capBytes) {
        if (closed || socket.destroyed) return { outcome: 'closed', written };
        const flowing = socket.write(framed);
        written += block.byteLength;
        if (flowing) {
          await new Promise((resolve) => setImmediate(resolve));
          continue;
        }
        const drained = await drainOrClose(socket, stallMs);
        if (drained === 'closed') return { outcome: 'closed', written };
        if (drained === 'stalled') return { outcome: 'stalled', written };
      }
      return { outcome: 'draining', written };
    },
    async destroy() {
      if (closed) return;
      socket.destroy();
      await until(() => closed, 1_000);
    },
  };
}

const crlf = encoder.encode('\r\n');

function drainOrClose(socket: Socket, ms: number): Promise<'drained' | 'stalled' | 'closed'> {
  return new Promise((resolve) => {
    const done = (outcome: 'drained' | 'stalled' | 'closed') => {
      clearTimeout(timer);
      socket.off('drain', onDrain);
      socket.off('close', onClose);
      resolve(outcome);
    };
    const onDrain = () => done('drained');
    const onClose = () => done('closed');
    const timer = setTimeout(() => done('stalled'), ms);
    socket.on('drain', onDrain);
    socket.on('close', onClose);
  });
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a);
  out.set(b, a.byteLength);
  return out;
}

/** The response in `bytes`, once it is whole (by `Content-Length` or chunked framing). */
function parseResponse(bytes: Uint8Array, ms: number): RawResponse | undefined {
  const text = new TextDecoder('latin1').decode(bytes);
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const status = Number(statusLine.split(' ')[1]);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  // latin1 decodes one character per byte, so the head's length in characters is in bytes.
  const rest = bytes.subarray(end + 4);
  const body = headers['transfer-encoding']?.includes('chunked')
    ? dechunk(rest)
    : rest.byteLength >= Number(headers['content-length'] ?? 0)
    ? rest.subarray(0, Number(headers['content-length'] ?? 0))
    : undefined;
  if (body === undefined) return undefined;
  return { status, headers, body: new TextDecoder().decode(body), ms };
}

function dechunk(bytes: Uint8Array): Uint8Array | undefined {
  const chunks: Uint8Array[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = indexOfCrlf(bytes, at);
    if (lineEnd < 0) return undefined;
    const size = parseInt(new TextDecoder().decode(bytes.subarray(at, lineEnd)), 16);
    if (Number.isNaN(size)) return undefined;
    if (size === 0) return chunks.reduce(concat, new Uint8Array(0));
    const start = lineEnd + 2;
    if (bytes.byteLength < start + size + 2) return undefined;
    chunks.push(bytes.subarray(start, start + size));
    at = start + size + 2;
  }
}

function indexOfCrlf(bytes: Uint8Array, from: number): number {
  for (let i = from; i + 1 < bytes.byteLength; i++) {
    if (bytes[i] === 13 && bytes[i + 1] === 10) return i;
  }
  return -1;
}
