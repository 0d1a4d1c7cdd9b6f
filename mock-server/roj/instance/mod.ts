/**
 * The handlers of the instance endpoint, `POST /api/v1/instances/{instanceId}/rpc`
 * (docs/roj-contract.md §5). The endpoint's context has already checked the
 * token (valid, unexpired, minted for this instance, from its origin) and that
 * the instance is not archived.
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
 * await instance.sandbox.create();
 * assert.equal((await instance.sandbox.exec('echo $USER')).stdout, 'user\n');
 * ```
 *
 * @module
 */
import type { InstanceMethods } from '../../../src/roj/instance-methods.ts';
import type { Handlers } from '../../rpc/handlers.ts';
import type { InstanceContext } from '../context.ts';
import { execInSandbox } from './exec.ts';
import {
  createSandbox,
  ensureSandbox,
  getAgentLogs,
  pauseSandbox,
  restartAgent,
  resumeSandbox,
  terminateSandbox,
  validateSandboxToken,
} from './sandbox.ts';
import { getServiceUrl, getServiceUrls } from './services.ts';
import { createSession, listSessions, publishSession } from './sessions.ts';

/** Every instance method's handler. */
export const instanceHandlers: Handlers<InstanceMethods, InstanceContext> = {
  createSandbox,
  ensureSandbox,
  pauseSandbox,
  resumeSandbox,
  terminateSandbox,
  restartAgent,
  getAgentLogs,
  execInSandbox,
  validateSandboxToken,
  createSession,
  listSessions,
  publishSession,
  getServiceUrl,
  getServiceUrls,
};
