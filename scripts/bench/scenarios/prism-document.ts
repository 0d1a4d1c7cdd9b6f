/**
 * A one-operation OpenAPI document derived from ours, for Prism: the same
 * `POST` endpoint, security and error responses, with the request body and
 * the `200` response narrowed to one RPC method's schemas.
 *
 * Prism 5 serving our whole document lets any body through (its validator does
 * not reject against our `oneOf` of every method's envelope: even `[]` gets a
 * `200`) and answers the first `anyOf` branch's example. Narrowed to one method,
 * it validates the body and answers that method's shape, as the mock does.
 *
 * @module
 */

/** Options of {@linkcode oneOperationDocument}. */
export interface OneOperationOptions {
  /** The path whose `post` operation is kept, e.g. `/api/v1/rpc`. */
  path: string;
  /** The component schema of the method's request envelope, e.g. `PlatformInstancesGetRequest`. */
  request: string;
  /** The component schema of its success envelope, e.g. `PlatformInstancesGetSuccess`. */
  success: string;
}

type Json = Record<string, unknown>;

/**
 * Derives the one-operation document.
 *
 * @param document Our OpenAPI document, parsed (not changed).
 * @param options The path and the method's two schemas.
 * @returns A new document with only that path's `post`, narrowed to the method.
 * @throws {Error} When the path, its `post` operation or either schema is missing.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { oneOperationDocument } from './prism-document.ts';
 * const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
 * const json = (name: string) => ({ content: { 'application/json': { schema: ref(name) } } });
 * const doc = oneOperationDocument({
 *   openapi: '3.1.0',
 *   info: { title: 't', version: '1' },
 *   paths: {
 *     '/rpc': { post: { requestBody: json('Any'), responses: { 200: json('AnyOk') } } },
 *     '/other': {},
 *   },
 *   components: { schemas: { Any: {}, AnyOk: {}, GetRequest: {}, GetSuccess: {} } },
 * }, { path: '/rpc', request: 'GetRequest', success: 'GetSuccess' });
 * assert.deepEqual(Object.keys(doc.paths as object), ['/rpc']);
 * ```
 */
export function oneOperationDocument(document: Json, options: OneOperationOptions): Json {
  const paths = document.paths as Record<string, Json> | undefined;
  const operation = paths?.[options.path]?.post as Json | undefined;
  if (operation === undefined) {
    throw new Error(`The document has no post operation at ${options.path}`);
  }
  const schemas = (document.components as Json | undefined)?.schemas as Json | undefined;
  for (const name of [options.request, options.success]) {
    if (schemas?.[name] === undefined) throw new Error(`The document has no schema ${name}`);
  }
  const body = (name: string) => ({
    content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } },
  });
  const responses = operation.responses as Json;
  return {
    ...document,
    paths: {
      [options.path]: {
        post: {
          ...operation,
          requestBody: { required: true, ...body(options.request) },
          responses: {
            ...responses,
            200: {
              description: (responses[200] as Json | undefined)?.description ?? 'OK',
              ...body(options.success),
            },
          },
        },
      },
    },
  };
}
