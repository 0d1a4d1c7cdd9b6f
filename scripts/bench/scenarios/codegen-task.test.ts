import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { denoTaskArgs } from './codegen-task.ts';

describe('denoTaskArgs', () => {
  for (
    const [name, { given, want }] of [
      ['a task as an object with a command', {
        given: { tasks: { codegen: { description: 'd', command: 'deno run -A codegen/cli.ts' } } },
        want: ['run', '-A', 'codegen/cli.ts'],
      }],
      ['a task as a plain string, with extra spaces', {
        given: { tasks: { codegen: '  deno  run   --allow-read cli.ts ' } },
        want: ['run', '--allow-read', 'cli.ts'],
      }],
    ] as const
  ) {
    test(name, () => assert.deepEqual(denoTaskArgs(given, 'codegen'), want));
  }

  for (
    const [name, given] of [
      ['no such task', { tasks: { other: 'deno run x.ts' } }],
      ['no tasks at all', {}],
      ['not a deno command', { tasks: { codegen: 'node codegen.js' } }],
      ['a command that needs a shell', { tasks: { codegen: 'deno run a.ts && deno run b.ts' } }],
      ['a quoted argument', { tasks: { codegen: "deno run 'a b.ts'" } }],
    ] as const
  ) {
    test(`refuses ${name}`, () => assert.throws(() => denoTaskArgs(given, 'codegen'), Error));
  }

  test('reads the codegen task of this repository', () => {
    const config = JSON.parse(readFileSync(new URL('../../../deno.json', import.meta.url), 'utf8'));
    const args = denoTaskArgs(config, 'codegen');
    assert.equal(args[0], 'run');
    assert.equal(args.at(-1), 'codegen/cli.ts');
  });
});
