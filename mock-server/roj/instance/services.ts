/**
 * The service methods of the instance endpoint (docs/roj-contract.md §5):
 * the services a session of this instance exposes, and their URLs under the
 * mock's origin as the caller reached it.
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
 * const { url } = await instance.services.getUrl(sessionId, 'preview');
 * assert.match(url ?? '', /^http:\/\/mock\.test\/services\/[^/]+\/$/);
 * assert.equal((await fetch(new Request(url!))).status, 200);
 * ```
 *
 * @module
 */
import type {
  InstanceGetServiceUrlInput,
  InstanceGetServiceUrlOutput,
  InstanceGetServiceUrlsInput,
  InstanceGetServiceUrlsOutput,
} from '../../../src/roj/instance-methods.ts';
import type { InstanceContext } from '../context.ts';
import { findService, servicesOf, serviceUrl } from '../domain/services.ts';
import { findSession } from '../domain/sessions.ts';

/**
 * `getServiceUrl`: as `services.getUrl`, for this instance.
 *
 * @param input The session and the service type.
 * @param ctx The request's context.
 * @returns `{url}`, `null` when the session's preset has no such service.
 * @throws {RpcFault} `not_found` when the session is not the instance's.
 *
 * @example Usage
 * ```ts ignore
 * const { url } = await instance.services.getUrl(sessionId, 'preview');
 * ```
 */
export function getServiceUrl(
  input: InstanceGetServiceUrlInput,
  ctx: InstanceContext,
): InstanceGetServiceUrlOutput {
  const session = findSession(ctx.state, { instance: ctx.instance, sessionId: input.sessionId });
  const service = findService(ctx.state, { session, serviceType: input.serviceType });
  return { url: service ? serviceUrl(ctx.origin, service.code) : null };
}

/**
 * `getServiceUrls`: every service of a session, in preset order.
 *
 * @param input The session.
 * @param ctx The request's context.
 * @returns `{services: [{serviceType, code, port}]}`.
 * @throws {RpcFault} `not_found` when the session is not the instance's.
 *
 * @example Usage
 * ```ts ignore
 * const { services } = await instance.services.getUrls(sessionId);
 * ```
 */
export function getServiceUrls(
  input: InstanceGetServiceUrlsInput,
  ctx: InstanceContext,
): InstanceGetServiceUrlsOutput {
  const session = findSession(ctx.state, { instance: ctx.instance, sessionId: input.sessionId });
  return {
    services: servicesOf(ctx.state, session).map(({ serviceType, code, port }) => ({
      serviceType,
      code,
      port,
    })),
  };
}
