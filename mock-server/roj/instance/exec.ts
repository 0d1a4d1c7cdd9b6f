/**
 * `execInSandbox` (docs/roj-contract.md §5 and §5.1): runs a command line in
 * the fake shell of the instance's current, running sandbox.
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
 * const { stdout, success } = await instance.sandbox.exec('mkdir -p src && cd src && pwd');
 * assert.deepEqual([stdout, success], ['/home/user/src\n', true]);
 * ```
 *
 * @module
 */
import type {
  InstanceExecInSandboxInput,
  InstanceExecInSandboxOutput,
} from '../../../src/roj/instance-methods.ts';
import { RpcFault } from '../../rpc/fault.ts';
import type { InstanceContext } from '../context.ts';
import { appendLog } from './agent-log.ts';
import { requireCurrentSandbox } from './current-sandbox.ts';
import { runCommandLine } from './shell/run.ts';

/**
 * `execInSandbox`: logs `$ <command>`, runs it, and marks the sandbox active.
 *
 * @param input The command line.
 * @param ctx The request's context.
 * @returns `{stdout, stderr, success}`.
 * @throws {RpcFault} `not_found` when the instance has no sandbox; `conflict` when it is not
 * running.
 *
 * @example Usage
 * ```ts ignore
 * const { stdout, stderr, success } = await instance.sandbox.exec('ls -a');
 * ```
 */
export function execInSandbox(
  input: InstanceExecInSandboxInput,
  ctx: InstanceContext,
): InstanceExecInSandboxOutput {
  const sandbox = requireCurrentSandbox(ctx);
  if (sandbox.state !== 'running') {
    throw new RpcFault(
      'conflict',
      `Sandbox ${sandbox.id} is ${sandbox.state}; commands run only in a running sandbox`,
    );
  }
  appendLog(sandbox, { line: `$ ${input.command}`, runtime: ctx.runtime });
  sandbox.lastActivityAt = ctx.now;
  const { stdout, stderr, success } = runCommandLine(sandbox, input.command);
  return { stdout, stderr, success };
}
