import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseServeArgs, serveUsage } from './args.ts';
import { defaultHost, defaultPort, type ServeOptions, UsageError } from './options.ts';

function options(args: string[], env: Record<string, string> = {}): ServeOptions {
  const parsed = parseServeArgs(args, { env });
  assert.ok(parsed.action === 'run', `Expected options, got ${parsed.action}`);
  return parsed.options;
}

describe('parseServeArgs', () => {
  test('no flags and no environment give the documented defaults', () => {
    assert.deepEqual(options([]), {
      port: defaultPort,
      host: defaultHost,
      apiKeys: [],
      timing: {},
      limits: {},
      quiet: false,
    });
    assert.equal(defaultPort, 8787);
    assert.equal(defaultHost, '127.0.0.1');
  });

  test('every flag is read', () => {
    assert.deepEqual(
      options([
        '--port=0',
        '--host',
        '::1',
        '--api-key',
        'k1',
        '--api-key=k2',
        '--seed',
        'seed.json',
        '--ready-delay',
        '150',
        '--session-delay',
        '75',
        '--max-upload',
        '1024',
        '--quiet',
      ]),
      {
        port: 0,
        host: '::1',
        apiKeys: ['k1', 'k2'],
        seedFile: 'seed.json',
        timing: { instanceReadyMs: 150, sessionActiveMs: 75 },
        limits: { uploadBytes: 1024 },
        quiet: true,
      },
    );
  });

  test('environment variables fill in absent flags, and flags win', () => {
    const env = {
      ROJ_MOCK_PORT: '9000',
      ROJ_MOCK_HOST: '0.0.0.0',
      ROJ_MOCK_API_KEYS: ' a, b ,,c',
      ROJ_MOCK_SEED: 'env-seed.json',
      ROJ_MOCK_READY_DELAY: '10',
      ROJ_MOCK_SESSION_DELAY: '20',
      ROJ_MOCK_MAX_UPLOAD: '30',
      ROJ_MOCK_QUIET: '1',
    };
    assert.deepEqual(options([], env), {
      port: 9000,
      host: '0.0.0.0',
      apiKeys: ['a', 'b', 'c'],
      seedFile: 'env-seed.json',
      timing: { instanceReadyMs: 10, sessionActiveMs: 20 },
      limits: { uploadBytes: 30 },
      quiet: true,
    });
    const flagged = options(['--port', '1', '--api-key', 'x'], env);
    assert.equal(flagged.port, 1);
    assert.deepEqual(flagged.apiKeys, ['x']);
  });

  test('the Rool flags are read, repeatable where documented', () => {
    const parsed = options([
      '--user',
      'carol:carol_token_1',
      '--user=dave:dave:token',
      '--agent-delay',
      '120',
      '--fetch-allow',
      '127.0.0.1:9000',
      '--fetch-allow=[::1]:80',
    ]);
    assert.deepEqual(parsed.roolUsers, [
      { name: 'carol', token: 'carol_token_1' },
      { name: 'dave', token: 'dave:token' },
    ]);
    assert.equal(parsed.agentDelayMs, 120);
    assert.deepEqual(parsed.fetchAllowlist, ['127.0.0.1:9000', '[::1]:80']);
  });

  test('the Rool variables fill in absent flags, and flags win', () => {
    const env = {
      ROOL_MOCK_USERS: 'carol:carol_token_1, dave:dave_token_1',
      ROOL_MOCK_AGENT_DELAY: '5',
      ROOL_MOCK_FETCH_ALLOW: 'localhost:3000,10.0.0.2:80',
    };
    const parsed = options([], env);
    assert.deepEqual(parsed.roolUsers?.map((u) => u.name), ['carol', 'dave']);
    assert.equal(parsed.agentDelayMs, 5);
    assert.deepEqual(parsed.fetchAllowlist, ['localhost:3000', '10.0.0.2:80']);
    const flagged = options(['--user', 'erin:erin_token_1', '--agent-delay', '0'], env);
    assert.deepEqual(flagged.roolUsers, [{ name: 'erin', token: 'erin_token_1' }]);
    assert.equal(flagged.agentDelayMs, 0);
  });

  test('--data and ROJ_MOCK_DATA name the data directory, the flag winning; none by default', () => {
    assert.equal(options(['--data', 'state']).dataDir, 'state');
    assert.equal(options([], { ROJ_MOCK_DATA: '/var/mock' }).dataDir, '/var/mock');
    assert.equal(options(['--data=here'], { ROJ_MOCK_DATA: '/var/mock' }).dataDir, 'here');
    assert.equal('dataDir' in options([]), false);
    assert.match(serveUsage, /\n {2}--data DIR {12}Keep the state in DIR\/mock-state\.json/);
  });

  test('--help and -h ask for help, --version and -V for the version', () => {
    assert.deepEqual(parseServeArgs(['--help']), { action: 'help' });
    assert.deepEqual(parseServeArgs(['-h', '--port', '1']), { action: 'help' });
    assert.deepEqual(parseServeArgs(['--version']), { action: 'version' });
    assert.deepEqual(parseServeArgs(['-V', '--quiet']), { action: 'version' });
  });

  test('--verbose is read, and is off by default', () => {
    const verbose = parseServeArgs(['--verbose']);
    assert.ok(verbose.action === 'run' && verbose.verbose);
    const plain = parseServeArgs([]);
    assert.ok(plain.action === 'run' && !plain.verbose);
  });

  test('--help shows the options, examples and exit codes in the shared layout', () => {
    assert.match(serveUsage, /^Usage: deno task mock \[options\]\n/);
    for (
      const section of ['Options:', 'Rool options:', 'Environment:', 'Examples:', 'Exit codes:']
    ) {
      assert.match(serveUsage, new RegExp(`\n${section}\n`), section);
    }
    assert.match(serveUsage, /\n {2}--verbose {13}On an error, also print its causes and stack\n/);
    assert.match(serveUsage, /\n {2}-V, --version {9}Print the version and exit\n/);
    assert.match(serveUsage, /\n {2}deno task mock --port 0 --quiet\n/);
    assert.match(serveUsage, /\n {2}2 {2}A bad option or variable, .*\n.*port/);
    for (const line of serveUsage.split('\n')) assert.ok(line.length <= 80, line);
  });

  const rejected: [string, { args: string[]; env?: Record<string, string>; message: RegExp }][] = [
    ['an unknown flag', { args: ['--frobnicate'], message: /^Unknown option --frobnicate$/ }],
    ['a flag without its value', { args: ['--port'], message: /^Option --port needs a value$/ }],
    ['a positional argument', { args: ['8787'], message: /^Unexpected argument "8787"/ }],
    ['a port that is not a number', {
      args: ['--port', 'http'],
      message: /^Option --port must be an integer from 0 to 65535, not "http"$/,
    }],
    ['a port out of range', { args: ['--port', '65536'], message: /from 0 to 65535/ }],
    ['a negative delay', { args: ['--ready-delay', '-5'], message: /^Option --ready-delay/ }],
    ['a fractional delay', { args: ['--session-delay', '1.5'], message: /at least 0, not "1.5"$/ }],
    ['an upload limit of 0', { args: ['--max-upload', '0'], message: /at least 1/ }],
    ['a bad variable', {
      args: [],
      env: { ROJ_MOCK_PORT: 'x' },
      message: /^ROJ_MOCK_PORT must be/,
    }],
    ['an API key with a space', {
      args: ['--api-key', 'a b'],
      message: /^An API key must be non-empty/,
    }],
    ['an empty API key', { args: ['--api-key', ''], message: /^An API key must be non-empty/ }],
    ['a host with a slash', {
      args: ['--host', 'a/b'],
      message: /^Option --host must be a host name/,
    }],
    ['a --user without a token', {
      args: ['--user', 'carol'],
      message: /^Option --user: A user must be given as NAME:TOKEN$/,
    }],
    ['a --user with a bad name', {
      args: ['--user', 'Carol:carol_token_1'],
      message: /^Option --user: User name "Carol" must be 3–32 characters/,
    }],
    ['a --user with a short token, not echoing it', {
      args: ['--user', 'carol:secret'],
      message:
        /^Option --user: The token of user carol must be 8–512 printable ASCII characters without spaces$/,
    }],
    ['the same user twice', {
      args: [],
      env: { ROOL_MOCK_USERS: 'carol:carol_token_1,carol:carol_token_2' },
      message: /^ROOL_MOCK_USERS: User carol is given twice$/,
    }],
    ['a fractional agent delay', {
      args: ['--agent-delay=-1.5'],
      message: /^Option --agent-delay must be an integer of at least 0, not "-1.5"$/,
    }],
    ['a fetch allowlist entry without a port', {
      args: ['--fetch-allow', '127.0.0.1'],
      message: /^Option --fetch-allow: A fetch allowlist entry must be HOST:PORT/,
    }],
    ['a bad fetch allowlist variable', {
      args: [],
      env: { ROOL_MOCK_FETCH_ALLOW: 'localhost:0' },
      message: /^ROOL_MOCK_FETCH_ALLOW: A fetch allowlist entry must be HOST:PORT/,
    }],
  ];
  for (const [name, { args, env, message }] of rejected) {
    test(`rejects ${name} with a UsageError`, () => {
      assert.throws(() => parseServeArgs(args, { env }), (error) => {
        assert.ok(error instanceof UsageError);
        assert.match(error.message, message);
        assert.doesNotMatch(error.message, /\.$/, 'Messages have no trailing period');
        return true;
      });
    });
  }
});
