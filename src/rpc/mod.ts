/**
 * The runtime-free RPC core: method registries, API definitions, the wire
 * envelope, the shared error table and a `fetch`-based client with opt-in
 * retries for reads. Nothing here is specific to one product; Roj and Rool
 * both build on it.
 *
 * @example Define a registry and call it
 * ```ts
 * import { createRpcClient, defineMethods, method } from './mod.ts';
 * const methods = defineMethods({ 'users.get': method<{ id: string }, { name: string }>() });
 * const client = createRpcClient<typeof methods>('https://api.example.com/v1');
 * // const result = await client.call('users.get', { id: 'u1' });
 * ```
 *
 * @module
 */
export * from './definition.ts';
export * from './wire.ts';
export * from './error-types.ts';
export * from './api.ts';
export * from './client.ts';
export * from './retry.ts';
export * from './validation.ts';
export * from './json-schema.ts';
