/**
 * fast-check arbitraries derived from JSON Schemas: values a schema accepts,
 * and near misses that break it in exactly one known place. The conformance
 * suite and the validator tests draw their inputs from here, so nothing is
 * sampled by hand.
 *
 * @module
 */
import fc from 'fast-check';
import type { JsonSchema, JsonSchemaType, JsonValue } from '../src/rpc/json-schema.ts';
import { pointerJoin } from '../src/rpc/validation.ts';

/** Component schemas by name, for resolving `$ref`. */
export type Components = Readonly<Record<string, JsonSchema>>;

/** A value that violates its schema at `path` (a JSON Pointer). */
export interface NearMiss {
  /** The invalid value. */
  value: unknown;
  /** Where it is invalid. */
  path: string;
  /** What was done to it, for failure messages. */
  mutation: string;
}

/**
 * Resolves a `$ref` chain to the schema it names.
 *
 * @param schema A schema, possibly a reference.
 * @param components The components it may refer to.
 * @returns The referenced schema merged under the referring one's other keywords.
 * @throws {Error} When a reference names no component.
 */
export function resolveRef(schema: JsonSchema, components: Components): JsonSchema {
  let current = schema;
  for (let i = 0; current.$ref && i < 32; i++) {
    const name = current.$ref.slice(current.$ref.lastIndexOf('/') + 1);
    const target = components[name];
    if (!target) throw new Error(`Unresolved reference ${current.$ref}`);
    const { $ref: _, ...rest } = current;
    current = { ...target, ...rest, ...(target.$ref ? { $ref: target.$ref } : {}) };
    if (!target.$ref) delete current.$ref;
  }
  return current;
}

/**
 * An arbitrary of values that `schema` accepts.
 *
 * @param schema The schema.
 * @param components Components for `$ref`.
 * @param depth How many more levels of nesting to allow before only required fields are made.
 * @returns The arbitrary.
 *
 * @example Usage
 * ```ts
 * import fc from 'fast-check';
 * import { validValue } from './arbitrary.ts';
 * const [sample] = fc.sample(validValue({ type: 'integer', minimum: 1, maximum: 3 }, {}), 1);
 * ```
 */
export function validValue(
  schema: JsonSchema,
  components: Components,
  depth = 4,
): fc.Arbitrary<unknown> {
  const s = resolveRef(schema, components);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const branches = s.anyOf ?? s.oneOf;
  if (branches) return fc.oneof(...branches.map((b) => validValue(b, components, depth)));
  const types = s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
  if (types.length === 0) return depth > 0 ? fc.jsonValue({ maxDepth: 2 }) : fc.constant(null);
  return fc.oneof(...types.map((t) => valueOfType(t, s, components, depth)));
}

function valueOfType(
  type: JsonSchemaType,
  s: JsonSchema,
  components: Components,
  depth: number,
): fc.Arbitrary<unknown> {
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({
        min: s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1e6),
        max: s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : 1e6),
      });
    case 'number':
      return fc.double({
        min: s.minimum ?? -1e9,
        max: s.maximum ?? 1e9,
        noNaN: true,
        noDefaultInfinity: true,
        minExcluded: s.exclusiveMinimum !== undefined,
        maxExcluded: s.exclusiveMaximum !== undefined,
      }).map((n) => (Object.is(n, -0) ? 0 : n));
    case 'string':
      if (s.contentMediaType) return fc.string();
      if (s.pattern) return fc.stringMatching(new RegExp(s.pattern, 'u'));
      return fc.string({
        unit: 'grapheme-ascii',
        minLength: s.minLength ?? 0,
        maxLength: s.maxLength ?? 12,
      });
    case 'array': {
      const prefix = (s.prefixItems ?? []).map((p) => validValue(p, components, depth - 1));
      if (prefix.length > 0) return fc.tuple(...prefix);
      if (!s.items) return fc.constant([]);
      const maxLength = Math.min(s.maxItems ?? 3, depth > 0 ? 3 : s.minItems ?? 0);
      return fc.array(validValue(s.items, components, depth - 1), {
        minLength: s.minItems ?? 0,
        maxLength: Math.max(maxLength, s.minItems ?? 0),
      });
    }
    case 'object': {
      const props = s.properties ?? {};
      const required = new Set(s.required ?? []);
      const keys = Object.keys(props).filter((k) => depth > 0 || required.has(k));
      const record = fc.record(
        Object.fromEntries(keys.map((k) => [k, validValue(props[k], components, depth - 1)])),
        { requiredKeys: keys.filter((k) => required.has(k)) },
      );
      const extra = s.additionalProperties;
      if (extra === undefined || extra === false || depth <= 0) return record;
      const extraKey = fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 8 })
        .filter((k) => !Object.hasOwn(props, k) && k !== '__proto__');
      return fc.tuple(
        record,
        fc.dictionary(extraKey, validValue(extra, components, depth - 1), { maxKeys: 2 }),
      )
        .map(([known, more]) => ({ ...more, ...known }));
    }
  }
}

