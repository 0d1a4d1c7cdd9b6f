/**
 * `deno task build:npm`: builds the npm package into dist/npm/, for Node 20
 * and later and for bundlers: ESM JavaScript by esbuild (./transpile.ts),
 * `.d.ts` files by tsc (./declarations.ts), a package.json made from
 * deno.json (./package-json.ts), the `roj` bin (./bin.ts), the README and
 * the LICENSE. Then `npm pack dist/npm` makes the tarball.
 *
 * Exit codes: 0 built; 1 the build failed (the problems are listed);
 * 2 a usage error.
 *
 * @module
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import process from 'node:process';
import { parseArgs } from 'node:util';
import { CliError, UsageError } from '../cli/errors.ts';
import { writeCliError } from '../cli/error-output.ts';
import { ExitCode } from '../cli/exit-codes.ts';
import { processIo } from '../cli/io.ts';
import { DeclarationError, emitDeclarations } from './declarations.ts';
import { createPackageJson, type DenoConfig, PackageJsonError } from './package-json.ts';
import { TranspileError, transpileModules } from './transpile.ts';

/**
 * Exports of deno.json the npm package leaves out, with the reason. `./codegen` imports the
 * TypeScript registries it reads, which Node 20 cannot import (Deno runs it, from JSR too).
 * The Deno command lines have the `roj` bin in their place.
 */
export const leftOutExports: Readonly<Record<string, string>> = {
  './codegen': 'codegen imports TypeScript registries (Node 20 cannot) and its bindings import' +
    " the SDK's TypeScript sources; use `deno task codegen`",
  './codegen/cli': 'the codegen command line, for Deno (see ./codegen)',
  './mock/cli': 'the mock command line for Deno (Deno.serve); on Node, the `roj mock` bin',
  './conformance/cli': 'the conformance command line for Deno; on Node, the `roj conformance` bin',
};

/**
 * npm packages the built code loads by a specifier made at run time, which esbuild cannot see:
 * the mock's /docs page reads Swagger UI's files from `swagger-ui-dist`
 * (mock-server/docs/assets.ts).
 */
const loadedAtRunTime = ['swagger-ui-dist'] as const;

/** The bin, as a module of the repository; the package has it at the same path as `.js`. */
const binModule = 'npm/bin.ts';

/** Copied as they are. */
const copiedFiles = ['README.md', 'LICENSE'] as const;

const usage = `Usage: deno task build:npm [--out DIR] [--quiet]

Builds the npm package of @roj/sdk: ESM JavaScript (esbuild) with .d.ts files (tsc), a
package.json made from deno.json (name, version, exports, npm dependencies), the roj bin,
the README and the LICENSE. Pack it with \`npm pack dist/npm\`.

Options:
  --out DIR    Where to build, emptied first (default dist/npm)
  --quiet      Print nothing on success
  -h, --help   Show this help

Exit codes: 0 built; 1 the build failed; 2 a usage error.`;

/** Options of {@linkcode buildNpmPackage}. */
export interface BuildOptions {
  /** The output folder, relative to the root; emptied first. */
  outDir: string;
  /** Receives one line per step, for stderr. */
  log?: (line: string) => void;
}

/** What {@linkcode buildNpmPackage} built. */
export interface BuildResult {
  /** The package.json written. */
  packageJson: ReturnType<typeof createPackageJson>;
  /** How many JavaScript modules. */
  modules: number;
  /** How many declaration files. */
  declarations: number;
}

/**
 * Builds the npm package.
 *
 * @param root The repository root, with deno.json.
 * @param options Where to build and where progress goes.
 * @returns The package.json and the counts of files.
 * @throws {PackageJsonError} When deno.json does not pin an imported package to an npm range.
 * @throws {DeclarationError} When tsc cannot write the declarations.
 * @throws {TranspileError} When esbuild cannot compile a module.
 * @throws {RangeError} When the output folder is not inside dist/ or .tmp/ of the root.
 *
 * @example Build into .tmp/
 * ```ts ignore
 * import { buildNpmPackage } from './build.ts';
 * const { packageJson } = await buildNpmPackage('.', { outDir: '.tmp/npm' });
 * console.log(Object.keys(packageJson.exports));
 * ```
 */
export async function buildNpmPackage(root: string, options: BuildOptions): Promise<BuildResult> {
  const log = options.log ?? (() => {});
  const config = JSON.parse(readFileSync(join(root, 'deno.json'), 'utf8')) as DenoConfig;
  const outDir = resolve(root, options.outDir);
  const [top, ...below] = relative(resolve(root), outDir).split(sep);
  // The folder is emptied first: only ever one of the gitignored build folders.
  if (!(top === 'dist' || top === '.tmp') || below.length === 0) {
    throw new RangeError(
      `The output folder must be inside dist/ or .tmp/, e.g. dist/npm, not ${options.outDir}`,
    );
  }
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });

  const exportPaths = Object.keys(config.exports).filter((path) => !(path in leftOutExports));
  for (const path of Object.keys(config.exports).filter((path) => path in leftOutExports)) {
    log(`leaving out ${path}: ${leftOutExports[path]}`);
  }
  const entries = exportPaths.map((path) => config.exports[path].replace(/^\.\//, ''));

  let started = performance.now();
  const js = await transpileModules(root, { entries: [...entries, binModule], outDir });
  log(`${js.modules.length} modules transpiled (esbuild ${js.version}, ${since(started)})`);

  started = performance.now();
  const types = emitDeclarations(root, { entries, outDir });
  log(`${types.files} declaration files written (tsc ${types.version}, ${since(started)})`);

  for (const file of copiedFiles) cpSync(join(root, file), join(outDir, file));
  const packageJson = createPackageJson({
    config,
    exportPaths,
    imports: [...js.imports, ...types.imports, ...loadedAtRunTime],
    bin: `./${binModule.replace(/\.ts$/, '.js')}`,
    files: readdirSync(outDir).filter((name) => !copiedFiles.some((file) => file === name)),
  });
  writeFileSync(join(outDir, 'package.json'), `${JSON.stringify(packageJson, null, 2)}\n`);
  const dependencies = Object.keys(packageJson.dependencies);
  log(
    `wrote ${options.outDir}/package.json: ${packageJson.name} ${packageJson.version},` +
      ` ${exportPaths.length} exports, dependencies ${dependencies.join(', ') || '(none)'}`,
  );
  return { packageJson, modules: js.modules.length, declarations: types.files };
}

function since(started: number): string {
  return `${((performance.now() - started) / 1000).toFixed(1)} s`;
}

async function main(args: string[]): Promise<number> {
  const io = processIo();
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        out: { type: 'string', default: 'dist/npm' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return writeCliError(io, new UsageError((error as Error).message));
  }
  if (values.help) {
    io.stdout(`${usage}\n`);
    return ExitCode.ok;
  }
  const log = (line: string) => values.quiet || io.stderr(`build:npm: ${line}\n`);
  try {
    await buildNpmPackage(process.cwd(), { outDir: values.out, log });
  } catch (error) {
    if (error instanceof RangeError) return writeCliError(io, new UsageError(error.message));
    if (
      error instanceof PackageJsonError || error instanceof DeclarationError ||
      error instanceof TranspileError
    ) {
      return writeCliError(
        io,
        new CliError('The npm package cannot be built', {
          details: error.message.split('\n'),
          hint: 'Fix the problems listed, then run `deno task build:npm` again',
          exitCode: ExitCode.failed,
        }),
      );
    }
    throw error;
  }
  return ExitCode.ok;
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
