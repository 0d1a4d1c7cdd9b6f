/**
 * Emits the JSON Schemas as a TypeScript module, for runtime use (the
 * conformance suite derives its arbitraries from them) without JSON imports.
 *
 * @module
 */
import type { JsonSchema } from '../../src/rpc/json-schema.ts';
import type { ReadApiResult } from '../read/api.ts';
import { banner } from './banner.ts';
import type { RpcImports } from './rpc-imports.ts';

/**
 * Builds the schemas module.
 *
 * @param components Every component schema, by name.
 * @param read The types read from the API definition.
 * @param options Where the RPC core's modules are imported from, and the banner's source path.
 * @returns The module's source text.
 */
export function emitSchemas(
  components: Map<string, JsonSchema>,
  read: ReadApiResult,
  options: { rpc: Readonly<RpcImports>; source: string },
): string {
  const sorted = Object.fromEntries([...components].sort(([a], [b]) => a.localeCompare(b)));
  const methods = Object.fromEntries(
    [...read.endpoints].map(([endpoint, ms]) => [
      endpoint,
      Object.fromEntries(ms.map((m) => [m.name, { input: m.input, output: m.output }])),
    ]),
  );
  const uploads = Object.fromEntries(
    read.uploads.map((u) => [u.name, { form: u.form, output: u.output }]),
  );
  return [
    banner(options.source),
    `import type { JsonSchema } from '${options.rpc.jsonSchema}';`,
    '',
    '/** Every component schema (JSON Schema 2020-12), by name; `$ref`s point into this map. */',
    `export const componentSchemas: Record<string, JsonSchema> = ${
      JSON.stringify(sorted, null, 2)
    };`,
    '',
    "/** Component names of each method's input and output, by endpoint. */",
    `export const methodSchemas = ${JSON.stringify(methods, null, 2)} as const;`,
    '',
    "/** Component names of each upload's form and output. */",
    `export const uploadSchemas = ${JSON.stringify(uploads, null, 2)} as const;`,
    '',
  ].join('\n');
}
