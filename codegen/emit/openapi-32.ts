/**
 * Emits the OpenAPI 3.2 document. It is the 3.1 document (./openapi.ts) plus
 * what only 3.2 can say: each event stream's items (`itemSchema` on
 * `text/event-stream`, ./streams.ts) with the event data components, and the
 * WebDAV methods without a Path Item field (`additionalOperations`,
 * ./routes.ts). Tools that read 3.1 only keep using `openapi.json`.
 *
 * @module
 */
import { emitOpenApi, type OpenApiDocument, type OpenApiInput } from './openapi.ts';

/**
 * Builds the OpenAPI 3.2 document.
 *
 * @param input What the 3.1 document is built from, with the streams' event components.
 * @returns The document, `openapi: 3.2.0`.
 */
export function emitOpenApi32(input: OpenApiInput): OpenApiDocument {
  return emitOpenApi(input, { version: '3.2' });
}
