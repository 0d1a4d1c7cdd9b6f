// Links: derived from a small registry (a table of cases), asserted on the committed Roj
// document, and checked against every generated document so no link can rot: each runtime
// expression must name a property of the source method's schema, and each filled field one of
// the target's.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { targets } from '../../codegen.config.ts';
import type { JsonSchema } from '../../src/rpc/json-schema.ts';
import { deriveLinks, type LinkOperation } from './links.ts';

const id: JsonSchema = { type: 'string' };
const object = (properties: Record<string, JsonSchema>): JsonSchema => ({
  type: 'object',
  properties,
});

// A small registry: instances, sessions within them, spaces created with an `id`, a stream.
const components = new Map<string, JsonSchema>([
  ['Empty', object({})],
  ['CreateInstanceOut', object({ instanceId: id, status: id })],
  ['InstanceRef', object({ instanceId: id })],
  ['InstanceOut', object({ instanceId: id, name: id })],
  ['CreateSessionIn', object({ instanceId: id })],
  ['CreateSessionOut', object({ sessionId: id })],
  ['PublishIn', object({ instanceId: id, sessionId: id })],
  ['NamedIn', object({ name: id })],
  ['NumericIdIn', object({ instanceId: { type: 'number' } })],
  ['SpaceOut', object({ id, name: id })],
  ['SpaceRef', object({ spaceId: id })],
  ['PolicyOut', object({ id })],
  ['PolicyRef', object({ policyId: id })],
  ['EitherIn', { anyOf: [object({ resourceId: id }), object({ resourceSlug: id })] }],
  ['EitherOut', { anyOf: [object({ resourceId: id }), object({ resourceSlug: id })] }],
  ['ResourceOut', object({ resourceId: id })],
  ['UploadOut', object({ fileId: id })],
  ['FileRef', object({ fileId: id })],
]);

const rpc = (name: string, input: string, output: string, operationId = 'platformRpc') => ({
  operationId,
  name,
  kind: 'rpc' as const,
  input,
  output,
  params: [] as string[],
});

const cases: [string, {
  given: LinkOperation[];
  want: { name: string; input?: Record<string, string>; parameters?: Record<string, string> }[];
}][] = [
  ['an output identifier feeds every input of that name', {
    given: [
      rpc('instances.create', 'Empty', 'CreateInstanceOut'),
      rpc('instances.get', 'InstanceRef', 'InstanceOut'),
      rpc('tokens.create', 'InstanceRef', 'Empty'),
    ],
    want: [
      {
        name: 'instances.create-to-instances.get',
        input: { instanceId: '{$response.body#/value/instanceId}' },
      },
      {
        name: 'instances.create-to-tokens.create',
        input: { instanceId: '{$response.body#/value/instanceId}' },
      },
      {
        name: 'instances.get-to-tokens.create',
        input: { instanceId: '{$response.body#/value/instanceId}' },
      },
    ],
  }],
  ['other target identifiers come from the source request', {
    given: [
      rpc('sessions.create', 'CreateSessionIn', 'CreateSessionOut'),
      rpc('sessions.publish', 'PublishIn', 'Empty'),
    ],
    want: [{
      name: 'sessions.create-to-sessions.publish',
      input: {
        instanceId: '{$request.body#/input/instanceId}',
        sessionId: '{$response.body#/value/sessionId}',
      },
    }],
  }],
  ['non-identifiers, other types and self-links make no link', {
    given: [
      rpc('instances.get', 'InstanceRef', 'InstanceOut'),
      rpc('instances.rename', 'NamedIn', 'Empty'),
      rpc('legacy.get', 'NumericIdIn', 'Empty'),
    ],
    want: [],
  }],
  ['`<plural>.create` feeds its `id` to `<singular>Id`, and `ies` becomes `y`', {
    given: [
      rpc('spaces.create', 'NamedIn', 'SpaceOut'),
      rpc('spaces.get', 'SpaceRef', 'SpaceOut'),
      rpc('policies.create', 'Empty', 'PolicyOut'),
      rpc('policies.get', 'PolicyRef', 'Empty'),
    ],
    want: [
      { name: 'spaces.create-to-spaces.get', input: { spaceId: '{$response.body#/value/id}' } },
      {
        name: 'policies.create-to-policies.get',
        input: { policyId: '{$response.body#/value/id}' },
      },
    ],
  }],
  ['only `create` feeds its `id`', {
    given: [rpc('spaces.rename', 'NamedIn', 'SpaceOut'), rpc('spaces.get', 'SpaceRef', 'Empty')],
    want: [],
  }],
  ['a stream takes its path parameters', {
    given: [
      rpc('spaces.create', 'NamedIn', 'SpaceOut'),
      { operationId: 'spaceEvents', name: 'spaceEvents', kind: 'stream', params: ['spaceId'] },
    ],
    want: [{
      name: 'spaces.create-to-spaceEvents',
      parameters: { spaceId: '$response.body#/value/id' },
    }],
  }],
  ['path parameters come from the result or the request; unfillable targets are left out', {
    given: [
      {
        ...rpc('createSandbox', 'Empty', 'CreateSessionOut', 'instanceRpc'),
        params: ['instanceId'],
      },
      { ...rpc('publishSession', 'PublishIn', 'Empty', 'instanceRpc'), params: ['instanceId'] },
      rpc('sessions.create', 'CreateSessionIn', 'CreateSessionOut'),
      rpc('spaces.create', 'NamedIn', 'SpaceOut'),
      { operationId: 'dav', name: 'dav', kind: 'stream', params: ['spaceId', 'path'] },
    ],
    want: [
      {
        name: 'createSandbox-to-publishSession',
        input: {
          instanceId: '{$request.path.instanceId}',
          sessionId: '{$response.body#/value/sessionId}',
        },
        parameters: { instanceId: '$request.path.instanceId' },
      },
      {
        name: 'sessions.create-to-publishSession',
        input: {
          instanceId: '{$request.body#/input/instanceId}',
          sessionId: '{$response.body#/value/sessionId}',
        },
        parameters: { instanceId: '$request.body#/input/instanceId' },
      },
    ],
  }],
  ['a union output feeds only what every branch has; a union input takes any branch', {
    given: [
      rpc('resources.find', 'Empty', 'EitherOut'),
      rpc('resources.create', 'Empty', 'ResourceOut'),
      rpc('resources.get', 'EitherIn', 'Empty'),
    ],
    want: [{
      name: 'resources.create-to-resources.get',
      input: { resourceId: '{$response.body#/value/resourceId}' },
    }],
  }],
  ['an upload answers without the envelope', {
    given: [
      {
        operationId: 'filesUpload',
        name: 'files.upload',
        kind: 'upload',
        output: 'UploadOut',
        params: [],
      },
      rpc('resources.create', 'FileRef', 'Empty'),
    ],
    want: [{
      name: 'files.upload-to-resources.create',
      input: { fileId: '{$response.body#/fileId}' },
    }],
  }],
];

