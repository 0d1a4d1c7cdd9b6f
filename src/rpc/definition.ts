/**
 * Method registries: the single source of truth for an RPC contract.
 *
 * A registry is a plain object whose keys are method names and whose values
 * are {@linkcode MethodDef} markers carrying the input and output types. The
 * markers are empty at runtime; the types are read by the TypeScript compiler
 * (for clients and servers) and by `codegen/` (for OpenAPI, JSON Schemas,
 * validators and bindings).
 *
 * @module
 */

/**
 * A method's type-level description: its input `I` and output `O`.
 *
 * The `~types` property never exists at runtime. It is a phantom slot that
 * lets the compiler and `codegen/` recover `I` and `O` (the same trick as
 * Standard Schema's `~standard` and oRPC's `~orpc`).
 *
 * @typeParam I The method's input, sent as `input` in the request envelope.
 * @typeParam O The method's output, returned as `value` in the response envelope.
 */
export interface MethodDef<I = unknown, O = unknown> {
  /** Phantom type slot; always `undefined` at runtime. */
  readonly '~types'?: { readonly input: I; readonly output: O };
}

/** Any method registry: method names mapped to {@linkcode MethodDef}s. */
export type MethodRegistry = Record<string, MethodDef>;

/**
 * The input type of method `M` in registry `Methods`.
 *
 * @example Usage
 * ```ts
 * import { defineMethods, method, type MethodInput } from './definition.ts';
 * const registry = defineMethods({ 'users.get': method<{ id: string }, { name: string }>() });
 * const input: MethodInput<typeof registry, 'users.get'> = { id: 'u1' };
 * ```
 */
export type MethodInput<Methods extends MethodRegistry, M extends keyof Methods> = NonNullable<
  Methods[M]['~types']
>['input'];

/**
 * The output type of method `M` in registry `Methods`.
 *
 * @example Usage
 * ```ts
 * import { defineMethods, method, type MethodOutput } from './definition.ts';
 * const registry = defineMethods({ 'users.get': method<{ id: string }, { name: string }>() });
 * const output: MethodOutput<typeof registry, 'users.get'> = { name: 'Ada' };
 * ```
 */
export type MethodOutput<Methods extends MethodRegistry, M extends keyof Methods> = NonNullable<
  Methods[M]['~types']
>['output'];

/** The method names of a registry, as a union of string literals. */
export type MethodName<Methods extends MethodRegistry> = string & keyof Methods;

const marker: MethodDef = Object.freeze({});

/**
 * Declares one method of a registry with its input and output types.
 *
 * @typeParam I The input type.
 * @typeParam O The output type.
 * @returns A frozen, empty marker typed as `MethodDef<I, O>`.
 *
 * @example Usage
 * ```ts
 * import { defineMethods, method } from './definition.ts';
 * const registry = defineMethods({
 *   'users.get': method<{ id: string }, { name: string }>(),
 * });
 * ```
 */
export function method<I, O>(): MethodDef<I, O> {
  return marker as MethodDef<I, O>;
}

/**
 * Declares a method registry. It returns its argument unchanged, typed
 * precisely, so that `typeof registry` carries every method's types.
 *
 * @param methods Method names mapped to {@linkcode method} markers.
 * @returns The same object, frozen.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { defineMethods, method } from './definition.ts';
 * const registry = defineMethods({ 'users.get': method<{ id: string }, { name: string }>() });
 * assert.deepEqual(Object.keys(registry), ['users.get']);
 * ```
 */
export function defineMethods<const Methods extends MethodRegistry>(methods: Methods): Methods {
  return Object.freeze(methods);
}

/**
 * The method names of a registry, in declaration order.
 *
 * @param methods A registry made with {@linkcode defineMethods}.
 * @returns Its method names.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { defineMethods, method, methodNames } from './definition.ts';
 * const registry = defineMethods({ a: method<{}, {}>(), b: method<{}, {}>() });
 * assert.deepEqual(methodNames(registry), ['a', 'b']);
 * ```
 */
export function methodNames<Methods extends MethodRegistry>(
  methods: Methods,
): MethodName<Methods>[] {
  return Object.keys(methods) as MethodName<Methods>[];
}
