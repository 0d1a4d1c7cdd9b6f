/**
 * The mock's command line: `node:util`'s `parseArgs` over the flags of
 * ./options.ts, and the `--help` text (in the layout of ../../cli/help.ts).
 *
 * @module
 */
import { parseArgs } from 'node:util';
import { commonOptions, formatHelp } from '../../cli/help.ts';
import { usageErrorFromParseArgs } from '../../cli/parse-error.ts';
import {
  defaultHost,
  defaultPort,
  resolveServeOptions,
  type ServeEnv,
  type ServeOptions,
} from './options.ts';

/**
 * What {@linkcode parseServeArgs} found: a request for help or for the version, or options to
 * run with.
 */
export type ParsedServeArgs =
  | { action: 'help' }
  | { action: 'version' }
  | { action: 'run'; options: ServeOptions; verbose: boolean };

/** The usage text of the mock's command line, for `--help`. */
export const serveUsage: string = formatHelp({
  usage: ['deno task mock [options]'],
  description:
    `Runs the Roj mock server (docs/roj-contract.md) until Ctrl+C or SIGTERM, with the Rool mock (docs/rool-contract.md) under /rool. Once it listens it prints its URL, the API key and what the seed holds; then one line per request.`,
  sections: [
    {
      title: 'Options',
      options: [
        {
          flags: '--port N',
          text: `Port to listen on; 0 picks a free one (default ${defaultPort})`,
        },
        { flags: '--host H', text: `Interface to bind (default ${defaultHost})` },
        {
          flags: '--api-key KEY',
          text: 'Accepted API key; repeat for more (default: the development key, roj_dev_key)',
        },
        {
          flags: '--seed FILE',
          text: 'Start from this JSON seed (templates, bundles, presets) instead of the default',
        },
        {
          flags: '--ready-delay MS',
          text: 'Milliseconds until a new instance is ready (default 0)',
        },
        {
          flags: '--session-delay MS',
          text: 'Milliseconds until a non-blocking session is active (default 0)',
        },
        { flags: '--max-upload BYTES', text: 'Largest upload body (default 26214400, 25 MiB)' },
        {
          flags: '--data DIR',
          text: 'Keep the state in DIR/mock-state.json: restored at start, saved before each ' +
            'change is answered and at shutdown (default: in memory only)',
        },
        { flags: '--quiet', text: "Do not log requests (nor Rool's signup verification tokens)" },
        ...commonOptions,
      ],
    },
    {
      title: 'Rool options',
      options: [
        {
          flags: '--user NAME:TOKEN',
          text: 'Seed Rool user NAME (ID usr_NAME, email NAME@example.com) with this bearer ' +
            'token; repeat for more (default: alice:rool_alice_token and bob:rool_bob_token). ' +
            'NAME: 3–32 of a–z 0–9 - _, starting with a letter',
        },
        {
          flags: '--agent-delay MS',
          text: 'Milliseconds the Rool agent waits before each step, so that a prompt can be ' +
            'stopped mid-flight (default 0)',
        },
        {
          flags: '--fetch-allow H:P',
          text: "Let Rool's proxy.fetch reach this loopback or private HOST:PORT; repeat for " +
            'more (default: public hosts only)',
        },
      ],
    },
  ],
  notes: [{
    title: 'Environment',
    text: 'The Bun, Node and Worker entry points (mock-server/serve/) also read, when a flag is ' +
      'absent: ROJ_MOCK_PORT, ROJ_MOCK_HOST, ROJ_MOCK_API_KEYS (comma-separated), ROJ_MOCK_SEED, ' +
      'ROJ_MOCK_READY_DELAY, ROJ_MOCK_SESSION_DELAY, ROJ_MOCK_MAX_UPLOAD, ROJ_MOCK_DATA, ' +
      'ROJ_MOCK_QUIET=1, ROOL_MOCK_USERS (name:token,name2:token2), ROOL_MOCK_AGENT_DELAY and ' +
      'ROOL_MOCK_FETCH_ALLOW (comma-separated).\n\nColours follow NO_COLOR and FORCE_COLOR.',
  }],
  examples: [
    { text: 'Serve on http://127.0.0.1:8787 with the development key', command: 'deno task mock' },
    {
      text: 'A free port and no request log, as tests do (the banner shows the URL)',
      command: 'deno task mock --port 0 --quiet',
    },
    {
      text: 'Your own catalogue and key, the state kept across restarts',
      command: 'deno task mock --seed seed.json --api-key my_key --data .tmp/mock-data',
    },
    { text: 'The same mock on Bun', command: 'npx -y bun@1 mock-server/serve/bun.ts --port 8787' },
  ],
  exitCodes: {
    0: 'Stopped cleanly (Ctrl+C or SIGTERM), or --help, --version',
    1: 'The last snapshot of --data could not be written at shutdown',
    2: 'A bad option or variable, an invalid seed file, an unusable --data directory, or a port ' +
      'that cannot be bound',
  },
});

const flags = {
  port: { type: 'string' },
  host: { type: 'string' },
  'api-key': { type: 'string', multiple: true },
  seed: { type: 'string' },
  'ready-delay': { type: 'string' },
  'session-delay': { type: 'string' },
  'max-upload': { type: 'string' },
  quiet: { type: 'boolean' },
  user: { type: 'string', multiple: true },
  'agent-delay': { type: 'string' },
  'fetch-allow': { type: 'string', multiple: true },
  data: { type: 'string' },
  verbose: { type: 'boolean' },
  version: { type: 'boolean', short: 'V' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * Reads the mock's flags, falling back on environment variables.
 *
 * @param args The command-line arguments, without the program and script.
 * @param options `env`: the variables to fall back on (default: none).
 * @returns `help` for `--help`, `version` for `--version`, else the options and `--verbose`.
 * @throws {UsageError} For an unknown flag, a missing value, a positional argument, or a value out
 * of range.
 *
 * @example Flags win over the environment
 * ```ts
 * import assert from 'node:assert/strict';
 * import { parseServeArgs } from './args.ts';
 * const parsed = parseServeArgs(['--port', '0', '--api-key', 'k1', '--api-key', 'k2'], {
 *   env: { ROJ_MOCK_PORT: '9000', ROJ_MOCK_READY_DELAY: '250' },
 * });
 * assert.ok(parsed.action === 'run');
 * assert.equal(parsed.options.port, 0);
 * assert.deepEqual(parsed.options.apiKeys, ['k1', 'k2']);
 * assert.deepEqual(parsed.options.timing, { instanceReadyMs: 250 });
 * ```
 */
export function parseServeArgs(
  args: readonly string[],
  options: { env?: ServeEnv } = {},
): ParsedServeArgs {
  let values;
  try {
    ({ values } = parseArgs({ args: [...args], options: flags, strict: true }));
  } catch (error) {
    throw usageErrorFromParseArgs(error, Object.keys(flags));
  }
  if (values.help) return { action: 'help' };
  if (values.version) return { action: 'version' };
  const { help: _, version: __, verbose, ...given } = values;
  return {
    action: 'run',
    options: resolveServeOptions(given, options),
    verbose: verbose === true,
  };
}
