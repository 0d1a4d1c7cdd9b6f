/**
 * The Roj SDK: typed clients for the Roj platform API, the method registries
 * they are built from, and the API definition that says where each registry is
 * served and how callers authenticate.
 *
 * - {@linkcode createRojClient}: the platform endpoint, with an API key.
 * - {@linkcode createRojInstanceClient}: one instance's endpoint, with an
 *   instance token or cookie.
 * - {@linkcode RojApiError}: what every failed call rejects with.
 *
 * @example Create an instance, then drive its sandbox
 * ```ts
 * import { createRojClient, createRojInstanceClient, RojApiError } from './mod.ts';
 *
 * async function deploy(url: string, apiKey: string): Promise<string> {
 *   const roj = createRojClient({ url, apiKey, timeout: 30_000 });
 *   const { instanceId } = await roj.instances.create({ templateSlug: 'node', name: 'Demo' });
 *   const { token } = await roj.tokens.create({ instanceId });
 *   const instance = createRojInstanceClient({ url, instanceId, token });
 *   try {
 *     await instance.sandbox.ensure();
 *     const { stdout } = await instance.sandbox.exec('node --version');
 *     return stdout;
 *   } catch (error) {
 *     if (error instanceof RojApiError && error.type === 'conflict') return 'busy';
 *     throw error;
 *   }
 * }
 * ```
 *
 * @module
 */
export * from './methods.ts';
export * from './instance-methods.ts';
export * from './api.ts';
export * from './files.ts';
export * from './sandbox-state.ts';
export * from './errors.ts';
export * from './client.ts';
export * from './instance-client.ts';
