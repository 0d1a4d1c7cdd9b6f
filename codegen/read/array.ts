/**
 * Arrays (`T[]`, `Array<T>`, `readonly T[]`) and tuples (`[A, B]`).
 *
 * @module
 */
import type { Node, Type } from 'ts-morph';
import type { JsonSchema } from '../../src/rpc/json-schema.ts';
import type { ReadContext, ReadType } from './context.ts';

/**
 * Reads an array or tuple type.
 *
 * @param type The type.
 * @param site Where it is used.
 * @param ctx The shared context.
 * @param read The dispatcher, for element types.
 * @returns The schema, or `undefined` when the type is neither.
 */
export function readArray(
  type: Type,
  site: Node,
  ctx: ReadContext,
  read: ReadType,
): JsonSchema | undefined {
  if (type.isTuple()) {
    const elements = type.getTupleElements();
    return {
      type: 'array',
      prefixItems: elements.map((t) => read(t, site, ctx)),
      items: false,
      minItems: elements.length,
      maxItems: elements.length,
    };
  }
  const element = type.getArrayElementType() ??
    (type.getSymbol()?.getName() === 'ReadonlyArray' ? type.getTypeArguments()[0] : undefined);
  if (!element) return undefined;
  return { type: 'array', items: read(element, site, ctx) };
}
