/**
 * Fuzzed requests to one RPC endpoint, derived from its registry: valid calls,
 * near misses, polluted inputs, prototype method names, broken envelopes, cut
 * and over-deep JSON, huge strings and numbers, random bytes, broken encodings,
 * wrong content types, hostile headers, wrong credentials and wrong HTTP
 * methods. Where the outcome is certain (the request is refused by one check
 * only), the request carries it, so the answer is checked exactly.
 *
 * @module
 */
import fc from 'fast-check';
import type { Endpoint } from '../catalog.ts';
import { type Expected, FuzzRequest, ref } from '../request.ts';
import { type Header, headerChaos, jsonTypes, nonJsonTypes, wrongCredentials } from './headers.ts';
import { callFrom, callWithSecret, type InputPool, missFrom } from './inputs.ts';
import {
  cut,
  cutPoint,
  deepJsonText,
  depths,
  extremeNumberTexts,
  mapLeaves,
  pollute,
  pollutionKeys,
  pollutionPayloads,
  rawJson,
  toJsonText,
} from './json.ts';
import { withTransports } from './transport.ts';

/** Method names that are properties of every object, so a registry lookup must not find them. */
export const prototypeMethodNames: readonly string[] = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  '__defineGetter__',
  '__lookupSetter__',
];

/**
 * Whether a method only reads, by its name (`instances.get`, `objects.getMany`, `listSessions`,
 * `checkpoints.history`, …): then even a call that succeeds must change no state.
 *
 * @param method The method name.
 * @returns Whether it is a read.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { isRead } from './rpc.ts';
 * assert.equal(isRead('objects.getMany'), true);
 * assert.equal(isRead('objects.put'), false);
 * ```
 */
export function isRead(method: string): boolean {
  return /^(?:[a-z]+\.)?(?:get|list|stat|search|status|history)(?:[A-Z]\w*)?$/.test(method) ||
    method === 'validateSandboxToken';
}

const invalidRequest: Expected = { status: 400, type: 'invalid_request' };
const wrongHttpMethods = ['GET', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'FUZZ', 'PROPFIND'];

const instancePathIds: readonly string[] = [
  ref('otherInstanceId'),
  'ins_999999',
  '__proto__',
  'constructor',
  '%2e%2e',
  '..%2F..%2Fapi',
  '%00',
  '%E2%9C%93',
  'i'.repeat(5000),
  ref('token'),
];

/** What the arms of {@linkcode rpcRequest} build a request from. */
interface Draft {
  label: string;
  body: string | Uint8Array;
  expect?: Expected;
  headers?: Header[];
  /** The method the body calls, if it is one: a read must change nothing, accepted or not. */
  method?: string;
}

/**
 * Every kind of fuzzed request to an endpoint.
 *
 * @param endpoint The endpoint.
 * @param pool The inputs to draw from.
 * @returns The arbitrary.
 */
