/**
 * A JSON encoding of a graph of state records that decodes to an equal graph:
 * `Map`, `Set`, `Uint8Array`, `undefined`, `-0`, `NaN` and the infinities come
 * back as themselves, plain objects keep their key order and their own
 * `__proto__` keys, and a value reached twice (a checkpoint shares its object
 * records with the live space) comes back as one value reached twice, not as
 * two copies.
 *
 * Every container (object, array, `Map`, `Set`, `Uint8Array`) is numbered in
 * the order the encoder first reaches it, depth first; reaching it again
 * writes `{"$":"ref","v":n}`. The decoder numbers containers in the same
 * order, so a reference always names one decoded before it. Tagged values are
 * objects with a `$` key; a plain object that has a `$` key of its own is
 * wrapped as `{"$":"object","v":{…}}`, so user data can never pass for a tag.
 *
 * Anything else (a class instance, a function, a symbol, a bigint, a cycle)
 * is refused with the path to it: the callers encode their classes
 * themselves (./space.ts), and a new kind of value in the state must not be
 * dropped silently.
 *
 * @module
 */
import { Buffer } from 'node:buffer';

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A value the encoder cannot write, or a text the decoder cannot read; `path` says where. */
export class SnapshotFormatError extends Error {
  /** Always `SnapshotFormatError`. */
  override readonly name = 'SnapshotFormatError';
  /** What is wrong, without the place. */
  readonly reason: string;
  /** Where, from the root, e.g. `rool.spaces[0].channels[1]` (map entries by position); `''` at the root. */
  readonly path: string;

  /**
   * Creates the error.
   *
   * @param reason What is wrong, without the place.
   * @param path Where, from the root.
   */
  constructor(reason: string, path = '') {
    super(path === '' ? reason : `${reason} at ${path}`);
    this.reason = reason;
    this.path = path;
  }

  /**
   * The same problem one step further from the root.
   *
   * @param step The key or index stepped through.
   * @returns The error with the longer path.
   */
  under(step: string | number): SnapshotFormatError {
    const head = typeof step === 'number'
      ? `[${step}]`
      : /^[A-Za-z_]\w*$/.test(step)
      ? step
      : `[${JSON.stringify(step.length > 40 ? `${step.slice(0, 40)}…` : step)}]`;
    const path = this.path === ''
      ? head
      : this.path.startsWith('[')
      ? `${head}${this.path}`
      : `${head}.${this.path}`;
    return new SnapshotFormatError(this.reason, path);
  }
}

/**
 * Runs one step of a walk, adding the step to the path of a format error it throws.
 *
 * @param step The key or index.
 * @param run The step.
 * @returns What the step returned.
 * @throws {SnapshotFormatError} The step's, with the longer path.
 */
export function atStep<T>(step: string | number, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw error instanceof SnapshotFormatError ? error.under(step) : error;
  }
}

/** Tagged forms of numbers JSON cannot write. */
const specialNumbers = new Map<string, number>([
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
  ['-0', -0],
]);

/** Strict base64 as `Buffer` writes it: the standard alphabet, padded. */
const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Encodes values into JSON. One encoder numbers every container it reaches, so encode
 * everything that may share values with one encoder, in the order its decoder will decode it.
 *
 * @example Shared values stay shared
 * ```ts
 * import assert from 'node:assert/strict';
 * import { GraphDecoder, GraphEncoder } from './codec.ts';
 * const record = { body: { n: -0 } };
 * const json = new GraphEncoder().encode(new Map([['a', record], ['b', record]]));
 * const copy = new GraphDecoder().decode(JSON.parse(JSON.stringify(json))) as Map<string, unknown>;
 * assert.equal(copy.get('a'), copy.get('b'));
 * assert.ok(Object.is((copy.get('a') as typeof record).body.n, -0));
 * ```
 */
export class GraphEncoder {
  #ids = new Map<object, number>();
  #open = new Set<object>();

  /**
   * Encodes a value.
   *
   * @param value The value.
   * @returns Its JSON form.
   * @throws {SnapshotFormatError} For a value of a kind the encoding does not carry, or a cycle.
   */
  encode(value: unknown): Json {
    switch (typeof value) {
      case 'string':
      case 'boolean':
        return value;
      case 'number':
        if (Number.isFinite(value) && !Object.is(value, -0)) return value;
        return { $: 'number', v: Object.is(value, -0) ? '-0' : String(value) };
      case 'undefined':
        return { $: 'undefined' };
      case 'object':
        return value === null ? null : this.#container(value);
      default:
        throw new SnapshotFormatError(`A ${typeof value} cannot be saved`);
    }
  }

  #container(value: object): Json {
    const id = this.#ids.get(value);
    if (id !== undefined) {
      if (this.#open.has(value)) throw new SnapshotFormatError('A cycle cannot be saved');
      return { $: 'ref', v: id };
    }
    this.#ids.set(value, this.#ids.size);
    this.#open.add(value);
    const json = this.#fresh(value);
    this.#open.delete(value);
    return json;
  }

