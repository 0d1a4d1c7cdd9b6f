import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  builtPath,
  createPackageJson,
  type DenoConfig,
  npmPackageName,
  npmVersionRange,
  type PackageJsonInput,
} from './package-json.ts';

const config: DenoConfig = {
  name: '@roj/sdk',
  version: '2.3.4',
  license: 'MIT',
  exports: {
    '.': './mod.ts',
    './rool/node': './src/rool/node.ts',
    './codegen': './codegen/mod.ts',
  },
  imports: {
    hono: 'npm:hono@^4.13.19',
    'hono/': 'npm:/hono@^4.13.19/',
    '@hono/node-server': 'npm:@hono/node-server@^2.1.8',
    'fast-check': 'npm:fast-check@^4.10.2',
    'local-thing': './vendor/local-thing.ts',
  },
};

function input(overrides: Partial<PackageJsonInput> = {}): PackageJsonInput {
  return {
    config,
    exportPaths: ['.', './rool/node'],
    imports: [],
    bin: './npm/bin.js',
    files: ['src', 'mod.js', 'mod.d.ts', 'npm'],
    ...overrides,
  };
}

describe('npmPackageName', () => {
  const table: [string, { given: string; want: string }][] = [
    ['a package', { given: 'hono', want: 'hono' }],
    ['a subpath', { given: 'hono/cors', want: 'hono' }],
    ['a scoped package', { given: '@hono/node-server', want: '@hono/node-server' }],
    ['a scoped subpath', { given: '@hono/node-server/serve-static', want: '@hono/node-server' }],
    ['a file subpath', { given: 'ajv/dist/2020.js', want: 'ajv' }],
  ];
  for (const [name, { given, want }] of table) {
    it(name, () => assert.equal(npmPackageName(given), want));
  }
});

describe('npmVersionRange', () => {
  const table: [string, { given: string; want: string | undefined }][] = [
    ['a caret range', { given: 'npm:hono@^4.13.19', want: '^4.13.19' }],
    ['a tilde range', { given: 'npm:typescript@~5.9.3', want: '~5.9.3' }],
    ['a scoped package', { given: 'npm:@hono/node-server@^2.1.8', want: '^2.1.8' }],
    ['a folder mapping', { given: 'npm:/hono@^4.13.19/', want: '^4.13.19' }],
    ['no range', { given: 'npm:hono', want: undefined }],
    ['a local module', { given: './vendor/x.ts', want: undefined }],
    ['a JSR package', { given: 'jsr:@std/assert@^1.0.0', want: undefined }],
  ];
  for (const [name, { given, want }] of table) {
    it(name, () => assert.equal(npmVersionRange(given), want));
  }
});

describe('builtPath', () => {
  it('points at the JavaScript and the declarations of a module', () => {
    assert.equal(builtPath('./mod.ts', '.js'), './mod.js');
    assert.equal(builtPath('src/rool/node.ts', '.d.ts'), './src/rool/node.d.ts');
  });

  it('refuses anything but a .ts module', () => {
    assert.throws(() => builtPath('./mod.js', '.js'), /Module \.\/mod\.js must be a \.ts file/);
    assert.throws(() => builtPath('./types.d.ts', '.js'), /must be a \.ts file \(not \.d\.ts\)/);
  });
});

describe('createPackageJson', () => {
  it('carries the name, version and license of deno.json, ESM only, for Node 20 and later', () => {
    const json = createPackageJson(input());
    assert.equal(json.name, '@roj/sdk');
    assert.equal(json.version, '2.3.4');
    assert.equal(json.license, 'MIT');
    assert.equal(json.type, 'module');
    assert.deepEqual(json.engines, { node: '>=20' });
    assert.deepEqual(json.bin, { roj: './npm/bin.js' });
    assert.deepEqual(json.files, ['mod.d.ts', 'mod.js', 'npm', 'src']);
  });

  it('maps each published export path to its declarations and module, and no other', () => {
    assert.deepEqual(createPackageJson(input()).exports, {
      '.': { types: './mod.d.ts', default: './mod.js' },
      './rool/node': { types: './src/rool/node.d.ts', default: './src/rool/node.js' },
    });
  });

  it('depends on each imported package once, with the range deno.json pins', () => {
    const json = createPackageJson(input({
      imports: ['hono', 'hono/cors', 'node:fs', 'fast-check', '@hono/node-server', 'hono'],
    }));
    assert.deepEqual(json.dependencies, {
      '@hono/node-server': '^2.1.8',
      'fast-check': '^4.10.2',
      hono: '^4.13.19',
    });
    assert.deepEqual(Object.keys(json.dependencies), ['@hono/node-server', 'fast-check', 'hono']);
  });

  it('names every import deno.json does not pin, and every unknown export path', () => {
    assert.throws(
      () =>
        createPackageJson(input({
          exportPaths: ['.', './nope'],
          imports: ['left-pad', 'local-thing/x.ts'],
        })),
      {
        name: 'PackageJsonError',
        message: [
          "Export ./nope is not in deno.json's exports",
          "The built code imports left-pad, which deno.json's imports do not map to npm:left-pad@RANGE",
          "The built code imports local-thing, which deno.json's imports do not map to npm:local-thing@RANGE",
        ].join('\n'),
      },
    );
  });
});
