/**
 * The npm package's `package.json`, derived from deno.json: the same name,
 * version, license and export paths, each export pointing at its built
 * JavaScript and declarations, and the npm dependencies the built code
 * imports, with the version ranges of deno.json's import map.
 *
 * @module
 */

/** The fields of deno.json the npm package is made from. */
export interface DenoConfig {
  /** The package name, e.g. `@roj/sdk`. */
  name: string;
  /** The package version, e.g. `0.1.0`. */
  version: string;
  /** The SPDX license, e.g. `MIT`. */
  license?: string;
  /** Export path to module, e.g. `{'./rool': './src/rool/mod.ts'}`. */
  exports: Record<string, string>;
  /** The import map, e.g. `{hono: 'npm:hono@^4.13.19'}`. */
  imports: Record<string, string>;
}

/** One entry of the `exports` map of a package.json. */
export interface PackageExport {
  /** The declarations, for TypeScript. */
  types: string;
  /** The ES module. */
  default: string;
}

/** The package.json written into the built package. */
export interface PackageJson {
  /** The package name. */
  name: string;
  /** Its version. */
  version: string;
  /** One line on what it is. */
  description: string;
  /** The SPDX license. */
  license: string;
  /** Always `module`: the package is ESM only. */
  type: 'module';
  /** Export path to its declarations and module. */
  exports: Record<string, PackageExport>;
  /** Command name to script. */
  bin: Record<string, string>;
  /** The Node versions it runs on. */
  engines: { node: string };
  /** Whether importing a module has effects besides defining its exports. */
  sideEffects: boolean;
  /** The files and folders published. */
  files: string[];
  /** npm package name to version range. */
  dependencies: Record<string, string>;
}

/** What {@linkcode createPackageJson} builds from. */
export interface PackageJsonInput {
  /** deno.json's fields. */
  config: DenoConfig;
  /** The export paths of deno.json to publish, e.g. `['.', './rool']`. */
  exportPaths: readonly string[];
  /** Every bare specifier the built JavaScript and declarations import, e.g. `hono/cors`. */
  imports: Iterable<string>;
  /** The bin script, relative to the package root, e.g. `./npm/bin.js`. */
  bin: string;
  /** The top-level files and folders of the built package, e.g. `mod.js` or `src`. */
  files: readonly string[];
}

/** A package.json that cannot be built: the message names every problem. */
export class PackageJsonError extends Error {
  /** Always `PackageJsonError`. */
  override readonly name = 'PackageJsonError';
}

/** Built-in modules: Deno's sources reach them only through the `node:` prefix. */
const builtinPrefix = 'node:';

/** The description on npm. */
const description =
  'Typed, edge-portable clients for the Roj platform and the Rool workspace, with a mock server and a conformance suite';

/**
 * The npm package a bare specifier belongs to.
 *
 * @param specifier A bare import specifier, e.g. `hono/cors` or `@hono/node-server`.
 * @returns The package name, e.g. `hono`.
 *
 * @example Subpaths belong to their package
 * ```ts
 * import assert from 'node:assert/strict';
 * import { npmPackageName } from './package-json.ts';
 * assert.equal(npmPackageName('hono/cors'), 'hono');
 * assert.equal(npmPackageName('@hono/node-server/utils'), '@hono/node-server');
 * ```
 */
