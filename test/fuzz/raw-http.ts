/**
 * One HTTP/1.1 exchange over a raw TCP socket (`node:net`, which Deno and Bun
 * both provide): bytes no `fetch` would send (a header twice, a body longer or
 * shorter than its length, garbage), and whatever comes back, or that the
 * server closed the connection without an answer.
 *
 * @module
 */
import { connect } from 'node:net';

/** What came back. */
export interface RawAnswer {
  /** The status, or `undefined` when the server closed without a status line. */
  status?: number;
  /** The header block, lower-cased names. */
  headers: string;
  /** The body as text (chunked framing left in place). */
  body: string;
}

/**
 * Sends bytes, half-closes, and reads until the server closes or `timeoutMs` passes.
 *
 * @param port The server's port on 127.0.0.1.
 * @param bytes The request, framing and all.
 * @param timeoutMs How long to wait for the server to finish.
 * @returns The answer.
 * @throws {Error} When the server neither answers nor closes in time.
 */
export function rawExchange(port: number, bytes: Uint8Array, timeoutMs = 5000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    const socket = connect({ port, host: '127.0.0.1' });
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(parse(concat(chunks)));
    };
    const timer = setTimeout(() => {
      done = true;
      socket.destroy();
      reject(new Error(`No answer and no close within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('connect', () => {
      socket.end(bytes);
    });
    socket.on('data', (chunk: Uint8Array) => {
      chunks.push(chunk);
      // A complete answer ends the exchange: a server may keep a connection whose request body
      // it left unread open after answering (Deno's does, `Connection: close` or not).
      if (complete(concat(chunks))) finish();
    });
    // A reset after a refusal (the server stops reading) ends the exchange like a close.
    socket.on('error', () => socket.destroy());
    socket.on('close', finish);
  });
}

function parse(bytes: Uint8Array): RawAnswer {
  let text = new TextDecoder('latin1').decode(bytes);
  // Interim answers (`100 Continue`) come before the answer.
  while (/^HTTP\/1\.[01] 1\d\d /.test(text) && text.includes('\r\n\r\n')) {
    text = text.slice(text.indexOf('\r\n\r\n') + 4);
  }
  const end = text.indexOf('\r\n\r\n');
  const head = end < 0 ? text : text.slice(0, end);
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(head);
  return {
    ...(match ? { status: Number(match[1]) } : {}),
    headers: head.toLowerCase(),
    body: end < 0 ? '' : text.slice(end + 4),
  };
}

// Whether the bytes hold a whole answer: a head and as much body as `Content-Length` says.
function complete(bytes: Uint8Array): boolean {
  const answer = parse(bytes);
  if (answer.status === undefined || answer.status < 200) return false;
  if (!/\r\n\r\n/.test(new TextDecoder('latin1').decode(bytes))) return false;
  const length = /^content-length: *(\d+)$/m.exec(answer.headers);
  if (length) return answer.body.length >= Number(length[1]);
  return /(^|\r\n)0\r\n\r\n$/.test(answer.body);
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
