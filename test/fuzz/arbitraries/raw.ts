/**
 * Raw HTTP/1.1 requests for the socket run: what `fetch` never sends. Header
 * fields twice (the runtime joins them), two different lengths, a length and
 * chunked framing together, broken chunks, a header line or a URL of 100 KB,
 * bare LF line ends, NUL and folded lines, a body shorter or longer than its
 * length, pipelined garbage, and random bytes. Every request here must be
 * refused (or only read), so the state must not change.
 *
 * @module
 */
import fc from 'fast-check';
import { ref } from '../request.ts';

/** A raw request: its text (fixture references allowed, Latin-1) and a label. */
export interface RawRequest {
  /** What it tries. */
  label: string;
  /** The bytes as Latin-1 text, references resolved when sent. */
  text: string;
  /** Random bytes sent after the text, if any. */
  tail?: Uint8Array;
}

// Failure reports name the case and show the start of it, not 200 KB of body.
function raw(label: string, text: string, tail?: Uint8Array): RawRequest {
  return {
    label,
    text,
    ...(tail ? { tail } : {}),
    [fc.toStringMethod]: () =>
      `${label}: ${JSON.stringify(text.slice(0, 160))}${text.length > 160 ? '…' : ''}${
        tail ? ` + ${tail.length} random bytes` : ''
      }`,
  } as RawRequest;
}

const refused = JSON.stringify({ method: 'instances.get', input: { instanceId: 5 } });
const roolRefused = JSON.stringify({ method: 'spaces.get', input: { spaceId: 5 } });
const apiKey = `Bearer ${ref('apiKey')}`;

