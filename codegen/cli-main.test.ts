// The codegen command line in process, for what needs no generation: --version, usage and
// config errors. Generation itself, run as a user runs it, is ./cli.test.ts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { targets } from '../codegen.config.ts';
import { main } from './cli.ts';

async function codegen(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (text) => stdout += text,
    stderr: (text) => stderr += text,
  });
  return { code, stdout, stderr };
}

describe('codegen main', () => {
  test('--version and -V print roj-codegen and the version of deno.json', async () => {
    const { version } = JSON.parse(
      readFileSync(new URL('../deno.json', import.meta.url), 'utf8'),
    );
    for (const flag of ['--version', '-V']) {
      assert.deepEqual(await codegen(flag), {
        code: 0,
        stdout: `roj-codegen ${version}\n`,
        stderr: '',
      });
    }
  });

  const usage: [string, { given: string[]; want: string }][] = [
    ['an unknown command', {
      given: ['generte'],
      want: 'error: Unknown command "generte"\nhint: Run `deno task codegen` (no command) to ' +
        'generate, or `deno task openapi` to print the document\n',
    }],
    ['--target without openapi', {
      given: ['--target', 'roj'],
      want: 'error: --target is for `deno task openapi`\nhint: Leave it out: `deno task codegen` ' +
        'generates every target of the config\n',
    }],
    ['a target the config does not have', {
      given: ['openapi', '--target', 'nope'],
      want: `error: No target named "nope"\nhint: Pick one of ${
        targets.map((t) => t.name).join(', ')
      }\n`,
    }],
    ['a config that does not load', {
      given: ['--config', '.tmp/no-such-codegen.config.ts'],
      want: 'error: Cannot load config .tmp/no-such-codegen.config.ts: ',
    }],
  ];
  for (const [name, { given, want }] of usage) {
    test(`${name} exits 2 with an error line and a hint`, async () => {
      const { code, stdout, stderr } = await codegen(...given);
      assert.equal(code, 2);
      assert.equal(stdout, '');
      if (want.endsWith('\n')) assert.equal(stderr, want);
      else {
        assert.ok(stderr.startsWith(want), stderr);
        assert.match(stderr, /\nhint: Pass a module that exports `targets`/);
        assert.equal(stderr.trimEnd().split('\n').length, 2, stderr);
      }
    });
  }

  test('--verbose adds the cause of a config error', async () => {
    const { code, stderr } = await codegen(
      '--config',
      '.tmp/no-such-codegen.config.ts',
      '--verbose',
    );
    assert.equal(code, 2);
    assert.match(stderr, /\ncaused by: /);
  });
});
