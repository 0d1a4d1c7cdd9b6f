/**
 * Example values from JSON Schemas (JSON Schema 2020-12, the dialect of OpenAPI 3.1 §4.8.24):
 * the smallest value a schema accepts, with the values the caller knows (ids from the mock's
 * data, names) used for the properties they name. The docs page builds its request examples
 * with it, so every method gets one without a hand-written table.
 *
 * @module
 */

/** A JSON Schema: an object, or `true`/`false`. */
export type JsonSchema = Record<string, unknown> | boolean;

/** What {@linkcode sampleValue} knows besides the schema. */
export interface SampleOptions {
  /**
   * Resolves a `$ref`, e.g. `#/components/schemas/CreateInstanceInput`.
   *
   * @throws {SampleError} When the reference does not resolve.
   */
  resolve(ref: string): JsonSchema;
  /** Values by property name: a property of that name takes the value, whatever its schema. */
  known: Readonly<Record<string, unknown>>;
  /**
   * Optional properties that are shown anyway, when known: the `resourceId` of "by id or slug"
   * inputs, which need one of two optional properties.
   */
  offerOptional?: ReadonlySet<string>;
}

/** A schema {@linkcode sampleValue} cannot make a value for. */
export class SampleError extends Error {
  /** Always `SampleError`. */
  override readonly name = 'SampleError';
}

/** Deeper than this, a schema is taken to be recursive without end. */
const maxDepth = 32;

/**
 * The smallest value a schema accepts: required properties only (and the known ones
 * `offerOptional` names), the first of an `enum` or `oneOf`, `minItems` items, `minimum`, and
 * strings padded to `minLength`. A property named in `known` takes the known value.
 *
 * @param schema The schema.
 * @param options How to resolve references, and the known values.
 * @returns A value the schema should accept; validate it when it matters.
 * @throws {SampleError} For a reference that does not resolve, a string `pattern` the plain
 * sample does not match (give that property a known value), or nesting deeper than 32.
 *
 * @example A method's input
 * ```ts
 * import assert from 'node:assert/strict';
 * import { sampleValue } from './sample.ts';
 * const schema = {
 *   type: 'object',
 *   required: ['templateSlug', 'name'],
 *   properties: { templateSlug: { type: 'string' }, name: { type: 'string' }, tag: { type: 'string' } },
 * };
 * const known = { templateSlug: 'starter' };
 * const value = sampleValue(schema, { resolve: () => true, known });
 * assert.deepEqual(value, { templateSlug: 'starter', name: 'example' });
 * ```
 */
export function sampleValue(schema: JsonSchema, options: SampleOptions): unknown {
  return sample(schema, '', options, 0);
}

function sample(schema: JsonSchema, at: string, options: SampleOptions, depth: number): unknown {
  if (depth > maxDepth) throw new SampleError(`Schema nests deeper than ${maxDepth} at ${at}`);
  if (schema === false) throw new SampleError(`Schema accepts nothing at ${at || '/'}`);
  if (schema === true) return 'example';
  if (typeof schema.$ref === 'string') {
    return sample(options.resolve(schema.$ref), at, options, depth + 1);
  }
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if ('default' in schema) return schema.default;
  const branches = (schema.oneOf ?? schema.anyOf) as JsonSchema[] | undefined;
  if (Array.isArray(branches) && branches.length > 0) {
    return sample(branches[0], at, options, depth + 1);
  }
  switch (typeOf(schema)) {
    case 'object':
      return sampleObject(schema, at, options, depth);
    case 'array': {
      const count = typeof schema.minItems === 'number' ? schema.minItems : 0;
      const items = (schema.items ?? true) as JsonSchema;
      return Array.from(
        { length: count },
        (_, i) => sample(items, `${at}/${i}`, options, depth + 1),
      );
    }
    case 'string':
      return sampleString(schema, at);
    case 'integer':
    case 'number':
      return sampleNumber(schema);
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return 'example';
  }
}

function sampleObject(
  schema: Record<string, unknown>,
  at: string,
  options: SampleOptions,
  depth: number,
): Record<string, unknown> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set(Array.isArray(schema.required) ? schema.required as string[] : []);
  const value: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(properties)) {
    const isKnown = Object.hasOwn(options.known, name);
    const offered = isKnown && (options.offerOptional?.has(name) ?? false);
    if (!required.has(name) && !offered) continue;
    value[name] = isKnown
      ? options.known[name]
      : sample(property, `${at}/${name}`, options, depth + 1);
  }
  // A required property the schema does not describe still gets its known value, or a word.
  for (const name of required) {
    if (!(name in value)) {
      value[name] = Object.hasOwn(options.known, name) ? options.known[name] : 'example';
    }
  }
  return value;
}

function sampleString(schema: Record<string, unknown>, at: string): string {
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  const value = 'example'.padEnd(min, 'x').slice(0, max);
  if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) {
    throw new SampleError(
      `No example for the string at ${
        at || '/'
      } with pattern ${schema.pattern}: give it a known value`,
    );
  }
  return value;
}

function sampleNumber(schema: Record<string, unknown>): number {
  if (typeof schema.minimum === 'number') return schema.minimum;
  if (typeof schema.exclusiveMinimum === 'number') {
    return schema.type === 'integer'
      ? Math.floor(schema.exclusiveMinimum) + 1
      : schema.exclusiveMinimum + 1;
  }
  return typeof schema.maximum === 'number' ? Math.min(1, schema.maximum) : 1;
}

/** The schema's type; of a list such as `["string", "null"]`, the first that is not `null`. */
function typeOf(schema: Record<string, unknown>): string | undefined {
  if (Array.isArray(schema.type)) {
    return (schema.type as string[]).find((type) => type !== 'null') ?? 'null';
  }
  if (typeof schema.type === 'string') return schema.type;
  if (schema.properties !== undefined) return 'object';
  return undefined;
}
