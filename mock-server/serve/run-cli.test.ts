// `runMock`'s command-line behaviour, in process: --version, --help, and errors as `error:` and
// `hint:` lines, with injected streams and a fake `listen`. The real process is ../cli.test.ts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { TerminalIo } from '../../cli/io.ts';
import { type Listen, runMock } from './run.ts';

const version = JSON.parse(readFileSync(new URL('../../deno.json', import.meta.url), 'utf8'))
  .version;

/** Runs the mock with a `listen` that fails, or that stops at once. */
async function run(
  args: string[],
  options: { listen?: Listen; io?: Partial<TerminalIo>; env?: Record<string, string> } = {},
) {
  let stdout = '';
  let stderr = '';
  const listen: Listen = options.listen ??
    (() => Promise.resolve({ port: 1, close: () => Promise.resolve() }));
  const code = await runMock(args, {
    listen,
    runtime: 'Test',
    stopped: Promise.resolve(),
    env: options.env,
    io: {
      stdout: (text) => stdout += text,
      stderr: (text) => stderr += text,
      ...options.io,
    },
  });
  return { code, stdout, stderr };
}

const portInUse: Listen = () => {
  const error = Object.assign(new Error('Address already in use (os error 98)'), {
    code: 'EADDRINUSE',
  });
  return Promise.reject(error);
};

describe('runMock on the command line', () => {
  test('--version and -V print roj-mock and the version of deno.json, and exit 0', async () => {
    for (const flag of ['--version', '-V']) {
      assert.deepEqual(await run([flag]), { code: 0, stdout: `roj-mock ${version}\n`, stderr: '' });
    }
  });

  test('--help prints the usage on stdout and exits 0', async () => {
    const { code, stdout, stderr } = await run(['--help']);
    assert.equal(code, 0);
    assert.match(
      stdout,
      /^Usage: deno task mock \[options\]\n[^]*\nExamples:\n[^]*\nExit codes:\n/,
    );
    assert.equal(stderr, '');
  });

  test('a typo is one error line and a hint that names the flag meant', async () => {
    const { code, stdout, stderr } = await run(['--prot', '0']);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.equal(
      stderr,
      'error: Unknown option --prot\nhint: Did you mean --port? Run with --help to see the options\n',
    );
  });

  test('a port in use exits 2 with a hint; --verbose adds the cause and its stack', async () => {
    const plain = await run(['--port', '8787'], { listen: portInUse });
    assert.equal(plain.code, 2);
    assert.equal(
      plain.stderr,
      'error: Cannot listen on 127.0.0.1:8787: Address already in use (os error 98)\n' +
        'hint: Another program uses port 8787: stop it, or pick another with --port (0 for a ' +
        'free one)\n',
    );
    const verbose = await run(['--port', '8787', '--verbose'], { listen: portInUse });
    assert.equal(verbose.code, 2);
    assert.ok(verbose.stderr.startsWith(plain.stderr), verbose.stderr);
    assert.match(verbose.stderr, /\ncaused by: Error: Address already in use \(os error 98\)\n/);
    assert.match(verbose.stderr, /\n\s+at /);
  });

  test('errors never show the API keys or user tokens given, from flags or the environment', async () => {
    const key = 'rk_secret_from_flag';
    const token = 'carol_private_token';
    const envKey = 'rk_secret_from_env';
    const { code, stderr } = await run(
      ['--api-key', key, '--user', `carol:${token}`, '--verbose', key],
      { env: { ROJ_MOCK_API_KEYS: `a_key,${envKey}` } },
    );
    assert.equal(code, 2);
    assert.match(stderr, /^error: Unexpected argument "\*\*\*"\n/);
    for (const secret of [key, token, envKey]) assert.ok(!stderr.includes(secret), stderr);
    const listen = await run(['--api-key', key], {
      listen: () => Promise.reject(new Error(`Refused for Bearer ${key}`)),
    });
    assert.equal(listen.code, 2);
    assert.ok(!listen.stderr.includes(key), listen.stderr);
  });

  test('colours the error on a terminal unless NO_COLOR, and into a pipe with FORCE_COLOR', async () => {
    const red = '\x1b[31m';
    const tty = await run(['--bad'], { io: { stderrIsTerminal: true, env: {} } });
    assert.ok(tty.stderr.includes(red));
    const noColor = await run(['--bad'], {
      io: { stderrIsTerminal: true, env: { NO_COLOR: '1' } },
    });
    assert.ok(!noColor.stderr.includes('\x1b['));
    const forced = await run(['--bad'], {
      io: { stderrIsTerminal: false, env: { FORCE_COLOR: '1' } },
    });
    assert.ok(forced.stderr.includes(red));
  });

  test('the banner and the stop line go to the injected stdout', async () => {
    const { code, stdout, stderr } = await run(['--port', '0']);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^Roj mock server .* \(Test\) listening on http:\/\/127\.0\.0\.1:1\n/);
    assert.match(stdout, /\nroj-mock: stopping\n$/);
    assert.equal(stderr, '');
  });
});