/** One representative value per JSON type, for "wrong type" mutations. */
export const sampleOf: Readonly<Record<JsonSchemaType, JsonValue>> = {
  string: 'near-miss',
  number: 1.5,
  integer: 7,
  boolean: true,
  null: null,
  array: [],
  object: {},
};

/**
 * The JSON types a schema accepts, through references and unions.
 *
 * @param s The schema.
 * @param components Components for `$ref`.
 * @returns The types, or `undefined` when it accepts any (`{}`).
 */
export function acceptedTypes(
  s: JsonSchema,
  components: Components,
): Set<JsonSchemaType> | undefined {
  const r = resolveRef(s, components);
  const branches = r.anyOf ?? r.oneOf;
  if (branches) {
    const all = new Set<JsonSchemaType>();
    for (const b of branches) {
      const t = acceptedTypes(b, components);
      if (!t) return undefined;
      t.forEach((x) => all.add(x));
    }
    return all;
  }
  if (r.const !== undefined || r.enum) {
    return new Set((r.enum ?? [r.const!]).map((v) => jsonType(v)));
  }
  if (r.type === undefined) return undefined;
  const types = new Set(Array.isArray(r.type) ? r.type : [r.type]);
  if (types.has('number')) types.add('integer');
  return types;
}

function jsonType(v: JsonValue): JsonSchemaType {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v as JsonSchemaType;
}

