/**
 * Reads an {@linkcode ApiDefinition}'s types: for every endpoint, every
 * method's input and output; for every upload, its form and output. Each
 * becomes a named component (its TypeScript name, or `<Method>Input` /
 * `<Method>Output` for anonymous types).
 *
 * @module
 */
import type { Node, Type, VariableDeclaration } from 'ts-morph';
import type { JsonSchema } from '../../src/rpc/json-schema.ts';
import { type ReadContext, refTo } from './context.ts';
import { docsOf } from './jsdoc.ts';
import { registerComponent } from './named.ts';

/** A method as read from a registry. */
export interface ReadMethod {
  /** The method name. */
  name: string;
  /** The registry entry's JSDoc. */
  description?: string;
  /** Component name of the input. */
  input: string;
  /** Component name of the output. */
  output: string;
}

/** An upload as read from the definition. */
export interface ReadUpload {
  /** The upload's name, e.g. `files.upload`. */
  name: string;
  /** Component name of the multipart form. */
  form: string;
  /** Component name of the JSON answer. */
  output: string;
}

/** The types of a whole API definition. */
export interface ReadApiResult {
  /** Endpoint name to its methods, in registry order. */
  endpoints: Map<string, ReadMethod[]>;
  /** Uploads, in definition order. */
  uploads: ReadUpload[];
}

/**
 * Reads the method and upload types of an API definition.
 *
 * @param decl The exported variable holding the `defineApi(...)` value.
 * @param ctx The shared context; components are added to it.
 * @returns The endpoints' methods and the uploads.
 */
export function readApi(decl: VariableDeclaration, ctx: ReadContext): ReadApiResult {
  const api = decl.getType();
  const endpoints = new Map<string, ReadMethod[]>();
  for (
    const endpoint of propertiesOf(api.getProperty('endpoints')?.getTypeAtLocation(decl), decl)
  ) {
    const methods: ReadMethod[] = [];
    const registry = endpoint.type.getProperty('methods')?.getTypeAtLocation(decl);
    if (!registry) {
      ctx.problems.add(endpoint.node, `Endpoint ${endpoint.name} has no methods registry`);
      continue;
    }
    for (const entry of propertiesOf(registry, decl)) {
      const slots = phantomSlots(entry.type, entry.node, ['input', 'output'], ctx);
      if (!slots) continue;
      const description = docsOf(entry.node).description;
      methods.push({
        name: entry.name,
        ...(description ? { description } : {}),
        input: component(slots.input, {
          fallback: `${pascal(entry.name)}Input`,
          node: entry.node,
          ctx,
        }),
        output: component(slots.output, {
          fallback: `${pascal(entry.name)}Output`,
          node: entry.node,
          ctx,
        }),
      });
    }
    endpoints.set(endpoint.name, methods);
  }
  const uploads: ReadUpload[] = [];
  for (const entry of propertiesOf(api.getProperty('uploads')?.getTypeAtLocation(decl), decl)) {
    const slots = phantomSlots(entry.type, entry.node, ['form', 'output'], ctx);
    if (!slots) continue;
    uploads.push({
      name: entry.name,
      form: component(slots.form, { fallback: `${pascal(entry.name)}Form`, node: entry.node, ctx }),
      output: component(slots.output, {
        fallback: `${pascal(entry.name)}Output`,
        node: entry.node,
        ctx,
      }),
    });
  }
  return { endpoints, uploads };
}

/**
 * Reads a type as a named component: its own name if it has one, else `fallback`.
 *
 * @param type The type.
 * @param where The name for an anonymous type, where it is used, and the shared context.
 * @returns The component name.
 */
export function component(
  type: Type,
  where: { fallback: string; node: Node; ctx: ReadContext },
): string {
  const { fallback, node, ctx } = where;
  const schema = ctx.read(type, { node, ctx });
  const ref = schema.$ref;
  if (ref && Object.keys(schema).length === 1) return ref.slice(ref.lastIndexOf('/') + 1);
  registerComponent(fallback, { type, node, ctx, body: () => schema });
  return fallback;
}

/**
 * `instances.create` → `InstancesCreate`.
 *
 * @param name A method name.
 * @returns Its PascalCase form.
 */
export function pascal(name: string): string {
  return name.split(/[^A-Za-z0-9]+/).filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

function propertiesOf(type: Type | undefined, decl: Node) {
  return (type?.getProperties() ?? []).map((symbol) => ({
    name: symbol.getName(),
    type: symbol.getTypeAtLocation(decl),
    node: symbol.getDeclarations()[0] ?? decl,
  }));
}

// `MethodDef<I, O>` and `UploadDef<F, O>` carry their types in the optional `~types` slot.
function phantomSlots<K extends string>(
  type: Type,
  node: Node,
  keys: K[],
  ctx: ReadContext,
): Record<K, Type> | undefined {
  const slot = type.getProperty('~types')?.getTypeAtLocation(node).getNonNullableType();
  const out = {} as Record<K, Type>;
  for (const key of keys) {
    const t = slot?.getProperty(key)?.getTypeAtLocation(node);
    if (!t) {
      ctx.problems.add(
        node,
        'Expected a method(...) or upload(...) definition with input and output types',
      );
      return undefined;
    }
    out[key] = t;
  }
  return out;
}

/**
 * Reads the wire envelope types (`RpcError`, `RpcFailure`) from the RPC core.
 *
 * @param wire The source file `src/rpc/wire.ts`.
 * @param ctx The shared context.
 * @returns Component names of the error and the failure envelope.
 */
export function readWire(
  wire: { getInterfaceOrThrow(name: string): { getType(): Type } & Node },
  ctx: ReadContext,
): { error: string; failure: string } {
  const read = (name: string) => {
    const decl = wire.getInterfaceOrThrow(name);
    return component(decl.getType(), { fallback: name, node: decl, ctx });
  };
  return { error: read('RpcError'), failure: read('RpcFailure') };
}

/** A `$ref` schema for a component name (re-exported for emitters). */
export const ref: (name: string) => JsonSchema = refTo;
