/**
 * The session methods of the instance endpoint (docs/roj-contract.md §5):
 * the platform's `sessions.*` rules, for the instance the token names, with
 * `listSessions` giving `createdAt` in epoch milliseconds.
 *
 * @example Through the instance client
 * ```ts
 * import assert from 'node:assert/strict';
 * import { createMockServer, defaultApiKey } from '../../mod.ts';
 * import { createRojClient, createRojInstanceClient } from '../../../mod.ts';
 *
 * const mock = createMockServer();
 * const fetch = (input: Request | string | URL, init?: RequestInit) =>
 *   mock.fetch(new Request(input, init));
 * const origin = 'http://mock.test';
 * const roj = createRojClient({ url: origin, apiKey: defaultApiKey, fetch });
 * const { instanceId } = await roj.instances.create({ templateSlug: 'starter', name: 'demo' });
 * const { token } = await roj.tokens.create({ instanceId });
 * const instance = createRojInstanceClient({ url: origin, instanceId, token, fetch });
 *
 * const { sessionId } = await instance.sessions.create('default');
 * const { sessions } = await instance.sessions.list();
 * assert.equal(sessions[0].id, sessionId);
 * assert.equal(typeof sessions[0].createdAt, 'number');
 * assert.deepEqual(await instance.sessions.publish(sessionId), { ok: true, pushed: false });
 * ```
 *
 * @module
 */
import type { PublishSessionOutput } from '../../../src/roj/methods.ts';
import type {
  InstanceCreateSessionInput,
  InstanceCreateSessionOutput,
  InstanceListSessionsOutput,
  InstancePublishSessionInput,
} from '../../../src/roj/instance-methods.ts';
import type { InstanceContext } from '../context.ts';
import {
  createSession as createInstanceSession,
  findSession,
  publishSession as publishInstanceSession,
  sessionsOf,
  sessionStatus,
} from '../domain/sessions.ts';

/**
 * `createSession`: as `sessions.create` without `blocking`, so the session is
 * `creating` until the configured delay has passed.
 *
 * @param input The preset.
 * @param ctx The request's context.
 * @returns `{sessionId}`.
 * @throws {RpcFault} `not_found` for an unknown preset.
 *
 * @example Usage
 * ```ts ignore
 * const { sessionId } = await instance.sessions.create('default');
 * ```
 */
export function createSession(
  input: InstanceCreateSessionInput,
  ctx: InstanceContext,
): InstanceCreateSessionOutput {
  const { session } = createInstanceSession(ctx, {
    instance: ctx.instance,
    presetId: input.presetId,
  });
  return { sessionId: session.id };
}

/**
 * `listSessions`: the instance's sessions, oldest first.
 *
 * @param _input `{}`.
 * @param ctx The request's context.
 * @returns `{sessions}`, each with `createdAt` in epoch milliseconds.
 *
 * @example Usage
 * ```ts ignore
 * const { sessions } = await instance.sessions.list();
 * ```
 */
export function listSessions(_input: unknown, ctx: InstanceContext): InstanceListSessionsOutput {
  return {
    sessions: sessionsOf(ctx.state, ctx.instance).map((session) => ({
      id: session.id,
      presetId: session.presetId,
      status: sessionStatus(session, ctx.now),
      createdAt: session.createdAt,
    })),
  };
}

/**
 * `publishSession`: as `sessions.publish`.
 *
 * @param input The session.
 * @param ctx The request's context.
 * @returns `{ok, pushed, commitSha?}`.
 * @throws {RpcFault} `not_found` when the session is not the instance's.
 *
 * @example Usage
 * ```ts ignore
 * const { pushed, commitSha } = await instance.sessions.publish(sessionId);
 * ```
 */
export function publishSession(
  input: InstancePublishSessionInput,
  ctx: InstanceContext,
): PublishSessionOutput {
  const session = findSession(ctx.state, { instance: ctx.instance, sessionId: input.sessionId });
  return publishInstanceSession(ctx, { instance: ctx.instance, session });
}
