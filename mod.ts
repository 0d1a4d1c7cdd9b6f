/**
 * `@roj/sdk`: typed, edge-portable clients for the Roj platform, on Web APIs
 * only (`fetch`, `AbortSignal`), so they run unchanged on Deno, Bun, Node,
 * Workers and browsers.
 *
 * This entry point has the whole Roj SDK (see `./roj`) and the RPC core
 * pieces a user of it meets: the result-returning {@linkcode createRpcClient},
 * call options, results and errors. Registries and API definitions of your
 * own are in `./rpc`.
 *
 * Runtime compatibility: Deno ≥ 2, Bun ≥ 1.4, Node ≥ 20, Cloudflare Workers
 * and browsers, each exercised by the package's CI (`deno task test`). The
 * mock (`./mock`), conformance suite (`./conformance`) and codegen
 * (`./codegen`) are server-side tools: Deno, Bun and Node for the first two,
 * Deno for codegen, and the mock on Workers too.
 *
 * @example Call the platform
 * ```ts
 * import { createRojClient, RojApiError } from './mod.ts';
 *
 * async function instanceName(instanceId: string): Promise<string | undefined> {
 *   const roj = createRojClient({ url: 'https://roj.example.com', apiKey: 'rk_live' });
 *   try {
 *     return (await roj.instances.get(instanceId)).name;
 *   } catch (error) {
 *     if (error instanceof RojApiError && error.type === 'not_found') return undefined;
 *     throw error;
 *   }
 * }
 * ```
 *
 * @module
 */
export * from './src/roj/mod.ts';
export {
  type CallOptions,
  createRpcClient,
  type FetchFn,
  type RpcCall,
  type RpcCallError,
  type RpcClient,
  type RpcClientOptions,
  type RpcResult,
  throwingCall,
} from './src/rpc/client.ts';
export type {
  MethodDef,
  MethodInput,
  MethodName,
  MethodOutput,
  MethodRegistry,
} from './src/rpc/definition.ts';
export type * from './src/rpc/wire.ts';
export * from './src/rpc/error-types.ts';
export { type ReadRetry, type RetryPolicy, retryReads } from './src/rpc/retry.ts';
