/**
 * Arrays (`T[]`, `Array<T>`, `readonly T[]`) and tuples (`[A, B]`).
 *
 * @module
 */
import type { Type } from 'ts-morph';
import type { JsonSchema } from '../../src/rpc/json-schema.ts';
import type { ReadSite } from './context.ts';

/**
 * Reads an array or tuple type.
 *
 * @param type The type.
 * @param at Where it is used.
 * @returns The schema, or `undefined` when the type is neither.
 */
export function readArray(type: Type, at: ReadSite): JsonSchema | undefined {
  const element = { node: at.node, ctx: at.ctx };
  if (type.isTuple()) {
    const elements = type.getTupleElements();
    return {
      type: 'array',
      prefixItems: elements.map((t) => at.ctx.read(t, element)),
      items: false,
      minItems: elements.length,
      maxItems: elements.length,
    };
  }
  const item = type.getArrayElementType() ??
    (type.getSymbol()?.getName() === 'ReadonlyArray' ? type.getTypeArguments()[0] : undefined);
  if (!item) return undefined;
  return { type: 'array', items: at.ctx.read(item, element) };
}
