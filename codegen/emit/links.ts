/**
 * Derives OpenAPI links (OpenAPI 3.1 §4.8.20) from the registries, so outside
 * tools can chain calls: an identifier in one method's result feeds every
 * method that takes an identifier of that name.
 *
 * - Same name: an output property `instanceId` of `instances.create` feeds
 *   `instances.get`, `tokens.create`, … whose input has `instanceId`.
 * - Creation: the `id` output of `<plural>.create` feeds `<singular>Id` inputs
 *   (`spaces.create` → `spaceId`).
 * - A stream's path parameters are its inputs (`spaceId` → the space stream).
 *
 * Identifiers are string properties named `id` or `…Id`. A link fills every
 * identifier of the target it can, from the source's result or, failing that,
 * from the source's own request; a target whose path parameters cannot be
 * filled is left out. Self-links are left out.
 *
 * @module
 */
import type { ApiDefinition } from '../../src/rpc/api.ts';
import type { JsonSchema } from '../../src/rpc/json-schema.ts';
import type { ReadApiResult } from '../read/api.ts';
import type { ReadStream } from '../read/streams.ts';
import { namedOperationId, rpcOperationId } from './operation-ids.ts';

/** An operation as links see it: what it takes and what it answers. */
export interface LinkOperation {
  /** The operation's `operationId` (shared by every method of an RPC endpoint). */
  operationId: string;
  /** The RPC method's name, or the upload's or stream's. */
  name: string;
  /** `rpc`: an enveloped method; `upload`: a bare JSON answer; `stream`: path parameters only. */
  kind: 'rpc' | 'upload' | 'stream';
  /** Component name of the input (RPC methods). */
  input?: string;
  /** Component name of the output (RPC methods and uploads). */
  output?: string;
  /** Names of the path parameters. */
  params: readonly string[];
}

/** An OpenAPI Link Object. */
export interface LinkObject {
  /** The target operation. */
  operationId: string;
  /** Source method → target method, and where each value comes from. */
  description: string;
  /** The target's path parameters, as runtime expressions. */
  parameters?: Record<string, string>;
  /** The target's request envelope, with runtime expressions embedded in its strings. */
  requestBody?: { method: string; input: Record<string, string> };
}

/** A link with the operations it joins. */
export interface DerivedLink {
  /** Where the value comes from. */
  source: LinkOperation;
  /** What it feeds. */
  target: LinkOperation;
  /** A stable name, `<source>-to-<target>`, unique among the source operation's links. */
  name: string;
  /** The link. */
  link: LinkObject;
}

const identifier = /^[a-z][A-Za-z0-9]*Id$/;

/**
 * Every operation of an API definition as links see it: each RPC method, each upload and each
 * stream, in document order.
 *
 * @param api The definition, for paths' parameters.
 * @param read Its methods and uploads, as read from the types.
 * @param streams Its streams' events, as read from the types.
 * @returns The operations.
 */
export function linkOperations(
  api: ApiDefinition,
  read: ReadApiResult,
  streams: readonly ReadStream[],
): LinkOperation[] {
  const operations: LinkOperation[] = [];
  for (const [name, endpoint] of Object.entries(api.endpoints)) {
    const params = Object.keys(endpoint.params ?? {});
    for (const m of read.endpoints.get(name) ?? []) {
      const { input, output } = m;
      operations.push({
        operationId: rpcOperationId(name),
        name: m.name,
        kind: 'rpc',
        input,
        output,
        params,
      });
    }
  }
  for (const upload of read.uploads) {
    if (!api.uploads?.[upload.name]) continue;
    const operationId = namedOperationId(upload.name);
    operations.push({
      operationId,
      name: upload.name,
      kind: 'upload',
      output: upload.output,
      params: [],
    });
  }
  for (const stream of streams) {
    const def = api.streams?.[stream.name];
    if (!def) continue;
    const params = Object.keys(def.params ?? {});
    operations.push({
      operationId: namedOperationId(stream.name),
      name: stream.name,
      kind: 'stream',
      params,
    });
  }
  return operations;
}

/**
 * Derives every link between the operations.
 *
 * @param operations Every operation, sources and targets alike, in document order.
 * @param components The component schemas the inputs and outputs name.
 * @returns The links, ordered by source then target.
 *
 * @example `instances.create`'s `instanceId` feeds `instances.get`
 * ```ts
 * import assert from 'node:assert/strict';
 * import type { JsonSchema } from '../../src/rpc/json-schema.ts';
 * import { deriveLinks } from './links.ts';
 * const components = new Map<string, JsonSchema>([
 *   ['Empty', { type: 'object' }],
 *   ['InstanceRef', { type: 'object', properties: { instanceId: { type: 'string' } } }],
 * ]);
 * const op = (name: string, input: string, output: string) =>
 *   ({ operationId: 'rpc', name, kind: 'rpc' as const, input, output, params: [] });
 * const [link] = deriveLinks(
 *   [op('instances.create', 'Empty', 'InstanceRef'), op('instances.get', 'InstanceRef', 'Empty')],
 *   components,
 * );
 * assert.equal(link.name, 'instances.create-to-instances.get');
 * assert.deepEqual(link.link.requestBody, {
 *   method: 'instances.get',
 *   input: { instanceId: '{$response.body#/value/instanceId}' },
 * });
 * ```
 */
