import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { GraphDecoder, GraphEncoder, type Json, SnapshotFormatError } from './codec.ts';

/** Encodes, goes through JSON text as the file does, and decodes. */
function roundTrip(value: unknown): unknown {
  const text = JSON.stringify(new GraphEncoder().encode(value));
  return new GraphDecoder().decode(JSON.parse(text));
}

const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined)),
    fc.uint8Array({ maxLength: 20 }),
    fc.array(tie('tree'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(fc.string(), fc.constantFrom('__proto__', '$', 'constructor', 'v')),
      tie('tree'),
      { maxKeys: 4, noNullPrototype: true },
    ),
    fc.array(fc.tuple(fc.string(), tie('tree')), { maxLength: 4 }).map((e) => new Map(e)),
    fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 4 }).map((e) => new Set(e)),
  ),
}));

describe('GraphEncoder and GraphDecoder', () => {
  it('round-trip any tree of plain values, maps, sets and bytes exactly', () => {
    fc.assert(
      fc.property(tree, (value) => {
        assert.deepStrictEqual(roundTrip(value), value);
      }),
      { numRuns: 300 },
    );
  });

  it('keep -0, NaN and the infinities, which JSON cannot write', () => {
    const copy = roundTrip([-0, NaN, Infinity, -Infinity, 0]) as number[];
    assert.ok(Object.is(copy[0], -0));
    assert.ok(Number.isNaN(copy[1]));
    assert.deepEqual(copy.slice(2), [Infinity, -Infinity, 0]);
  });

  it('keep an own __proto__ key a key, never a prototype', () => {
    const value = JSON.parse('{"__proto__":{"polluted":true},"a":1}');
    const copy = roundTrip(value) as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(copy), Object.prototype);
    assert.deepEqual(Object.keys(copy), ['__proto__', 'a']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('keep a value reached twice one value, across maps and lists', () => {
    const shared = { n: 1 };
    const bytes = new Uint8Array([1, 2]);
    const copy = roundTrip({ a: new Map([['x', shared]]), b: [shared, bytes], c: bytes }) as {
      a: Map<string, unknown>;
      b: unknown[];
      c: unknown;
    };
    assert.equal(copy.a.get('x'), copy.b[0]);
    assert.equal(copy.b[1], copy.c);
  });

  it('refuse a class instance, a function, a bigint and a cycle, saying where', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    const cases: [unknown, string][] = [
      [{ a: [1, new Date(0)] }, 'A Date cannot be saved at a[1]'],
      [{ 'odd key': () => 1 }, 'A function cannot be saved at ["odd key"]'],
      [new Map([['rjt_secret_token', 1n]]), 'A bigint cannot be saved at [0]'],
      [cycle, 'A cycle cannot be saved at self'],
      [Object.create(null), 'An object without a plain prototype cannot be saved'],
    ];
    for (const [value, message] of cases) {
      assert.throws(
        () => new GraphEncoder().encode(value),
        new SnapshotFormatError(
          message.split(' at ')[0],
          message.split(' at ')[1],
        ),
      );
    }
  });

  it('refuse JSON no encoder writes, saying where', () => {
    const cases: [Json, RegExp][] = [
      [{ a: { $: 'date', v: 0 } }, /^Unknown tagged value "date" at a$/],
      [[{ $: 'ref', v: 5 }], /^Reference 5 names no value decoded before it at \[0\]$/],
      [[{ $: 'ref', v: 0 }], /^Reference 0 names no value decoded before it/],
      [{ $: 'bytes', v: 'not base64!' }, /^Unknown tagged value "bytes"$/],
      [{ $: 'map', v: ['odd'] }, /^Unknown tagged value "map"$/],
    ];
    for (const [json, message] of cases) {
      assert.throws(() => new GraphDecoder().decode(json), (error: Error) => {
        assert.ok(error instanceof SnapshotFormatError);
        assert.match(error.message, message);
        return true;
      });
    }
  });
});
