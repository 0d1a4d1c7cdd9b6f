// `deno task bench`'s command line in process, with stand-in scenarios: progress, exit codes and
// errors. The real scenarios run in `deno task bench --quick` (CI's smoke run).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { TerminalIo } from '../../cli/io.ts';
import { runBenchCli } from './cli.ts';
import { limitRow } from './report.ts';
import type { Scenario } from './scenario.ts';

const scratch = mkdtempSync(join(tmpdir(), 'bench-cli-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A scenario that reports one message and one row, within its budget or not. */
function scenario(name: string, options: { over?: boolean; fails?: boolean } = {}): Scenario {
  return {
    name,
    title: `The ${name} scenario`,
    run(ctx) {
      ctx.progress(`measuring ${name}`);
      if (options.fails) return Promise.reject(new Error(`${name} could not start\nmore detail`));
      return Promise.resolve([
        limitRow({
          scenario: name,
          name: `${name} latency`,
          figure: { value: options.over ? 3 : 1, unit: 'ms' },
          limit: 2,
          label: '< 2 ms',
        }),
      ]);
    },
  };
}

async function bench(
  argv: string[],
  scenarios: Scenario[],
  terminal: Partial<TerminalIo> = {},
) {
  let stdout = '';
  let stderr = '';
  const out = mkdtempSync(join(scratch, 'out-'));
  const code = await runBenchCli([...argv, '--out', out], {
    io: { ...terminal, stdout: (text) => stdout += text, stderr: (text) => stderr += text },
    scenarios,
    machine: () => Promise.resolve({ cpu: 'test' }),
  });
  return { code, stdout, stderr, out };
}

describe('deno task bench', () => {
  test('--version and -V print roj-bench and the version of deno.json', async () => {
    const { version } = JSON.parse(
      readFileSync(new URL('../../deno.json', import.meta.url), 'utf8'),
    );
    for (const flag of ['--version', '-V']) {
      const { code, stdout, stderr } = await bench([flag], []);
      assert.deepEqual({ code, stdout, stderr }, {
        code: 0,
        stdout: `roj-bench ${version}\n`,
        stderr: '',
      });
    }
  });

  test('--help lists the scenarios, examples and exit codes', async () => {
    const { code, stdout } = await bench(['--help'], [scenario('alpha')]);
    assert.equal(code, 0);
    assert.match(stdout, /\nScenarios:\n {2}alpha {16}The alpha scenario\n/);
    assert.match(
      stdout,
      /\nExamples:\n[^]*\n {2}deno task bench --quick --out \.tmp\/bench-smoke\n/,
    );
    assert.match(stdout, /\nExit codes:\n {2}0 [^]*\n {2}1 {2}A scenario failed to run, or/);
  });

  test('an unknown scenario exits 2 with an error line and a hint naming the known ones', async () => {
    const { code, stdout, stderr } = await bench(['--only', 'alpah'], [scenario('alpha')]);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.equal(
      stderr,
      'error: Unknown scenario alpah\nhint: Pick from alpha (--list describes them)\n',
    );
  });

  test('--soak with --quick exits 2', async () => {
    const { code, stderr } = await bench(['--soak', '--quick'], []);
    assert.equal(code, 2);
    assert.match(stderr, /^error: --soak runs the soak alone, without --quick or --only\nhint: /);
  });

  test('in a log: one line per scenario, no carriage return, the table on stdout', async () => {
    const { code, stdout, stderr, out } = await bench([], [scenario('alpha'), scenario('beta')]);
    assert.equal(code, 0, stderr);
    const lines = stderr.trimEnd().split('\n');
    assert.match(lines[0], /^bench: \[1\/2 alpha\] 1 row \(\d+\.\d s\)$/);
    assert.match(lines[1], /^bench: \[2\/2 beta\] 1 row \(\d+\.\d s\)$/);
    assert.match(lines[2], /^bench: 2 rows, 0 over budget, 0 scenarios failed/);
    assert.equal(lines.length, 3, stderr);
    assert.ok(!stderr.includes('\r'));
    assert.match(stdout, /alpha latency/);
    assert.equal(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).rows.length, 2);
  });

  test('CI=true on a terminal logs the same way; --verbose adds the messages', async () => {
    const ci = { stderrIsTerminal: true, env: { CI: 'true' } };
    const plain = await bench([], [scenario('alpha')], ci);
    assert.ok(!plain.stderr.includes('\r'));
    assert.equal(plain.stderr.trimEnd().split('\n').length, 2, plain.stderr);
    const verbose = await bench(['--verbose'], [scenario('alpha')], ci);
    assert.match(
      verbose.stderr,
      /^\[1\/1 alpha\] The alpha scenario\n\[1\/1 alpha\] measuring alpha\n/,
    );
  });

  test('a terminal gets a bar naming the scenario and its message, cleared at the end', async () => {
    const { code, stderr } = await bench([], [scenario('alpha'), scenario('beta')], {
      stderrIsTerminal: true,
      env: {},
      columns: 120,
    });
    assert.equal(code, 0);
    const shown = stderr.replaceAll('\x1b', '<ESC>');
    assert.match(shown, /\r<ESC>\[2Kbench ░+ {3}0% 0\/2 alpha: measuring alpha/);
    assert.match(shown, /\r<ESC>\[2Kbench █+░+ {2}50% 1\/2 beta: measuring beta/);
    assert.match(shown, /\r<ESC>\[2Kbench: 2 rows, 0 over budget/);
  });

  test('--quiet prints the table and the summary only', async () => {
    const { code, stdout, stderr } = await bench(['--quiet'], [scenario('alpha')], {
      stderrIsTerminal: true,
    });
    assert.equal(code, 0);
    assert.match(stdout, /alpha latency/);
    assert.match(stderr, /^bench: 1 row, 0 over budget, 0 scenarios failed, [^\n]+\n$/);
  });

  test('a row over budget exits 1, naming it; not with --quick, whose figures are not judged', async () => {
    const scenarios = [scenario('alpha', { over: true }), scenario('beta')];
    const full = await bench([], scenarios);
    assert.equal(full.code, 1);
    assert.match(full.stderr, /^bench: \[1\/2 alpha\] 1 row, over budget: alpha latency /m);
    const quick = await bench(['--quick'], scenarios);
    assert.equal(quick.code, 0);
    assert.match(quick.stderr, /1 over budget \(not judged: --quick\)/);
  });

  test('a scenario that cannot run exits 1, with --quick too, and the others still run', async () => {
    const scenarios = [scenario('alpha', { fails: true }), scenario('beta')];
    for (const argv of [[], ['--quick']]) {
      const { code, stderr, out } = await bench(argv, scenarios);
      assert.equal(code, 1);
      assert.match(stderr, /^bench: \[1\/2 alpha\] failed: alpha could not start \(/m);
      const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
      assert.deepEqual(results.failures, [{ scenario: 'alpha', error: 'alpha could not start' }]);
      assert.equal(results.rows.length, 1);
    }
  });
});