export function deriveLinks(
  operations: readonly LinkOperation[],
  components: ReadonlyMap<string, JsonSchema>,
): DerivedLink[] {
  const links: DerivedLink[] = [];
  for (const source of operations) {
    if (source.kind === 'stream') continue;
    const names = new Set<string>();
    for (const target of operations) {
      if (target.kind === 'upload' || target === source) continue;
      const link = linkBetween(source, target, components);
      if (!link) continue;
      let name = `${source.name}-to-${target.name}`;
      if (names.has(name)) name = `${name}-${target.operationId}`;
      names.add(name);
      links.push({ source, target, name, link });
    }
  }
  return links;
}

function linkBetween(
  source: LinkOperation,
  target: LinkOperation,
  components: ReadonlyMap<string, JsonSchema>,
): LinkObject | undefined {
  const output = stringProperties(source.output, components, 'all');
  const sourceInput = stringProperties(source.input, components, 'any');
  const created = createdIdName(source.name);
  const body = source.kind === 'rpc' ? '$response.body#/value' : '$response.body#';
  const fromResponse = (name: string) => {
    if (output.has(name)) return `${body}/${name}`;
    if (name === created && output.has('id')) return `${body}/id`;
    return undefined;
  };
  const fromRequest = (name: string) => {
    if (sourceInput.has(name)) return '$request.body#/input/' + name;
    if (source.params.includes(name)) return `$request.path.${name}`;
    return undefined;
  };
  const said: string[] = [];
  const value = (name: string) => {
    const response = fromResponse(name);
    if (response) said.push(`\`${name}\` from the result`);
    const request = response ? undefined : fromRequest(name);
    if (request) said.push(`\`${name}\` from the request`);
    return response ?? request;
  };

  // What makes it a link: an identifier the target takes, found in the source's result.
  const takes = target.kind === 'stream'
    ? target.params
    : [...stringProperties(target.input, components, 'any')].filter((n) => identifier.test(n));
  if (!takes.some((name) => fromResponse(name))) return undefined;

  const parameters: Record<string, string> = {};
  for (const name of target.params) {
    const v = value(name);
    if (!v) return undefined;
    parameters[name] = v;
  }
  const input: Record<string, string> = {};
  if (target.kind === 'rpc') {
    for (const name of takes) {
      const v = value(name);
      if (v) input[name] = `{${v}}`;
    }
  }
  return {
    operationId: target.operationId,
    description: `\`${source.name}\` → \`${target.name}\`: ${said.join(', ')}`,
    ...(target.params.length > 0 ? { parameters } : {}),
    ...(target.kind === 'rpc' ? { requestBody: { method: target.name, input } } : {}),
  };
}

// `spaces.create` → `spaceId`; `policies.create` → `policyId`.
function createdIdName(method: string): string | undefined {
  const match = /^([a-z][A-Za-z0-9]*)s\.create$/.exec(method);
  if (!match) return undefined;
  const singular = match[1].endsWith('ie') ? `${match[1].slice(0, -2)}y` : match[1];
  return `${singular}Id`;
}

/**
 * The string-typed properties of a component. For a union, `all` keeps those every branch
 * has (an output: present whichever branch answers) and `any` those some branch has (an
 * input: sending it picks the branch).
 */
function stringProperties(
  name: string | undefined,
  components: ReadonlyMap<string, JsonSchema>,
  mode: 'all' | 'any',
): Set<string> {
  const found = new Set<string>();
  if (!name) return found;
  const walk = (schema: JsonSchema | undefined, depth: number): Set<string> => {
    const s = resolve(schema, components);
    if (!s || depth > 8) return new Set();
    const branches = s.anyOf ?? s.oneOf;
    if (branches) {
      const sets = branches.map((b) => walk(b, depth + 1));
      if (mode === 'any') return new Set(sets.flatMap((set) => [...set]));
      return new Set([...(sets[0] ?? [])].filter((n) => sets.every((set) => set.has(n))));
    }
    const props = Object.entries(s.properties ?? {});
    return new Set(props.filter(([, p]) => isString(resolve(p, components))).map(([n]) => n));
  };
  for (const n of walk({ $ref: `#/components/schemas/${name}` }, 0)) found.add(n);
  return found;
}

function resolve(
  schema: JsonSchema | undefined,
  components: ReadonlyMap<string, JsonSchema>,
): JsonSchema | undefined {
  let s = schema;
  for (let hops = 0; s?.$ref && hops < 16; hops++) {
    s = components.get(s.$ref.slice(s.$ref.lastIndexOf('/') + 1));
  }
  return s;
}

function isString(schema: JsonSchema | undefined): boolean {
  return schema?.type === 'string';
}