  #fresh(value: object): Json {
    if (Array.isArray(value)) return value.map((item, i) => atStep(i, () => this.encode(item)));
    if (value instanceof Map) {
      const v: Json[] = [];
      for (const [key, item] of value) {
        // By position, never by key: some maps are keyed by tokens, which no message may show.
        const step = v.length / 2;
        v.push(atStep(step, () => this.encode(key)), atStep(step, () => this.encode(item)));
      }
      return { $: 'map', v };
    }
    if (value instanceof Set) {
      return { $: 'set', v: [...value].map((item, i) => atStep(i, () => this.encode(item))) };
    }
    const prototype = Object.getPrototypeOf(value);
    if (prototype === Uint8Array.prototype) {
      const bytes = value as Uint8Array;
      return {
        $: 'bytes',
        v: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64'),
      };
    }
    if (prototype !== Object.prototype) {
      const name = prototype === null ? null : (prototype.constructor as { name?: unknown })?.name;
      throw new SnapshotFormatError(
        typeof name === 'string' && name !== ''
          ? `A ${name} cannot be saved`
          : 'An object without a plain prototype cannot be saved',
      );
    }
    const record = value as Record<string, unknown>;
    // Entries, not assignment: an own `__proto__` key must stay a key.
    const out = Object.fromEntries(
      Object.keys(record).map((key) => [key, atStep(key, () => this.encode(record[key]))]),
    );
    return Object.hasOwn(out, '$') ? { $: 'object', v: out } : out;
  }
}

/**
 * Decodes what a {@linkcode GraphEncoder} wrote. Decode in the order the values were encoded,
 * with one decoder, so that references resolve.
 *
 * @example A plain object that looks like a tag stays a plain object
 * ```ts
 * import assert from 'node:assert/strict';
 * import { GraphDecoder, GraphEncoder } from './codec.ts';
 * const value = JSON.parse('{"$":"map","v":[],"__proto__":1}');
 * const text = JSON.stringify(new GraphEncoder().encode(value));
 * const copy = new GraphDecoder().decode(JSON.parse(text));
 * assert.deepEqual(copy, value);
 * assert.equal(Object.getPrototypeOf(copy), Object.prototype);
 * ```
 */
export class GraphDecoder {
  #decoded: unknown[] = [];

  /**
   * Decodes a value.
   *
   * @param json The JSON form.
   * @returns The value.
   * @throws {SnapshotFormatError} For JSON no encoder writes: an unknown tag, a reference to
   * nothing decoded yet, bad base64.
   */
  decode(json: Json): unknown {
    if (json === null || typeof json !== 'object') return json;
    if (Array.isArray(json)) {
      const slot = this.#reserve();
      return this.#fill(slot, json.map((item, i) => atStep(i, () => this.decode(item))));
    }
    if (!Object.hasOwn(json, '$')) return this.#object(json);
    return this.#tagged(json);
  }

  #tagged(json: { [key: string]: Json }): unknown {
    const { $: tag, v } = json;
    if (tag === 'undefined') return undefined;
    if (tag === 'number' && typeof v === 'string' && specialNumbers.has(v)) {
      return specialNumbers.get(v);
    }
    if (tag === 'ref' && typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) {
      if (v >= this.#decoded.length || this.#decoded[v] === pending) {
        throw new SnapshotFormatError(`Reference ${v} names no value decoded before it`);
      }
      return this.#decoded[v];
    }
    if (tag === 'map' && Array.isArray(v) && v.length % 2 === 0) {
      const slot = this.#reserve();
      const map = new Map();
      for (let i = 0; i < v.length; i += 2) {
        const key = atStep(i / 2, () => this.decode(v[i]));
        map.set(key, atStep(i / 2, () => this.decode(v[i + 1])));
      }
      return this.#fill(slot, map);
    }
    if (tag === 'set' && Array.isArray(v)) {
      const slot = this.#reserve();
      return this.#fill(slot, new Set(v.map((item, i) => atStep(i, () => this.decode(item)))));
    }
    if (tag === 'bytes' && typeof v === 'string' && base64.test(v)) {
      // A copy: `Buffer.from` may hand out a view of a shared pool.
      return this.#fill(this.#reserve(), new Uint8Array(Buffer.from(v, 'base64')));
    }
    if (tag === 'object' && v !== null && typeof v === 'object' && !Array.isArray(v)) {
      return this.#object(v);
    }
    throw new SnapshotFormatError(`Unknown tagged value ${JSON.stringify(tag)}`);
  }

  #object(json: { [key: string]: Json }): Record<string, unknown> {
    const slot = this.#reserve();
    return this.#fill(
      slot,
      Object.fromEntries(
        Object.keys(json).map((key) => [key, atStep(key, () => this.decode(json[key]))]),
      ),
    );
  }

  #reserve(): number {
    this.#decoded.push(pending);
    return this.#decoded.length - 1;
  }

  #fill<T>(slot: number, value: T): T {
    this.#decoded[slot] = value;
    return value;
  }
}

/** Marks a container being decoded: a reference to it would be a cycle. */
const pending = Symbol('pending');
