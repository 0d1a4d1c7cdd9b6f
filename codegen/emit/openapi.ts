/**
 * Emits the OpenAPI document: one POST operation per RPC endpoint with the
 * request envelope as a `oneOf` discriminated on `method`, the success
 * envelopes with their links (./links.ts), the error envelope for each HTTP
 * status of the shared error table, the auth schemes, the multipart uploads,
 * the event streams (./streams.ts) and the other routes (./routes.ts).
 *
 * The same emitter writes the 3.1 document and the 3.2 one (./openapi-32.ts),
 * which adds what only 3.2 can say.
 *
 * @module
 */
import type { ApiDefinition, AuthScheme } from '../../src/rpc/api.ts';
import type { JsonSchema } from '../../src/rpc/json-schema.ts';
import type { ReadApiResult, ReadMethod } from '../read/api.ts';
import { pascal, ref } from '../read/api.ts';
import type { ReadStream } from '../read/streams.ts';
import { errorResponses } from './errors.ts';
import { deriveLinks, type LinkObject, linkOperations } from './links.ts';
import { namedOperationId, rpcOperationId } from './operation-ids.ts';
import { parameters } from './parameters.ts';
import { routePaths, routeTags } from './routes.ts';
import { streamPaths, streamTag } from './streams.ts';

/** An OpenAPI document, loosely typed: its shape is checked by an OpenAPI validator in tests. */
export type OpenApiDocument = Record<string, unknown> & {
  openapi: string;
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, unknown> };
};

/** What {@linkcode emitOpenApi} needs. */
export interface OpenApiInput {
  /** The API definition's runtime values: paths, auth, info. */
  api: ApiDefinition;
  /** The types read from it. */
  read: ReadApiResult;
  /** Every component schema, by name. */
  components: Map<string, JsonSchema>;
  /** Component names of the wire types. */
  wire: { error: string; failure: string };
  /** Error type → HTTP status, the table servers and clients share. */
  errorStatus: Readonly<Record<string, number>>;
  /** The event streams' events, as read from their types. Default: none. */
  streams?: readonly ReadStream[];
  /** Components only the streams' events use; only the 3.2 document describes the events. */
  streamComponents?: ReadonlyMap<string, JsonSchema>;
}

// OpenAPI 3.1 §4.8.1: without `servers`, the server is `/`. Said explicitly, so tools that
// want a server (Redocly's no-empty-servers) find one.
const defaultServer = { url: '/', description: 'The origin this document is served from' };

/** Options of {@linkcode emitOpenApi}. */
export interface OpenApiOptions {
  /** Which OpenAPI version to write. Default: `3.1`. */
  version?: '3.1' | '3.2';
}

/**
 * Builds the OpenAPI document.
 *
 * @param input The definition, its types and the error table.
 * @param options Which version to write.
 * @returns The document, with components sorted by name for stable output.
 */
