import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exampleJson } from './example-json.ts';

describe('exampleJson', () => {
  it('builds a value of every basic type', () => {
    assert.deepEqual(
      exampleJson({
        type: 'object',
        properties: {
          s: { type: 'string' },
          n: { type: 'number' },
          i: { type: 'integer', minimum: 2.5 },
          b: { type: 'boolean' },
          z: { type: 'null' },
          a: { type: 'array', items: { type: 'number' }, minItems: 2 },
          e: { enum: ['x', 'y'] },
          c: { const: 42 },
          d: { type: 'string', default: 'dflt' },
          o: { anyOf: [{ type: 'boolean' }, { type: 'string' }] },
          t: { type: ['null', 'string'], format: 'date-time' },
          m: { type: 'string', minLength: 10 },
        },
      }),
      {
        s: 'example',
        n: 1,
        i: 3,
        b: true,
        z: null,
        a: [1, 1],
        e: 'x',
        c: 42,
        d: 'dflt',
        o: true,
        t: '2026-01-01T00:00:00.000Z',
        m: 'examplexxx',
      },
    );
  });

  it('follows local $refs and stops at 32 levels', () => {
    assert.deepEqual(
      exampleJson({ $defs: { item: { type: 'string', format: 'email' } }, $ref: '#/$defs/item' }),
      'user@example.com',
    );
    const loop = { type: 'object', properties: { next: { $ref: '#' } } };
    let value = exampleJson(loop) as Record<string, unknown>;
    let depth = 0;
    while (value && typeof value === 'object') {
      value = value.next as Record<string, unknown>;
      depth++;
    }
    assert.ok(depth > 5 && depth <= 32, String(depth));
  });

  it('answers null for what it does not understand', () => {
    assert.equal(exampleJson({}), null);
    assert.equal(exampleJson({ type: 'date' }), null);
    assert.equal(exampleJson({ $ref: 'https://x.test/s.json' }), null);
  });
});