function post(
  path: string,
  headers: readonly string[],
  body: string,
  options: { length?: string | null } = {},
): string {
  const length = options.length === undefined ? String(body.length) : options.length;
  const lines = [`POST ${path} HTTP/1.1`, 'Host: 127.0.0.1', ...headers, 'Connection: close'];
  if (length !== null) lines.push(`Content-Length: ${length}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

function chunked(body: string, size: number): string {
  let out = '';
  for (let at = 0; at < body.length; at += size) {
    const chunk = body.slice(at, at + size);
    out += `${chunk.length.toString(16)}\r\n${chunk}\r\n`;
  }
  return `${out}0\r\n\r\n`;
}

const json = 'Content-Type: application/json';
const auth = `Authorization: ${apiKey}`;

/** The structured cases, each a request the mock (or the runtime before it) must refuse. */
export const rawCases: readonly RawRequest[] = [
  raw('authorization twice', post('/api/v1/rpc', [auth, auth, json], refused)),
  raw(
    'authorization twice, one wrong',
    post('/api/v1/rpc', [auth, 'Authorization: Bearer wrong', json], refused),
  ),
  raw('content type twice', post('/api/v1/rpc', [auth, json, json], refused)),
  raw(
    'content types that differ',
    post('/api/v1/rpc', [auth, json, 'Content-Type: text/plain'], refused),
  ),
  raw(
    'two different lengths',
    post('/api/v1/rpc', [auth, json, `Content-Length: ${refused.length + 5}`], refused),
  ),
  raw(
    'length and chunked together',
    post('/api/v1/rpc', [auth, json, 'Transfer-Encoding: chunked'], chunked(refused, 7)),
  ),
  raw(
    'chunked, over the limit',
    post(
      '/api/v1/rpc',
      [auth, json, 'Transfer-Encoding: chunked'],
      chunked(`{"method":"instances.get","input":{"instanceId":"${'x'.repeat(200_000)}"}}`, 8192),
      { length: null },
    ),
  ),
  raw(
    'a broken chunk size',
    post('/api/v1/rpc', [auth, json, 'Transfer-Encoding: chunked'], 'zz\r\nabc\r\n0\r\n\r\n', {
      length: null,
    }),
  ),
  raw(
    'a header line of 100 KB',
    post('/api/v1/rpc', [auth, json, `X-Big: ${'b'.repeat(100_000)}`], refused),
  ),
  raw('a URL of 100 KB', post(`/api/v1/rpc?${'q'.repeat(100_000)}`, [auth, json], refused)),
  raw('bare LF line ends', post('/api/v1/rpc', [auth, json], refused).replaceAll('\r\n', '\n')),
  raw('NUL in a header', post('/api/v1/rpc', [auth, json, 'X-Nul: a\u0000b'], refused)),
  raw(
    'a folded header line',
    post('/api/v1/rpc', ['Authorization: Bearer', ` ${ref('apiKey')}`, json], refused),
  ),
  raw(
    'HTTP/1.0 without Host',
    `POST /api/v1/rpc HTTP/1.0\r\n${auth}\r\n${json}\r\nContent-Length: ${refused.length}\r\n\r\n${refused}`,
  ),
  raw(
    'an empty Host',
    post('/api/v1/rpc', [auth, json], refused).replace('Host: 127.0.0.1', 'Host: '),
  ),
  raw(
    'a Host that is no host',
    post('/api/v1/rpc', [auth, json], refused).replace('127.0.0.1', 'a b'),
  ),
  raw('a Host cut short', post('/rool/v1/rpc', [json], roolRefused).replace('127.0.0.1', '[::1')),
  raw(
    'a body shorter than its length',
    post('/api/v1/rpc', [auth, json], refused.slice(0, 10), { length: String(refused.length) }),
  ),
  raw(
    'a body longer than its length, then garbage',
    `${post('/api/v1/rpc', [auth, json], refused)}GARBAGE / HTTP/1.1\r\n\r\n`,
  ),
  raw(
    'a lower-case method',
    post('/api/v1/rpc', [auth, json], refused).replace('POST', 'post'),
  ),
  raw('an absolute request target', post('http://127.0.0.1/api/v1/rpc', [auth, json], refused)),
  raw(
    'Expect: 100-continue',
    post('/api/v1/rpc', [auth, json, 'Expect: 100-continue'], refused),
  ),
  raw(
    'Rool: the client ID twice',
    post(
      '/rool/v1/rpc',
      [
        `Authorization: Bearer ${ref('aliceToken')}`,
        json,
        'Rool-Client-Id: client_1',
        'Rool-Client-Id: client_2',
      ],
      roolRefused,
    ),
  ),
  raw(
    'WebDAV: Depth twice',
    [
      `PROPFIND /rool/v1/spaces/${ref('spaceId')}/dav/ HTTP/1.1`,
      'Host: 127.0.0.1',
      `Authorization: Bearer ${ref('aliceToken')}`,
      'Depth: 0',
      'Depth: infinity',
      'Connection: close',
      '',
      '',
    ].join('\r\n'),
  ),
  raw(
    'WebDAV: a PUT whose body is shorter than its length',
    [
      `PUT /rool/v1/spaces/${ref('spaceId')}/dav/rool-drive/short.txt HTTP/1.1`,
      'Host: 127.0.0.1',
      `Authorization: Bearer ${ref('aliceToken')}`,
      'Content-Length: 1000',
      'Connection: close',
      '',
      'only this',
    ].join('\r\n'),
  ),
];

/**
 * Raw requests: the structured cases, random bytes, and random bytes after a valid head.
 *
 * @returns The arbitrary.
 */
export function rawRequest(): fc.Arbitrary<RawRequest> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...rawCases) },
    {
      weight: 1,
      arbitrary: fc.uint8Array({ minLength: 1, maxLength: 300 }).map((tail) =>
        raw('random bytes', '', tail)
      ),
    },
    {
      weight: 1,
      arbitrary: fc.uint8Array({ minLength: 1, maxLength: 300 }).map((tail) =>
        raw(
          'a head, then random bytes',
          `POST /api/v1/rpc HTTP/1.1\r\nHost: 127.0.0.1\r\n${auth}\r\n`,
          tail,
        )
      ),
    },
  );
}
