/**
 * Union types: literal unions become `enum`, `X | null` becomes a nullable
 * type, and anything else becomes `anyOf` (a TypeScript union is inclusive,
 * so `anyOf`, not `oneOf`, has its meaning).
 *
 * @module
 */
import { Node, type Type } from 'ts-morph';
import type { JsonSchema, JsonSchemaType, JsonValue } from '../../src/rpc/json-schema.ts';
import type { ReadSite } from './context.ts';
import { jsonTypeOf, literalValue } from './primitive.ts';

/**
 * The members of a union as written: the compiler flattens `State | null`
 * into `'running' | 'paused' | null`, losing the alias; the type node keeps it.
 *
 * @param type The union type.
 * @param node A node whose type it is, possibly a union type node.
 * @returns The members.
 */
export function unionMembers(type: Type, node: Node | undefined): Type[] {
  const typeNode = node && Node.isTypeAliasDeclaration(node) ? node.getTypeNode() : node;
  if (typeNode && Node.isUnionTypeNode(typeNode) && typeNode.getType() === type) {
    return typeNode.getTypeNodes().map((n) => n.getType());
  }
  return type.getUnionTypes();
}

/**
 * Reads a union type.
 *
 * @param members The union's members, from {@linkcode unionMembers}.
 * @param at Where it is used (for problems and source order), and whether to drop `undefined`.
 * @returns The schema.
 */
export function readUnion(members: Type[], at: ReadSite): JsonSchema {
  const { node: site, ctx } = at;
  if (members.some((m) => m.isUndefined())) {
    if (!at.dropUndefined) {
      ctx.problems.add(
        site,
        'A union with undefined is not JSON; make the property optional instead',
      );
    }
    members = members.filter((m) => !m.isUndefined());
  }
  const flat: Type[] = [];
  for (const m of members) {
    // A member that is itself an anonymous union (not `boolean`, not a named alias) is inlined.
    if (m.isUnion() && !m.isBoolean() && !m.getAliasSymbol()) flat.push(...m.getUnionTypes());
    else flat.push(m);
  }
  members = flat;
  const hasTrue = members.some((m) => m.isBooleanLiteral() && m.getText() === 'true');
  const hasFalse = members.some((m) => m.isBooleanLiteral() && m.getText() === 'false');
  const boolean = hasTrue && hasFalse;
  const nullable = members.some((m) => m.isNull());
  const literals: JsonValue[] = [];
  const others: Type[] = [];
  for (const m of members) {
    if (m.isNull() || (boolean && m.isBooleanLiteral())) continue;
    const value = literalValue(m);
    if (value === undefined) others.push(m);
    else literals.push(value);
  }
  sortBySource(literals, site.getText());

  const branches: JsonSchema[] = [];
  if (boolean) branches.push({ type: 'boolean' });
  if (literals.length === 1) branches.push({ const: literals[0] });
  else if (literals.length > 1) branches.push(enumOf(literals));
  for (const m of others) branches.push(ctx.read(m, at));

  if (branches.length === 0) return { type: 'null' };
  if (!nullable) return branches.length === 1 ? branches[0] : { anyOf: branches };
  if (branches.length === 1) return withNull(branches[0]);
  return { anyOf: [...branches, { type: 'null' }] };
}

function enumOf(values: JsonValue[]): JsonSchema {
  const types = [...new Set(values.map(jsonTypeOf))];
  return types.length === 1 ? { type: types[0], enum: values } : { enum: values };
}

// `string | null` reads best as `type: ['string', 'null']`; a `$ref` or object needs anyOf.
function withNull(schema: JsonSchema): JsonSchema {
  const simple = Object.keys(schema).every((k) => k === 'type' || k === 'enum');
  if (simple && typeof schema.type === 'string') {
    const out: JsonSchema = { type: [schema.type, 'null'] as JsonSchemaType[] };
    if (schema.enum) out.enum = [...schema.enum, null];
    return out;
  }
  return { anyOf: [schema, { type: 'null' }] };
}

// The compiler orders union members by internal type id; users expect the order they wrote.
function sortBySource(values: JsonValue[], text: string): void {
  const position = (v: JsonValue) => {
    if (typeof v !== 'string') return Number.MAX_SAFE_INTEGER;
    const hits = [`'${v}'`, `"${v}"`].map((q) => text.indexOf(q)).filter((i) => i >= 0);
    return hits.length ? Math.min(...hits) : Number.MAX_SAFE_INTEGER;
  };
  values.sort((a, b) => position(a) - position(b));
}
