/**
 * The helpers every generated validator module calls (codegen's `validators.ts` output). They
 * live here, once, rather than in each generated file, and generated code imports them as
 * `@roj/sdk/rpc/validator-runtime` (or by a relative path inside this repository). Not for
 * hand-written code: a validator is generated from a registry, never written.
 *
 * @module
 */
import type { Validation, ValidationIssue as Issue } from './validation.ts';

/** A compiled check: pushes issues under JSON Pointer `p` and says whether `v` passed. */
export type Check = (v: unknown, p: string, e: Issue[]) => boolean;

/**
 * Whether a value is a JSON object (not null, not an array).
 *
 * @param v The value.
 * @returns `true` for a plain object.
 *
 * @example Arrays and null are not objects
 * ```ts
 * import assert from 'node:assert/strict';
 * import { isObject } from './validator-runtime.ts';
 * assert.deepEqual([isObject({}), isObject([]), isObject(null)], [true, false, false]);
 * ```
 */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * An own property, never one inherited from the prototype (`constructor`, `__proto__`).
 *
 * @param o The object.
 * @param k The property name.
 * @returns Its value, or `undefined` when it is not an own property.
 *
 * @example Inherited properties are not read
 * ```ts
 * import assert from 'node:assert/strict';
 * import { own } from './validator-runtime.ts';
 * assert.equal(own({ a: 1 }, 'a'), 1);
 * assert.equal(own({}, 'constructor'), undefined);
 * ```
 */
export function own(o: Record<string, unknown>, k: string): unknown {
  return Object.hasOwn(o, k) ? o[k] : undefined;
}

/**
 * A property name escaped as a JSON Pointer segment (RFC 6901 §3).
 *
 * @param k The property name.
 * @returns The segment.
 *
 * @example `~` and `/` are escaped
 * ```ts
 * import assert from 'node:assert/strict';
 * import { esc } from './validator-runtime.ts';
 * assert.equal(esc('a/b~c'), 'a~1b~0c');
 * ```
 */
export function esc(k: string): string {
  return k.replaceAll('~', '~0').replaceAll('/', '~1');
}

/**
 * The length of a string in code points, as JSON Schema counts it.
 *
 * @param s The string.
 * @returns How many code points it holds.
 *
 * @example An emoji is one code point and two UTF-16 units
 * ```ts
 * import assert from 'node:assert/strict';
 * import { codePoints } from './validator-runtime.ts';
 * assert.equal(codePoints('a😀'), 2);
 * ```
 */
export function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * Checks `anyOf`, reporting the branch that got furthest: the one whose issues lie deepest.
 *
 * @param v The value.
 * @param p Its JSON Pointer.
 * @param e Where issues go.
 * @param branches The branches' checks, and what to call the expected value when none gets far.
 * @returns Whether a branch passed.
 *
 * @example A string or a number
 * ```ts
 * import assert from 'node:assert/strict';
 * import { anyOf, type Check } from './validator-runtime.ts';
 * const isString: Check = (v, p, e) => typeof v === 'string' || !e.push({ path: p, message: 'Expected a string' });
 * const isNumber: Check = (v, p, e) => typeof v === 'number' || !e.push({ path: p, message: 'Expected a number' });
 * const issues: { path: string; message: string }[] = [];
 * const branches = { checks: [isString, isNumber], expected: 'a string or a number' };
 * assert.equal(anyOf(1, '/x', issues, branches), true);
 * assert.equal(anyOf(true, '/x', issues, branches), false);
 * assert.deepEqual(issues, [{ path: '/x', message: 'Expected a string or a number' }]);
 * ```
 */
export function anyOf(
  v: unknown,
  p: string,
  e: Issue[],
  branches: { checks: Check[]; expected: string },
): boolean {
  let best: Issue[] | undefined;
  for (const branch of branches.checks) {
    const issues: Issue[] = [];
    if (branch(v, p, issues)) return true;
    if (issues.some((i) => i.path.length > p.length) && (!best || issues.length < best.length)) {
      best = issues;
    }
  }
  if (best) e.push(...best);
  else e.push({ path: p, message: `Expected ${branches.expected}` });
  return false;
}

/**
 * Runs a compiled check from the root and shapes the outcome.
 *
 * @param check The compiled check.
 * @param value The value to validate.
 * @returns `{ok: true, value}`, or `{ok: false, issues}` naming each failing JSON Pointer.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { type Check, run } from './validator-runtime.ts';
 * const isString: Check = (v, p, e) => typeof v === 'string' || !e.push({ path: p, message: 'Expected a string' });
 * assert.deepEqual(run<string>(isString, 'hi'), { ok: true, value: 'hi' });
 * assert.deepEqual(run<string>(isString, 1), { ok: false, issues: [{ path: '', message: 'Expected a string' }] });
 * ```
 */
export function run<T>(check: Check, value: unknown): Validation<T> {
  const issues: Issue[] = [];
  return check(value, '', issues) ? { ok: true, value: value as T } : { ok: false, issues };
}
