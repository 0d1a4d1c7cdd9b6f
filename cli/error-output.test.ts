import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CliError, UsageError } from './errors.ts';
import { exitCodeOf, formatCliError, mask, writeCliError } from './error-output.ts';

function connectionError() {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), {
    code: 'ECONNREFUSED',
  });
  const failed = new TypeError('fetch failed', { cause: refused });
  return new CliError('Cannot reach the target at http://127.0.0.1:9', {
    hint: 'Start the deployment, or check --target',
    cause: failed,
  });
}

describe('formatCliError', () => {
  test('prints one error line and one hint line, and nothing else', () => {
    assert.equal(
      formatCliError(connectionError()),
      'error: Cannot reach the target at http://127.0.0.1:9\n' +
        'hint: Start the deployment, or check --target\n',
    );
  });

  test('lists details between the two, indented', () => {
    const error = new UsageError('The seed file has 2 problems', {
      details: ['seed.json: /a: Bad', 'seed.json: /b: Worse'],
      hint: 'Fix them',
    });
    assert.equal(
      formatCliError(error),
      'error: The seed file has 2 problems\n  seed.json: /a: Bad\n  seed.json: /b: Worse\nhint: Fix them\n',
    );
  });

  test('--verbose adds every cause, with its stack', () => {
    const text = formatCliError(connectionError(), { verbose: true });
    const lines = text.trimEnd().split('\n');
    assert.equal(lines[0], 'error: Cannot reach the target at http://127.0.0.1:9');
    assert.equal(lines[1], 'hint: Start the deployment, or check --target');
    assert.equal(lines[2], 'CliError: Cannot reach the target at http://127.0.0.1:9');
    assert.ok(lines.includes('caused by: TypeError: fetch failed'), text);
    assert.ok(lines.includes('caused by: Error: connect ECONNREFUSED 127.0.0.1:9'), text);
    assert.ok(lines.some((line) => /^\s+at /.test(line)), 'a stack frame');
    assert.doesNotMatch(formatCliError(connectionError()), /^\s+at /m, 'no stack by default');
  });

  test('a cause that is not an Error, and a cycle, end the chain', () => {
    const a = new CliError('A', { cause: 'just a string' });
    assert.match(formatCliError(a, { verbose: true }), /\ncaused by: string: just a string\n$/);
    const b: { cause?: unknown } & Error = new Error('loop');
    b.cause = b;
    const text = formatCliError(new CliError('B', { cause: b }), { verbose: true });
    assert.equal(text.match(/caused by: Error: loop/g)?.length, 1);
  });

  test('anything but a CliError is reported as a bug, with exit code 1', () => {
    const bug = new TypeError('Cannot read properties of undefined\n(reading "x").');
    assert.equal(
      formatCliError(bug),
      'error: Unexpected TypeError: Cannot read properties of undefined (reading "x")\n' +
        'hint: This is a bug: run again with --verbose and report what it prints\n',
    );
    assert.equal(exitCodeOf(bug), 1);
    assert.equal(exitCodeOf(new CliError('Stale', { exitCode: 1 })), 1);
    assert.equal(exitCodeOf(new UsageError('Bad')), 2);
  });

  test('colours the labels and the message when asked', () => {
    assert.equal(
      formatCliError(new UsageError('Bad', { hint: 'Fix' }), { color: true }),
      '\x1b[31m\x1b[1merror:\x1b[22m\x1b[39m \x1b[31mBad\x1b[39m\n\x1b[33mhint:\x1b[39m Fix\n',
    );
  });

  test('masks secrets everywhere, the verbose part included', () => {
    const secret = 'rk_live_5ecret';
    const cause = new Error(`Header: Bearer ${secret}`);
    const error = new CliError(`Key ${secret} refused`, { hint: `Not ${secret}`, cause });
    const text = formatCliError(error, { verbose: true, secrets: [secret] });
    assert.ok(!text.includes(secret), text);
    assert.match(text, /Key \*\*\* refused/);
  });
});

describe('mask', () => {
  test('hides a secret that contains another whole, and ignores very short values', () => {
    assert.equal(mask('token abcd-efgh', ['abcd', 'abcd-efgh']), 'token ***');
    assert.equal(mask('a key k', ['k']), 'a key k');
  });
});

describe('writeCliError', () => {
  const error = new UsageError('Bad');
  const run = (io: { stderrIsTerminal?: boolean; env?: Record<string, string> }) => {
    let err = '';
    const code = writeCliError({ ...io, stderr: (text) => err += text }, error);
    return { code, err };
  };

  test('colours on a terminal, not in a pipe, and obeys NO_COLOR and FORCE_COLOR', () => {
    assert.equal(run({ stderrIsTerminal: true }).err.includes('\x1b['), true);
    assert.equal(run({ stderrIsTerminal: false }).err.includes('\x1b['), false);
    assert.equal(
      run({ stderrIsTerminal: true, env: { NO_COLOR: '1' } }).err.includes('\x1b['),
      false,
    );
    assert.equal(run({ env: { FORCE_COLOR: '1' } }).err.includes('\x1b['), true);
    assert.equal(run({}).code, 2);
  });
});
