/**
 * Every near miss of one valid input, enumerated from the schema rather than
 * drawn at random: each field (present or not, at the top level and one
 * object level down) × each constraint that applies to it (its type, length,
 * range, enum, pattern, being required, and no extra properties). A random
 * near miss rarely hits the one constraint a target forgot; a sweep always does.
 *
 * @module
 */
import fc from 'fast-check';
import type { JsonSchema, JsonSchemaType, JsonValue } from '../../src/rpc/json-schema.ts';
import { pointerJoin } from '../../src/rpc/validation.ts';
import {
  acceptedTypes,
  type Components,
  type NearMiss,
  resolveRef,
  sampleOf,
  validValue,
} from '../arbitrary.ts';

/** The most near misses a sweep sends, to bound one command's cost. */
export const sweepLimit = 60;

function typesOf(s: JsonSchema): JsonSchemaType[] {
  return s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
}

// Values that break `schema` on their own, whatever the value was (or whether it was there).
function badValues(
  schema: JsonSchema,
  components: Components,
): { value: JsonValue; mutation: string }[] {
  const s = resolveRef(schema, components);
  const out: { value: JsonValue; mutation: string }[] = [];
  const accepted = acceptedTypes(s, components);
  if (accepted) {
    for (const t of Object.keys(sampleOf) as JsonSchemaType[]) {
      if (!accepted.has(t) && !(t === 'integer' && accepted.has('number'))) {
        out.push({ value: sampleOf[t], mutation: `a ${t}` });
      }
    }
  }
  if (s.enum?.every((v) => typeof v === 'string')) {
    out.push({ value: '\u00a7not-in-enum', mutation: 'outside its enum' });
  }
  // Inside unions a value may still match another branch: only wrong types are sure misses.
  if (s.anyOf || s.oneOf) return out;
  const types = typesOf(s);
  if (types.includes('number') || types.includes('integer')) {
    if (s.minimum !== undefined) out.push({ value: s.minimum - 1, mutation: 'below its minimum' });
    if (s.maximum !== undefined) out.push({ value: s.maximum + 1, mutation: 'above its maximum' });
    if (s.exclusiveMinimum !== undefined) {
      out.push({ value: s.exclusiveMinimum, mutation: 'at its exclusive minimum' });
    }
    if (s.exclusiveMaximum !== undefined) {
      out.push({ value: s.exclusiveMaximum, mutation: 'at its exclusive maximum' });
    }
    if (types.includes('integer') && !types.includes('number')) {
      const low = s.minimum ?? (s.exclusiveMinimum ?? -1) + 1;
      out.push({ value: low + 0.5, mutation: 'a fraction' });
    }
  }
  if (types.includes('string') && s.enum === undefined && s.const === undefined) {
    if (s.minLength !== undefined && s.minLength > 0) {
      out.push({ value: 'x'.repeat(s.minLength - 1), mutation: 'too short' });
    }
    if (s.maxLength !== undefined) {
      out.push({ value: 'x'.repeat(s.maxLength + 1), mutation: 'too long' });
    }
    if (s.pattern !== undefined) {
      // A pattern has no general complement: take the first candidate it surely refuses.
      const pattern = new RegExp(s.pattern, 'u');
      const miss = ['', ' ', '\u00a7', 'near miss\u00a7', '-'].find((c) => !pattern.test(c));
      if (miss !== undefined) out.push({ value: miss, mutation: 'missing its pattern' });
    }
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

// The near misses of the object at `path` within `root`, whose valid value is `value`.
function objectMisses(
  options: {
    root: Record<string, unknown>;
    value: Record<string, unknown>;
    schema: JsonSchema;
    path: string;
    seed: number;
    depth: number;
  },
  components: Components,
): NearMiss[] {
  const { root, value, schema, path, seed, depth } = options;
  const s = resolveRef(schema, components);
  // `root` with the object at `path` replaced.
  const withObject = (object: Record<string, unknown>): unknown =>
    path === '' ? object : { ...root, [path.slice(1)]: object };
  const misses: NearMiss[] = [];
  for (const [key, child] of Object.entries(s.properties ?? {})) {
    const at = pointerJoin(path, key);
    for (const bad of badValues(child, components)) {
      misses.push({
        value: withObject({ ...value, [key]: bad.value }),
        path: at,
        mutation: `set ${at} to ${bad.mutation}`,
      });
    }
    const c = resolveRef(child, components);
    if (depth > 0 && c.type === 'object' && !c.anyOf && !c.oneOf) {
      const inner = isPlainObject(value[key])
        ? value[key] as Record<string, unknown>
        : fc.sample(validValue(c, components, 1), { seed, numRuns: 1 })[0] as Record<
          string,
          unknown
        >;
      misses.push(
        ...objectMisses({
          root: { ...value, [key]: inner },
          value: inner,
          schema: c,
          path: at,
          seed,
          depth: depth - 1,
        }, components).map((miss) => ({ ...miss, value: withObject(miss.value as never) })),
      );
    }
  }
  for (const key of s.required ?? []) {
    const { [key]: _, ...rest } = value;
    const at = pointerJoin(path, key);
    misses.push({ value: withObject(rest), path: at, mutation: `remove required ${at}` });
  }
  if (s.additionalProperties === false) {
    const at = pointerJoin(path, 'unexpectedNearMiss');
    misses.push({
      value: withObject({ ...value, unexpectedNearMiss: 1 }),
      path: at,
      mutation: `add ${at}`,
    });
  }
  return misses;
}

/**
 * Every near miss of a valid input drawn from `schema` with `seed`: the root
 * with a wrong type, then each field of the top level and of its object
 * fields with each constraint broken, each required field removed, and an
 * unexpected field added where none is allowed. At most {@linkcode sweepLimit}.
 *
 * @param schema The input schema (an object schema, possibly a `$ref`).
 * @param options Components for `$ref`, and the seed of the valid base input.
 * @returns The near misses, in a fixed order.
 *
 * @example Usage
 * ```ts
 * import { nearMissSweep } from './_near-miss-sweep.ts';
 * const misses = nearMissSweep(
 *   { type: 'object', properties: { name: { type: 'string', minLength: 1 } }, required: ['name'] },
 *   { components: {}, seed: 1 },
 * );
 * ```
 */
export function nearMissSweep(
  schema: JsonSchema,
  options: { components: Components; seed: number },
): NearMiss[] {
  const { components, seed } = options;
  const s = resolveRef(schema, components);
  const misses = badValues(s, components).map((bad) => ({
    value: bad.value as unknown,
    path: '',
    mutation: `set / to ${bad.mutation}`,
  }));
  if (s.type === 'object' && !s.anyOf && !s.oneOf) {
    const [base] = fc.sample(validValue(s, components), { seed, numRuns: 1 });
    if (isPlainObject(base)) {
      misses.push(
        ...objectMisses(
          { root: base, value: base, schema: s, path: '', seed, depth: 1 },
          components,
        ),
      );
    }
  }
  return misses.slice(0, sweepLimit);
}
