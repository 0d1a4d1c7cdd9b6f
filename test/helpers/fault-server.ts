/**
 * A misbehaving HTTP server for client resilience tests: a real listener on 127.0.0.1 (port 0)
 * that answers each request with a planned fault (a reset connection, a proxy's HTML 502 page,
 * an empty body, a slow-loris trickle, a half-closed socket, invalid JSON, silence).
 *
 * It is built on `node:net` rather than `Deno.serve` or `Bun.serve`: only a raw socket can
 * reset a connection half-way through a body or close one direction of it, and `node:net`
 * behaves the same on Deno, Bun and Node. It speaks just enough HTTP/1.1 for `fetch`: a
 * request head, then a `Content-Length` or chunked body.
 *
 * @module
 */
import { createServer, type Server, type Socket } from 'node:net';

/**
 * What the server does with one request.
 *
 * - `ok`: a 200 success envelope, `{ok: true, value: {ok: true, request: n}}`.
 * - `reset`: the head and part of the body, then a TCP reset (RST) mid-response.
 * - `bad-gateway`: a proxy's HTML 502 page.
 * - `unavailable` / `gateway-timeout`: a proxy's HTML 503 / 504 page.
 * - `not-found-html`: a proxy's HTML 404 page (a 4xx that must not be retried).
 * - `empty`: 200 with `Content-Type: application/json` and an empty body.
 * - `trickle`: the head promising 1,000 bytes, then one byte every 50 ms (slow loris).
 * - `stall`: the head promising 1,000 bytes, then nothing.
 * - `half-close`: no response at all: the server ends its side (FIN) and keeps reading.
 * - `truncated`: the head and half the body, then FIN.
 * - `invalid-json`: 200 `application/json` whose body is cut-off JSON.
 * - `never`: the request is read and the response never starts.
 * - `echo-secret`: a 401 error envelope whose message quotes the request's `Authorization`
 *   header, as a careless server might; a client must not pass the secret on.
 */
export type Fault =
  | 'ok'
  | 'reset'
  | 'bad-gateway'
  | 'unavailable'
  | 'gateway-timeout'
  | 'not-found-html'
  | 'empty'
  | 'trickle'
  | 'stall'
  | 'half-close'
  | 'truncated'
  | 'invalid-json'
  | 'never'
  | 'echo-secret';

/** Every {@linkcode Fault}, in the order documented there. */
export const faults: readonly Fault[] = [
  'ok',
  'reset',
  'bad-gateway',
  'unavailable',
  'gateway-timeout',
  'not-found-html',
  'empty',
  'trickle',
  'stall',
  'half-close',
  'truncated',
  'invalid-json',
  'never',
  'echo-secret',
];

/**
 * The base URL under which every request gets `fault`, whatever the plan says: requests to
 * `${server.url}/fault/<fault>/...`. Concurrent tests can so each have their own fault.
 *
 * @param server The server.
 * @param fault The fault for every request under the URL.
 * @returns `${server.url}/fault/${fault}`.
 */
export function faultUrl(server: Pick<FaultServer, 'url'>, fault: Fault): string {
  return `${server.url}/fault/${fault}`;
}

/** The fault a `/fault/<fault>/...` path names, if any. */
function faultInPath(path: string): Fault | undefined {
  const name = /^\/fault\/([a-z-]+)\//.exec(path)?.[1];
  return faults.find((fault) => fault === name);
}

/** One request as the server read it. */
export interface ReceivedRequest {
  /** The HTTP method, e.g. `POST`. */
  method: string;
  /** The request target, e.g. `/api/v1/rpc`. */
  path: string;
  /** The headers, names in lower case. */
  headers: Record<string, string>;
  /** The body as text. */
  body: string;
  /** The fault it was answered with. */
  fault: Fault;
}

/** A running fault server. */
export interface FaultServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  url: string;
  /** Every request read so far, in arrival order. */
  requests: ReceivedRequest[];
  /**
   * Sets how the next requests are answered: the n-th next request gets `faults[n]`, and every
   * request after the list gets `then`.
   */
  plan(faults: Fault[], then?: Fault): void;
  /** Destroys every open connection, stops every trickle and stops listening. */
  close(): Promise<void>;
}

