/**
 * Codegen for method registries: reads an API definition's TypeScript types
 * with ts-morph and writes an OpenAPI 3.1 document, JSON Schemas, validators
 * that run without `eval`, typed client bindings and openapi-typescript types.
 * Nothing in here knows any particular product; targets name what to read.
 *
 * @example Generate in memory
 * ```ts ignore
 * import { generate } from './mod.ts';
 * const [roj] = await generate(Deno.cwd(), [
 *   { name: 'roj', api: 'src/roj/api.ts', export: 'rojApi', out: 'src/roj/_generated' },
 * ]);
 * console.log(Object.keys(roj.document.paths));
 * ```
 *
 * @module
 */
export { type CodegenTarget, generate, type GeneratedFile, type TargetOutput } from './generate.ts';
export { CodegenError, type Problem } from './problems.ts';
export type { OpenApiDocument } from './emit/openapi.ts';
export { checkFiles, type Staleness } from './check.ts';
