/**
 * The dispatcher: turns one TypeScript type into a JSON Schema by handing it
 * to the reader for its kind, and reports what no reader can represent.
 *
 * @module
 */
import type { Type } from 'ts-morph';
import type { JsonSchema } from '../../src/rpc/json-schema.ts';
import { readArray } from './array.ts';
import type { ReadSite } from './context.ts';
import { declaredName, readNamed } from './named.ts';
import { readObject } from './object.ts';
import { readPrimitive } from './primitive.ts';
import { readUnion, unionMembers } from './union.ts';

// Library classes that are not JSON, with what to use instead.
const notJson: Record<string, string> = {
  Date: 'Date is not JSON; use an ISO 8601 string',
  Map: 'Map is not JSON; use Record<string, T>',
  Set: 'Set is not JSON; use an array',
  Promise: 'Promise is not JSON',
  RegExp: 'RegExp is not JSON; use a string',
  Uint8Array: 'Uint8Array is not JSON; upload bytes as a file or send base64 text',
  ArrayBuffer: 'ArrayBuffer is not JSON; upload bytes as a file or send base64 text',
};

const binary = new Set(['Blob', 'File']);
const maxDepth = 24;

/**
 * Reads a type as a JSON Schema.
 *
 * @param type The type.
 * @param at Where it is used (problems point there) and the shared context.
 * @returns The schema; `{}` (with a problem recorded) for what cannot be represented.
 */
export function readType(type: Type, at: ReadSite): JsonSchema {
  const { node: site, ctx } = at;
  if (type.isAny()) {
    ctx.problems.add(site, '`any` cannot be represented; use `unknown` or a precise type');
    return {};
  }
  if (type.isUnknown()) return {};
  if (type.isTypeParameter()) {
    ctx.problems.add(
      site,
      `Open generic type parameter ${type.getText()} cannot be represented; instantiate it`,
    );
    return {};
  }
  if (type.isNever()) {
    ctx.problems.add(site, '`never` cannot be represented');
    return {};
  }
  if (type.isUndefined() || type.isVoid()) {
    ctx.problems.add(site, '`undefined` is not JSON; make the property optional instead');
    return {};
  }
  const named = declaredName(type);
  if (named) {
    return readNamed(type, {
      ...named,
      ctx,
      readBody: (node) => readStructure(type, { ...at, node }),
    });
  }
  return readStructure(type, at);
}

function readStructure(type: Type, at: ReadSite): JsonSchema {
  const { node: site, ctx } = at;
  if (type.isUnion() && !type.isBoolean()) return readUnion(unionMembers(type, site), at);
  const primitive = readPrimitive(type);
  if (primitive) return primitive;
  if (type.isTemplateLiteral() || type.isBigInt() || type.isBigIntLiteral() || type.isEnum()) {
    ctx.problems.add(
      site,
      `${type.getText()} cannot be represented; use string, number or a literal union`,
    );
    return {};
  }
  if (type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0) {
    ctx.problems.add(
      site,
      `${type.getText()} is a function; functions cannot be sent over the wire`,
    );
    return {};
  }
  if (type.isIntersection() && type.getIntersectionTypes().some((t) => !t.isObject())) {
    ctx.problems.add(
      site,
      `Intersection ${type.getText()} of non-object types cannot be represented`,
    );
    return {};
  }
  const array = readArray(type, at);
  if (array) return array;
  const symbolName = type.getSymbol()?.getName() ?? '';
  if (binary.has(symbolName)) {
    return { type: 'string', contentMediaType: 'application/octet-stream' };
  }
  if (notJson[symbolName]) {
    ctx.problems.add(site, notJson[symbolName]);
    return {};
  }
  if (type.getText() === 'object') return { type: 'object' };
  if (!type.isObject() && !type.isIntersection()) {
    ctx.problems.add(site, `${type.getText()} cannot be represented`);
    return {};
  }
  if (ctx.active.has(type.compilerType)) {
    ctx.problems.add(site, 'Anonymous recursive type cannot be represented; give it a name');
    return {};
  }
  // Library types (say, a user interface merged into lib.dom's `Node`) can be vast graphs.
  if (ctx.active.size >= maxDepth) {
    ctx.problems.add(
      site,
      `Type nests deeper than ${maxDepth} anonymous objects; name some of them`,
    );
    return {};
  }
  ctx.active.add(type.compilerType);
  try {
    return readObject(type, at);
  } finally {
    ctx.active.delete(type.compilerType);
  }
}
