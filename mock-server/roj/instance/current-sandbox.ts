/**
 * An instance's current sandbox (docs/roj-contract.md §5): finding it,
 * creating a new one, and moving it between states by the table in
 * `src/roj/sandbox-state.ts`. An instance has at most one current sandbox, in
 * `instance.sandboxId`; a terminated one stays current until it is replaced.
 *
 * @module
 */
import {
  nextSandboxState,
  type SandboxAction,
  type SandboxState,
  sandboxTransitions,
} from '../../../src/roj/sandbox-state.ts';
import { RpcFault } from '../../rpc/fault.ts';
import type { InstanceContext } from '../context.ts';
import { echo } from '../domain/echo.ts';
import { appendEvent } from '../domain/lifecycle.ts';
import { newSecret, nextId, type SandboxRecord } from '../state.ts';
import { appendLog } from './agent-log.ts';
import { createSandboxFs, homeDirectory } from './shell/fs.ts';

/** The lifecycle event and the agent log line of each action. */
const actionRecords: Readonly<
  Record<SandboxAction, { event: string; line: string; verb: string }>
> = {
  pause: { event: 'sandbox.paused', line: 'sandbox paused', verb: 'be paused' },
  resume: { event: 'sandbox.resumed', line: 'sandbox resumed', verb: 'be resumed' },
  terminate: { event: 'sandbox.terminated', line: 'sandbox terminated', verb: 'be terminated' },
  restartAgent: {
    event: 'sandbox.agent_restarted',
    line: 'agent restarted',
    verb: 'have its agent restarted',
  },
};

/**
 * The instance's current sandbox, terminated or not.
 *
 * @param ctx The request's context.
 * @returns The sandbox, or `undefined` when the instance never had one.
 *
 * @example Usage
 * ```ts ignore
 * const sandbox = currentSandbox(ctx); // undefined before the first createSandbox
 * ```
 */
export function currentSandbox(ctx: InstanceContext): SandboxRecord | undefined {
  const id = ctx.instance.sandboxId;
  return id === undefined ? undefined : ctx.state.sandboxes.get(id);
}

/**
 * The instance's current sandbox, which must exist.
 *
 * @param ctx The request's context.
 * @returns The sandbox.
 * @throws {RpcFault} `not_found` when the instance has no sandbox.
 *
 * @example Usage
 * ```ts ignore
 * const sandbox = requireCurrentSandbox(ctx); // 404 without one
 * ```
 */
export function requireCurrentSandbox(ctx: InstanceContext): SandboxRecord {
  const sandbox = currentSandbox(ctx);
  if (!sandbox) throw new RpcFault('not_found', `Instance ${ctx.instance.id} has no sandbox`);
  return sandbox;
}

/**
 * The sandbox an input names, which must be the instance's current one.
 *
 * @param ctx The request's context.
 * @param sandboxId The id from the input.
 * @returns The sandbox.
 * @throws {RpcFault} `not_found` for any other id: unknown, replaced, or another instance's.
 *
 * @example Usage
 * ```ts ignore
 * const sandbox = requireNamedSandbox(ctx, input.sandboxId);
 * ```
 */
export function requireNamedSandbox(ctx: InstanceContext, sandboxId: string): SandboxRecord {
  const sandbox = currentSandbox(ctx);
  if (!sandbox || sandbox.id !== sandboxId) {
    throw new RpcFault(
      'not_found',
      `Sandbox ${
        echo(ctx.runtime, sandboxId)
      } is not the current sandbox of instance ${ctx.instance.id}`,
    );
  }
  return sandbox;
}

/**
 * Creates a new `running` sandbox and makes it current, replacing a
 * terminated one. Records `sandbox.created` and the log line `sandbox created`.
 * The caller checks that this is allowed.
 *
 * @param ctx The request's context.
 * @returns The new sandbox.
 *
 * @example Usage
 * ```ts ignore
 * const { id } = openSandbox(ctx);
 * ```
 */
export function openSandbox(ctx: InstanceContext): SandboxRecord {
  const id = nextId(ctx.state, 'sbx');
  const sandbox: SandboxRecord = {
    id,
    instanceId: ctx.instance.id,
    state: 'running',
    token: newSecret('rjs'),
    e2bId: `e2b_${id.slice(id.indexOf('_') + 1)}`,
    lastActivityAt: ctx.now,
    log: [],
    fs: createSandboxFs(),
    cwd: homeDirectory,
  };
  ctx.state.sandboxes.set(id, sandbox);
  ctx.instance.sandboxId = id;
  appendEvent(ctx.instance, { event: 'sandbox.created', detail: id, at: ctx.now });
  appendLog(sandbox, { line: 'sandbox created', runtime: ctx.runtime });
  return sandbox;
}

/**
 * Moves a sandbox by an action, as the table in `src/roj/sandbox-state.ts`
 * allows, and records it: the lifecycle event, the agent log line, and
 * `lastActivityAt`.
 *
 * @param ctx The request's context.
 * @param options The sandbox and the action.
 * @throws {RpcFault} `conflict` when the table has no such move; then nothing changes.
 *
 * @example Usage
 * ```ts ignore
 * moveSandbox(ctx, { sandbox: requireNamedSandbox(ctx, input.sandboxId), action: 'pause' });
 * ```
 */
export function moveSandbox(
  ctx: InstanceContext,
  options: { sandbox: SandboxRecord; action: SandboxAction },
): void {
  const { sandbox, action } = options;
  const record = actionRecords[action];
  const next = nextSandboxState(sandbox.state, action);
  if (next === undefined) {
    const from = Object.keys(sandboxTransitions[action]) as SandboxState[];
    throw new RpcFault(
      'conflict',
      `Sandbox ${sandbox.id} is ${sandbox.state}; only a ${
        alternatives(from)
      } sandbox can ${record.verb}`,
    );
  }
  sandbox.state = next;
  sandbox.lastActivityAt = ctx.now;
  appendEvent(ctx.instance, { event: record.event, detail: sandbox.id, at: ctx.now });
  appendLog(sandbox, { line: record.line, runtime: ctx.runtime });
}

// ['running', 'paused', 'failed'] → 'running, paused or failed'
function alternatives(words: string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}
