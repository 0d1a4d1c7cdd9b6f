/**
 * Emits TypeScript types for the OpenAPI document with openapi-typescript. The
 * round-trip test proves them mutually assignable with the registry types, so
 * the document says exactly what the registries say.
 *
 * @module
 */
import openapiTS, { astToString } from 'openapi-typescript';
import { banner } from './banner.ts';

/**
 * Runs openapi-typescript on a document.
 *
 * @param document The OpenAPI document.
 * @param source The definition's path for the banner.
 * @returns The module's source text.
 */
export async function emitOpenApiTypes(document: unknown, source: string): Promise<string> {
  // openapi-typescript annotates the document it is given in place; give it a copy.
  // deno-lint-ignore no-explicit-any
  const ast = await openapiTS(structuredClone(document) as any, { silent: true });
  return `${banner(source)}\n// deno-lint-ignore-file\n${astToString(ast)}`;
}
