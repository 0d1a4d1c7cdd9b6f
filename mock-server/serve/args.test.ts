import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseServeArgs } from './args.ts';
import { defaultHost, defaultPort, type ServeOptions, UsageError } from './options.ts';

function options(args: string[], env: Record<string, string> = {}): ServeOptions {
  const parsed = parseServeArgs(args, { env });
  assert.ok(!parsed.help, 'Expected options, got a help request');
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

  test('--help and -h ask for help', () => {
    assert.deepEqual(parseServeArgs(['--help']), { help: true });
    assert.deepEqual(parseServeArgs(['-h', '--port', '1']), { help: true });
  });

  const rejected: [string, { args: string[]; env?: Record<string, string>; message: RegExp }][] = [
    ['an unknown flag', {
      args: ['--frobnicate'],
      message: /^Unknown option --frobnicate; see --help$/,
    }],
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
