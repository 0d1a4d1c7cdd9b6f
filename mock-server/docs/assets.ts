/**
 * The files of the docs page's UI, Swagger UI from the `swagger-ui-dist` npm package, served by
 * the mock itself so the page works offline. On Deno, Bun and Node they are read from the
 * installed package in `node_modules/` on first use and kept in memory (2.2 MB).
 *
 * A Cloudflare Worker has no file system, and bundling 2 MB of UI into the mock's Worker would
 * weigh on every request's isolate; there, and only there, the page loads the same version from
 * a CDN, pinned, with Subresource Integrity hashes, so a changed file is refused by the browser.
 * The page falls back to the same CDN copy wherever the package's files cannot be read (Deno
 * running the mock from JSR, with no `node_modules/`).
 *
 * @module
 */

/** The Swagger UI version the CDN copy is; equal to the installed one (a test checks). */
export const swaggerUiVersion = '5.35.0';

/** Where a Worker's page loads the files from: a CDN serving npm packages, the version pinned. */
export const swaggerUiCdn = `https://cdn.jsdelivr.net/npm/swagger-ui-dist@${swaggerUiVersion}/`;

/** A file of the UI. */
export interface UiAsset {
  /** Its `Content-Type`. */
  contentType: string;
  /** Its Subresource Integrity hash (SRI §3.1), for the CDN copy. */
  integrity: string;
}

/** The files the page uses, by name in the package; nothing else is served. */
export const uiAssets: Readonly<Record<string, UiAsset>> = Object.freeze({
  'swagger-ui.css': {
    contentType: 'text/css; charset=utf-8',
    integrity: 'sha384-WlYgdmXYOOBWL5apwjDEZwN+U3HmXSSu5R6V5aGxEcf7z+KuRNwBhoxKVN1i3D5I',
  },
  'swagger-ui-bundle.js': {
    contentType: 'text/javascript; charset=utf-8',
    integrity: 'sha384-gjRm0bEPMeTmMh5jT2cHccIwCUZSTd8YC+j0d0sXw0MdGEfScduGpSyF3ZSSLkX9',
  },
  'swagger-ui-standalone-preset.js': {
    contentType: 'text/javascript; charset=utf-8',
    integrity: 'sha384-My2aDM4r2Mbm3ybHcubKm9O9U8FEjvF/O5nGvE9YK5dzqOTbWEKa79RPJ1krdMaF',
  },
  'favicon-32x32.png': {
    contentType: 'image/png',
    integrity: 'sha384-vCPruBEcPmxk2uv19KNJCkWttTDv8oQxBAzSuTndOepjsIyiKHSoLNlWOcQMpXdL',
  },
});

/** The package whose files are served. */
const packageName = 'swagger-ui-dist';

/** The UI files cannot be read: the package is not installed where the mock runs. */
export class UiAssetsMissing extends Error {
  /** Always `UiAssetsMissing`. */
  override readonly name = 'UiAssetsMissing';
}

/**
 * Whether the code runs in a Cloudflare Worker, by the user agent workerd reports
 * (`navigator.userAgent`, per the Workers runtime documentation).
 *
 * @param userAgent The user agent; default: this runtime's.
 * @returns `true` in workerd.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { isCloudflareWorker } from './assets.ts';
 * assert.equal(isCloudflareWorker('Cloudflare-Workers'), true);
 * assert.equal(isCloudflareWorker('Deno/2.9.0'), false);
 * ```
 */
export function isCloudflareWorker(
  userAgent: string | undefined = globalThis.navigator?.userAgent,
): boolean {
  return userAgent === 'Cloudflare-Workers';
}

const cache = new Map<string, Promise<Uint8Array<ArrayBuffer>>>();

/**
 * Reads a UI file from the installed package, once; later calls share the bytes.
 *
 * @param name The file's name, a key of {@linkcode uiAssets}.
 * @returns The bytes, or `undefined` for a name that is not a UI file.
 * @throws {UiAssetsMissing} When the package is not installed where the mock runs, or not as
 * files (Deno without a `node_modules/` folder), or the runtime reads no files; the message
 * says what to do.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { readUiAsset } from './assets.ts';
 * const css = await readUiAsset('swagger-ui.css');
 * assert.ok(css && css.byteLength > 1000);
 * assert.equal(await readUiAsset('../deno.json'), undefined);
 * ```
 */
export function readUiAsset(name: string): Promise<Uint8Array<ArrayBuffer> | undefined> {
  if (!Object.hasOwn(uiAssets, name)) return Promise.resolve(undefined);
  let bytes = cache.get(name);
  if (!bytes) {
    bytes = readFromPackage(name);
    // A failed read is not kept: installing the package fixes the next request.
    bytes.catch(() => cache.delete(name));
    cache.set(name, bytes);
  }
  return bytes;
}

async function readFromPackage(name: string): Promise<Uint8Array<ArrayBuffer>> {
  const file = new URL(name, packageFolder());
  const { readFile } = nodeBuiltin<typeof import('node:fs/promises')>('node:fs/promises');
  try {
    return new Uint8Array(await readFile(file));
  } catch (error) {
    throw new UiAssetsMissing(`Cannot read ${file.pathname} of ${packageName}`, { cause: error });
  }
}

/**
 * The package's folder, as a `file:` URL. Deno with a `node_modules/` folder (this repository's
 * `"nodeModulesDir": "auto"`), Bun and Node resolve the package to its files. Deno without one
 * resolves it to an `npm:` URL, which names no file: the page then loads them from the pinned CDN.
 */
function packageFolder(): URL {
  let url: string;
  try {
    url = import.meta.resolve('swagger-ui-dist/package.json');
  } catch (error) {
    throw new UiAssetsMissing(
      `The docs page needs ${packageName}: install it (\`npm install ${packageName}\`)`,
      { cause: error },
    );
  }
  if (!url.startsWith('file:')) {
    throw new UiAssetsMissing(
      `The docs page reads ${packageName} from node_modules/, and it resolves to ${url}: set ` +
        '"nodeModulesDir": "auto" in deno.json',
    );
  }
  return new URL('.', url);
}

/**
 * A Node built-in module, from `process.getBuiltinModule` (Node 20.16, Deno 2, Bun). Never an
 * `import()`: Miniflare refuses a Worker whose code imports a module it cannot resolve, even in
 * an import that never runs, and a Worker has no `node:fs`.
 *
 * @throws {UiAssetsMissing} When the runtime has no such module.
 */
function nodeBuiltin<T>(id: string): T {
  const process = (globalThis as { process?: { getBuiltinModule?(id: string): unknown } })
    .process;
  const module = process?.getBuiltinModule?.(id);
  if (!module) {
    throw new UiAssetsMissing(`This runtime has no ${id}: the docs page cannot read its files`);
  }
  return module as T;
}