export function npmPackageName(specifier: string): string {
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

/**
 * The version range an import map target pins.
 *
 * @param target An import map target, e.g. `npm:hono@^4.13.19` or `npm:/hono@^4.13.19/`.
 * @returns The range, e.g. `^4.13.19`, or `undefined` when the target is not an npm package.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { npmVersionRange } from './package-json.ts';
 * assert.equal(npmVersionRange('npm:@hono/node-server@^2.1.8'), '^2.1.8');
 * assert.equal(npmVersionRange('npm:/hono@^4.13.19/'), '^4.13.19');
 * assert.equal(npmVersionRange('./local.ts'), undefined);
 * ```
 */
export function npmVersionRange(target: string): string | undefined {
  const match = /^npm:\/?(@[^/@]+\/)?[^/@]+@([^/]+)\/?$/.exec(target);
  return match?.[2];
}

/**
 * A module path of deno.json, as the path of its built JavaScript or declarations.
 *
 * @param path A `.ts` module path, e.g. `./src/rool/mod.ts`.
 * @param extension `.js` or `.d.ts`.
 * @returns The built path, e.g. `./src/rool/mod.js`.
 * @throws {PackageJsonError} When the path is not a `.ts` module.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { builtPath } from './package-json.ts';
 * assert.equal(builtPath('./src/rool/mod.ts', '.d.ts'), './src/rool/mod.d.ts');
 * ```
 */
export function builtPath(path: string, extension: '.js' | '.d.ts'): string {
  if (!path.endsWith('.ts') || path.endsWith('.d.ts')) {
    throw new PackageJsonError(`Module ${path} must be a .ts file (not .d.ts)`);
  }
  return `${path.startsWith('./') ? '' : './'}${path.slice(0, -'.ts'.length)}${extension}`;
}

/**
 * Builds the package.json of the npm package.
 *
 * @param input deno.json's fields, what to publish, and what the built code imports.
 * @returns The package.json.
 * @throws {PackageJsonError} Naming every export path missing from deno.json and every
 * imported package that deno.json's import map does not pin to an npm version.
 *
 * @example Exports and dependencies come from deno.json
 * ```ts
 * import assert from 'node:assert/strict';
 * import { createPackageJson } from './package-json.ts';
 * const json = createPackageJson({
 *   config: {
 *     name: '@roj/sdk',
 *     version: '1.2.3',
 *     exports: { '.': './mod.ts', './mock': './mock-server/mod.ts' },
 *     imports: { hono: 'npm:hono@^4.13.19', 'hono/': 'npm:/hono@^4.13.19/' },
 *   },
 *   exportPaths: ['.', './mock'],
 *   imports: ['hono/cors', 'node:fs'],
 *   bin: './npm/bin.js',
 *   files: ['mod.js', 'mock-server'],
 * });
 * assert.deepEqual(json.exports['./mock'], {
 *   types: './mock-server/mod.d.ts',
 *   default: './mock-server/mod.js',
 * });
 * assert.deepEqual(json.dependencies, { hono: '^4.13.19' });
 * ```
 */
export function createPackageJson(input: PackageJsonInput): PackageJson {
  const { config } = input;
  const problems: string[] = [];
  const exports: Record<string, PackageExport> = {};
  for (const path of input.exportPaths) {
    const module = config.exports[path];
    if (module === undefined) {
      problems.push(`Export ${path} is not in deno.json's exports`);
      continue;
    }
    exports[path] = { types: builtPath(module, '.d.ts'), default: builtPath(module, '.js') };
  }
  const dependencies: Record<string, string> = {};
  const packages = new Set(
    [...input.imports].filter((s) => !s.startsWith(builtinPrefix)).map(npmPackageName),
  );
  for (const name of [...packages].sort()) {
    const target = config.imports[name];
    const range = target === undefined ? undefined : npmVersionRange(target);
    if (range === undefined) {
      problems.push(
        `The built code imports ${name}, which deno.json's imports do not map to npm:${name}@RANGE`,
      );
    } else dependencies[name] = range;
  }
  if (problems.length > 0) throw new PackageJsonError(problems.join('\n'));
  return {
    name: config.name,
    version: config.version,
    description,
    license: config.license ?? 'UNLICENSED',
    type: 'module',
    exports,
    bin: { roj: input.bin },
    engines: { node: '>=20' },
    // No published module does anything on import but define its exports; the bin is a
    // command, never imported.
    sideEffects: false,
    files: [...input.files].sort(),
    dependencies,
  };
}
