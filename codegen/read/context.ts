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

/** What every reader gets. */
export interface ReadContext {
  /** Named schemas found so far, by component name. */
  components: Map<string, Component>;
  /** Collected problems. */
  problems: Problems;
  /** Anonymous object types on the current path, to catch unnamed recursion. */
  active: Set<ts.Type>;
}

/** Per-call options of {@linkcode ReadType}. */
export interface ReadOptions {
  /** Leave `undefined` out of a union (the property is optional instead). */
  dropUndefined?: boolean;
}

/** The dispatcher's signature, passed to readers that recurse. */
export type ReadType = (
  type: Type,
  site: Node,
  ctx: ReadContext,
  options?: ReadOptions,
) => JsonSchema;

/**
 * Builds a `$ref` to a component.
 *
 * @param name The component name.
 * @returns The reference schema.
 */
export function refTo(name: string): JsonSchema {
  return { $ref: `#/components/schemas/${name}` };
}