describe('deriveLinks', () => {
  for (const [name, { given, want }] of cases) {
    it(name, () => {
      const got = deriveLinks(given, components).map(({ name, link }) => ({
        name,
        ...(link.requestBody ? { input: link.requestBody.input } : {}),
        ...(link.parameters ? { parameters: link.parameters } : {}),
      }));
      assert.deepEqual(got, want);
    });
  }

  it('names the source and target in the description and targets their operations', () => {
    const [link] = deriveLinks([
      rpc('instances.create', 'Empty', 'CreateInstanceOut'),
      rpc('createSession', 'InstanceRef', 'Empty', 'instanceRpc'),
    ], components);
    assert.equal(link.link.operationId, 'instanceRpc');
    assert.equal(
      link.link.description,
      '`instances.create` → `createSession`: `instanceId` from the result',
    );
    assert.equal(link.link.requestBody?.method, 'createSession');
  });
});

// --- The generated documents ---

type Json = Record<string, unknown>;
const root = fileURLToPath(new URL('../..', import.meta.url));
const documents = targets.flatMap((t) =>
  ['openapi.json', 'openapi-3.2.json'].map((file) => {
    const path = join(t.out, file);
    return { path, document: JSON.parse(readFileSync(join(root, path), 'utf8')) as Json };
  })
);
const roj = documents.find((d) => d.path.endsWith(join('roj', '_generated', 'openapi.json')))!;

function rojLinks(path: string): Record<string, Json> {
  const paths = roj.document.paths as Record<string, Record<string, Json>>;
  const responses = paths[path].post.responses as Record<string, Json>;
  return responses['200'].links as Record<string, Json>;
}

describe('links in the Roj document', () => {
  it("`instances.create`'s instanceId feeds instances.get and tokens.create", () => {
    const links = rojLinks('/api/v1/rpc');
    for (const target of ['instances.get', 'tokens.create']) {
      const link = links[`instances.create-to-${target}`];
      assert.ok(link, `no link instances.create → ${target}`);
      assert.equal(link.operationId, 'platformRpc');
      assert.deepEqual(link.requestBody, {
        method: target,
        input: { instanceId: '{$response.body#/value/instanceId}' },
      });
    }
  });

  it('an instance-scoped target gets its instanceId path parameter', () => {
    const link = rojLinks('/api/v1/instances/{instanceId}/rpc')['createSandbox-to-pauseSandbox'];
    assert.deepEqual(link.parameters, { instanceId: '$request.path.instanceId' });
    assert.deepEqual(link.requestBody, {
      method: 'pauseSandbox',
      input: { sandboxId: '{$response.body#/value/sandboxId}' },
    });
  });

  it('the upload feeds its fileId to resources.create', () => {
    const link = rojLinks('/api/v1/files/upload')['files.upload-to-resources.create'];
    assert.deepEqual(link.requestBody, {
      method: 'resources.create',
      input: { fileId: '{$response.body#/fileId}' },
    });
  });
});

