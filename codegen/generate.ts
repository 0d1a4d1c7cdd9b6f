/**
 * Runs codegen: reads each target's API definition with ts-morph (types) and by
 * importing it (paths, auth), then emits the OpenAPI document, JSON Schemas,
 * validators, bindings and openapi-typescript types into the target's folder.
 *
 * @module
 */
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Project, ts } from 'ts-morph';
import type { ApiDefinition } from '../src/rpc/api.ts';
import { rpcErrorStatus } from '../src/rpc/error-types.ts';
import type { JsonSchema } from '../src/rpc/json-schema.ts';
import { emitBindings } from './emit/bindings.ts';
import { emitOpenApi, type OpenApiDocument } from './emit/openapi.ts';
import { emitOpenApi32 } from './emit/openapi-32.ts';
import { emitOpenApiTypes } from './emit/openapi-types.ts';
import { rpcImportsFor } from './emit/rpc-imports.ts';
import { emitSchemas } from './emit/schemas.ts';
import { emitValidators } from './emit/validators.ts';
import { CodegenError, Problems } from './problems.ts';
import { readApi, readWire } from './read/api.ts';
import type { ReadContext } from './read/context.ts';
import { readStreams } from './read/streams.ts';
import { readType } from './read/type.ts';
import { addToolkitSources } from './toolkit-sources.ts';

/** One API definition to generate code for. */
export interface CodegenTarget {
  /** A short name, e.g. `roj`. */
  name: string;
  /** The module exporting the definition, relative to the root. */
  api: string;
  /** The definition's export name. */
  export: string;
  /** The output folder, relative to the root. Codegen owns it entirely. */
  out: string;
}

/** A file codegen produced. */
export interface GeneratedFile {
  /** Path relative to the root. */
  path: string;
  /** Full contents. */
  contents: string;
}

/** What one target produced. */
export interface TargetOutput {
  /** The target. */
  target: CodegenTarget;
  /** The OpenAPI 3.1 document. */
  document: OpenApiDocument;
  /** The OpenAPI 3.2 document: the 3.1 one plus event items and every WebDAV method. */
  document32: OpenApiDocument;
  /** Every file, the document included. */
  files: GeneratedFile[];
}

const rpcDir = new URL('../src/rpc/', import.meta.url);

/**
 * Generates every target's files in memory.
 *
 * @param root Absolute project root.
 * @param targets The targets.
 * @returns Each target's document and files.
 * @throws {CodegenError} Listing every construct that cannot be represented, as `file:line: message`.
 *
 * @example Generate the Roj target in memory
 * ```ts
 * import assert from 'node:assert/strict';
 * import { fileURLToPath } from 'node:url';
 * import { generate } from './generate.ts';
 *
 * const root = fileURLToPath(new URL('..', import.meta.url));
 * const target = { name: 'roj', api: 'src/roj/api.ts', export: 'rojApi', out: 'src/roj/_generated' };
 * const [roj] = await generate(root, [target]);
 * assert.equal(roj.document.openapi, '3.1.0');
 * assert.ok(roj.files.some((file) => file.path.endsWith('openapi.json')));
 * ```
 */
export async function generate(root: string, targets: CodegenTarget[]): Promise<TargetOutput[]> {
  const project = new Project({
    compilerOptions: {
      strict: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      allowImportingTsExtensions: true,
      noEmit: true,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    },
    skipAddingFilesFromTsConfig: true,
  });
  const problems = new Problems(root);
  const { wire } = await addToolkitSources(project);
  const outputs: TargetOutput[] = [];
  for (const target of targets) {
    const apiPath = resolve(root, target.api);
    const source = project.addSourceFileAtPath(apiPath);
    project.resolveSourceFileDependencies();
    const decl = source.getVariableDeclaration(target.export);
    if (!decl) {
      throw new CodegenError([{
        file: target.api,
        line: 1,
        message: `No exported ${target.export} here`,
      }]);
    }
    const ctx: ReadContext = { components: new Map(), problems, active: new Set(), read: readType };
    const wireNames = readWire(wire, ctx);
    const read = readApi(decl, ctx);
    // Event data types only the 3.2 document describes: kept out of schemas and validators.
    const streamCtx: ReadContext = { ...ctx, components: new Map(ctx.components) };
    const streams = readStreams(decl, streamCtx);
    if (problems.items.length > 0) continue;

    const module = await import(pathToFileURL(apiPath).href);
    const api = module[target.export] as ApiDefinition;
    const components = new Map<string, JsonSchema>(
      [...ctx.components].map(([name, c]) => [name, c.schema]),
    );
    const outDir = resolve(root, target.out);
    const apiImport = importPath(outDir, apiPath);
    const rpc = rpcImportsFor(
      root,
      outDir,
      rpcDir.protocol === 'file:' ? fileURLToPath(rpcDir).replace(/[\\/]$/, '') : undefined,
    );
    const streamComponents = new Map<string, JsonSchema>(
      [...streamCtx.components].filter(([name]) => !ctx.components.has(name))
        .map(([name, c]) => [name, c.schema]),
    );
    const openApiInput = {
      api,
      read,
      components,
      wire: wireNames,
      errorStatus: rpcErrorStatus,
      streams,
      streamComponents,
    };
    const document = emitOpenApi(openApiInput);
    const document32 = emitOpenApi32(openApiInput);
    const bindings = emitBindings({
      read,
      paths: Object.fromEntries(Object.entries(api.endpoints).map(([n, e]) => [n, e.path])),
      apiImport,
      apiExport: target.export,
      rpc,
      source: target.api,
    });
    for (const clash of bindings.clashes) problems.add(decl, clash);
    if (problems.items.length > 0) continue;
    const file = (name: string, contents: string) => ({ path: join(target.out, name), contents });
    outputs.push({
      target,
      document,
      document32,
      files: [
        file('openapi.json', JSON.stringify(document, null, 2) + '\n'),
        file('openapi-3.2.json', JSON.stringify(document32, null, 2) + '\n'),
        file('openapi-types.ts', await emitOpenApiTypes(document, target.api)),
        file('schemas.ts', emitSchemas(components, read, { rpc, source: target.api })),
        file(
          'validators.ts',
          emitValidators({
            components,
            read,
            apiImport,
            apiExport: target.export,
            rpc,
            source: target.api,
          }),
        ),
        file('bindings.ts', bindings.source),
      ],
    });
  }
  if (problems.items.length > 0) throw new CodegenError(problems.items);
  return outputs;
}

function importPath(fromDir: string, to: string): string {
  const rel = relative(fromDir, to).split('\\').join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/**
 * The absolute folder of a file URL, e.g. for `import.meta.url`.
 *
 * @param url A `file:` URL.
 * @returns Its folder.
 */
export function dirOf(url: string | URL): string {
  return dirname(decodeURIComponent(new URL(url).pathname));
}
