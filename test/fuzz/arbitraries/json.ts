/**
 * Hostile JSON: texts nested thousands deep, numbers no double holds, huge
 * strings, prototype-pollution keys at any level, and texts cut short.
 *
 * @module
 */
import fc from 'fast-check';

/** Keys that reach an object's prototype when a parser or a merge is careless. */
export const pollutionKeys: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** What a polluting key holds: if it ever reaches a prototype, `({}).fuzzPolluted` shows it. */
export const pollutionPayloads: readonly unknown[] = [
  { fuzzPolluted: true },
  { prototype: { fuzzPolluted: true } },
  { toString: 'fuzzPolluted', valueOf: 1 },
  'fuzzPolluted',
  null,
  [],
];

/** Number texts at and past the edges of a double, and those that look alike. */
export const extremeNumberTexts: readonly string[] = [
  '1e999',
  '-1e999',
  '1e-999',
  '-0',
  '9007199254740993',
  '-9007199254740993',
  '179769313486231570000000000000000000000000000000000000000000000000000000000000000000000' +
  '0000000000000000000000000000000000000000000000000000000000000000000000000000000000000' +
  '000000000000000000000000000000000000000000000000000000000000000000000000000000000000000' +
  '0000000000000000000000000000000000000000000000000000000000000000000000000.5',
  '0.' + '0'.repeat(400) + '1',
  '1E+308',
  '4.9e-324',
  '123456789012345678901234567890123456789012345678901234567890',
];

const rawMark = '\uE001';

/**
 * A placeholder that {@linkcode toJsonText} replaces by a raw JSON text, for values
 * `JSON.stringify` cannot write (`1e999` parses to `Infinity`, which it writes as `null`).
 *
 * @param text The raw JSON text.
 * @returns The placeholder, a string.
 */
export function rawJson(text: string): string {
  return `${rawMark}${text}${rawMark}`;
}

/**
 * Writes a value as JSON, with {@linkcode rawJson} placeholders replaced by their text.
 *
 * @param value The value; own `__proto__` properties are written as keys.
 * @returns The JSON text.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { rawJson, toJsonText } from './json.ts';
 * assert.equal(toJsonText({ n: rawJson('1e999') }), '{"n":1e999}');
 * ```
 */
export function toJsonText(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  if (!text.includes(rawMark)) return text;
  return text.replace(/"\uE001([^\uE001]*)\uE001"/g, '$1');
}

const deepCache = new Map<string, string>();

/**
 * A JSON text nested `depth` levels deep, optionally wrapped around a value.
 *
 * @param depth How many arrays or objects inside one another.
 * @param shape `array` (`[[…]]`) or `object` (`{"a":{"a":…}}`).
 * @returns The text; cached, so asking again costs nothing.
 */
export function deepJsonText(depth: number, shape: 'array' | 'object'): string {
  const key = `${shape}:${depth}`;
  let text = deepCache.get(key);
  if (text === undefined) {
    text = shape === 'array'
      ? `${'['.repeat(depth)}${']'.repeat(depth)}`
      : `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`;
    deepCache.set(key, text);
  }
  return text;
}

/** Depths worth trying: just inside and past the mock's limits (64 stored, 128 read), and far past. */
export const depths: readonly number[] = [64, 65, 128, 129, 1000, 10_000];

/**
 * Sets `key` on every object in a value, or on the one at `level`, as an own property, even
 * `__proto__`.
 *
 * @param value The value; copied, not changed.
 * @param key The key.
 * @param payload What it holds.
 * @param level `all`, or how many objects deep the one to change is (0: the root), else the deepest.
 * @returns The copy.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { pollute } from './json.ts';
 * const text = JSON.stringify(pollute({ a: { b: 1 } }, '__proto__', 1, 'all'));
 * assert.equal(text, '{"a":{"b":1,"__proto__":1},"__proto__":1}');
 * ```
 */
export function pollute(
  value: unknown,
  key: string,
  payload: unknown,
  level: number | 'all',
): unknown {
  let seen = 0;
  const walk = (node: unknown, depth: number): unknown => {
    if (Array.isArray(node)) return node.map((item) => walk(item, depth));
    if (typeof node !== 'object' || node === null) return node;
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      Object.defineProperty(copy, k, {
        value: walk(v, depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    if (level === 'all' || level === depth) {
      seen++;
      Object.defineProperty(copy, key, {
        value: payload,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return copy;
  };
  const result = walk(value, 0);
  // Nothing that deep: pollute the root instead.
  return seen === 0 ? pollute(value, key, payload, 0) : result;
}

/**
 * Replaces the leaves of a value that `pick` chooses.
 *
 * @param value The value; copied, not changed.
 * @param replace Given each leaf (a string, number or boolean) and its key, the leaf to put
 * instead, or `undefined` to keep it.
 * @returns The copy.
 */
export function mapLeaves(
  value: unknown,
  replace: (leaf: unknown, key: string) => unknown,
): unknown {
  const walk = (node: unknown, key: string): unknown => {
    if (Array.isArray(node)) return node.map((item) => walk(item, key));
    if (typeof node === 'object' && node !== null) {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, k)]));
    }
    const replaced = replace(node, key);
    return replaced === undefined ? node : replaced;
  };
  return walk(value, '');
}

/**
 * A way to cut a text short: at a position somewhere inside it.
 *
 * @returns An arbitrary of fractions in `[0, 1)`; `cut(text, f)` applies one.
 */
export function cutPoint(): fc.Arbitrary<number> {
  return fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
}

/**
 * A text cut at a fraction of its length, never whole.
 *
 * @param text The text.
 * @param fraction Where to cut, in `[0, 1)`.
 * @returns The cut text.
 */
export function cut(text: string, fraction: number): string {
  return text.slice(0, Math.min(text.length - 1, Math.floor(text.length * fraction)));
}