// The places in a valid value where a single mutation surely breaks the schema.
function mutationSites(
  value: unknown,
  schema: JsonSchema,
  components: Components,
  path: string,
): { path: string; apply: (root: unknown) => unknown; mutation: string }[] {
  const s = resolveRef(schema, components);
  const sites: ReturnType<typeof mutationSites> = [];
  const accepted = acceptedTypes(s, components);
  if (accepted) {
    const wrong = (Object.keys(sampleOf) as JsonSchemaType[]).filter((t) =>
      !accepted.has(t) && !(t === 'integer' && accepted.has('number'))
    );
    for (const t of wrong) {
      sites.push({
        path,
        apply: (root) => setAt(root, path, sampleOf[t]),
        mutation: `set ${path || '/'} to a ${t}`,
      });
    }
  }
  if (s.enum && s.enum.every((v) => typeof v === 'string')) {
    sites.push({
      path,
      apply: (root) => setAt(root, path, '\u00a7not-in-enum'),
      mutation: `set ${path || '/'} outside its enum`,
    });
  }
  if (typeof value === 'number') {
    if (s.maximum !== undefined) {
      sites.push({
        path,
        apply: (root) => setAt(root, path, s.maximum! + 1),
        mutation: `set ${path} above its maximum`,
      });
    }
    if (s.minimum !== undefined) {
      sites.push({
        path,
        apply: (root) => setAt(root, path, s.minimum! - 1),
        mutation: `set ${path} below its minimum`,
      });
    }
    if (s.type === 'integer') {
      sites.push({
        path,
        apply: (root) => setAt(root, path, value + 0.5),
        mutation: `set ${path} to a fraction`,
      });
    }
  }
  if (typeof value === 'string' && s.maxLength !== undefined) {
    sites.push({
      path,
      apply: (root) => setAt(root, path, 'x'.repeat(s.maxLength! + 1)),
      mutation: `make ${path} too long`,
    });
  }
  if (typeof value === 'string' && s.minLength !== undefined && s.minLength > 0) {
    sites.push({
      path,
      apply: (root) => setAt(root, path, 'x'.repeat(s.minLength! - 1)),
      mutation: `make ${path} too short`,
    });
  }
  if (typeof value === 'string' && s.pattern !== undefined) {
    // A pattern has no general complement: take the first candidate it surely refuses.
    const pattern = new RegExp(s.pattern, 'u');
    const miss = ['', ' ', `${value} `, ` ${value}`, '\u00a7'].find((c) => !pattern.test(c));
    if (miss !== undefined) {
      sites.push({
        path,
        apply: (root) => setAt(root, path, miss),
        mutation: `make ${path} miss its pattern`,
      });
    }
  }
  // Inside unions a deeper change may still match another branch: stop at the union.
  if (s.anyOf || s.oneOf) return sites;
  if (Array.isArray(value) && s.items && typeof s.items === 'object') {
    value.forEach((item, i) =>
      sites.push(...mutationSites(item, s.items as JsonSchema, components, pointerJoin(path, i)))
    );
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && s.type === 'object') {
    const obj = value as Record<string, unknown>;
    for (const key of s.required ?? []) {
      sites.push({
        path: pointerJoin(path, key),
        apply: (root) => deleteAt(root, pointerJoin(path, key)),
        mutation: `remove required ${pointerJoin(path, key)}`,
      });
    }
    if (s.additionalProperties === false) {
      const key = 'unexpectedNearMiss';
      sites.push({
        path: pointerJoin(path, key),
        apply: (root) => setAt(root, pointerJoin(path, key), 1),
        mutation: `add ${pointerJoin(path, key)}`,
      });
    }
    for (const [key, child] of Object.entries(s.properties ?? {})) {
      if (Object.hasOwn(obj, key)) {
        sites.push(...mutationSites(obj[key], child, components, pointerJoin(path, key)));
      }
    }
  }
  return sites;
}

/**
 * An arbitrary of near misses: valid values with exactly one change that
 * breaks the schema (a wrong type, a missing required field, an unexpected
 * field, a value out of range or outside its enum), with the path of the change.
 *
 * @param schema The schema.
 * @param components Components for `$ref`.
 * @returns The arbitrary; it may be empty (filtered) for schemas nothing can break, such as `{}`.
 */
export function nearMiss(schema: JsonSchema, components: Components): fc.Arbitrary<NearMiss> {
  return validValue(schema, components).chain((value) => {
    const sites = mutationSites(value, schema, components, '');
    if (sites.length === 0) return fc.constant(undefined);
    return fc.constantFrom(...sites).map((site) => ({
      value: site.apply(structuredClone(value)),
      path: site.path,
      mutation: site.mutation,
    }));
  }).filter((x): x is NearMiss => x !== undefined);
}

function segments(pointer: string): string[] {
  return pointer === ''
    ? []
    : pointer.slice(1).split('/').map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function setAt(root: unknown, pointer: string, value: unknown): unknown {
  const parts = segments(pointer);
  if (parts.length === 0) return value;
  let node = root as Record<string, unknown>;
  for (const part of parts.slice(0, -1)) node = node[part] as Record<string, unknown>;
  node[parts[parts.length - 1]] = value;
  return root;
}

function deleteAt(root: unknown, pointer: string): unknown {
  const parts = segments(pointer);
  let node = root as Record<string, unknown>;
  for (const part of parts.slice(0, -1)) node = node[part] as Record<string, unknown>;
  delete node[parts[parts.length - 1]];
  return root;
}
