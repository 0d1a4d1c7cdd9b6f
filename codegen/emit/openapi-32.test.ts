// The OpenAPI 3.2 documents: valid by the 3.2 schema of @seriousme/openapi-schema-validator
// (2.11 ships the official 3.2 schema), and by our own structural checks of what 3.2 adds:
// `additionalOperations` keys, responses everywhere, `itemSchema` only on sequential media
// types, every `$ref` resolving. The 3.1 documents say what 3.1 can of the same routes, and
// nothing 3.2-only.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Validator } from '@seriousme/openapi-schema-validator';
import { targets } from '../../codegen.config.ts';

type Json = Record<string, unknown>;

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string) => JSON.parse(readFileSync(join(root, path), 'utf8')) as Json;
const pairs = targets.map((t) => ({
  name: t.name,
  v31: read(join(t.out, 'openapi.json')),
  v32: read(join(t.out, 'openapi-3.2.json')),
}));
const rool = pairs.find((p) => p.name === 'rool')!;

// RFC 9110 §5.6.2 `token`; the fixed Path Item fields of OpenAPI 3.2.
const token = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const fixed = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace', 'query'];
// OpenAPI 3.2, Media Type Object: the sequential media types `itemSchema` describes.
const sequential = [
  'text/event-stream',
  'application/jsonl',
  'application/x-ndjson',
  'application/json-seq',
  'multipart/mixed',
];

/** Every operation of a document: the fixed fields and `additionalOperations`. */
function operations(document: Json): { where: string; op: Json }[] {
  const out: { where: string; op: Json }[] = [];
  for (const [path, item] of Object.entries(document.paths as Record<string, Json>)) {
    for (const method of fixed) {
      if (item[method]) out.push({ where: `${method} ${path}`, op: item[method] as Json });
    }
    for (const [method, op] of Object.entries((item.additionalOperations ?? {}) as Json)) {
      out.push({ where: `${method} ${path}`, op: op as Json });
    }
  }
  return out;
}

/** Every value in a document with its JSON pointer. */
function* walk(value: unknown, pointer = ''): Generator<[string, Json]> {
  if (typeof value !== 'object' || value === null) return;
  if (!Array.isArray(value)) yield [pointer, value as Json];
  for (const [key, child] of Object.entries(value)) {
    yield* walk(child, `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`);
  }
}

function resolves(document: Json, ref: string): boolean {
  if (!ref.startsWith('#/')) return false;
  let at: unknown = document;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (typeof at !== 'object' || at === null || !(key in at)) return false;
    at = (at as Json)[key];
  }
  return at !== undefined;
}

describe('the OpenAPI 3.2 documents', () => {
  for (const { name, v32 } of pairs) {
    describe(name, () => {
      it('pass the 3.2 schema of an independent validator', async () => {
        const validator = new Validator();
        const result = await validator.validate(structuredClone(v32));
        assert.equal(validator.version, '3.2');
        assert.deepEqual(result.errors ?? [], []);
        assert.equal(result.valid, true);
      });

      it('name additional operations by uppercase tokens no fixed field covers', () => {
        for (const item of Object.values(v32.paths as Record<string, Json>)) {
          for (const method of Object.keys((item.additionalOperations ?? {}) as Json)) {
            assert.match(method, token);
            assert.equal(method, method.toUpperCase(), `${method} is not uppercase`);
            assert.ok(!fixed.includes(method.toLowerCase()), `${method} has a fixed field`);
          }
        }
      });

      it('give every operation a success response and a unique operationId', () => {
        const ids = new Set<string>();
        for (const { where, op } of operations(v32)) {
          const statuses = Object.keys((op.responses ?? {}) as Json);
          assert.ok(statuses.some((s) => /^2\d\d$/.test(s)), `${where} has no 2xx response`);
          assert.equal(typeof op.operationId, 'string', `${where} has no operationId`);
          assert.ok(!ids.has(op.operationId as string), `${where}: ${op.operationId} repeats`);
          ids.add(op.operationId as string);
        }
      });

      it('use itemSchema only under sequential media types', () => {
        for (const [pointer, value] of walk(v32)) {
          if (!('itemSchema' in value)) continue;
          const media = decodeURIComponent(pointer.split('/').at(-1)!.replaceAll('~1', '/'));
          assert.ok(sequential.includes(media), `${pointer}: itemSchema under ${media}`);
        }
      });

      it('resolve every $ref', () => {
        for (const [pointer, value] of walk(v32)) {
          if (typeof value.$ref !== 'string') continue;
          assert.ok(resolves(v32, value.$ref), `${pointer}: ${value.$ref} does not resolve`);
        }
      });
    });
  }
});

describe('the OpenAPI 3.1 documents', () => {
  for (const { name, v31 } of pairs) {
    it(`${name}: valid 3.1, with nothing only 3.2 can say`, async () => {
      const validator = new Validator();
      const result = await validator.validate(structuredClone(v31));
      assert.equal(validator.version, '3.1');
      assert.deepEqual(result.errors ?? [], []);
      for (const [pointer, value] of walk(v31)) {
        assert.ok(!('additionalOperations' in value), `${pointer} has additionalOperations`);
        assert.ok(!('itemSchema' in value), `${pointer} has itemSchema`);
        if (typeof value.$ref === 'string') assert.ok(resolves(v31, value.$ref), pointer);
      }
    });
  }
});

describe('Rool streams and WebDAV', () => {
  const dav = '/v1/spaces/{spaceId}/dav/{path}';
  const davVerbs = ['PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'REPORT'];
  const paths = (document: Json) => document.paths as Record<string, Json>;

  it('3.1 describes the standard verbs of WebDAV and points to 3.2 for the rest', () => {
    const item = paths(rool.v31)[dav];
    for (const method of ['get', 'put', 'delete', 'head', 'options']) {
      assert.ok(item[method], `no ${method}`);
    }
    assert.ok(!item.post && !item.patch);
    for (const verb of davVerbs) assert.match(item.description as string, new RegExp(verb));
  });

  it('3.2 adds every other WebDAV verb as an additional operation', () => {
    for (const path of ['/v1/spaces/{spaceId}/dav', dav]) {
      const item = paths(rool.v32)[path];
      assert.deepEqual(Object.keys(item.additionalOperations as Json).sort(), davVerbs.sort());
      const propfind = (item.additionalOperations as Record<string, Json>).PROPFIND;
      assert.ok((propfind.responses as Json)['207'], 'PROPFIND answers 207 Multi-Status');
      assert.deepEqual(propfind.security, [{ userToken: [] }, { davBasic: [] }]);
    }
  });

  it('both streams answer text/event-stream; only 3.2 describes their items', () => {
    for (const path of ['/v1/events', '/v1/spaces/{spaceId}/events']) {
      const ok = (document: Json) =>
        (((paths(document)[path].get as Json).responses as Json)['200'] as Json).content as Record<
          string,
          Json
        >;
      assert.deepEqual(ok(rool.v31)['text/event-stream'].schema, {
        type: 'string',
        description: 'Server-sent events, one per frame',
      });
      const items = ok(rool.v32)['text/event-stream'].itemSchema as Json;
      assert.deepEqual(items.required, ['event', 'data']);
      assert.ok((items.oneOf as Json[]).length >= 5);
    }
  });
});
