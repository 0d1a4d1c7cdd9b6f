/**
 * Deterministic example values for a JSON-schema-like shape: what the mock
 * agent answers when a prompt gives a `responseSchema` (docs/rool-contract.md
 * §6). It understands `type` (one or a list), `properties` (each gets a
 * value), `items`, `minItems`, `enum`, `const`, `default`, `anyOf`/`oneOf`/`allOf`,
 * `minimum`/`maximum`, `minLength` and a few `format`s; local `$ref`s
 * (`#`, `#/$defs/…`, `#/definitions/…`) are followed. Nesting past 32 levels, and
 * anything it does not understand, gives `null`.
 *
 * @module
 */

type Schema = Record<string, unknown>;

const maxDepth = 32;

/**
 * An example value matching a schema.
 *
 * @param schema The schema.
 * @returns A value: the same for the same schema, every time.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { exampleJson } from './example-json.ts';
 * assert.deepEqual(
 *   exampleJson({
 *     type: 'object',
 *     properties: { title: { type: 'string' }, tags: { type: 'array', items: { enum: ['a', 'b'] } } },
 *     required: ['title'],
 *   }),
 *   { title: 'example', tags: ['a'] },
 * );
 * ```
 */
export function exampleJson(schema: Record<string, unknown>): unknown {
  return example(schema, schema, 0);
}

function example(node: unknown, root: Schema, depth: number): unknown {
  if (depth > maxDepth || typeof node !== 'object' || node === null || Array.isArray(node)) {
    return null;
  }
  const s = node as Schema;
  if (typeof s.$ref === 'string') return example(resolve(root, s.$ref), root, depth + 1);
  if ('const' in s) return s.const;
  if ('default' in s) return s.default;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    const options = s[key];
    if (Array.isArray(options) && options.length > 0) return example(options[0], root, depth + 1);
  }
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') ?? 'null' : s.type;
  switch (type ?? (s.properties ? 'object' : s.items ? 'array' : undefined)) {
    case 'object':
      return objectExample(s, root, depth);
    case 'array': {
      const count = Math.min(Math.max(1, Number(s.minItems) || 0), 10);
      return Array.from({ length: count }, () => example(s.items, root, depth + 1));
    }
    case 'string':
      return stringExample(s);
    case 'integer':
      return Math.ceil(numberExample(s));
    case 'number':
      return numberExample(s);
    case 'boolean':
      return true;
    default:
      return null;
  }
}

function objectExample(s: Schema, root: Schema, depth: number): Record<string, unknown> {
  const properties = typeof s.properties === 'object' && s.properties !== null
    ? s.properties as Record<string, unknown>
    : {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(properties)) {
    out[key] = example(value, root, depth + 1);
  }
  return out;
}

function stringExample(s: Schema): string {
  const formats: Record<string, string> = {
    'date-time': '2026-01-01T00:00:00.000Z',
    date: '2026-01-01',
    time: '00:00:00',
    email: 'user@example.com',
    uri: 'https://example.com/',
    url: 'https://example.com/',
    uuid: '00000000-0000-4000-8000-000000000000',
  };
  const text = (typeof s.format === 'string' && formats[s.format]) || 'example';
  const min = Number(s.minLength) || 0;
  const max = Number(s.maxLength) || Infinity;
  return text.padEnd(Math.min(min, 10_000), 'x').slice(0, max);
}

function numberExample(s: Schema): number {
  const min = typeof s.minimum === 'number' ? s.minimum : undefined;
  const max = typeof s.maximum === 'number' ? s.maximum : undefined;
  if (min !== undefined) return min;
  if (max !== undefined && max < 1) return max;
  return 1;
}

function resolve(root: Schema, ref: string): unknown {
  if (ref === '#') return root;
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) {
    const key = part.replaceAll('~1', '/').replaceAll('~0', '~');
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
