/**
 * The sandbox methods of the instance endpoint (docs/roj-contract.md §5):
 * creating, ensuring, pausing, resuming, terminating, restarting the agent,
 * reading the agent log and checking a sandbox token. Each checks every rule
 * before it changes anything.
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
 * const { sandboxId } = await instance.sandbox.ensure();
 * await instance.sandbox.pause(sandboxId);
 * assert.deepEqual(await instance.sandbox.ensure(), { sandboxId, state: 'paused' });
 * await instance.sandbox.resume();
 * const { logs } = await instance.sandbox.getAgentLogs(sandboxId, 2);
 * assert.equal(logs, 'sandbox paused\nsandbox resumed');
 * ```
 *
 * @module
 */
import type { GetAgentLogsOutput } from '../../../src/roj/methods.ts';
import type {
  InstanceCreateSandboxOutput,
  InstanceEnsureSandboxOutput,
  InstanceGetAgentLogsInput,
  InstanceOkOutput,
  InstancePauseSandboxInput,
  InstanceRestartAgentInput,
  InstanceTerminateSandboxInput,
  InstanceValidateSandboxTokenInput,
  InstanceValidateSandboxTokenOutput,
} from '../../../src/roj/instance-methods.ts';
import { RpcFault } from '../../rpc/fault.ts';
import type { InstanceContext } from '../context.ts';
import { sameSecret } from '../state.ts';
import { tailLog } from './agent-log.ts';
import {
  currentSandbox,
  moveSandbox,
  openSandbox,
  requireCurrentSandbox,
  requireNamedSandbox,
} from './current-sandbox.ts';

/** How many log lines `getAgentLogs` returns when `lines` is absent. */
export const defaultLogLines = 100;

/**
 * `createSandbox`: a new `running` sandbox, when the instance has none or only a terminated one.
 *
 * @param _input `{}`.
 * @param ctx The request's context.
 * @returns `{sandboxId}`.
 * @throws {RpcFault} `conflict` when the current sandbox is not terminated.
 *
 * @example Usage
 * ```ts ignore
 * const { sandboxId } = await instance.sandbox.create();
 * ```
 */
export function createSandbox(_input: unknown, ctx: InstanceContext): InstanceCreateSandboxOutput {
  const current = currentSandbox(ctx);
  if (current && current.state !== 'terminated') {
    throw new RpcFault(
      'conflict',
      `Instance ${ctx.instance.id} already has sandbox ${current.id} (${current.state}); terminate it first, or use ensureSandbox`,
    );
  }
  return { sandboxId: openSandbox(ctx).id };
}

/**
 * `ensureSandbox`: the current sandbox in whatever state it is, or a new one
 * when there is none or it is terminated. It never resumes a paused sandbox.
 *
 * @param _input `{}`.
 * @param ctx The request's context.
 * @returns `{sandboxId, state}`.
 *
 * @example Usage
 * ```ts ignore
 * const { sandboxId, state } = await instance.sandbox.ensure();
 * ```
 */
export function ensureSandbox(_input: unknown, ctx: InstanceContext): InstanceEnsureSandboxOutput {
  const current = currentSandbox(ctx);
  const sandbox = current && current.state !== 'terminated' ? current : openSandbox(ctx);
  return { sandboxId: sandbox.id, state: sandbox.state };
}

/**
 * `pauseSandbox`: `running` → `paused`.
 *
 * @param input The sandbox id.
 * @param ctx The request's context.
 * @returns `{ok: true}`.
 * @throws {RpcFault} `not_found` when it is not the current sandbox; `conflict` when not running.
 *
 * @example Usage
 * ```ts ignore
 * await instance.sandbox.pause(sandboxId);
 * ```
 */
export function pauseSandbox(
  input: InstancePauseSandboxInput,
  ctx: InstanceContext,
): InstanceOkOutput {
  moveSandbox(ctx, { sandbox: requireNamedSandbox(ctx, input.sandboxId), action: 'pause' });
  return { ok: true };
}

/**
 * `resumeSandbox`: the current sandbox, `paused` → `running`.
 *
 * @param _input `{}`.
 * @param ctx The request's context.
 * @returns `{ok: true}`.
 * @throws {RpcFault} `not_found` when the instance has no sandbox; `conflict` when not paused.
 *
 * @example Usage
 * ```ts ignore
 * await instance.sandbox.resume();
 * ```
 */
export function resumeSandbox(_input: unknown, ctx: InstanceContext): InstanceOkOutput {
  moveSandbox(ctx, { sandbox: requireCurrentSandbox(ctx), action: 'resume' });
  return { ok: true };
}

/**
 * `terminateSandbox`: `running`, `paused` or `failed` → `terminated`.
 *
 * @param input The sandbox id.
 * @param ctx The request's context.
 * @returns `{ok: true}`.
 * @throws {RpcFault} `not_found` when it is not the current sandbox; `conflict` when terminated.
 *
 * @example Usage
 * ```ts ignore
 * await instance.sandbox.terminate(sandboxId);
 * ```
 */
export function terminateSandbox(
  input: InstanceTerminateSandboxInput,
  ctx: InstanceContext,
): InstanceOkOutput {
  moveSandbox(ctx, { sandbox: requireNamedSandbox(ctx, input.sandboxId), action: 'terminate' });
  return { ok: true };
}

/**
 * `restartAgent`: `running` or `failed` → `running`, logging `agent restarted`.
 *
 * @param input The sandbox id.
 * @param ctx The request's context.
 * @returns `{ok: true}`.
 * @throws {RpcFault} `not_found` when it is not the current sandbox; `conflict` when paused or
 * terminated.
 *
 * @example Usage
 * ```ts ignore
 * await instance.sandbox.restartAgent(sandboxId);
 * ```
 */
export function restartAgent(
  input: InstanceRestartAgentInput,
  ctx: InstanceContext,
): InstanceOkOutput {
  moveSandbox(ctx, {
    sandbox: requireNamedSandbox(ctx, input.sandboxId),
    action: 'restartAgent',
  });
  return { ok: true };
}

/**
 * `getAgentLogs`: the last `lines` (default 100) lines of the agent log, in any state.
 *
 * @param input The sandbox id and the number of lines.
 * @param ctx The request's context.
 * @returns `{logs, truncated}`; `truncated` is true exactly when the log has more lines.
 * @throws {RpcFault} `not_found` when it is not the current sandbox.
 *
 * @example Usage
 * ```ts ignore
 * const { logs, truncated } = await instance.sandbox.getAgentLogs(sandboxId, 20);
 * ```
 */
export function getAgentLogs(
  input: InstanceGetAgentLogsInput,
  ctx: InstanceContext,
): GetAgentLogsOutput {
  return tailLog(requireNamedSandbox(ctx, input.sandboxId), input.lines ?? defaultLogLines);
}

/**
 * `validateSandboxToken`: whether a token is the current sandbox's own. A
 * terminated sandbox's token is no longer valid.
 *
 * @param input The sandbox id and the token.
 * @param ctx The request's context.
 * @returns `{value}`.
 * @throws {RpcFault} `not_found` when it is not the current sandbox.
 *
 * @example Usage
 * ```ts ignore
 * const { value } = await instance.sandbox.validateToken(sandboxId, token);
 * ```
 */
export function validateSandboxToken(
  input: InstanceValidateSandboxTokenInput,
  ctx: InstanceContext,
): InstanceValidateSandboxTokenOutput {
  const sandbox = requireNamedSandbox(ctx, input.sandboxId);
  const matches = sameSecret(input.token, sandbox.token);
  return { value: matches && sandbox.state !== 'terminated' };
}
