/**
 * Mutants of the instance methods (`/api/v1/instances/{instanceId}/rpc`):
 * each replaces one handler with the mock's own, bent in one realistic way.
 *
 * @module
 */
import { instanceHandlers } from '../../mock-server/roj/instance/mod.ts';
import { type Mutant, mutantMock } from './_build.ts';

const own = instanceHandlers;

/** Instance-method mutants. */
export const instanceMutants: Mutant[] = [
  {
    name: 'pause-paused-accepted',
    description: 'pauseSandbox on a paused sandbox answers ok instead of 409 conflict',
    caughtBy: 'createSandbox/ensureSandbox + pauseSandbox ×2',
    build: (config) =>
      mutantMock(config, {
        handlers: {
          instance: {
            pauseSandbox: (input, ctx) => {
              const current = ctx.instance.sandboxId === undefined
                ? undefined
                : ctx.state.sandboxes.get(ctx.instance.sandboxId);
              if (current?.id === input.sandboxId && current.state === 'paused') {
                return { ok: true };
              }
              return own.pauseSandbox(input, ctx);
            },
          },
        },
      }),
  },
  {
    name: 'exec-success-by-stderr',
    description:
      'execInSandbox reports success when stderr is empty, so `false` (status 1, no output) succeeds',
    caughtBy: 'createSandbox + execInSandbox("false")',
    build: (config) =>
      mutantMock(config, {
        handlers: {
          instance: {
            execInSandbox: async (input, ctx) => {
              const out = await own.execInSandbox(input, ctx);
              return { ...out, success: out.stderr === '' };
            },
          },
        },
      }),
  },
  {
    name: 'logs-truncated-off-by-one',
    description:
      'getAgentLogs reports truncated when the log has exactly `lines` lines (>= instead of >)',
    caughtBy: 'createSandbox + getAgentLogs(lines = log length)',
    build: (config) =>
      mutantMock(config, {
        handlers: {
          instance: {
            getAgentLogs: async (input, ctx) => {
              const out = await own.getAgentLogs(input, ctx);
              const sandbox = ctx.state.sandboxes.get(input.sandboxId)!;
              return { ...out, truncated: sandbox.log.length >= (input.lines ?? 100) };
            },
          },
        },
      }),
  },
  {
    name: 'ensure-resumes-paused',
    description: 'ensureSandbox resumes a paused sandbox instead of returning it as it is',
    caughtBy: 'createSandbox + pauseSandbox + ensureSandbox',
    build: (config) =>
      mutantMock(config, {
        handlers: {
          instance: {
            ensureSandbox: async (input, ctx) => {
              const out = await own.ensureSandbox(input, ctx);
              if (out.state !== 'paused') return out;
              await own.resumeSandbox({}, ctx);
              return { ...out, state: 'running' };
            },
          },
        },
      }),
  },
];
