/**
 * Method registries: the single source of truth for an RPC contract.
 *
 * A registry is a plain object whose keys are method names and whose values
 * are {@linkcode MethodDef} markers carrying the input and output types. At
 * runtime a marker holds only whether the method is a read (`{read: true}`),
 * which tells a client what it may retry; the types are read by the TypeScript
 * compiler (for clients and servers) and by `codegen/` (for OpenAPI, JSON
 * Schemas, validators and bindings).
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
  /**
   * `true` when the method only reads (RFC 9110 §9.2.1 "safe"): calling it twice changes
   * nothing, so a client may retry it after a transport failure. Absent for every method that
   * may change state, including idempotent writes, which a client never retries.
   */
  readonly read?: true;
}

/** What {@linkcode method} may say about a method besides its types. */
export interface MethodOptions {
  /**
   * The method only reads and changes no state, so a client given `retryReads(registry, policy)`
   * may retry it. Mark only methods that read: a retried write may apply twice.
   */
  read?: boolean;
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

// Every method shares one of two frozen markers: the types live in the registry's type, and
// the runtime value says only whether the method reads.
const marker: MethodDef = Object.freeze({});
const readMarker: MethodDef = Object.freeze({ read: true });

/**
 * Declares one method of a registry with its input and output types.
 *
 * @typeParam I The input type.
 * @typeParam O The output type.
 * @param options `{read: true}` for a method that only reads, which clients may retry.
 * @returns A frozen marker typed as `MethodDef<I, O>`: `{read: true}` for a read, else empty.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { defineMethods, isReadMethod, method } from './definition.ts';
 * const registry = defineMethods({
 *   'users.get': method<{ id: string }, { name: string }>({ read: true }),
 *   'users.rename': method<{ id: string; name: string }, { name: string }>(),
 * });
 * assert.equal(isReadMethod(registry, 'users.get'), true);
 * assert.equal(isReadMethod(registry, 'users.rename'), false);
 * ```
 */
export function method<I, O>(options?: MethodOptions): MethodDef<I, O> {
  return (options?.read === true ? readMarker : marker) as MethodDef<I, O>;
}

/**
 * Whether a registry marks `name` as a read, i.e. declared with `method({read: true})`.
 *
 * @param methods A registry made with {@linkcode defineMethods}.
 * @param name A method name; one the registry lacks is not a read.
 * @returns `true` only for a method marked as a read.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { defineMethods, isReadMethod, method } from './definition.ts';
 * const registry = defineMethods({ 'users.list': method<{}, string[]>({ read: true }) });
 * assert.equal(isReadMethod(registry, 'users.list'), true);
 * assert.equal(isReadMethod(registry, 'toString'), false);
 * ```
 */
export function isReadMethod(methods: MethodRegistry, name: string): boolean {
  return Object.hasOwn(methods, name) && methods[name].read === true;
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
