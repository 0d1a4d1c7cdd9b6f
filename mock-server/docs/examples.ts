/**
 * Request examples for an RPC document: every operation whose JSON body is a `oneOf` of method
 * calls with a `discriminator` (`{method, input}`, as codegen writes them) gets one named
 * example per method (OpenAPI 3.1 §4.8.14 Media Type Object, `examples`), its input sampled
 * from the method's schema with the caller's known values. Path parameters with a known value
 * get it as their `example` (§4.8.12). The document itself is never changed: a copy is.
 *
 * @module
 */
import { type JsonSchema, SampleError, type SampleOptions, sampleValue } from './sample.ts';

/** An OpenAPI document, as JSON. */
export type OpenApiDocument = Record<string, unknown>;

/** Options of {@linkcode withExamples}. */
export interface ExampleOptions {
  /** Values by property (and path parameter) name, e.g. `instanceId`. */
  known: Readonly<Record<string, unknown>>;
  /** Optional properties shown anyway when known ({@linkcode SampleOptions.offerOptional}). */
  offerOptional?: ReadonlySet<string>;
  /** Values for one method only, over `known`, e.g. `collections.create`'s `name`. */
  byMethod?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Replaces the document's `servers` (§4.8.5), e.g. `[{ url: '/rool' }]`. */
  servers?: { url: string; description?: string }[];
}

/** What {@linkcode withExamples} made. */
export interface DocumentWithExamples {
  /** The copy, with its examples. */
  document: OpenApiDocument;
  /** How many method examples it holds. */
  count: number;
  /** Methods left without an example, each with the reason. */
  problems: string[];
}

const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * A copy of an RPC document with a request example per method and path parameter examples.
 *
 * @param document The document; it is not changed.
 * @param options The known values, and the servers to set.
 * @returns The copy, how many examples it holds, and the methods left without one.
 * @throws {SampleError} When an operation's body schema is a reference that does not resolve.
 *
 * @example An example per method, ids from the mock's data
 * ```ts
 * import assert from 'node:assert/strict';
 * import { withExamples } from './examples.ts';
 * import openapi from '../../src/roj/_generated/openapi.json' with { type: 'json' };
 * const { document, problems } = withExamples(openapi, {
 *   known: { templateSlug: 'starter', name: 'Demo' },
 * });
 * assert.deepEqual(problems, []);
 * // deno-lint-ignore no-explicit-any
 * const media = (document as any).paths['/api/v1/rpc'].post.requestBody.content['application/json'];
 * assert.deepEqual(media.examples['instances.create'].value, {
 *   method: 'instances.create',
 *   input: { templateSlug: 'starter', name: 'Demo' },
 * });
 * ```
 */
export function withExamples(
  document: OpenApiDocument,
  options: ExampleOptions,
): DocumentWithExamples {
  const copy = structuredClone(document);
  if (options.servers) copy.servers = options.servers;
  const resolve = (ref: string) => resolvePointer(copy, ref);
  const sampling: SampleOptions = {
    resolve,
    known: options.known,
    offerOptional: options.offerOptional,
  };
  const problems: string[] = [];
  let count = 0;
  const paths = (copy.paths ?? {}) as Record<string, Record<string, unknown>>;
  for (const item of Object.values(paths)) {
    for (const verb of httpMethods) {
      const operation = item[verb] as Record<string, unknown> | undefined;
      if (!operation) continue;
      addParameterExamples(operation, item, options.known);
      const media = jsonMedia(operation);
      if (!media?.schema) continue;
      const calls = methodCalls(media.schema as JsonSchema, resolve);
      if (calls.length === 0) continue;
      const examples: Record<string, unknown> = {};
      for (const { method, ref } of calls) {
        try {
          const schema = resolve(ref);
          if (typeof schema !== 'object') throw new SampleError(`${ref} is not an object schema`);
          const input = schema.properties && typeof schema.properties === 'object'
            ? sampleValue((schema.properties as Record<string, JsonSchema>).input ?? true, {
              ...sampling,
              known: { ...options.known, ...options.byMethod?.[method] },
            })
            : {};
          examples[method] = {
            summary: method,
            ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
            value: { method, input },
          };
          count++;
        } catch (error) {
          if (!(error instanceof SampleError)) throw error;
          problems.push(`${method}: ${error.message}`);
        }
      }
      media.examples = examples;
    }
  }
  return { document: copy, count, problems };
}

/** The `application/json` media type object of an operation's request body, if any. */
function jsonMedia(operation: Record<string, unknown>): Record<string, unknown> | undefined {
  const body = operation.requestBody as { content?: Record<string, unknown> } | undefined;
  return body?.content?.['application/json'] as Record<string, unknown> | undefined;
}

/**
 * The method calls a body schema offers: its discriminator's mapping, `method` → reference.
 *
 * @throws {SampleError} When the body schema is a reference that does not resolve.
 */
function methodCalls(
  schema: JsonSchema,
  resolve: (ref: string) => JsonSchema,
): { method: string; ref: string }[] {
  const target = typeof schema === 'object' && typeof schema.$ref === 'string'
    ? resolve(schema.$ref)
    : schema;
  if (typeof target !== 'object') return [];
  const discriminator = target.discriminator as
    | { propertyName?: string; mapping?: Record<string, string> }
    | undefined;
  if (discriminator?.propertyName !== 'method' || !discriminator.mapping) return [];
  return Object.entries(discriminator.mapping).map(([method, ref]) => ({ method, ref }));
}

/** Sets the `example` of every path parameter with a known value (operation or path level). */
function addParameterExamples(
  operation: Record<string, unknown>,
  item: Record<string, unknown>,
  known: Readonly<Record<string, unknown>>,
): void {
  const lists = [operation.parameters, item.parameters].filter(Array.isArray) as unknown[][];
  for (const parameter of lists.flat()) {
    const p = parameter as { name?: string; in?: string; example?: unknown };
    if (p.in === 'path' && p.name !== undefined && Object.hasOwn(known, p.name)) {
      p.example = known[p.name];
    }
  }
}

/**
 * Resolves a local JSON Pointer reference (RFC 6901) in the document.
 *
 * @throws {SampleError} When it is not local or does not resolve.
 */
function resolvePointer(document: OpenApiDocument, ref: string): JsonSchema {
  if (!ref.startsWith('#/')) throw new SampleError(`Only local references resolve, not ${ref}`);
  let node: unknown = document;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) {
      throw new SampleError(`Reference ${ref} does not resolve`);
    }
    node = (node as Record<string, unknown>)[key];
  }
  if (typeof node !== 'boolean' && (node === null || typeof node !== 'object')) {
    throw new SampleError(`Reference ${ref} is not a schema`);
  }
  return node as JsonSchema;
}
