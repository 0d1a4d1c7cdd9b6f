/**
 * Finds the TypeScript sources that `deno check` covers.
 *
 * @module
 */
import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** Where to look and what to leave out, relative to the repository root. */
export interface SourceFileOptions {
  /** Files and folders to search, e.g. `mod.ts` or `src`. Missing ones are ignored. */
  include: readonly string[];
  /** Folder names skipped wherever they occur, e.g. `node_modules`. */
  excludeNames: readonly string[];
  /** Paths skipped with everything below them, e.g. `test/fixtures/old-client`. */
  excludePaths: readonly string[];
}

/**
 * Lists every `.ts` file under `options.include`, sorted, as `/`-separated paths relative to
 * `root`. Declaration files (`.d.ts`) are included: `deno check` checks them too.
 *
 * @param root The repository root.
 * @param options What to search and skip.
 * @returns The relative paths.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { listTypeScriptFiles } from './source-files.ts';
 * const files = await listTypeScriptFiles('.', {
 *   include: ['scripts/test'],
 *   excludeNames: ['node_modules'],
 *   excludePaths: [],
 * });
 * assert.ok(files.includes('scripts/test/source-files.ts'));
 * ```
 */
export async function listTypeScriptFiles(
  root: string,
  options: SourceFileOptions,
): Promise<string[]> {
  const files: string[] = [];
  for (const entry of options.include) {
    await collect(root, join(root, entry), options, files);
  }
  return [...new Set(files)].sort();
}

async function collect(
  root: string,
  path: string,
  options: SourceFileOptions,
  files: string[],
): Promise<void> {
  const rel = relative(root, path).split(sep).join('/');
  if (options.excludePaths.some((p) => rel === p || rel.startsWith(`${p}/`))) return;
  let entries;
  try {
    entries = await readdir(path, { withFileTypes: true });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT') return;
    if (code !== 'ENOTDIR') throw error;
    if (rel.endsWith('.ts')) files.push(rel);
    return;
  }
  for (const entry of entries) {
    if (options.excludeNames.includes(entry.name)) continue;
    // Files recurse too, so the path exclusion above applies to them as well.
    if (entry.isDirectory() || (entry.isFile() && entry.name.endsWith('.ts'))) {
      await collect(root, join(path, entry.name), options, files);
    }
  }
}
