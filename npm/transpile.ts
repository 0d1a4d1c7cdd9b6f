/**
 * The JavaScript of the npm package, by esbuild: every module the entry
 * points reach at run time becomes one `.js` file at the same path, its `.ts`
 * imports rewritten to `.js`, its bare and `node:` imports left for Node to
 * resolve from the package's dependencies, and the JSON it imports (the
 * OpenAPI documents) inlined.
 *
 * One file per module rather than one bundle per entry point: a class shared
 * by two entry points (`RojApiError` is in `.` and `./roj`) stays one class,
 * so `instanceof` holds across them; the files line up one to one with the
 * declarations tsc writes; and paths read relative to `import.meta.url` keep
 * their meaning.
 *
 * @module
 */
import { relative, resolve } from 'node:path';
import * as esbuild from 'esbuild';

/** What {@linkcode transpileModules} wrote. */
export interface Transpiled {
  /** The modules written, as `.ts` paths relative to the root, sorted. */
  modules: string[];
  /** Every bare and `node:` specifier the JavaScript imports, e.g. `hono/cors`. */
  imports: Set<string>;
  /** esbuild's version. */
  version: string;
}

/** Options of {@linkcode transpileModules}. */
export interface TranspileOptions {
  /** The entry modules, relative to the root, e.g. `mod.ts`. */
  entries: readonly string[];
  /** Where the `.js` files go; a module's path under it is its path under the root. */
  outDir: string;
}

/** esbuild could not compile a module: the message lists its errors as `file:line: message`. */
export class TranspileError extends Error {
  /** Always `TranspileError`. */
  override readonly name = 'TranspileError';
}

/** JavaScript every supported runtime runs as is: Node 20 and the ES2022 of browsers. */
const target = ['es2022', 'node20'];

/**
 * Transpiles every module the entries reach at run time (type-only imports are not followed).
 *
 * @param root The repository root.
 * @param options The entry modules and the output folder.
 * @returns The modules written and what they import from outside.
 * @throws {TranspileError} Naming each file and line, when a module does not compile or
 * imports something other than a `.ts` module, an npm package or a `node:` built-in.
 *
 * @example Transpile the client
 * ```ts ignore
 * import { transpileModules } from './transpile.ts';
 * const { modules } = await transpileModules('.', { entries: ['mod.ts'], outDir: 'dist/npm' });
 * ```
 */
export async function transpileModules(
  root: string,
  options: TranspileOptions,
): Promise<Transpiled> {
  const absoluteRoot = resolve(root);
  const entryPoints = options.entries.map((entry) => resolve(absoluteRoot, entry));
  const imports = new Set<string>();
  try {
    // Pass 1: which local modules run. esbuild drops type-only imports before resolving.
    const reach = await esbuild.build({
      ...common(absoluteRoot),
      entryPoints,
      write: false,
      outdir: resolve(absoluteRoot, options.outDir),
      metafile: true,
      plugins: [externalPackages(imports)],
    });
    const modules = Object.keys(reach.metafile.inputs)
      .filter((input) => input.endsWith('.ts'))
      .map((input) => relative(absoluteRoot, resolve(absoluteRoot, input)).replaceAll('\\', '/'))
      .sort();

    // Pass 2: each of them on its own, every import left as an import.
    await esbuild.build({
      ...common(absoluteRoot),
      entryPoints: modules.map((module) => resolve(absoluteRoot, module)),
      outbase: absoluteRoot,
      outdir: resolve(absoluteRoot, options.outDir),
      plugins: [externalPackages(imports), externalModules()],
    });
    return { modules, imports, version: esbuild.version };
  } catch (error) {
    if (!isBuildFailure(error)) throw error;
    throw new TranspileError(
      error.errors.map((e) =>
        e.location ? `${e.location.file}:${e.location.line}: ${e.text}` : e.text
      ).join('\n'),
    );
  } finally {
    // esbuild's service process would keep Deno's event loop, and the build, alive.
    await esbuild.stop();
  }
}

function isBuildFailure(error: unknown): error is esbuild.BuildFailure {
  return error instanceof Error && Array.isArray((error as { errors?: unknown }).errors);
}

function common(root: string): esbuild.BuildOptions {
  return {
    absWorkingDir: root,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target,
    logLevel: 'silent',
    // The declarations carry the documentation; the JavaScript keeps only legal comments.
    legalComments: 'inline',
  };
}

/** Leaves npm packages and built-ins to the runtime, and notes each specifier. */
function externalPackages(imports: Set<string>): esbuild.Plugin {
  return {
    name: 'external-packages',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        imports.add(args.path);
        return { path: args.path, external: true };
      });
    },
  };
}

/** Leaves every local import as an import of the `.js` file the module becomes. */
function externalModules(): esbuild.Plugin {
  return {
    name: 'external-modules',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        // JSON modules (the OpenAPI documents) go inside the module that imports them: Node 20
        // warns that importing JSON is experimental.
        if (args.path.endsWith('.json')) return undefined;
        if (!args.path.endsWith('.ts')) {
          return {
            errors: [{
              text: `Import ${args.path} must name a .ts or .json module`,
            }],
          };
        }
        return { path: `${args.path.slice(0, -'.ts'.length)}.js`, external: true };
      });
    },
  };
}
