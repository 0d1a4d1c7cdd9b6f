/**
 * Fuzzed uploads to `POST /api/v1/files/upload` (docs/roj-contract.md §4):
 * multipart bodies without a boundary or with the wrong one, cut short, with a
 * part past the upload limit, with very many parts, with no file part or two,
 * with hostile filenames, and random bytes; sent with wrong content types,
 * credentials and headers too.
 *
 * @module
 */
import fc from 'fast-check';
import { type Expected, FuzzRequest, ref } from '../request.ts';
import { type Header, headerChaos, headerValue, wrongCredentials } from './headers.ts';
import { cut, cutPoint } from './json.ts';
import { withTransports } from './transport.ts';

/** Where uploads go. */
export const uploadPath = '/api/v1/files/upload';

const boundary = 'fuzzBoundary7MA4YWxk';
const credential: Header = ['authorization', `Bearer ${ref('apiKey')}`];
const multipartType = `multipart/form-data; boundary=${boundary}`;

/** One part of a multipart body. */
interface Part {
  name?: string;
  filename?: string;
  type?: string;
  content: string;
}

/**
 * A multipart/form-data body (RFC 7578) with the fuzz boundary.
 *
 * @param parts The parts.
 * @returns The body text, closing delimiter included.
 */
export function multipartBody(parts: readonly Part[]): string {
  let text = '';
  for (const part of parts) {
    const disposition = ['form-data'];
    if (part.name !== undefined) disposition.push(`name="${part.name}"`);
    if (part.filename !== undefined) disposition.push(`filename="${part.filename}"`);
    text += `--${boundary}\r\nContent-Disposition: ${disposition.join('; ')}\r\n`;
    if (part.type !== undefined) text += `Content-Type: ${part.type}\r\n`;
    text += `\r\n${part.content}\r\n`;
  }
  return `${text}--${boundary}--\r\n`;
}

const filenames: readonly string[] = [
  'a.txt',
  '../../etc/passwd',
  'C:\\dir\\a.txt',
  '__proto__',
  'constructor',
  '',
  'a%22b',
  'ünïcödé.txt',
  'f'.repeat(300),
  '.',
  '..',
  'a\tb',
];

const partTypes: readonly string[] = [
  'text/plain',
  'application/octet-stream',
  'multipart/mixed; boundary=inner',
  '',
  'x'.repeat(300),
  'text/plain; charset=utf-8; name="__proto__"',
];

/**
 * Fuzzed upload requests.
 *
 * @param uploadBytes The mock's upload limit.
 * @returns The arbitrary.
 */
export function uploadRequest(uploadBytes: number): fc.Arbitrary<FuzzRequest> {
  const request = (
    label: string,
    body: string | Uint8Array,
    expect?: Expected,
    headers?: Header[],
  ) =>
    new FuzzRequest({
      label: `upload ${label}`,
      method: 'POST',
      path: uploadPath,
      headers: headers ?? [credential, ['content-type', multipartType]],
      body,
      format: 'envelope',
      ...(expect ? { expect } : {}),
    });
  const filePart = fc.record({
    name: fc.constant('file'),
    filename: fc.constantFrom(...filenames),
    type: fc.constantFrom(...partTypes),
    content: fc.string({ maxLength: 200 }),
  });
  const invalid: Expected = { status: 400, type: 'invalid_request' };
  const noFile: Expected = { status: 400, type: 'validation_error', path: '/file' };
  const tooLarge: Expected = { status: 413, type: 'payload_too_large' };
  const valid = filePart.map((part) => multipartBody([part]));
  return withTransports(fc.oneof(
    { weight: 2, arbitrary: valid.map((body) => request('valid', body)) },
    {
      weight: 2,
      arbitrary: fc.tuple(
        valid,
        fc.constantFrom(
          'multipart/form-data',
          'multipart/form-data; boundary=',
          'multipart/form-data; charset=utf-8',
          'multipart/form-data; boundary=other',
          'multipart/form-data; boundary="unterminated',
        ),
      ).map(([body, type]) =>
        request(`content type ${type}`, body, invalid, [credential, ['content-type', type]])
      ),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(fc.integer({ min: uploadBytes + 1, max: uploadBytes * 4 }), fc.boolean())
        .map(([size, named]) =>
          request(
            `part of ${size} bytes`,
            multipartBody([{
              name: named ? 'file' : 'other',
              filename: 'big.bin',
              content: 'x'.repeat(size),
            }]),
            tooLarge,
          )
        ),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(valid, cutPoint()).map(([body, at]) =>
        request('cut', cut(body, Math.min(at, 0.9)), invalid)
      ),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 90, max: 400 }).map((n) =>
        request(`${n} parts`, `--${boundary}\r\n\r\n\r\n`.repeat(n) + `--${boundary}--\r\n`)
      ),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom<[string, Part[]]>(
        ['two files', [{ name: 'file', filename: 'a', content: 'a' }, {
          name: 'file',
          filename: 'b',
          content: 'b',
        }]],
        ['plain field', [{ name: 'file', content: 'a' }]],
        ['no file', [{ name: 'other', filename: 'a', content: 'a' }]],
        ['no name', [{ filename: 'a', content: 'a' }]],
        ['no parts', []],
        ['file and field', [{ name: 'file', filename: 'a', content: 'a' }, {
          name: 'file',
          content: 'b',
        }]],
      ).map(([label, parts]) => request(label, multipartBody(parts), noFile)),
    },
    {
      weight: 1,
      arbitrary: fc.uint8Array({ maxLength: 512 }).map((bytes) =>
        request('random bytes', bytes, invalid)
      ),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(
        valid,
        fc.constantFrom('application/json', 'text/plain', 'application/octet-stream', ''),
      )
        .map(([body, type]) =>
          request(`content type ${JSON.stringify(type)}`, body, {
            status: 415,
            type: 'unsupported_media_type',
          }, type === '' ? [credential] : [credential, ['content-type', type]])
        ),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(valid, wrongCredentials(credential[1])).map(([body, credentials]) =>
        request('credentials', body, undefined, [...credentials, ['content-type', multipartType]])
      ),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(valid, headerChaos()).map(([body, mutate]) =>
        request('headers', body, undefined, mutate([credential, ['content-type', multipartType]]))
      ),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(headerValue(200), fc.string({ maxLength: 100 })).map((
        [header, content],
      ) =>
        request(
          'part header',
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a"\r\nX-Fuzz: ${header}\r\n\r\n${content}\r\n--${boundary}--\r\n`,
        )
      ),
    },
  ));
}
