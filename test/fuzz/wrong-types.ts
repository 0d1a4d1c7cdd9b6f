/**
 * The exhaustive sweep: every method of every registry, with each field of
 * its input (and the input itself) given each JSON type its schema refuses.
 * Fields come from several valid inputs drawn from the method's schema, so
 * optional fields are covered too. Each case must be refused with 400
 * `validation_error` at the field's path: validation comes before any lookup
 * (docs/roj-contract.md §1.1).
 *
 * @module
 */
import fc from 'fast-check';
import { acceptedTypes, resolveRef, sampleOf, validValue } from '../../conformance/arbitrary.ts';
import type { JsonSchema, JsonSchemaType } from '../../src/rpc/json-schema.ts';
import { pointerJoin } from '../../src/rpc/validation.ts';
import type { Endpoint } from './catalog.ts';
import { FuzzRequest } from './request.ts';

/** One wrong-typed field. */
interface Site {
  path: string;
  type: JsonSchemaType;
}

const jsonTypes = Object.keys(sampleOf) as JsonSchemaType[];

/**
 * The requests of the sweep for one endpoint.
 *
 * @param endpoint The endpoint.
 * @param seed The seed the valid inputs are drawn with.
 * @returns One request per method, field and wrong type.
 */
export function wrongTypeRequests(endpoint: Endpoint, seed: number): FuzzRequest[] {
  const requests: FuzzRequest[] = [];
  for (const method of endpoint.methods) {
    const schema = endpoint.input[method];
    const values = fc.sample(validValue(schema, endpoint.components), { numRuns: 12, seed });
    const seen = new Set<string>();
    for (const value of values) {
      for (const site of sites(value, schema, endpoint.components, '')) {
        const key = `${site.path} ${site.type}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const input = setAt(structuredClone(value), site.path, sampleOf[site.type]);
        requests.push(
          new FuzzRequest({
            label: `${endpoint.name} ${method}: ${site.path || '/'} as ${site.type}`,
            method: 'POST',
            path: endpoint.path,
            headers: [endpoint.credential, ['content-type', 'application/json']],
            body: JSON.stringify({ method, input }),
            format: 'envelope',
            expect: { status: 400, type: 'validation_error', path: site.path },
          }),
        );
      }
    }
  }
  return requests;
}

function sites(
  value: unknown,
  schema: JsonSchema,
  components: Readonly<Record<string, JsonSchema>>,
  path: string,
): Site[] {
  const s = resolveRef(schema, components);
  const out: Site[] = [];
  const accepted = acceptedTypes(s, components);
  if (accepted) {
    for (const type of jsonTypes) {
      if (accepted.has(type) || (type === 'integer' && accepted.has('number'))) continue;
      out.push({ path, type });
    }
  }
  // Inside a union a deeper change may match another branch: the union's own type is enough.
  if (s.anyOf || s.oneOf) return out;
  if (Array.isArray(value) && value.length > 0 && s.items && typeof s.items === 'object') {
    out.push(...sites(value[0], s.items as JsonSchema, components, pointerJoin(path, 0)));
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(s.properties ?? {})) {
      if (Object.hasOwn(value, key)) {
        out.push(
          ...sites(
            (value as Record<string, unknown>)[key],
            child,
            components,
            pointerJoin(path, key),
          ),
        );
      }
    }
  }
  return out;
}

function setAt(root: unknown, pointer: string, value: unknown): unknown {
  if (pointer === '') return value;
  const parts = pointer.slice(1).split('/').map((p) =>
    p.replaceAll('~1', '/').replaceAll('~0', '~')
  );
  let node = root as Record<string, unknown>;
  for (const part of parts.slice(0, -1)) node = node[part] as Record<string, unknown>;
  node[parts[parts.length - 1]] = value;
  return root;
}
