// Routes: which methods become fixed Path Item fields, which become OpenAPI 3.2
// `additionalOperations`, and what the 3.1 document says about the ones it cannot hold.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApiDefinition, RouteMethod } from '../../src/rpc/api.ts';
import { routePaths, routeTags } from './routes.ts';

const ok = (status: string): RouteMethod => ({
  summary: 'A method',
  responses: { [status]: { description: 'Done' } },
});

const api: ApiDefinition = {
  info: { title: 'Files', version: '1' },
  auth: { basic: { kind: 'basic', description: 'User and token' } },
  endpoints: {},
  routes: {
    filesRoot: {
      path: '/files',
      summary: 'File storage',
      auth: ['basic'],
      headers: { 'Client-Id': { description: 'The client' } },
      methods: {
        GET: ok('200'),
        PROPFIND: {
          summary: 'Read properties',
          headers: { Depth: { description: '0, 1 or infinity' } },
          body: { description: 'A propfind', mediaTypes: ['application/xml'] },
          responses: {
            '207': { description: 'Multi-Status', mediaTypes: ['application/xml'] },
            '404': { description: 'None', mediaTypes: ['application/octet-stream'] },
          },
        },
        QUERY: ok('200'),
      },
    },
    files: {
      path: '/files/{path}',
      summary: 'A file',
      auth: ['basic'],
      methods: { PUT: ok('201') },
    },
  },
};

const cases: [string, { version: '3.1' | '3.2'; want: Record<string, string[]> }][] = [
  ['3.1 keeps its fixed fields only', {
    version: '3.1',
    want: { '/files': ['get'], '/files/{path}': ['put'] },
  }],
  ['3.2 adds QUERY as a fixed field and the rest as additional operations', {
    version: '3.2',
    want: { '/files': ['get', 'query', 'PROPFIND'], '/files/{path}': ['put'] },
  }],
];

describe('routePaths', () => {
  for (const [name, { version, want }] of cases) {
    it(name, () => {
      const paths = routePaths(api, version);
      const got = Object.fromEntries(
        Object.entries(paths).map(([path, item]) => [path, [
          ...Object.keys(item).filter((k) =>
            /^[a-z]+$/.test(k) && typeof item[k] === 'object' &&
            k !== 'parameters'
          ),
          ...Object.keys((item.additionalOperations ?? {}) as object),
        ]]),
      );
      assert.deepEqual(got, want);
    });
  }

  it('the 3.1 path item names the methods only 3.2 describes', () => {
    const item = routePaths(api, '3.1')['/files'];
    assert.match(item.description as string, /`PROPFIND`, `QUERY`.*OpenAPI 3\.2/);
  });

  it('writes operation IDs, headers, bodies and security', () => {
    const item = routePaths(api, '3.2')['/files'];
    const propfind = (item.additionalOperations as Record<string, Record<string, unknown>>)
      .PROPFIND;
    assert.equal(propfind.operationId, 'filesRootPropfind');
    assert.deepEqual(propfind.tags, ['files']);
    assert.deepEqual(propfind.security, [{ basic: [] }]);
    assert.deepEqual(propfind.parameters, [
      {
        name: 'Depth',
        in: 'header',
        required: false,
        description: '0, 1 or infinity',
        schema: { type: 'string' },
      },
    ]);
    assert.deepEqual(propfind.requestBody, {
      description: 'A propfind',
      required: false,
      content: { 'application/xml': { schema: { type: 'string' } } },
    });
    const responses = propfind.responses as Record<string, Record<string, unknown>>;
    // Binary bodies carry no schema (OpenAPI 3.1 §4.8.14).
    assert.deepEqual(responses['404'].content, { 'application/octet-stream': {} });
    assert.deepEqual((item.parameters as { name: string }[]).map((p) => p.name), ['Client-Id']);
  });

  it('tags routes by the first word of their name', () => {
    assert.deepEqual(routeTags(api), [{ name: 'files', description: 'File storage' }]);
  });
});
