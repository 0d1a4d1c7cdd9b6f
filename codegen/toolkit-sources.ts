/**
 * The toolkit's own RPC core, as TypeScript sources codegen's type checker can read: the wire
 * envelope codegen describes, and the `@roj/sdk/rpc` module a registry imports `defineMethods`
 * and `MethodDef` from.
 *
 * Where codegen runs from files (this repository, a checkout, a vendored copy), they are read
 * from disk. Where it runs from URLs (`deno run jsr:@roj/sdk/codegen/cli`), they are fetched,
 * following their relative imports, and added to the project in memory under
 * {@linkcode virtualRoot}. Either way TypeScript `paths` send the package's specifiers to them:
 * a project maps `@roj/sdk` with an import map, which TypeScript does not read.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Project, SourceFile } from 'ts-morph';

/** Where fetched sources live in the project's in-memory file system. */
export const virtualRoot = '/__roj_sdk__/';

/** The package specifiers a registry may import, and the toolkit file each one is. */
const entryPoints: Readonly<Record<string, string>> = {
  '@roj/sdk/rpc': 'src/rpc/mod.ts',
  '@roj/sdk/rpc/validator-runtime': 'src/rpc/validator-runtime.ts',
};

/** The wire envelope's module. */
const wireModule = 'src/rpc/wire.ts';

/** The most modules fetched, so a loop in a broken source cannot run forever. */
const maxModules = 200;

/** What {@linkcode addToolkitSources} added. */
export interface ToolkitSources {
  /** The wire envelope's source file. */
  wire: SourceFile;
  /** TypeScript `paths` for the package's specifiers. */
  paths: Record<string, string[]>;
}

/**
 * Adds the toolkit's RPC core to `project` and sets its `paths`.
 *
 * @param project The ts-morph project.
 * @param base The toolkit's root URL. Default: where this module is, one folder up.
 * @param fetchSource How to read a source by URL when `base` is not a `file:` URL. Default:
 * `fetch`.
 * @returns The wire envelope's source file and the paths set.
 * @throws {Error} When a source cannot be read; the message names its URL.
 *
 * @example From files, as in this repository
 * ```ts
 * import assert from 'node:assert/strict';
 * import { Project } from 'ts-morph';
 * import { addToolkitSources } from './toolkit-sources.ts';
 * const project = new Project({ useInMemoryFileSystem: false, skipAddingFilesFromTsConfig: true });
 * const { wire, paths } = await addToolkitSources(project);
 * assert.ok(wire.getFilePath().endsWith('/src/rpc/wire.ts'));
 * assert.ok(paths['@roj/sdk/rpc']?.[0]?.endsWith('/src/rpc/mod.ts'));
 * ```
 */
export async function addToolkitSources(
  project: Project,
  base: URL = new URL('../', import.meta.url),
  fetchSource: (url: URL) => Promise<string> = fetchText,
): Promise<ToolkitSources> {
  const paths: Record<string, string[]> = {};
  let wire: SourceFile;
  if (base.protocol === 'file:') {
    for (const [specifier, file] of Object.entries(entryPoints)) {
      const path = fileURLToPath(new URL(file, base));
      if (existsSync(path)) paths[specifier] = [path];
    }
    wire = project.addSourceFileAtPath(fileURLToPath(new URL(wireModule, base)));
  } else {
    const loaded = await fetchModules(
      [...Object.values(entryPoints), wireModule].map((file) => new URL(file, base)),
      fetchSource,
    );
    const pathOf = (url: URL) => `${virtualRoot}${url.href.slice(base.href.length)}`;
    for (const [href, text] of loaded) {
      project.createSourceFile(pathOf(new URL(href)), text, { overwrite: true });
    }
    for (const [specifier, file] of Object.entries(entryPoints)) {
      paths[specifier] = [pathOf(new URL(file, base))];
    }
    wire = project.getSourceFileOrThrow(pathOf(new URL(wireModule, base)));
  }
  project.compilerOptions.set({ paths: { ...project.compilerOptions.get().paths, ...paths } });
  return { wire, paths };
}

/** Fetches modules and, through their relative `.ts` imports, every module they need. */
async function fetchModules(
  entries: URL[],
  fetchSource: (url: URL) => Promise<string>,
): Promise<Map<string, string>> {
  const loaded = new Map<string, string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const url = queue.shift()!;
    if (loaded.has(url.href)) continue;
    if (loaded.size >= maxModules) {
      throw new Error(`The toolkit's RPC core imports more than ${maxModules} modules`);
    }
    const text = await fetchSource(url);
    loaded.set(url.href, text);
    for (const match of text.matchAll(/\bfrom\s+'(\.{1,2}\/[^']+\.ts)'/g)) {
      queue.push(new URL(match[1]!, url));
    }
  }
  return loaded;
}

async function fetchText(url: URL): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`Could not read the toolkit source ${url.href}: HTTP ${response.status}`);
  }
  return await response.text();
}
