/**
 * The shape of generated validators. `codegen/` emits plain functions of type
 * {@linkcode Validator} (no `eval`, no `new Function`, so they run on Workers).
 *
 * @module
 */

/** One reason a value is invalid. */
export interface ValidationIssue {
  /** JSON Pointer (RFC 6901) to the offending value; `''` is the root. */
  path: string;
  /** What was wrong and what is allowed, e.g. `Expected string`. */
  message: string;
}

/** The outcome of validating a value as a `T`. */
export type Validation<T> =
  | { ok: true; value: T }
  | { ok: false; issues: ValidationIssue[] };

/** Checks that an unknown value is a `T`. */
export type Validator<T> = (value: unknown) => Validation<T>;

/** Validators for one method's input and output. */
export interface MethodValidators<I = unknown, O = unknown> {
  /** Validates the method's input. */
  input: Validator<I>;
  /** Validates the method's output. */
  output: Validator<O>;
}

/**
 * Appends `segment` to a JSON Pointer, escaping `~` and `/` (RFC 6901 §3).
 *
 * @param pointer The parent pointer.
 * @param segment A property name or array index.
 * @returns The child pointer.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { pointerJoin } from './validation.ts';
 * assert.equal(pointerJoin('/a', 'b/c'), '/a/b~1c');
 * ```
 */
export function pointerJoin(pointer: string, segment: string | number): string {
  return `${pointer}/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`;
}
