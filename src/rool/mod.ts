/**
 * The Rool SDK: a client for Rool, a persistent collaborative workspace of
 * spaces, channels, conversations, JSON objects and an AI agent. It follows
 * the Rool 0.11 SDK's API: {@linkcode RoolClient} opens a
 * {@linkcode RoolSpace}, which opens a {@linkcode RoolChannel}, whose
 * {@linkcode ConversationHandle}s hold independent histories. Each space's
 * files are reached over WebDAV through {@linkcode RoolWebDAV}
 * (`space.webdav`), whose failures are {@linkcode WebDAVError}s.
 *
 * Every call goes through the runtime-free RPC core (`POST {apiUrl}/v1/rpc`),
 * so the client runs on Deno, Bun, Node, Workers and browsers. Sign-in is an
 * {@linkcode AuthProvider}: {@linkcode BrowserAuthProvider} (the default),
 * {@linkcode TokenAuthProvider}, or `NodeAuthProvider` from `./rool/node`.
 *
 * @example Objects and the agent, against an in-process server
 * ```ts
 * import assert from 'node:assert/strict';
 * import { RoolClient, TokenAuthProvider } from './mod.ts';
 *
 * // A stand-in server answering three methods; a real client omits `fetch`.
 * const fetch = async (_url: unknown, init?: RequestInit) => {
 *   const { method, input } = JSON.parse(String(init?.body));
 *   const space = { id: 's1', name: 'Solar System', inboundEmailAddress: '', role: 'owner',
 *     ownerId: 'u1', size: 0, createdAt: '', updatedAt: '', linkAccess: 'none', memberCount: 1 };
 *   const channel = { id: 'main', name: null, createdAt: 0, createdBy: 'u1', createdByName: null,
 *     conversationCount: 1 };
 *   const stat = { path: input.path, modifiedAt: 1, modifiedBy: 'u1', modifiedByName: 'Ada',
 *     modifiedInChannel: 'main', modifiedInConversation: null, modifiedInInteraction: null };
 *   const values: Record<string, unknown> = {
 *     'spaces.get': { space, channels: [channel] },
 *     'channels.open': { space, channel, userId: 'u1', schema: {}, metadata: {}, conversations: {},
 *       history: { canUndo: false, canRedo: false }, created: false },
 *     'objects.put': { object: { path: input.path, body: input.body }, message: 'Created',
 *       stat, interaction: null },
 *   };
 *   return Response.json({ ok: true, value: values[method] });
 * };
 *
 * const client = new RoolClient({ authProvider: new TokenAuthProvider('token'), fetch });
 * const space = await client.openSpace('s1');
 * const channel = await space.openChannel('main');
 * const { object } = await channel.putObject('/space/body/sun.json', { name: 'Sun' }, { ephemeral: true });
 * assert.equal(object.body.name, 'Sun');
 * assert.equal(channel.stat(object.path)?.modifiedByName, 'Ada');
 * space.close();
 * ```
 *
 * @module
 */
export { RoolClient } from './client.ts';
export type { ArchiveInput } from './_archive.ts';
export { RoolSpace, type RouteInfo } from './space.ts';
export { RoolChannel } from './channel.ts';
export { ConversationHandle } from './conversation.ts';
export * from './channel-options.ts';
export * from './event-types.ts';
export * from './events.ts';
export { RoolError, type RoolErrorInit, type RoolErrorJSON } from './errors.ts';
export { RoolWebDAV, type WebDAVRequestInit } from './webdav.ts';
export * from './webdav-types.ts';
export {
  maxErrorBodyLength,
  WebDAVError,
  type WebDAVErrorInit,
  type WebDAVErrorJSON,
  webdavErrorType,
} from './webdav-error.ts';
export * from './logger.ts';
export * from './config.ts';
export * from './auth.ts';
export * from './browser-auth.ts';
export * from './token-auth.ts';
export { isObjectPath, machinePath, machineUri } from './paths.ts';
export { generateId } from './id.ts';
export * from './types.ts';
export * from './methods.ts';
export * from './user-methods.ts';
export * from './space-methods.ts';
export * from './object-methods.ts';
export * from './conversation-methods.ts';
export * from './api.ts';
export type {
  ChannelRef,
  ConversationRef,
  Done,
  ObjectPath,
  RecordOptions,
  SpaceRef,
} from './_refs.ts';
export type { CallOptions, FetchFn } from '../rpc/client.ts';
export { type ReadRetry, type RetryPolicy, retryReads } from '../rpc/retry.ts';
export type { MethodDef, MethodRegistry } from '../rpc/definition.ts';
export type {
  AuthScheme,
  EndpointDef,
  PathParam,
  RequestParam,
  RouteBody,
  RouteDef,
  RouteMethod,
  RouteResponse,
  ServerDef,
  StreamDef,
} from '../rpc/api.ts';
