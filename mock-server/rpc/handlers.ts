/**
 * Handler tables typed from a registry: one function per method, taking the
 * validated input and returning the output. A registry method without a
 * handler, or a handler with the wrong types, is a compile error.
 *
 * @module
 */
import type { MethodInput, MethodOutput, MethodRegistry } from '../../src/rpc/definition.ts';

/**
 * The handler of one method.
 *
 * @typeParam I The validated input.
 * @typeParam O The output.
 * @typeParam C The per-request context (who is calling, the state, the clock).
 */
export type Handler<I, O, C> = (input: I, ctx: C) => O | Promise<O>;

/** Handlers for every method of registry `Methods`, with context `C`. */
export type Handlers<Methods extends MethodRegistry, C> = {
  [M in keyof Methods & string]: Handler<MethodInput<Methods, M>, MethodOutput<Methods, M>, C>;
};