/** How large a request head and body may be before the connection is dropped. */
const maxRequestBytes = 1 << 20;

/** The bytes of a `trickle` or `stall` body the head promises. */
const promisedBytes = 1000;

/**
 * Starts a fault server on 127.0.0.1 at a free port. A request under `/fault/<fault>/` (see
 * {@linkcode faultUrl}) gets that fault; any other gets the next one
 * {@linkcode FaultServer.plan} set, or `ok`.
 *
 * @returns The running server; close it with {@linkcode FaultServer.close}.
 * @throws {Error} When it cannot listen.
 *
 * @example Usage
 * ```ts ignore
 * const server = await startFaultServer();
 * server.plan(['reset'], 'ok');
 * const first = await fetch(`${server.url}/rpc`, { method: 'POST', body: '{}' }).catch((e) => e);
 * await server.close();
 * ```
 */
export async function startFaultServer(): Promise<FaultServer> {
  const sockets = new Set<Socket>();
  const timers: Timers = new Set();
  const requests: ReceivedRequest[] = [];
  let queue: Fault[] = [];
  let fallback: Fault = 'ok';

  const server: Server = createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    readRequests(socket, (request) => {
      const fault = faultInPath(request.path) ?? queue.shift() ?? fallback;
      requests.push({ ...request, fault });
      answer(socket, fault, { index: requests.length, request, timers });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('No TCP address');

  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    plan(faults, then = 'ok') {
      queue = [...faults];
      fallback = then;
    },
    close() {
      for (const timer of timers) clearInterval(timer);
      timers.clear();
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

type ParsedRequest = Omit<ReceivedRequest, 'fault'>;

// Intervals and timeouts share one id space on every runtime, so clearInterval clears both.
type Timers = Set<ReturnType<typeof setTimeout>>;

/** Reads HTTP/1.1 requests off `socket` one after another and hands each to `onRequest`. */
function readRequests(socket: Socket, onRequest: (request: ParsedRequest) => void): void {
  let buffer = new Uint8Array(0);
  socket.on('data', (chunk: Uint8Array) => {
    const joined = new Uint8Array(buffer.length + chunk.length);
    joined.set(buffer);
    joined.set(chunk, buffer.length);
    buffer = joined;
    if (buffer.length > maxRequestBytes) return socket.destroy();
    for (;;) {
      const parsed = parseRequest(buffer);
      if (!parsed) return;
      buffer = buffer.slice(parsed.used);
      onRequest(parsed.request);
    }
  });
}

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder();
const encoder = new TextEncoder();

/** One whole request at the start of `bytes`, or `undefined` when more bytes are needed. */
function parseRequest(bytes: Uint8Array): { request: ParsedRequest; used: number } | undefined {
  const text = latin1.decode(bytes);
  const headEnd = text.indexOf('\r\n\r\n');
  if (headEnd < 0) return undefined;
  const [requestLine, ...lines] = text.slice(0, headEnd).split('\r\n');
  const [method = '', path = ''] = requestLine.split(' ');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
  }
  const bodyStart = headEnd + 4;
  if (headers['transfer-encoding']?.toLowerCase().includes('chunked')) {
    const chunked = readChunked(bytes, bodyStart);
    if (!chunked) return undefined;
    return {
      request: { method, path, headers, body: utf8.decode(chunked.body) },
      used: chunked.end,
    };
  }
  const length = Number(headers['content-length'] ?? '0');
  if (bytes.length < bodyStart + length) return undefined;
  const body = utf8.decode(bytes.slice(bodyStart, bodyStart + length));
  return { request: { method, path, headers, body }, used: bodyStart + length };
}

/** A chunked body (RFC 9112 §7.1) starting at `start`, or `undefined` when it is incomplete. */
function readChunked(
  bytes: Uint8Array,
  start: number,
): { body: Uint8Array; end: number } | undefined {
  const parts: Uint8Array[] = [];
  let at = start;
  for (;;) {
    const text = latin1.decode(bytes.subarray(at, Math.min(bytes.length, at + 32)));
    const lineEnd = text.indexOf('\r\n');
    if (lineEnd < 0) return undefined;
    const size = parseInt(text.slice(0, lineEnd).split(';')[0], 16);
    at += lineEnd + 2;
    if (size === 0) {
      // The last chunk, then an empty trailer section.
      if (bytes.length < at + 2) return undefined;
      const body = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let offset = 0;
      for (const part of parts) body.set(part, (offset += part.length) - part.length);
      return { body, end: at + 2 };
    }
    if (bytes.length < at + size + 2) return undefined;
    parts.push(bytes.slice(at, at + size));
    at += size + 2;
  }
}

/** The response head: status line, headers, blank line. */
function head(status: string, headers: Record<string, string | number>): string {
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return `HTTP/1.1 ${status}\r\n${['connection: close', ...lines].join('\r\n')}\r\n\r\n`;
}

/** A whole response with `body`, after which the server closes the connection. */
function full(socket: Socket, status: string, contentType: string, body: string): void {
  const bytes = encoder.encode(body);
  socket.write(head(status, { 'content-type': contentType, 'content-length': bytes.length }));
  socket.end(bytes);
}

function htmlPage(status: string): string {
  return `<!DOCTYPE html><html><head><title>${status}</title></head>` +
    `<body><h1>${status}</h1><hr><center>nginx</center></body></html>`;
}

/** Answers one request with `fault`. */
function answer(
  socket: Socket,
  fault: Fault,
  context: { index: number; request: ParsedRequest; timers: Timers },
): void {
  const json = 'application/json';
  switch (fault) {
    case 'ok':
      return full(
        socket,
        '200 OK',
        json,
        JSON.stringify({ ok: true, value: { ok: true, request: context.index } }),
      );
    case 'bad-gateway':
      return full(socket, '502 Bad Gateway', 'text/html', htmlPage('502 Bad Gateway'));
    case 'unavailable':
      return full(
        socket,
        '503 Service Unavailable',
        'text/html',
        htmlPage('503 Service Unavailable'),
      );
    case 'gateway-timeout':
      return full(socket, '504 Gateway Timeout', 'text/html', htmlPage('504 Gateway Timeout'));
    case 'not-found-html':
      return full(socket, '404 Not Found', 'text/html', htmlPage('404 Not Found'));
    case 'empty':
      return full(socket, '200 OK', json, '');
    case 'invalid-json':
      return full(socket, '200 OK', json, '{"ok":true,"value":{"na');
    case 'echo-secret': {
      const credential = context.request.headers['authorization'] ?? '';
      const error = { type: 'unauthorized', message: `Credential ${credential} is not valid` };
      return full(socket, '401 Unauthorized', json, JSON.stringify({ ok: false, error }));
    }
    case 'reset': {
      socket.write(head('200 OK', { 'content-type': json, 'content-length': 200 }));
      socket.write('{"ok":true,"value":{"text":"');
      // Let the bytes leave before the RST, so the client is mid-body when it arrives.
      const timer = setTimeout(() => {
        context.timers.delete(timer);
        reset(socket);
      }, 20);
      context.timers.add(timer);
      return;
    }
    case 'trickle': {
      socket.write(head('200 OK', { 'content-type': json, 'content-length': promisedBytes }));
      const timer = setInterval(() => {
        if (socket.destroyed || socket.writableEnded) {
          clearInterval(timer);
          context.timers.delete(timer);
          return;
        }
        socket.write(' ');
      }, 50);
      context.timers.add(timer);
      return;
    }
    case 'stall':
      socket.write(head('200 OK', { 'content-type': json, 'content-length': promisedBytes }));
      return;
    case 'half-close':
      socket.end();
      return;
    case 'truncated':
      socket.write(head('200 OK', { 'content-type': json, 'content-length': 100 }));
      socket.end('{"ok":true,"value":{"text":"half');
      return;
    case 'never':
      return;
  }
}

/** Closes `socket` with a TCP reset where the runtime can, else destroys it. */
function reset(socket: Socket): void {
  const withReset = socket as Socket & { resetAndDestroy?: () => Socket };
  if (typeof withReset.resetAndDestroy === 'function') withReset.resetAndDestroy();
  else socket.destroy();
}
