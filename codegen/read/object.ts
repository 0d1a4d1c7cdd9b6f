/**
 * Object types: interfaces, type literals, `Record<string, T>` and index
 * signatures. Objects are closed (`additionalProperties: false`) unless they
 * declare an index signature, matching TypeScript's excess-property checks.
 *
 * @module
 */
import { Node, ts, type Type } from 'ts-morph';
import type { JsonSchema } from '../../src/rpc/json-schema.ts';
import type { ReadSite } from './context.ts';
import { applyDocs, docsOf } from './jsdoc.ts';

/**
 * Reads an object type's properties and index signature.
 *
 * @param type The object type.
 * @param at Where it is used.
 * @returns The schema.
 */
export function readObject(type: Type, at: ReadSite): JsonSchema {
  const { node: site, ctx } = at;
  const generic = type.getTypeArguments().length > 0 || type.getAliasTypeArguments().length > 0;
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const prop of type.getProperties()) {
    const name = prop.getName();
    const decl = prop.getValueDeclaration() ?? prop.getDeclarations()[0];
    const where = decl ?? site;
    if (name.startsWith('__@')) {
      ctx.problems.add(where, `Symbol-keyed property ${name.slice(3)} is not JSON`);
      continue;
    }
    if (decl && (Node.isMethodSignature(decl) || Node.isMethodDeclaration(decl))) {
      ctx.problems.add(
        where,
        `Method ${name} is a function; functions cannot be sent over the wire`,
      );
      continue;
    }
    // The declared type keeps alias names (`SandboxState`) that the optional-widened type loses;
    // inside generics only the instantiated type is right.
    const typeNode = decl && Node.isPropertySignature(decl) ? decl.getTypeNode() : undefined;
    const propType = typeNode && !generic ? typeNode.getType() : prop.getTypeAtLocation(site);
    const optional = prop.hasFlags(ts.SymbolFlags.Optional);
    // `value?: undefined` declares a property as always absent: TypeScript-only, nothing to emit.
    if (optional && (propType.isUndefined() || propType.isNever())) continue;
    const node = typeNode && !generic ? typeNode : where;
    let schema = ctx.read(propType, { node, ctx, dropUndefined: optional });
    if (decl) {
      schema = applyDocs(schema, { docs: docsOf(decl), node: decl, problems: ctx.problems });
    }
    properties[name] = schema;
    if (!optional) required.push(name);
  }
  const out: JsonSchema = { type: 'object' };
  if (Object.keys(properties).length > 0) out.properties = properties;
  if (required.length > 0) out.required = required;
  const index = type.getStringIndexType() ?? type.getNumberIndexType();
  // `Record<string, never>` is the idiomatic empty object: no other properties.
  out.additionalProperties = index && !index.isNever()
    ? ctx.read(index, { node: site, ctx })
    : false;
  return out;
}
