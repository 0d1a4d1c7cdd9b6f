import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { JsonSchema } from '../src/rpc/json-schema.ts';
import { nearMiss, resolveRef, validValue } from './arbitrary.ts';

const components: Record<string, JsonSchema> = {
  Page: {
    type: 'object',
    properties: {
      limit: { type: 'integer', minimum: 1, maximum: 100 },
      state: { type: 'string', enum: ['running', 'paused'] },
      tags: { type: 'array', items: { type: 'string', maxLength: 4 } },
      owner: { anyOf: [{ $ref: '#/components/schemas/User' }, { type: 'null' }] },
    },
    required: ['limit', 'owner'],
    additionalProperties: false,
  },
  User: {
    type: 'object',
    properties: { id: { type: 'string' } },
    required: ['id'],
    additionalProperties: false,
  },
};
const page = { $ref: '#/components/schemas/Page' };

describe('validValue', () => {
  test('respects bounds, enums, lengths and required keys', () => {
    fc.assert(fc.property(validValue(page, components), (value) => {
      const v = value as Record<string, unknown>;
      assert.ok(
        Number.isInteger(v.limit) && (v.limit as number) >= 1 && (v.limit as number) <= 100,
      );
      assert.ok(v.state === undefined || ['running', 'paused'].includes(v.state as string));
      assert.ok(((v.tags ?? []) as string[]).every((t) => typeof t === 'string' && t.length <= 4));
      assert.ok(v.owner === null || typeof (v.owner as { id: unknown }).id === 'string');
      assert.deepEqual(
        Object.keys(v).filter((k) => !['limit', 'state', 'tags', 'owner'].includes(k)),
        [],
      );
    }));
  });
});

describe('nearMiss', () => {
  test('breaks the value at the path it reports', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(nearMiss(page, components), ({ value, path, mutation }) => {
        seen.add(
          mutation.replace(
            / to a (string|number|integer|boolean|null|array|object)$/,
            ' to a wrong type',
          ),
        );
        const v = value as Record<string, unknown>;
        if (mutation.startsWith('remove')) assert.equal(path.slice(1) in v, false);
        if (mutation.startsWith('add')) assert.equal(v[path.slice(1)], 1);
        if (mutation.includes('above its maximum')) assert.equal(v.limit, 101);
      }),
      { numRuns: 300 },
    );
    for (
      const kind of [
        'remove required /limit',
        'add /unexpectedNearMiss',
        'set /limit above its maximum',
        'set /limit to a fraction',
      ]
    ) {
      assert.ok(seen.has(kind), `never produced: ${kind}`);
    }
  });
});

describe('nearMiss of strings', () => {
  test('breaks a minimum length and a pattern', () => {
    const slug: JsonSchema = {
      type: 'object',
      properties: {
        name: { type: 'string', minLength: 1 },
        slug: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$' },
      },
      required: ['name', 'slug'],
    };
    const seen = new Set<string>();
    fc.assert(
      fc.property(nearMiss(slug, {}), ({ value, mutation }) => {
        seen.add(mutation);
        const v = value as { name?: unknown; slug?: unknown };
        if (mutation === 'make /name too short') assert.equal(v.name, '');
        if (mutation === 'make /slug miss its pattern') {
          assert.doesNotMatch(String(v.slug), /^[a-z0-9][a-z0-9-]{0,62}$/);
        }
      }),
      { numRuns: 200 },
    );
    assert.ok(seen.has('make /name too short'));
    assert.ok(seen.has('make /slug miss its pattern'));
  });
});

describe('resolveRef', () => {
  test('follows references and refuses unknown ones', () => {
    assert.equal(resolveRef(page, components).type, 'object');
    assert.throws(
      () => resolveRef({ $ref: '#/components/schemas/Nope' }, components),
      /Unresolved reference/,
    );
  });
});
