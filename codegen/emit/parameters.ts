/**
 * OpenAPI Parameter Objects (OpenAPI 3.1 §4.8.12) for the path parameters,
 * query parameters and request headers an API definition declares.
 *
 * @module
 */
import type { PathParam, RequestParam } from '../../src/rpc/api.ts';

/** Where a parameter is sent. */
export type ParameterPlace = 'path' | 'query' | 'header';

/**
 * Builds Parameter Objects, all strings.
 *
 * @param place Where they are sent; path parameters are always required.
 * @param params The parameters by name, or `undefined` for none.
 * @returns The Parameter Objects, in declaration order.
 *
 * @example A required header
 * ```ts
 * import assert from 'node:assert/strict';
 * import { parameters } from './parameters.ts';
 * assert.deepEqual(parameters('header', { Depth: { description: 'How deep', required: true } }), [
 *   {
 *     name: 'Depth',
 *     in: 'header',
 *     required: true,
 *     description: 'How deep',
 *     schema: { type: 'string' },
 *   },
 * ]);
 * ```
 */
export function parameters(
  place: ParameterPlace,
  params: Record<string, PathParam | RequestParam> | undefined,
): Record<string, unknown>[] {
  return Object.entries(params ?? {}).map(([name, p]) => ({
    name,
    in: place,
    required: place === 'path' || ('required' in p && p.required === true),
    description: p.description,
    schema: { type: 'string' },
  }));
}
