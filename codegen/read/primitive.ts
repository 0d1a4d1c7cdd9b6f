/**
 * Primitive and literal types: `string`, `number`, `boolean`, `null` and
 * their literal forms.
 *
 * @module
 */
import type { Type } from 'ts-morph';
import type { JsonSchema, JsonValue } from '../../src/rpc/json-schema.ts';

/**
 * Reads a primitive or literal type.
 *
 * @param type The type.
 * @returns Its schema, or `undefined` when it is neither primitive nor literal.
 */
export function readPrimitive(type: Type): JsonSchema | undefined {
  if (type.isString()) return { type: 'string' };
  if (type.isNumber()) return { type: 'number' };
  if (type.isBoolean()) return { type: 'boolean' };
  if (type.isNull()) return { type: 'null' };
  const literal = literalValue(type);
  if (literal !== undefined) return { const: literal };
  return undefined;
}

/**
 * The value of a string, number or boolean literal type.
 *
 * @param type The type.
 * @returns The value, or `undefined` when the type is not such a literal.
 */
export function literalValue(type: Type): JsonValue | undefined {
  if (type.isStringLiteral() || type.isNumberLiteral()) {
    return type.getLiteralValue() as string | number;
  }
  if (type.isBooleanLiteral()) return type.getText() === 'true';
  return undefined;
}

/**
 * The JSON type name of a literal value.
 *
 * @param value A literal value.
 * @returns `string`, `number` or `boolean`.
 */
export function jsonTypeOf(value: JsonValue): 'string' | 'number' | 'boolean' | 'null' {
  if (value === null) return 'null';
  return typeof value as 'string' | 'number' | 'boolean';
}