export function emitOpenApi(input: OpenApiInput, options: OpenApiOptions = {}): OpenApiDocument {
  const { api, read, wire } = input;
  const version = options.version ?? '3.1';
  const streams = input.streams ?? [];
  const schemas: Record<string, JsonSchema> = Object.fromEntries(
    version === '3.2' ? [...input.components, ...(input.streamComponents ?? [])] : input.components,
  );
  const paths: OpenApiDocument['paths'] = {};
  const errors = errorResponses(input.errorStatus, { failure: wire.failure });
  const links = linksBySource(input);

  for (const [name, endpoint] of Object.entries(api.endpoints)) {
    const methods = read.endpoints.get(name) ?? [];
    const prefix = pascal(name);
    const mapping: Record<string, string> = {};
    const successes: JsonSchema[] = [];
    for (const m of methods) {
      const request = `${prefix}${pascal(m.name)}Request`;
      const success = `${prefix}${pascal(m.name)}Success`;
      schemas[request] = {
        title: m.name,
        ...(m.description ? { description: m.description } : {}),
        type: 'object',
        required: ['method', 'input'],
        properties: { method: { const: m.name }, input: ref(m.input) },
        additionalProperties: false,
      };
      schemas[success] = {
        description: `Result of \`${m.name}\``,
        type: 'object',
        required: ['ok', 'value'],
        properties: { ok: { const: true }, value: ref(m.output) },
        additionalProperties: false,
      };
      mapping[m.name] = `#/components/schemas/${request}`;
      successes.push(ref(success));
    }
    schemas[`${prefix}RpcRequest`] = {
      description: `A call to one of the ${name} endpoint's methods`,
      oneOf: Object.values(mapping).map((r) => ({ $ref: r })),
      discriminator: { propertyName: 'method', mapping },
    };
    // Outputs can share a shape (several are `{ok: boolean}`), so `oneOf` would reject them.
    schemas[`${prefix}RpcSuccess`] = {
      description: `A successful ${name} result`,
      anyOf: successes,
    };
    const operationId = rpcOperationId(name);
    paths[endpoint.path] = {
      post: {
        operationId,
        tags: [name],
        summary: endpoint.summary,
        description: [endpoint.description ?? '', methodTable(methods)].filter(Boolean).join(
          '\n\n',
        ),
        ...pathParameters(endpoint.params),
        security: endpoint.auth.map((scheme) => ({ [scheme]: [] })),
        requestBody: {
          required: true,
          content: { 'application/json': { schema: ref(`${prefix}RpcRequest`) } },
        },
        responses: {
          '200': {
            description: 'The method succeeded',
            content: { 'application/json': { schema: ref(`${prefix}RpcSuccess`) } },
            ...linksOf(links, operationId),
          },
          ...errors,
        },
      },
    };
  }

  for (const upload of read.uploads) {
    const def = api.uploads?.[upload.name];
    if (!def) continue;
    const operationId = namedOperationId(upload.name);
    paths[def.path] = {
      post: {
        operationId,
        tags: [upload.name.split('.')[0]],
        summary: def.summary,
        ...(def.description ? { description: def.description } : {}),
        security: def.auth.map((scheme) => ({ [scheme]: [] })),
        requestBody: {
          required: true,
          content: { 'multipart/form-data': { schema: ref(upload.form) } },
        },
        responses: {
          '200': {
            description: 'The upload was stored',
            content: { 'application/json': { schema: ref(upload.output) } },
            ...linksOf(links, operationId),
          },
          ...errors,
        },
      },
    };
  }

  const tags = [
    ...Object.entries(api.endpoints).map(([name, e]) => ({ name, description: e.summary })),
    ...[...new Set(read.uploads.map((u) => u.name.split('.')[0]))].map((name) => ({
      name,
      description: `${name[0].toUpperCase()}${name.slice(1)} uploads`,
    })),
    ...(streams.length > 0 ? [streamTag] : []),
    ...routeTags(api),
  ];
  Object.assign(
    paths,
    streamPaths({ api, streams, version, failure: wire.failure, errorStatus: input.errorStatus }),
    routePaths(api, version),
  );
  // No `jsonSchemaDialect`: the OAS dialect is the default (OpenAPI 3.1 §4.8.24), and Prism 5
  // stops validating request bodies when the field is present.
  return {
    openapi: version === '3.2' ? '3.2.0' : '3.1.0',
    info: api.info,
    servers: api.servers ?? [defaultServer],
    tags,
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b))),
      securitySchemes: Object.fromEntries(
        Object.entries(api.auth).map(([name, scheme]) => [name, securityScheme(scheme)]),
      ),
    },
  };
}

// OpenAPI 3.1 §4.8.27: http bearer or basic for the Authorization header, apiKey for a cookie
// or a query parameter.
function securityScheme(scheme: AuthScheme): Record<string, string> {
  const { description } = scheme;
  switch (scheme.kind) {
    case 'bearer':
      return { type: 'http', scheme: 'bearer', description };
    case 'basic':
      return { type: 'http', scheme: 'basic', description };
    case 'cookie':
      return { type: 'apiKey', in: 'cookie', name: scheme.name, description };
    case 'query':
      return { type: 'apiKey', in: 'query', name: scheme.name, description };
  }
}

function pathParameters(params: ApiDefinition['endpoints'][string]['params']) {
  return params ? { parameters: parameters('path', params) } : {};
}

// Links grouped by the operation whose 200 response carries them.
function linksBySource(input: OpenApiInput): Map<string, Record<string, LinkObject>> {
  const operations = linkOperations(input.api, input.read, input.streams ?? []);
  const bySource = new Map<string, Record<string, LinkObject>>();
  for (const { source, name, link } of deriveLinks(operations, input.components)) {
    const links = bySource.get(source.operationId) ?? {};
    links[name] = link;
    bySource.set(source.operationId, links);
  }
  return bySource;
}

function linksOf(links: Map<string, Record<string, LinkObject>>, operationId: string) {
  const found = links.get(operationId);
  return found ? { links: found } : {};
}

function methodTable(methods: ReadMethod[]): string {
  if (methods.length === 0) return '';
  const rows = methods.map((m) =>
    `| \`${m.name}\` | ${m.description ?? ''} | \`${m.input}\` | \`${m.output}\` |`
  );
  return ['| Method | Summary | Input | Output |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
