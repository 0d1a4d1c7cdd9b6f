/**
 * Emits the OpenAPI 3.1 document: one POST operation per RPC endpoint with the
 * request envelope as a `oneOf` discriminated on `method`, the success
 * envelopes, the error envelope for each HTTP status of the shared error
 * table, the auth schemes, and the multipart uploads.
 *
 * @module
 */
import type { ApiDefinition, AuthScheme } from '../../src/rpc/api.ts';
import type { JsonSchema } from '../../src/rpc/json-schema.ts';
import type { ReadApiResult, ReadMethod } from '../read/api.ts';
import { pascal, ref } from '../read/api.ts';

/** An OpenAPI 3.1 document, loosely typed: its shape is checked by an OpenAPI validator in tests. */
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
}

/**
 * Builds the OpenAPI document.
 *
 * @param input The definition, its types and the error table.
 * @returns The document, with components sorted by name for stable output.
 */
export function emitOpenApi(input: OpenApiInput): OpenApiDocument {
  const { api, read, wire } = input;
  const schemas: Record<string, JsonSchema> = Object.fromEntries(input.components);
  const paths: OpenApiDocument['paths'] = {};
  const errors = errorResponses(input.errorStatus, wire.failure);

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
    paths[endpoint.path] = {
      post: {
        operationId: `${name}Rpc`,
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
          },
          ...errors,
        },
      },
    };
  }

  for (const upload of read.uploads) {
    const def = api.uploads?.[upload.name];
    if (!def) continue;
    paths[def.path] = {
      post: {
        operationId: camel(upload.name),
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
  ];
  return {
    openapi: '3.1.0',
    info: api.info,
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
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

// OpenAPI 3.1 §4.8.27: http bearer for header tokens, apiKey-in-cookie for cookies.
function securityScheme(scheme: AuthScheme): Record<string, string> {
  return scheme.kind === 'bearer'
    ? { type: 'http', scheme: 'bearer', description: scheme.description }
    : { type: 'apiKey', in: 'cookie', name: scheme.name, description: scheme.description };
}

function errorResponses(
  errorStatus: Readonly<Record<string, number>>,
  failure: string,
): Record<string, unknown> {
  const byStatus = new Map<number, string[]>();
  for (const [type, status] of Object.entries(errorStatus)) {
    byStatus.set(status, [...(byStatus.get(status) ?? []), type]);
  }
  return Object.fromEntries(
    [...byStatus].sort(([a], [b]) => a - b).map(([status, types]) => [String(status), {
      description: `Error envelope with \`error.type\` ${
        types.map((t) => `\`${t}\``).join(' or ')
      }`,
      content: { 'application/json': { schema: ref(failure) } },
    }]),
  );
}

function pathParameters(params: ApiDefinition['endpoints'][string]['params']) {
  if (!params) return {};
  return {
    parameters: Object.entries(params).map(([name, p]) => ({
      name,
      in: 'path',
      required: true,
      description: p.description,
      schema: { type: 'string' },
    })),
  };
}

function methodTable(methods: ReadMethod[]): string {
  if (methods.length === 0) return '';
  const rows = methods.map((m) =>
    `| \`${m.name}\` | ${m.description ?? ''} | \`${m.input}\` | \`${m.output}\` |`
  );
  return ['| Method | Summary | Input | Output |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

function camel(name: string): string {
  const p = pascal(name);
  return p[0].toLowerCase() + p.slice(1);
}
