/**
 * Named types (interfaces and type aliases declared in user code) become
 * components, referenced with `$ref`, so the document and the validators
 * mirror the registry's own vocabulary. Library types and generic
 * instantiations are inlined instead.
 *
 * @module
 */
import type { Node, Type } from 'ts-morph';
import type { JsonSchema } from '../../src/rpc/json-schema.ts';
import { type ReadContext, refTo } from './context.ts';
import { applyDocs, docsOf, isLibraryNode } from './jsdoc.ts';

const componentName = /^[A-Za-z0-9._-]+$/;

/**
 * The name and declaration a type would be a component under.
 *
 * @param type The type.
 * @returns The name and declaration, or `undefined` for anonymous, library and generic types.
 */
export function declaredName(type: Type): { name: string; node: Node } | undefined {
  const alias = type.getAliasSymbol();
  const symbol = alias ?? (type.isInterface() ? type.getSymbol() : undefined);
  if (!symbol) return undefined;
  if (alias ? type.getAliasTypeArguments().length > 0 : type.getTypeArguments().length > 0) {
    return undefined;
  }
  const node = symbol.getDeclarations()[0];
  if (!node || isLibraryNode(node)) return undefined;
  return { name: symbol.getName(), node };
}

/** How to register a component. */
export interface Registration {
  /** The type, to tell same-named types apart. */
  type: Type;
  /** The declaration, for problems. */
  node: Node;
  /** The shared context. */
  ctx: ReadContext;
  /** Reads the schema; called only on first registration. */
  body: () => JsonSchema;
}

/**
 * Registers a schema as a component and returns a reference to it. A second
 * registration of the same type returns the same reference; a different type
 * under the same name is a problem.
 *
 * @param name The component name.
 * @param registration The type, its declaration, the context and how to read it.
 * @returns A `$ref` to the component.
 */
export function registerComponent(name: string, registration: Registration): JsonSchema {
  const { type, node, ctx, body } = registration;
  const existing = ctx.components.get(name);
  if (existing) {
    if (existing.type !== type.compilerType) {
      const where =
        `${existing.node.getSourceFile().getBaseName()}:${existing.node.getStartLineNumber()}`;
      ctx.problems.add(
        node,
        `Two different types are named ${name} (the other is at ${where}); rename one`,
      );
    }
    return refTo(name);
  }
  if (!componentName.test(name)) {
    ctx.problems.add(
      node,
      `Type name ${name} is not a valid component name; use A–Z, a–z, 0–9, ., _ or -`,
    );
  }
  const entry = { schema: {} as JsonSchema, type: type.compilerType, node };
  ctx.components.set(name, entry); // before reading the body, so recursion finds it
  entry.schema = body();
  return refTo(name);
}

/**
 * Reads a named type as a component whose description is the declaration's JSDoc.
 *
 * @param type The type.
 * @param named Its name and declaration (from {@linkcode declaredName}), the context, and how
 * to read its structure with the declaration as the site.
 * @returns A `$ref` to the component.
 */
export function readNamed(
  type: Type,
  named: { name: string; node: Node; ctx: ReadContext; readBody: (site: Node) => JsonSchema },
): JsonSchema {
  const { name, node, ctx, readBody } = named;
  return registerComponent(name, {
    type,
    node,
    ctx,
    body: () => {
      const docs = { ...docsOf(node), tags: [] };
      return applyDocs(readBody(node), { docs, node, problems: ctx.problems });
    },
  });
}