// Each operation's schemas, found the way a tool would: by operationId, then by the request
// envelope's `method` discriminator.
function operations(document: Json) {
  const byId = new Map<string, Json & { path: string }>();
  for (const [path, item] of Object.entries(document.paths as Record<string, Json>)) {
    const ops = { ...item, ...(item.additionalOperations as Json | undefined) };
    for (const op of Object.values(ops) as Json[]) {
      if (typeof op === 'object' && op && 'operationId' in op) {
        byId.set(op.operationId as string, { ...op, path, pathParameters: item.parameters });
      }
    }
  }
  return byId;
}

function component(document: Json, ref: string): Json {
  const name = ref.slice('#/components/schemas/'.length);
  const found = ((document.components as Json).schemas as Record<string, Json>)[name];
  assert.ok(found, `${ref} does not resolve`);
  return found;
}

// Follows a JSON pointer through a schema's properties, resolving $ref and unions.
function hasPointer(document: Json, schema: Json, pointer: string[]): boolean {
  if (pointer.length === 0) return true;
  if (typeof schema.$ref === 'string') {
    return hasPointer(document, component(document, schema.$ref), pointer);
  }
  const branches = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (branches) return branches.some((b) => hasPointer(document, b, pointer));
  const next = (schema.properties as Record<string, Json> | undefined)?.[pointer[0]];
  return next !== undefined && hasPointer(document, next, pointer.slice(1));
}

// The envelope schema of one method: the request's discriminator maps it; the success
// envelope is named alike (codegen/emit/openapi.ts).
function methodSchemas(document: Json, op: Json, method: string) {
  const body = ((op.requestBody as Json).content as Record<string, Json>)['application/json'];
  const envelope = component(document, (body.schema as Json).$ref as string);
  const mapping = (envelope.discriminator as { mapping: Record<string, string> }).mapping;
  const request = mapping[method];
  assert.ok(request, `no method ${method} in ${op.operationId}`);
  return {
    request: component(document, request),
    success: component(document, request.replace(/Request$/, 'Success')),
  };
}

function successSchema(document: Json, op: Json, sourceMethod: string): Json {
  const ok = (op.responses as Record<string, Json>)['200'].content as Record<string, Json>;
  const schema = ok['application/json'].schema as Json;
  const requestBody = op.requestBody as Json | undefined;
  const isRpc = requestBody !== undefined && 'application/json' in (requestBody.content as Json);
  return isRpc ? methodSchemas(document, op, sourceMethod).success : schema;
}

describe('every link in every generated document resolves', () => {
  for (const { path, document } of documents) {
    it(path, () => {
      const ops = operations(document);
      let count = 0;
      for (const source of ops.values()) {
        const links = ((source.responses as Record<string, Json>)['200']?.links ?? {}) as Record<
          string,
          Json
        >;
        for (const [name, link] of Object.entries(links)) {
          count++;
          const sourceMethod = name.slice(0, name.indexOf('-to-'));
          const target = ops.get(link.operationId as string);
          assert.ok(target, `${path} ${name}: no operation ${link.operationId}`);
          const expressions = [
            ...Object.values((link.parameters ?? {}) as Record<string, string>),
            ...Object.values(((link.requestBody as Json | undefined)?.input ?? {}) as Json)
              .map((v) => String(v).replace(/^\{(.*)\}$/, '$1')),
          ];
          for (const expression of expressions) {
            const response = /^\$response\.body#\/(.+)$/.exec(expression);
            const request = /^\$request\.body#\/(.+)$/.exec(expression);
            const pathParam = /^\$request\.path\.(.+)$/.exec(expression);
            if (response) {
              const schema = successSchema(document, source, sourceMethod);
              assert.ok(
                hasPointer(document, schema, response[1].split('/')),
                `${path} ${name}: ${expression} is not in ${sourceMethod}'s result`,
              );
            } else if (request) {
              const { request: schema } = methodSchemas(document, source, sourceMethod);
              assert.ok(
                hasPointer(document, schema, request[1].split('/')),
                `${path} ${name}: ${expression} is not in ${sourceMethod}'s request`,
              );
            } else if (pathParam) {
              const params = [...((source.parameters ?? []) as Json[])].map((p) => p.name);
              assert.ok(params.includes(pathParam[1]), `${path} ${name}: ${expression}`);
            } else {
              assert.fail(`${path} ${name}: ${expression} is no runtime expression codegen writes`);
            }
          }
          const targetParams = [
            ...((target.parameters ?? []) as Json[]),
            ...((target.pathParameters ?? []) as Json[]),
          ].filter((p) => p.in === 'path').map((p) => p.name).sort();
          assert.deepEqual(Object.keys(link.parameters ?? {}).sort(), targetParams, name);
          const body = link.requestBody as { method: string; input: Json } | undefined;
          if (body) {
            const { request } = methodSchemas(document, target, body.method);
            for (const field of Object.keys(body.input)) {
              assert.ok(
                hasPointer(document, request, ['input', field]),
                `${path} ${name}: ${body.method} takes no ${field}`,
              );
            }
          }
        }
      }
      // The mock admin API has no identifiers to pass on; both products have many.
      if (!path.includes('mock-server')) assert.ok(count > 10, `${path}: only ${count} links`);
    });
  }
});
