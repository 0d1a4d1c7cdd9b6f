// The instance-route commands against the mock: no false alarm on a fresh mock nor on one full
// of leftovers, and each targeted mutant of an instance handler reported with a short replay.
import assert from 'node:assert/strict';
import process from 'node:process';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { createMockServer, type HandlerOverrides, type MockServer } from '../../mock-server/mod.ts';
import { instanceHandlers as own } from '../../mock-server/roj/instance/mod.ts';
import { instanceMethods } from '../../src/roj/instance-methods.ts';
import { type ConformanceConfig, defaultConfig, referenceOptions } from '../config.ts';
import { type ConformanceResult, runConformance } from '../run.ts';
import { allCommands } from './mod.ts';
import { shellLine } from './_shell-line.ts';

const config: ConformanceConfig = defaultConfig();
/** The instance route's commands and what they build on. */
const instanceOnly = 'instances.create,instances.archive,tokens.create,instance.*';

function run(
  mock: MockServer,
  options: { seed: number; runs: number; only?: string },
): Promise<ConformanceResult> {
  return runConformance({
    target: { url: 'http://target.test', apiKey: 'roj_dev_key', fetch: mock.fetch },
    config,
    only: instanceOnly,
    size: 'medium',
    maxCommands: 40,
    ...options,
  });
}

function explain(result: ConformanceResult): string {
  const { seed, error, divergence } = result;
  return `seed ${seed}: ${error ?? ''}\n${divergence?.commands.join('\n') ?? ''}\n${
    divergence?.message ?? ''
  }`;
}

function mutant(instance: HandlerOverrides['instance']): MockServer {
  return createMockServer({ ...referenceOptions(config), handlers: { instance }, onError() {} });
}

describe('instance-route commands', () => {
  test('cover every instance method', () => {
    const names = new Set(allCommands(config).map((c) => c.name));
    for (const method of Object.keys(instanceMethods)) {
      assert.ok(names.has(`instance.${method}`), `no command for ${method}`);
    }
  });

  test('generate shell lines of every kind the contract lists', () => {
    const lines = fc.sample(shellLine, { numRuns: 2000, seed: 1 }).join('\n');
    for (
      const word of ['echo', 'true', 'false', 'pwd', 'cd', 'ls', 'cat', 'mkdir', 'touch', 'rm']
    ) {
      assert.match(lines, new RegExp(`(^|[;&|\\n] ?)${word}\\b`, 'm'), word);
    }
    for (const piece of [' && ', ' || ', ' ; ', ' > ', ' >> ', 'exit ', "'", '"', '$', 'env']) {
      assert.ok(lines.includes(piece), piece);
    }
    assert.doesNotMatch(lines, /ROJ_SANDBOX_TOKEN/, 'only env may print the sandbox token');
  });

  test('find no divergence in the mock, nor in the same mock full of leftovers', {
    timeout: 60_000,
  }, async () => {
    const mock = createMockServer(referenceOptions(config));
    for (const seed of [1, 2, 3]) {
      const result = await run(mock, { seed, runs: 12 });
      assert.ok(result.ok, explain(result));
    }
    // The same target again: its IDs, codes and sandbox tokens now differ from the reference's.
    for (const seed of [4, 5, 6]) {
      const result = await run(mock, { seed, runs: 12 });
      assert.ok(result.ok, explain(result));
    }
  });

  const mutants: [string, HandlerOverrides['instance']][] = [
    ['pauseSandbox accepts a paused sandbox (an illegal move)', {
      pauseSandbox: (input, ctx) => {
        const sandbox = ctx.state.sandboxes.get(input.sandboxId);
        if (sandbox?.state === 'paused' && ctx.instance.sandboxId === sandbox.id) {
          return { ok: true };
        }
        return own.pauseSandbox(input, ctx);
      },
    }],
    ['restartAgent restarts a paused sandbox', {
      restartAgent: (input, ctx) => {
        const sandbox = ctx.state.sandboxes.get(input.sandboxId);
        if (sandbox?.state === 'paused' && ctx.instance.sandboxId === sandbox.id) {
          sandbox.state = 'running';
          return { ok: true };
        }
        return own.restartAgent(input, ctx);
      },
    }],
    ['getAgentLogs never reports truncated', {
      getAgentLogs: async (input, ctx) => ({
        ...await own.getAgentLogs(input, ctx),
        truncated: false,
      }),
    }],
    ['execInSandbox reports success for `false`', {
      execInSandbox: async (input, ctx) => {
        const out = await own.execInSandbox(input, ctx);
        return { ...out, success: out.success || /\bfalse\s*$/.test(input.command) };
      },
    }],
    ['validateSandboxToken accepts any rjs_ token', {
      validateSandboxToken: async (input, ctx) => {
        const out = await own.validateSandboxToken(input, ctx);
        return { value: out.value || input.token.startsWith('rjs_') };
      },
    }],
    ["validateSandboxToken still accepts a terminated sandbox's own token", {
      validateSandboxToken: (input, ctx) => {
        const sandbox = ctx.state.sandboxes.get(input.sandboxId);
        if (sandbox?.state === 'terminated' && ctx.instance.sandboxId === sandbox.id) {
          return { value: input.token === sandbox.token };
        }
        return own.validateSandboxToken(input, ctx);
      },
    }],
    ['ensureSandbox replaces a paused sandbox with a new one', {
      ensureSandbox: async (input, ctx) => {
        const out = await own.ensureSandbox(input, ctx);
        if (out.state !== 'paused') return out;
        await own.terminateSandbox({ sandboxId: out.sandboxId }, ctx);
        return own.ensureSandbox(input, ctx);
      },
    }],
    ['getServiceUrls reports the services of the preset in reverse', {
      getServiceUrls: async (input, ctx) => {
        const out = await own.getServiceUrls(input, ctx);
        return { services: [...out.services].reverse() };
      },
    }],
  ];

  for (const [name, handlers] of mutants) {
    test(`report a mutant: ${name}`, { timeout: 60_000 }, async () => {
      const seed = Number(process.env.CONFORMANCE_SEED ?? 42);
      const result = await run(mutant(handlers), { seed, runs: 300 });
      assert.equal(result.error, undefined, explain(result));
      assert.equal(result.ok, false, `not reported: ${name}`);
      const { commands } = result.divergence!;
      assert.ok(
        commands.length <= 6,
        `a replay of ${commands.length} commands:\n${explain(result)}`,
      );
    });
  }
});
