/**
 * What a client costs a web page: an entry that imports one export from a
 * public module, bundled for the browser with `deno bundle` (esbuild inside,
 * so unused exports are shaken off), then minified, then gzipped at the
 * default level a web server uses.
 *
 * @module
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The sizes of one bundle, in bytes. */
export interface BundleSize {
  /** Bundled, not minified. */
  raw: number;
  /** Bundled and minified. */
  minified: number;
  /** Bundled, minified and gzipped. */
  gzipped: number;
  /** The modules that weigh most in the unminified bundle, heaviest first. */
  largest: ModuleSize[];
}

/** One module's share of a bundle. */
export interface ModuleSize {
  /** Its path as the bundler names it, from the repository root, e.g. `src/rool/webdav.ts`. */
  module: string;
  /** Its bytes in the unminified bundle. */
  bytes: number;
}

/** What to bundle. */
export interface BundleEntry {
  /** A name for the files in the scratch directory, e.g. `roj-client`. */
  name: string;
  /** The public module, relative to the repository root, e.g. `src/roj/mod.ts`. */
  module: string;
  /** The one export the entry imports, e.g. `createRojClient`. */
  exportName: string;
}

/**
 * Bundles an entry that re-exports one export of a module and measures it.
 *
 * @param entry The module and the export.
 * @param dirs The repository root and the scratch directory.
 * @returns The raw, minified and gzipped sizes.
 * @throws {Error} When `deno bundle` fails.
 */
export async function measureBundle(
  entry: BundleEntry,
  dirs: { root: string; scratch: string },
): Promise<BundleSize> {
  const dir = join(dirs.scratch, 'client-size');
  mkdirSync(dir, { recursive: true });
  const entryFile = join(dir, `${entry.name}.entry.ts`);
  const from = relative(dir, join(dirs.root, entry.module));
  writeFileSync(entryFile, `export { ${entry.exportName} } from './${from}';\n`);
  const raw = await bundle(entryFile, join(dir, `${entry.name}.js`), { ...dirs, minify: false });
  const minified = await bundle(entryFile, join(dir, `${entry.name}.min.js`), {
    ...dirs,
    minify: true,
  });
  return {
    raw: raw.byteLength,
    minified: minified.byteLength,
    gzipped: gzipSize(minified),
    largest: moduleSizes(new TextDecoder().decode(raw)).slice(0, 5),
  };
}

/**
 * Each module's bytes in an unminified esbuild bundle, which opens each module's code with a
 * `// path` comment line; leading `../` segments are dropped from the path.
 *
 * @param bundle The bundle's text.
 * @returns The modules, heaviest first.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { moduleSizes } from './client-size.ts';
 * const bundle = '// ../../src/a.ts\nvar a = 1;\n\n// ../../src/b.ts\nvar b = 22222;\n';
 * assert.deepEqual(moduleSizes(bundle).map((m) => m.module), ['src/b.ts', 'src/a.ts']);
 * ```
 */
export function moduleSizes(bundle: string): ModuleSize[] {
  const sizes: ModuleSize[] = [];
  const marker = /^\/\/ ((?:\.\.\/)*)(\S+\.[cm]?[jt]sx?)$/gm;
  let last: { module: string; at: number } | undefined;
  for (const match of bundle.matchAll(marker)) {
    if (last) sizes.push({ module: last.module, bytes: match.index - last.at });
    last = { module: match[2], at: match.index };
  }
  if (last) sizes.push({ module: last.module, bytes: bundle.length - last.at });
  return sizes.sort((a, b) => b.bytes - a.bytes);
}

/**
 * The size of bytes once gzipped at zlib's default level (6), what web servers serve.
 *
 * @param bytes The bytes.
 * @returns The gzipped size in bytes.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { gzipSize } from './client-size.ts';
 * const text = new TextEncoder().encode('export const a = 1;'.repeat(100));
 * assert.ok(gzipSize(text) < text.byteLength / 10);
 * ```
 */
export function gzipSize(bytes: Uint8Array): number {
  return gzipSync(bytes).byteLength;
}

async function bundle(
  entryFile: string,
  out: string,
  options: { root: string; minify: boolean },
): Promise<Uint8Array> {
  const args = ['bundle', '--quiet', '--platform', 'browser', '--format', 'esm', '-o', out];
  if (options.minify) args.push('--minify');
  const result = await new Deno.Command(Deno.execPath(), {
    args: [...args, entryFile],
    cwd: options.root,
    stdin: 'null',
    stdout: 'piped',
    stderr: 'piped',
    env: { NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' },
  }).output();
  if (!result.success) {
    throw new Error(`deno bundle ${entryFile} failed: ${new TextDecoder().decode(result.stderr)}`);
  }
  return readFileSync(out);
}
