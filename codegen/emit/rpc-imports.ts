/**
 * Where generated modules import the toolkit's RPC core from. Inside this repository (or a
 * checkout of it), by relative paths to src/rpc/, so the generated files work before anything
 * is published. Anywhere else (a project that installed the package from JSR or npm), by the
 * package's own export paths, which its import map or node_modules resolves.
 *
 * @module
 */
import { relative, sep } from 'node:path';

/** One specifier per RPC core module that generated code imports. */
export interface RpcImports {
  /** `CallOptions`, `RpcCall` (bindings). */
  client: string;
  /** `MethodInput`, `MethodOutput` (bindings, validators). */
  definition: string;
  /** `MethodValidators`, `ValidationIssue`, `Validator` (validators). */
  validation: string;
  /** The helpers compiled checks call (validators). */
  validatorRuntime: string;
  /** `JsonSchema` (schemas). */
  jsonSchema: string;
}

/** The package's export paths, for a project that installed it. */
export const packageRpcImports: Readonly<RpcImports> = Object.freeze({
  client: '@roj/sdk/rpc',
  definition: '@roj/sdk/rpc',
  validation: '@roj/sdk/rpc',
  validatorRuntime: '@roj/sdk/rpc/validator-runtime',
  jsonSchema: '@roj/sdk/rpc',
});

/**
 * The imports for generated files written to `outDir`.
 *
 * @param root The project root codegen runs in.
 * @param outDir The absolute output folder.
 * @param rpcDir The toolkit's src/rpc/ folder: a path when it is on disk, `undefined` when the
 * toolkit runs from a URL (a JSR module).
 * @returns Relative paths when the toolkit's sources are part of the project (not under a
 * node_modules folder), else {@linkcode packageRpcImports}.
 *
 * @example This repository imports by path; a project that installed the package, by name
 * ```ts
 * import assert from 'node:assert/strict';
 * import { rpcImportsFor } from './rpc-imports.ts';
 * const inRepo = rpcImportsFor('/repo', '/repo/src/roj/_generated', '/repo/src/rpc');
 * assert.equal(inRepo.client, '../../rpc/client.ts');
 * const installed = rpcImportsFor('/app', '/app/gen', '/app/node_modules/@roj/sdk/src/rpc');
 * assert.equal(installed.client, '@roj/sdk/rpc');
 * assert.equal(rpcImportsFor('/app', '/app/gen', undefined).validatorRuntime, '@roj/sdk/rpc/validator-runtime');
 * ```
 */
export function rpcImportsFor(
  root: string,
  outDir: string,
  rpcDir: string | undefined,
): Readonly<RpcImports> {
  if (rpcDir === undefined) return packageRpcImports;
  const fromRoot = relative(root, rpcDir);
  const inProject = !fromRoot.startsWith('..') && !fromRoot.split(sep).includes('node_modules');
  if (!inProject) return packageRpcImports;
  let base = relative(outDir, rpcDir).split(sep).join('/');
  if (!base.startsWith('.')) base = `./${base}`;
  return {
    client: `${base}/client.ts`,
    definition: `${base}/definition.ts`,
    validation: `${base}/validation.ts`,
    validatorRuntime: `${base}/validator-runtime.ts`,
    jsonSchema: `${base}/json-schema.ts`,
  };
}