export function rpcRequest(endpoint: Endpoint, pool: InputPool): fc.Arbitrary<FuzzRequest> {
  const right = endpoint.credential;
  const json: Header = ['content-type', 'application/json'];
  const call = callFrom(pool);
  const method = fc.constantFrom(...endpoint.methods);
  const draft = (arbitrary: fc.Arbitrary<Draft>, weight: number) => ({ arbitrary, weight });

  const arms = [
    draft(
      missFrom(pool).map(({ method, miss }) => ({
        label: `near miss ${method}: ${miss.mutation}`,
        body: toJsonText({ method, input: miss.value }),
        expect: { status: 400, type: 'validation_error', path: miss.path },
      })),
      5,
    ),
    draft(
      fc.tuple(
        call,
        fc.constantFrom(...pollutionKeys),
        fc.constantFrom(...pollutionPayloads),
        fc.oneof(fc.constant<'all'>('all'), fc.nat(4)),
      ).map(([c, key, payload, level]) => ({
        label: `${key} at ${level} in ${c.method}`,
        body: toJsonText({ ...c, input: pollute(c.input, key, payload, level) }),
        method: c.method,
      })),
      2,
    ),
    draft(
      fc.tuple(call, fc.constantFrom(...pollutionKeys)).map(([c, key]) => ({
        label: `${key} in the envelope`,
        body: toJsonText(pollute(c, key, { method: c.method }, 0)),
        expect: invalidRequest,
      })),
      1,
    ),
    draft(
      fc.constantFrom(...prototypeMethodNames).map((name) => ({
        label: `method ${name}`,
        body: JSON.stringify({ method: name, input: {} }),
        expect: { status: 404, type: 'method_not_found' },
      })),
      1,
    ),
    draft(brokenEnvelope(endpoint.methods[0]), 2),
    draft(
      fc.tuple(call, cutPoint()).map(([c, at]) => ({
        label: `cut ${c.method}`,
        body: cut(toJsonText(c), at),
        expect: invalidRequest,
        method: c.method,
      })),
      2,
    ),
    draft(
      fc.tuple(
        call,
        fc.constantFrom(...depths),
        fc.constantFrom<'array' | 'object'>('array', 'object'),
        fc.constantFrom('body', 'input', 'field'),
      ).map(([c, depth, shape, where]) => {
        const deep = deepJsonText(depth, shape);
        const body = where === 'body'
          ? deep
          : where === 'input'
          ? `{"method":${JSON.stringify(c.method)},"input":${deep}}`
          : toJsonText({ ...c, input: { ...(c.input as object), deep: rawJson(deep) } });
        // The endpoint reads inputs up to 128 levels deep; the body itself must be an envelope.
        const inputDepth = where === 'field' ? depth + 1 : depth;
        return {
          label: `${shape}s ${depth} deep as the ${where} of ${c.method}`,
          body,
          expect: where === 'body' || inputDepth > 128 ? invalidRequest : undefined,
          method: c.method,
        };
      }),
      2,
    ),
    draft(
      fc.tuple(call, fc.constantFrom(1000, 40_000, 200_000), fc.nat()).map(([c, size, at]) => ({
        label: `${size}-character string in ${c.method}`,
        body: toJsonText({ ...c, input: replaceLeaf(c.input, at, () => 'x'.repeat(size), true) }),
        method: c.method,
      })),
      1,
    ),
    draft(
      fc.tuple(call, fc.constantFrom(...extremeNumberTexts), fc.nat()).map(([c, number, at]) => ({
        label: `number ${number.slice(0, 12)} in ${c.method}`,
        body: toJsonText({ ...c, input: replaceLeaf(c.input, at, () => rawJson(number), false) }),
        method: c.method,
      })),
      1,
    ),
    draft(
      fc.uint8Array({ maxLength: 512 }).map((bytes) => ({
        label: 'random bytes',
        body: bytes,
        expect: invalidRequest,
      })),
      1,
    ),
    draft(
      fc.tuple(call, fc.constantFrom('bom', 'utf16', 'latin1', 'lone-surrogate')).map((
        [c, encoding],
      ) => ({
        label: `${encoding} ${c.method}`,
        body: encode(toJsonText(c), encoding),
        method: c.method,
      })),
      1,
    ),
    draft(
      fc.tuple(call, fc.constantFrom(...nonJsonTypes, ...jsonTypes)).map(([c, type]) => ({
        label: `content type ${JSON.stringify(type)} ${c.method}`,
        body: toJsonText(c),
        expect: jsonTypes.includes(type)
          ? undefined
          : { status: 415, type: 'unsupported_media_type' },
        headers: type === '' ? [right] : [right, ['content-type', type]],
        method: c.method,
      })),
      2,
    ),
    draft(
      fc.tuple(call, wrongCredentials(right[1])).map(([c, credentials]) => ({
        label: `credentials ${c.method}`,
        body: toJsonText(c),
        headers: [...credentials, json],
        method: c.method,
      })),
      2,
    ),
    draft(
      fc.tuple(call, headerChaos()).map(([c, mutate]) => ({
        label: `headers ${c.method}`,
        body: toJsonText(c),
        headers: mutate([right, json]),
        method: c.method,
      })),
      2,
    ),
    draft(
      callWithSecret(pool).map((c) => ({
        label: `secret in ${c.method}`,
        body: toJsonText(c),
        method: c.method,
      })),
      1,
    ),
  ];
  if (endpoint.name !== 'admin') {
    arms.push(
      draft(
        call.map((c) => ({ label: `valid ${c.method}`, body: toJsonText(c), method: c.method })),
        3,
      ),
    );
  }
  const post = fc.oneof(...arms).map((d) =>
    new FuzzRequest({
      label: `${endpoint.name} ${d.label}`,
      method: 'POST',
      path: endpoint.path,
      headers: d.headers ?? [right, json],
      body: d.body,
      format: 'envelope',
      ...(d.expect ? { expect: sized(d.expect, d.body, endpoint) } : {}),
      readOnly: d.method !== undefined && isRead(d.method),
    })
  );
  const otherHttp = fc.tuple(method, fc.constantFrom(...wrongHttpMethods)).map(([m, http]) =>
    new FuzzRequest({
      label: `${endpoint.name} ${http} ${m}`,
      method: http,
      path: endpoint.path,
      headers: [right, json],
      body: http === 'GET' || http === 'HEAD' ? null : JSON.stringify({ method: m, input: {} }),
      format: 'envelope',
    })
  );
  const requests: fc.WeightedArbitrary<FuzzRequest>[] = [
    { weight: 30, arbitrary: withTransports(post) },
    { weight: 1, arbitrary: otherHttp },
  ];
  if (endpoint.name === 'instance') {
    requests.push({
      weight: 1,
      arbitrary: fc.tuple(call, fc.constantFrom(...instancePathIds)).map(([c, id]) =>
        new FuzzRequest({
          label: `instance ${id.slice(0, 20)} ${c.method}`,
          method: 'POST',
          path: `/api/v1/instances/${id}/rpc`,
          headers: [right, json],
          body: toJsonText(c),
          format: 'envelope',
          readOnly: isRead(c.method),
        })
      ),
    });
  }
  return fc.oneof(...requests);
}

