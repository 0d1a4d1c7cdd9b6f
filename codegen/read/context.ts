/**
 * The state shared by the type readers, resolved once per run.
 *
 * @module
 */
import type { Node, ts, Type } from 'ts-morph';
import type { JsonSchema } from '../../src/rpc/json-schema.ts';
import type { Problems } from '../problems.ts';

/** A named schema destined for `components.schemas`. */
export interface Component {
  /** The schema; a placeholder `{}` while its own body is being read (recursion). */
  schema: JsonSchema;
  /** The compiler type it was read from, to tell same-named types apart. */
  type: ts.Type;
  /** Where it is declared. */
  node: Node;
}

/** What every reader shares, resolved once per run. */
export interface ReadContext {
  /** Named schemas found so far, by component name. */
  components: Map<string, Component>;
  /** Collected problems. */
  problems: Problems;
  /** Anonymous object types on the current path, to catch unnamed recursion. */
  active: Set<ts.Type>;
  /** The dispatcher, for readers that recurse into member types. */
  read: ReadType;
}

/** Where a type is being read. */
export interface ReadSite {
  /** The node problems point at, and whose text gives union members their order. */
  node: Node;
  /** The shared context. */
  ctx: ReadContext;
  /** Leave `undefined` out of a union (the property is optional instead). */
  dropUndefined?: boolean;
}

/** The dispatcher's signature. */
export type ReadType = (type: Type, at: ReadSite) => JsonSchema;

/**
 * Builds a `$ref` to a component.
 *
 * @param name The component name.
 * @returns The reference schema.
 */
export function refTo(name: string): JsonSchema {
  return { $ref: `#/components/schemas/${name}` };
}
