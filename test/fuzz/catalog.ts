/**
 * Every RPC endpoint the mock serves, with its methods taken from the method
 * registries (src/roj/methods.ts, src/roj/instance-methods.ts,
 * src/rool/methods.ts, mock-server/roj/admin-api.ts) and each method's input
 * schema from the generated JSON Schemas. A method added to a registry is
 * fuzzed without a change here; one without a generated schema fails loudly.
 *
 * @module
 */
import { instanceMethods } from '../../src/roj/instance-methods.ts';
import { platformMethods } from '../../src/roj/methods.ts';
import {
  componentSchemas as rojComponents,
  methodSchemas as rojMethodSchemas,
} from '../../src/roj/_generated/schemas.ts';
import { roolMethods } from '../../src/rool/methods.ts';
import {
  componentSchemas as roolComponents,
  methodSchemas as roolMethodSchemas,
} from '../../src/rool/_generated/schemas.ts';
import { mockAdminMethods } from '../../mock-server/roj/admin-api.ts';
import {
  componentSchemas as adminComponents,
  methodSchemas as adminMethodSchemas,
} from '../../mock-server/roj/_generated/schemas.ts';
import { methodNames, type MethodRegistry } from '../../src/rpc/definition.ts';
import type { JsonSchema } from '../../src/rpc/json-schema.ts';
import { ref } from './request.ts';

/** The RPC endpoints. */
export type EndpointName = 'platform' | 'instance' | 'admin' | 'rool';

/** How a request is authenticated on an endpoint: the usual credential, as a header. */
export type Credential = readonly [string, string];

/** One RPC endpoint and its methods. */
export interface Endpoint {
  /** Its name. */
  name: EndpointName;
  /** The path, fixture references allowed. */
  path: string;
  /** The credential a legitimate caller sends. */
  credential: Credential;
  /** The method names, in registry order. */
  methods: readonly string[];
  /** The input schema of each method. */
  input: Readonly<Record<string, JsonSchema>>;
  /** The components the schemas refer to. */
  components: Readonly<Record<string, JsonSchema>>;
  /** The largest body the endpoint reads, in bytes. */
  maxBodyBytes: number;
}

/**
 * Builds an endpoint's entry from its registry and generated schemas.
 *
 * @param init The endpoint, its registry and the generated schemas.
 * @returns The entry.
 * @throws {Error} When a registry method has no generated input schema.
 */
function endpoint(init: {
  name: EndpointName;
  path: string;
  credential: Credential;
  registry: MethodRegistry;
  schemas: Readonly<Record<string, { input: string }>>;
  components: Readonly<Record<string, JsonSchema>>;
  maxBodyBytes: number;
}): Endpoint {
  const methods = methodNames(init.registry);
  const input: Record<string, JsonSchema> = {};
  for (const method of methods) {
    const name = init.schemas[method]?.input;
    const schema = name === undefined ? undefined : init.components[name];
    if (!schema) throw new Error(`No generated input schema for ${init.name} method ${method}`);
    input[method] = schema;
  }
  return {
    name: init.name,
    path: init.path,
    credential: init.credential,
    methods,
    input,
    components: terminating(init.components),
    maxBodyBytes: init.maxBodyBytes,
  };
}

/**
 * The components with every union branch that leads back to its own component removed, so that
 * drawing a value always ends (Rool's `FieldType` nests itself through `array` and `maybe`). What
 * the pruned schemas accept, the real ones accept too; the union keeps its JSON types, so a near
 * miss of the pruned schema misses the real one as well.
 *
 * @param components The components.
 * @returns Pruned copies of the recursive ones, the others as they are.
 */
function terminating(
  components: Readonly<Record<string, JsonSchema>>,
): Readonly<Record<string, JsonSchema>> {
  const direct = new Map(Object.entries(components).map(([name, s]) => [name, refsOf(s)]));
  const reaches = (from: Iterable<string>, target: string): boolean => {
    const stack = [...from];
    const seen = new Set<string>();
    while (stack.length > 0) {
      const name = stack.pop()!;
      if (name === target) return true;
      if (seen.has(name)) continue;
      seen.add(name);
      stack.push(...(direct.get(name) ?? []));
    }
    return false;
  };
  const out: Record<string, JsonSchema> = { ...components };
  for (const [name, schema] of Object.entries(components)) {
    const branches = schema.anyOf ?? schema.oneOf;
    if (!branches || !reaches(direct.get(name) ?? [], name)) continue;
    const kept = branches.filter((b) => !reaches(refsOf(b), name));
    out[name] = schema.anyOf ? { ...schema, anyOf: kept } : { ...schema, oneOf: kept };
  }
  return out;
}

function refsOf(schema: unknown, out: Set<string> = new Set()): Set<string> {
  if (typeof schema !== 'object' || schema === null) return out;
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref' && typeof value === 'string') {
      out.add(value.slice(value.lastIndexOf('/') + 1));
    } else refsOf(value, out);
  }
  return out;
}

/**
 * The four RPC endpoints, for a mock whose RPC and upload body limits are given.
 *
 * @param limits The RPC body limit and the upload limit (which the admin endpoint uses).
 * @returns The endpoints by name.
 */
export function endpoints(
  limits: { rpcBodyBytes: number; uploadBytes: number },
): Readonly<Record<EndpointName, Endpoint>> {
  return {
    platform: endpoint({
      name: 'platform',
      path: '/api/v1/rpc',
      credential: ['authorization', `Bearer ${ref('apiKey')}`],
      registry: platformMethods,
      schemas: rojMethodSchemas.platform,
      components: rojComponents,
      maxBodyBytes: limits.rpcBodyBytes,
    }),
    instance: endpoint({
      name: 'instance',
      path: `/api/v1/instances/${ref('instanceId')}/rpc`,
      credential: ['authorization', `Bearer ${ref('token')}`],
      registry: instanceMethods,
      schemas: rojMethodSchemas.instance,
      components: rojComponents,
      maxBodyBytes: limits.rpcBodyBytes,
    }),
    admin: endpoint({
      name: 'admin',
      path: '/_mock/rpc',
      credential: ['authorization', `Bearer ${ref('apiKey')}`],
      registry: mockAdminMethods,
      schemas: adminMethodSchemas.admin,
      components: adminComponents,
      maxBodyBytes: limits.uploadBytes,
    }),
    rool: endpoint({
      name: 'rool',
      path: '/rool/v1/rpc',
      credential: ['authorization', `Bearer ${ref('aliceToken')}`],
      registry: roolMethods,
      schemas: roolMethodSchemas.rool,
      components: roolComponents,
      maxBodyBytes: limits.rpcBodyBytes,
    }),
  };
}
