/**
 * Hostile headers: content types that are not what a route takes (and
 * spellings of the one it takes), credentials that are missing, wrong,
 * misspelt or meant for something else, fields sent twice, huge values and
 * very many fields.
 *
 * @module
 */
import fc from 'fast-check';
import { ref } from '../request.ts';

/** A header field. */
export type Header = readonly [string, string];

/** Content types an RPC endpoint refuses with 415. */
export const nonJsonTypes: readonly string[] = [
  'text/plain',
  'text/plain;charset=UTF-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=fuzz',
  'application/jsonx',
  'application/json-patch+json',
  'application/problem+json',
  'text/json',
  'application/javascript',
  'application/xml',
  'application/octet-stream',
  '*/*',
  'json',
  'application/json, text/plain',
  'application /json',
  '',
];

/** Spellings of `application/json` an RPC endpoint takes. */
export const jsonTypes: readonly string[] = [
  'application/json',
  'Application/JSON',
  'application/json; charset=utf-8',
  'application/json;charset=UTF-16',
  'application/json; boundary=x; charset=latin1',
  'application/json ; foo=bar',
];

/**
 * Header values of printable ASCII: what every runtime's `Headers` takes.
 *
 * @param maxLength The longest value.
 * @returns The arbitrary.
 */
export function headerValue(maxLength = 40): fc.Arbitrary<string> {
  return fc.string({
    unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
    maxLength,
  });
}

/**
 * Header names: tokens of RFC 9110 §5.6.2, and the names the mock reads.
 *
 * @returns The arbitrary.
 */
export function headerName(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(
      'authorization',
      'content-type',
      'content-length',
      'transfer-encoding',
      'cookie',
      'origin',
      'rool-client-id',
      'accept',
      'accept-encoding',
      'x-forwarded-for',
      'if-match',
      'destination',
      'depth',
      '__proto__',
      'constructor',
    ),
    fc.stringMatching(/^[a-z][a-z0-9-]{0,30}$/),
  );
}

/**
 * Credentials that are not the one a route wants, for a route whose right one is `right`.
 *
 * @param right The legitimate `authorization` value.
 * @returns Arbitrary header lists replacing it.
 */
export function wrongCredentials(right: string): fc.Arbitrary<Header[]> {
  const secret = right.replace(/^Bearer /, '');
  return fc.oneof(
    fc.constant<Header[]>([]),
    fc.constantFrom<Header[]>(
      [['authorization', 'Bearer wrong-key-0000']],
      [['authorization', `bearer ${secret}`]],
      [['authorization', `Bearer    ${secret}   `]],
      [['authorization', `Bearer ${secret} extra`]],
      [['authorization', `Bearer`]],
      [['authorization', `Basic ${btoa('user:wrong')}`]],
      [['authorization', `Token ${secret}`]],
      [['authorization', `Bearer ${ref('apiKey')}`]],
      [['authorization', `Bearer ${ref('token')}`]],
      [['authorization', `Bearer ${ref('otherToken')}`]],
      [['authorization', `Bearer ${ref('expiredToken')}`]],
      [['authorization', `Bearer ${ref('originToken')}`]],
      [['authorization', `Bearer ${ref('originToken')}`], ['origin', ref('origin')]],
      [['authorization', `Bearer ${ref('aliceToken')}`]],
      [['authorization', `Bearer ${ref('bobToken')}`]],
      [['authorization', `Bearer ${ref('jwt')}`]],
      [['authorization', `Bearer ${ref('sandboxToken')}`]],
      [['cookie', `roj_instance_token=${ref('token')}`]],
      [['cookie', `a=b; roj_instance_token=; roj_instance_token=${ref('token')}`]],
      [['authorization', right], ['authorization', right]],
      [['authorization', right], ['authorization', 'Bearer wrong-key-0000']],
      [['authorization', `Bearer __proto__`]],
      [['authorization', `Bearer constructor`]],
      [['authorization', `Bearer ${'k'.repeat(65_536)}`]],
    ),
    headerValue(80).map((v): Header[] => [['authorization', v]]),
  );
}

/** A change to a request's header list. */
export type HeaderMutation = (headers: readonly Header[]) => Header[];

let chaos: fc.Arbitrary<HeaderMutation> | undefined;

/**
 * Changes to a header list that test parsing: every field twice, a field a route reads added
 * again, huge values, very many fields, lying lengths. Built once: a header name arbitrary that
 * matches a pattern costs milliseconds to make.
 *
 * @returns The arbitrary of changes.
 */
export function headerChaos(): fc.Arbitrary<HeaderMutation> {
  chaos ??= fc.oneof(
    // Every field twice: the runtime joins them with ", ".
    fc.constant<HeaderMutation>((h) => [...h, ...h]),
    fc.tuple(fc.constantFrom('content-type', 'authorization', 'cookie', 'origin'), headerValue())
      .map(([name, value]): HeaderMutation => (h) => [...h, [name, value]]),
    fc.tuple(headerName(), fc.constantFrom(1024, 16 * 1024, 64 * 1024)).map(
      ([name, size]): HeaderMutation => (h) => [...h, [name, 'v'.repeat(size)]],
    ),
    // Many fields: a runtime's `Headers` costs O(n) per field added in process, so keep n modest.
    fc.tuple(fc.integer({ min: 20, max: 64 }), headerValue(20)).map(
      ([n, value]): HeaderMutation => (h) => [
        ...h,
        ...Array.from({ length: n }, (_, i): Header => [`x-fuzz-${i}`, value]),
      ],
    ),
    fc.constantFrom('0', '1', '99999999999', '-1', '1e3', ' 12', '0x10', '1, 2').map(
      (length): HeaderMutation => (h) => [...h, ['content-length', length]],
    ),
    fc.constant<HeaderMutation>((h) => [...h, ['transfer-encoding', 'chunked']]),
    fc.tuple(headerName(), headerValue(200)).map(([k, v]): HeaderMutation => (h) => [...h, [k, v]]),
    fc.constant<HeaderMutation>((h) => [...h, ['rool-client-id', 'c'.repeat(4096)]]),
    fc.constant<HeaderMutation>((
      h,
    ) => [...h, ['cookie', `roj_instance_token=${'t'.repeat(32_768)}`]]),
    fc.constant<HeaderMutation>((h) => [...h, ['origin', `http://${'o'.repeat(8192)}.test`]]),
  );
  return chaos;
}
