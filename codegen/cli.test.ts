// The codegen command line, run as a user runs it, on a scratch copy of the Roj definition.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// Codegen is a Deno task: under Bun, the orchestrator passes the Deno binary in DENO_BIN.
const deno = 'Deno' in globalThis ? process.execPath : process.env.DENO_BIN;
const scratch = join('.tmp', `codegen-cli-${process.pid}`);
const config = join(scratch, 'codegen.config.ts');

function codegen(...args: string[]) {
  const result = spawnSync(deno!, ['run', '-A', 'codegen/cli.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function edit(file: string, from: string, to: string) {
  const path = join(root, scratch, file);
  const text = readFileSync(path, 'utf8');
  assert.ok(text.includes(from), `${file} has no ${from}`);
  writeFileSync(path, text.replace(from, to));
}

describe('codegen CLI', { skip: deno ? false : 'needs Deno: set DENO_BIN' }, () => {
  before(() => {
    mkdirSync(join(root, scratch), { recursive: true });
    cpSync(join(root, 'src/rpc'), join(root, scratch, 'rpc'), { recursive: true });
    cpSync(join(root, 'src/roj'), join(root, scratch, 'roj'), {
      recursive: true,
      filter: (src) => !src.includes('_generated') && !src.endsWith('.test.ts'),
    });
    writeFileSync(
      join(root, config),
      `export const targets = [{ name: 'scratch', api: '${scratch}/roj/api.ts', export: 'rojApi', out: '${scratch}/roj/_generated' }];\n`,
    );
  });
  after(() => rmSync(join(root, scratch), { recursive: true, force: true }));

  test('--help describes every option, with examples and exit codes; --version the version', () => {
    const { code, stdout } = codegen('--help');
    assert.equal(code, 0);
    for (const flag of ['--check', '--config', '--target', '--quiet', '--verbose', '--version']) {
      assert.match(stdout, new RegExp(flag));
    }
    assert.match(stdout, /\nExamples:\n[^]*\nExit codes:\n {2}0 [^]*\n {2}1 {2}Stale output/);
    const { version } = JSON.parse(readFileSync(join(root, 'deno.json'), 'utf8'));
    assert.deepEqual(codegen('--version'), {
      code: 0,
      stdout: `roj-codegen ${version}\n`,
      stderr: '',
    });
  });

  test('an unknown flag is a usage error: one error line and a hint', () => {
    const { code, stderr } = codegen('--chekc');
    assert.equal(code, 2);
    assert.equal(
      stderr,
      'error: Unknown option --chekc\nhint: Did you mean --check? Run with --help to see the ' +
        'options\n',
    );
  });

  test('the committed output passes --check, with one line per phase and no redraw in a pipe', () => {
    const { code, stderr } = codegen('--check');
    assert.equal(code, 0, stderr);
    assert.match(stderr, /^codegen: reading [^\n]+\ncodegen: \d+ generated files are up to date/);
    assert.equal(stderr.trimEnd().split('\n').length, 2, stderr);
    assert.ok(!stderr.includes('\r'), 'no carriage return');
  });

  test('a registry change without regenerating fails --check, naming the stale files', {
    timeout: 60_000,
  }, () => {
    assert.equal(codegen('--config', config).code, 0);
    assert.equal(codegen('--config', config, '--check').code, 0);
    edit(
      'roj/methods.ts',
      'export interface GetInstanceInput {',
      'export interface GetInstanceInput {\n  verbose?: boolean;',
    );
    const { code, stderr } = codegen('--config', config, '--check');
    assert.equal(code, 1);
    assert.match(stderr, new RegExp(`${scratch}/roj/_generated/openapi.json is stale`));
    assert.match(stderr, new RegExp(`${scratch}/roj/_generated/validators.ts is stale`));
    assert.match(stderr, /\nerror: \d+ generated files are out of date\n/);
    assert.match(stderr, /\nhint: Run `deno task codegen` and commit the result\n$/);
    assert.equal(codegen('--config', config).code, 0);
    assert.equal(codegen('--config', config, '--check').code, 0);
  });

  test('unrepresentable types stop codegen with file:line for each', () => {
    edit(
      'roj/methods.ts',
      '  name: string;\n  /** Version control',
      '  name: string;\n  onReady: () => void;\n  extra: any;\n  /** Version control',
    );
    const { code, stderr } = codegen('--config', config, '--check');
    assert.equal(code, 1);
    const file = `${scratch}/roj/methods.ts`;
    assert.match(stderr, /\nerror: Codegen found 2 problems\n/);
    assert.match(stderr, /\nhint: Change these types to ones JSON can carry/);
    assert.match(
      stderr,
      new RegExp(
        `${file}:\\d+: \\(\\) => void is a function; functions cannot be sent over the wire`,
      ),
    );
    assert.match(stderr, new RegExp(`${file}:\\d+: \`any\` cannot be represented`));
  });

  test('openapi prints the document, and only it, on stdout', () => {
    const { code, stdout } = codegen('openapi');
    assert.equal(code, 0);
    const doc = JSON.parse(stdout);
    assert.equal(doc.openapi, '3.1.0');
    assert.ok(doc.paths['/api/v1/files/upload']);
  });
});
