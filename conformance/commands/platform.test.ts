import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { createMockServer, type HandlerOverrides } from '../../mock-server/mod.ts';
import { platformHandlers } from '../../mock-server/roj/platform/mod.ts';
import { platformMethods } from '../../src/roj/methods.ts';
import { defaultConfig } from '../config.ts';
import { type ConformanceResult, runConformance } from '../run.ts';
import { InvalidInput } from './invalid-inputs.ts';
import { allCommands } from './mod.ts';

type Mock = ReturnType<typeof createMockServer>;

// The platform commands of this folder (the instance-route, auth and protocol commands have
// their own tests).
const platformOnly = 'instances.*,sessions.*,tokens.*,services.*,bundles.*,resources.*,files.*';

function run(
  mock: Mock,
  options: { seed: number; runs: number; only?: string },
): Promise<ConformanceResult> {
  return runConformance({
    target: { url: 'http://target.test', apiKey: 'roj_dev_key', fetch: mock.fetch },
    ...options,
  });
}

function explain(result: ConformanceResult): string {
  return JSON.stringify(
    { seed: result.seed, error: result.error, divergence: result.divergence?.message },
    null,
    1,
  );
}

describe('platform commands', () => {
  test('cover every platform method and the upload', () => {
    const names = new Set(allCommands(defaultConfig()).map((c) => c.name));
    for (const method of [...Object.keys(platformMethods), 'files.upload']) {
      assert.ok(names.has(method), `no command for ${method}`);
    }
  });

  test('send near misses of every platform method', () => {
    const invalid = allCommands(defaultConfig()).filter((c) => c.name.endsWith('.invalid'));
    const methods = new Set<string>();
    for (const command of invalid) {
      for (const sample of fc.sample(command.arbitrary, 200)) {
        assert.ok(sample instanceof InvalidInput);
        methods.add(sample.method);
      }
    }
    assert.deepEqual([...methods].sort(), Object.keys(platformMethods).sort());
  });

  test('find no divergence in the mock, nor in the same mock full of leftovers', async () => {
    const mock = createMockServer();
    for (const seed of [1, 2, 3, 4]) {
      const result = await run(mock, { seed, runs: 40, only: platformOnly });
      assert.equal(result.ok, true, explain(result));
      assert.ok(result.progress.commands > 100);
    }
    // Archived instances, files and sessions of 160 runs stay behind: they must not matter.
    assert.ok(mock.runtime.state.instances.size > 0);
    for (const seed of [5, 6]) {
      const result = await run(mock, { seed, runs: 40, only: platformOnly });
      assert.equal(result.ok, true, explain(result));
    }
    // Cleanup left nothing listed: every instance archived, every resource deleted.
    assert.equal(mock.runtime.state.liveInstanceOrder.length, 0);
    assert.equal(mock.runtime.state.resourceOrder.length, 0);
  });

  // Each mutant deviates from the contract in one platform rule; the suite, given the commands
  // that reach the rule (as `--only` does), must notice and shrink the evidence.
  const mutants: [string, string, HandlerOverrides['platform']][] = [
    ['tokens.create defaults to a one-hour TTL', 'instances.create,tokens.create', {
      'tokens.create': (input, ctx) =>
        platformHandlers['tokens.create']({ ...input, expiresIn: input.expiresIn ?? 3600 }, ctx),
    }],
    ['resources.create accepts a taken slug', 'files.upload,resources.*', {
      'resources.create': (input, ctx) => {
        ctx.state.resourceIdBySlug.delete(input.slug);
        return platformHandlers['resources.create'](input, ctx);
      },
    }],
    ['sessions.publish pushes nothing for github', 'instances.create,sessions.*', {
      'sessions.publish': async (input, ctx) => {
        const out = await platformHandlers['sessions.publish'](input, ctx);
        const vcs = ctx.state.instances.get(input.instanceId)?.vcsType;
        return vcs === 'github' ? { ok: true, pushed: false } : out;
      },
    }],
    ['sessions.create ignores archiving', 'instances.*,sessions.create', {
      'sessions.create': async (input, ctx) => {
        const instance = ctx.state.instances.get(input.instanceId);
        const archivedAt = instance?.archivedAt;
        if (instance) delete instance.archivedAt;
        try {
          return await platformHandlers['sessions.create'](input, ctx);
        } finally {
          if (instance && archivedAt !== undefined) instance.archivedAt = archivedAt;
        }
      },
    }],
    ['sessions.publish publishes for an archived instance', 'instances.create,*ThenUse', {
      'sessions.publish': async (input, ctx) => {
        const instance = ctx.state.instances.get(input.instanceId);
        const archivedAt = instance?.archivedAt;
        if (instance) delete instance.archivedAt;
        try {
          return await platformHandlers['sessions.publish'](input, ctx);
        } finally {
          if (instance && archivedAt !== undefined) instance.archivedAt = archivedAt;
        }
      },
    }],
    ['bundles.delete takes both or neither of id and slug', 'bundles.*', {
      'bundles.delete': ({ bundleId, bundleSlug }, ctx) =>
        platformHandlers['bundles.delete'](
          bundleId !== undefined ? { bundleId } : { bundleSlug: bundleSlug ?? '' },
          ctx,
        ),
    }],
    ['instances.archive refuses to archive twice', 'instances.*', {
      'instances.archive': async (input, ctx) => {
        if (ctx.state.instances.get(input.instanceId)?.archivedAt !== undefined) {
          return { ok: false };
        }
        return await platformHandlers['instances.archive'](input, ctx);
      },
    }],
  ];
  for (const [name, only, platform] of mutants) {
    test(`report a mutant: ${name}`, async () => {
      const mock = createMockServer({ handlers: { platform }, onError: () => {} });
      const result = await run(mock, { seed: 7, runs: 200, only });
      assert.equal(result.ok, false, 'the mutant went unnoticed');
      assert.equal(result.error, undefined, explain(result));
      const { commands, message } = result.divergence!;
      assert.ok(commands.length <= 6, `not shrunk: ${commands.join(' ; ')}`);
      // The divergence is found at the mutated method, not as a side effect elsewhere.
      assert.ok(message.startsWith(`${name.split(' ')[0]}(`), message);
    });
  }
});
