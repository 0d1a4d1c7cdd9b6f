/**
 * The mock's command line: `node:util`'s `parseArgs` over the flags of
 * ./options.ts, and the `--help` text.
 *
 * @module
 */
import { parseArgs } from 'node:util';
import {
  defaultHost,
  defaultPort,
  quote,
  resolveServeOptions,
  type ServeEnv,
  type ServeOptions,
  UsageError,
} from './options.ts';

/** What {@linkcode parseServeArgs} found: a request for help, or options to run with. */
export type ParsedServeArgs = { help: true } | { help: false; options: ServeOptions };

/** The usage text of the mock's command line, for `--help`. */
export const serveUsage: string = `Usage: deno task mock [options]

Runs the Roj mock server (docs/roj-contract.md) until Ctrl+C, with the Rool mock
(docs/rool-contract.md) under /rool.

Options:
  --port N             Port to listen on; 0 picks a free one (default ${defaultPort})
  --host H             Interface to bind (default ${defaultHost})
  --api-key KEY        Accepted API key; repeat for more (default: the development key, roj_dev_key)
  --seed FILE          Start from this JSON seed (templates, bundles, presets) instead of the default
  --ready-delay MS     Milliseconds until a new instance is ready (default 0)
  --session-delay MS   Milliseconds until a non-blocking session is active (default 0)
  --max-upload BYTES   Largest upload body (default 26214400, 25 MiB)
  --data DIR           Keep the state in DIR/mock-state.json: restored at start, saved before
                       each change is answered and at shutdown (default: in memory only)
  --quiet              Do not log requests (nor Rool's signup verification tokens)
  -h, --help           Show this help

Rool options:
  --user NAME:TOKEN    Seed Rool user NAME (ID usr_NAME, email NAME@example.com) with this
                       bearer token; repeat for more (default: alice:rool_alice_token and
                       bob:rool_bob_token). NAME: 3–32 of a–z 0–9 - _, starting with a letter
  --agent-delay MS     Milliseconds the Rool agent waits before each step, so that a prompt
                       can be stopped mid-flight (default 0)
  --fetch-allow H:P    Let Rool's proxy.fetch reach this loopback or private HOST:PORT;
                       repeat for more (default: public hosts only)

The Bun, Node and Worker entry points (mock-server/serve/) also read ROJ_MOCK_PORT,
ROJ_MOCK_HOST, ROJ_MOCK_API_KEYS (comma-separated), ROJ_MOCK_SEED, ROJ_MOCK_READY_DELAY,
ROJ_MOCK_SESSION_DELAY, ROJ_MOCK_MAX_UPLOAD, ROJ_MOCK_DATA, ROJ_MOCK_QUIET=1, ROOL_MOCK_USERS
(name:token,name2:token2), ROOL_MOCK_AGENT_DELAY and ROOL_MOCK_FETCH_ALLOW
(comma-separated) when a flag is absent.`;

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
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * Reads the mock's flags, falling back on environment variables.
 *
 * @param args The command-line arguments, without the program and script.
 * @param options `env`: the variables to fall back on (default: none).
 * @returns `{help: true}` for `--help`, else the options.
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
 * assert.ok(!parsed.help);
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
    throw new UsageError(describeParseError(error));
  }
  if (values.help) return { help: true };
  const { help: _, ...given } = values;
  return { help: false, options: resolveServeOptions(given, options) };
}

/** node:util's messages name the flag but end with advice meant for scripts; keep the gist. */
function describeParseError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const named = message.match(/'(-[^' ]*)/)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && named) {
    return `Unknown option ${named}; see --help`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && named) {
    return `Option ${named} needs a value`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const argument = message.match(/'([^']*)'/)?.[1];
    return `Unexpected argument${argument ? ` ${quote(argument)}` : ''}; options start with --`;
  }
  return message.replace(/\.$/, '');
}