// Broken envelopes with what the endpoint must answer.
function brokenEnvelope(firstMethod: string): fc.Arbitrary<Draft> {
  const m = JSON.stringify(firstMethod);
  const notFound: Expected = { status: 404, type: 'method_not_found' };
  const cases: [string, string, Expected?][] = [
    ['empty body', '', invalidRequest],
    ['array body', '[]', invalidRequest],
    ['null body', 'null', invalidRequest],
    ['string body', '"x"', invalidRequest],
    ['number body', '1', invalidRequest],
    ['empty object', '{}', invalidRequest],
    ['number method', '{"method":1,"input":{}}', invalidRequest],
    ['null method', '{"method":null,"input":{}}', invalidRequest],
    ['no input', `{"method":${m}}`, invalidRequest],
    ['extra field', `{"method":${m},"input":{},"extra":1}`, invalidRequest],
    ['unknown method', '{"method":"no.such","input":{}}', notFound],
    ['empty method', '{"method":"","input":{}}', notFound],
    ['trailing garbage', `{"method":${m},"input":{}}x`, invalidRequest],
    ['two envelopes', `{"method":${m},"input":{}}{"method":${m},"input":{}}`, invalidRequest],
    ['duplicate keys', `{"method":"no.such","method":"no.such.2","input":{},"input":{}}`, notFound],
    ['NaN', `{"method":${m},"input":NaN}`, invalidRequest],
    ['comment', `{"method":${m},/*c*/"input":{}}`, invalidRequest],
    ['single quotes', `{'method':${m},'input':{}}`, invalidRequest],
    ['whitespace only', ' \t\r\n ', invalidRequest],
    ['NUL', '\u0000', invalidRequest],
  ];
  return fc.constantFrom(...cases).map(([label, body, expect]) => ({ label, body, expect }));
}

// Replaces the `at`-th string leaf (or any leaf) of an input, or adds a field when it has none.
function replaceLeaf(
  input: unknown,
  at: number,
  make: () => unknown,
  stringsOnly: boolean,
): unknown {
  let count = 0;
  const eligible = (leaf: unknown) => !stringsOnly || typeof leaf === 'string';
  mapLeaves(input, (leaf) => (eligible(leaf) ? (count++, undefined) : undefined));
  if (count === 0) return { ...(input as object), fuzz: make() };
  const target = at % count;
  let i = 0;
  return mapLeaves(input, (leaf) => (eligible(leaf) && i++ === target ? make() : undefined));
}

function encode(text: string, encoding: string): Uint8Array {
  const utf8 = new TextEncoder();
  switch (encoding) {
    case 'bom':
      return new Uint8Array([0xef, 0xbb, 0xbf, ...utf8.encode(text)]);
    case 'utf16': {
      const bytes = new Uint8Array(2 + text.length * 2);
      bytes.set([0xff, 0xfe]);
      for (let i = 0; i < text.length; i++) {
        bytes[2 + 2 * i] = text.charCodeAt(i) & 0xff;
        bytes[3 + 2 * i] = text.charCodeAt(i) >> 8;
      }
      return bytes;
    }
    case 'latin1': {
      // Bytes that are not UTF-8, inside the method name.
      const at = text.indexOf('"method":"') + 10;
      return new Uint8Array([
        ...utf8.encode(text.slice(0, at)),
        0xe9,
        0xff,
        ...utf8.encode(text.slice(at)),
      ]);
    }
    default:
      // An escaped lone surrogate in a key.
      return utf8.encode(text.replace(/"input":/, '"input\\ud800":'));
  }
}

// An expected refusal, unless the body is over the limit: then the limit answers first. A wrong
// content type is refused before the body is read.
function sized(expect: Expected, body: string | Uint8Array, endpoint: Endpoint): Expected {
  if (expect.status === 415) return expect;
  const bytes = typeof body === 'string' ? utf8Length(body) : body.byteLength;
  return bytes > endpoint.maxBodyBytes ? { status: 413, type: 'payload_too_large' } : expect;
}

function utf8Length(text: string): number {
  // Cheap for ASCII, which nearly every body is.
  // deno-lint-ignore no-control-regex
  return /^[\x00-\x7f]*$/.test(text) ? text.length : new TextEncoder().encode(text).byteLength;
}
