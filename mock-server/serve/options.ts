/**
 * The options every runtime entry point of the mock shares: port, host, API
 * keys, seed file, lifecycle delays, upload limit, request logging, and the
 * Rool mock's users, agent delay and fetch allowlist. Each
 * comes from a command-line flag (see ./args.ts) or, when the flag is absent,
 * an environment variable, so `deno task mock`, Bun, Node and a Worker (whose
 * `env` bindings are strings too) are configured one way. This file uses no
 * runtime API, so the Worker can use it.
 *
 * | Flag                 | Variable                 | Default       |
 * | -------------------- | ------------------------ | ------------- |
 * | `--port N`           | `ROJ_MOCK_PORT`          | `8787`        |
 * | `--host H`           | `ROJ_MOCK_HOST`          | `127.0.0.1`   |
 * | `--api-key KEY`      | `ROJ_MOCK_API_KEYS`      | `roj_dev_key` |
 * | `--seed FILE`        | `ROJ_MOCK_SEED`          | built-in seed |
 * | `--ready-delay MS`   | `ROJ_MOCK_READY_DELAY`   | `0`           |
 * | `--session-delay MS` | `ROJ_MOCK_SESSION_DELAY` | `0`           |
 * | `--max-upload BYTES` | `ROJ_MOCK_MAX_UPLOAD`    | 25 MiB        |
 * | `--quiet`            | `ROJ_MOCK_QUIET=1`       | off           |
 * | `--user NAME:TOKEN`  | `ROOL_MOCK_USERS`        | alice, bob    |
 * | `--agent-delay MS`   | `ROOL_MOCK_AGENT_DELAY`  | `0`           |
 * | `--fetch-allow H:P`  | `ROOL_MOCK_FETCH_ALLOW`  | none          |
 * | `--data DIR`         | `ROJ_MOCK_DATA`          | in memory     |
 *
 * `--api-key`, `--user` and `--fetch-allow` may be repeated; their variables
 * are comma-separated.
 *
 * @module
 */
import type { MockLimits, MockTiming } from '../roj/context.ts';
import type { RoolMockOptions } from '../rool/mod.ts';
import { parseAllowedHost } from '../rool/ssrf.ts';
import { parseUserSpecs, type SeedUser, UserSpecError } from '../rool/users.ts';
import { UsageError } from '../../cli/errors.ts';

/** The port `deno task mock` listens on when none is given. */
export const defaultPort = 8787;

/** The interface the mock binds when none is given: loopback only. */
export const defaultHost = '127.0.0.1';

/** How a runtime entry point should run the mock. */
export interface ServeOptions {
  /** The port to listen on; 0 picks a free one. */
  port: number;
  /** The interface to bind. */
  host: string;
  /** The accepted API keys; empty means the development key. */
  apiKeys: string[];
  /** A JSON seed file to start from, instead of the built-in seed. */
  seedFile?: string;
  /** Simulated lifecycle delays. */
  timing: Partial<MockTiming>;
  /** Size limits. */
  limits: Partial<MockLimits>;
  /** Do not log requests. */
  quiet: boolean;
  /** The Rool users to seed instead of alice and bob, when given. */
  roolUsers?: SeedUser[];
  /** Milliseconds the Rool agent waits before each step, when given. */
  agentDelayMs?: number;
  /** `HOST:PORT` entries Rool's `proxy.fetch` may reach although loopback or private. */
  fetchAllowlist?: string[];
  /** A directory to keep the state in (../persist/), instead of memory only. */
  dataDir?: string;
}

/** Flag values as given, before checking, by flag name. */
export interface ServeFlags {
  /** `--port`. */
  port?: string;
  /** `--host`. */
  host?: string;
  /** `--api-key`, once per occurrence. */
  'api-key'?: string[];
  /** `--seed`. */
  seed?: string;
  /** `--ready-delay`. */
  'ready-delay'?: string;
  /** `--session-delay`. */
  'session-delay'?: string;
  /** `--max-upload`. */
  'max-upload'?: string;
  /** `--quiet`. */
  quiet?: boolean;
  /** `--user NAME:TOKEN`, once per occurrence. */
  user?: string[];
  /** `--agent-delay`. */
  'agent-delay'?: string;
  /** `--fetch-allow HOST:PORT`, once per occurrence. */
  'fetch-allow'?: string[];
  /** `--data`. */
  data?: string;
}

/** Environment variables, as `process.env` or a Worker's `env` hold them. */
export type ServeEnv = Readonly<Record<string, unknown>>;

/**
 * Bad flags or variables: the command lines' shared usage error (../../cli/errors.ts). The
 * entry points print it as `error:` and `hint:` lines and exit with status 2.
 */
export { UsageError };

/**
 * Checks flag values and fills in absent ones from the environment, then from the defaults.
 *
 * @param flags The flags given.
 * @param options `env`: the variables to fall back on (default: none).
 * @returns The options.
 * @throws {UsageError} For a value out of range, naming the flag or variable it came from.
 *
 * @example A Worker's bindings
 * ```ts
 * import assert from 'node:assert/strict';
 * import { resolveServeOptions } from './options.ts';
 * const options = resolveServeOptions({}, {
 *   env: { ROJ_MOCK_API_KEYS: 'k1,k2', ROJ_MOCK_READY_DELAY: '250' },
 * });
 * assert.deepEqual(options.apiKeys, ['k1', 'k2']);
 * assert.deepEqual(options.timing, { instanceReadyMs: 250 });
 * ```
 */
export function resolveServeOptions(
  flags: ServeFlags,
  options: { env?: ServeEnv } = {},
): ServeOptions {
  const env = options.env ?? {};
  const setting = (flag: keyof ServeFlags, variable: string): Setting => {
    const value = flags[flag];
    if (typeof value === 'string') return [`Option --${flag}`, value];
    const fromEnv = env[variable];
    return [variable, typeof fromEnv === 'string' && fromEnv !== '' ? fromEnv : undefined];
  };

  const port = integer(setting('port', 'ROJ_MOCK_PORT'), { min: 0, max: 65535 }) ?? defaultPort;
  const [hostName, hostValue] = setting('host', 'ROJ_MOCK_HOST');
  const host = hostValue ?? defaultHost;
  if (!/^[A-Za-z0-9.:\-[\]]+$/.test(host)) {
    throw new UsageError(`${hostName} must be a host name or IP address, not ${quote(host)}`);
  }
  const apiKeys = flags['api-key'] ?? listFromEnv(env.ROJ_MOCK_API_KEYS);
  for (const key of apiKeys) {
    // A key is sent as `Authorization: Bearer <key>`, which cannot carry whitespace.
    if (!/^\S+$/.test(key)) {
      throw new UsageError('An API key must be non-empty and contain no whitespace');
    }
  }
  const seedFile = setting('seed', 'ROJ_MOCK_SEED')[1];
  const dataDir = setting('data', 'ROJ_MOCK_DATA')[1];

  const timing: Partial<MockTiming> = {};
  const readyMs = integer(setting('ready-delay', 'ROJ_MOCK_READY_DELAY'), { min: 0 });
  if (readyMs !== undefined) timing.instanceReadyMs = readyMs;
  const sessionMs = integer(setting('session-delay', 'ROJ_MOCK_SESSION_DELAY'), { min: 0 });
  if (sessionMs !== undefined) timing.sessionActiveMs = sessionMs;

  const limits: Partial<MockLimits> = {};
  const uploadBytes = integer(setting('max-upload', 'ROJ_MOCK_MAX_UPLOAD'), { min: 1 });
  if (uploadBytes !== undefined) limits.uploadBytes = uploadBytes;

  const quiet = flags.quiet ?? ['1', 'true'].includes(String(env.ROJ_MOCK_QUIET ?? ''));

  const [usersSource, userSpecs] = flags.user
    ? ['Option --user', flags.user]
    : ['ROOL_MOCK_USERS', listFromEnv(env.ROOL_MOCK_USERS)];
  let roolUsers: SeedUser[];
  try {
    roolUsers = parseUserSpecs(userSpecs);
  } catch (error) {
    if (!(error instanceof UserSpecError)) throw error;
    throw new UsageError(`${usersSource}: ${error.message}`);
  }
  const agentDelayMs = integer(setting('agent-delay', 'ROOL_MOCK_AGENT_DELAY'), { min: 0 });
  const [allowSource, fetchAllowlist] = flags['fetch-allow']
    ? ['Option --fetch-allow', flags['fetch-allow']]
    : ['ROOL_MOCK_FETCH_ALLOW', listFromEnv(env.ROOL_MOCK_FETCH_ALLOW)];
  for (const entry of fetchAllowlist) {
    try {
      parseAllowedHost(entry);
    } catch (error) {
      throw new UsageError(`${allowSource}: ${(error as Error).message}`);
    }
  }
  return {
    port,
    host,
    apiKeys,
    ...(seedFile === undefined ? {} : { seedFile }),
    timing,
    limits,
    quiet,
    ...(roolUsers.length > 0 ? { roolUsers } : {}),
    ...(agentDelayMs === undefined ? {} : { agentDelayMs }),
    ...(fetchAllowlist.length > 0 ? { fetchAllowlist } : {}),
    ...(dataDir === undefined ? {} : { dataDir }),
  };
}

/**
 * The Rool mock's options from the serve options: users, agent delay and fetch allowlist, and
 * notices (signup verification tokens) on the console unless quiet.
 *
 * @param options The serve options.
 * @param output `log`: where notices go unless quiet (default: `console.log`).
 * @returns What `createMockServer` takes as `rool`.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { resolveServeOptions, roolOptions } from './options.ts';
 * const rool = roolOptions(resolveServeOptions({ 'agent-delay': '50', quiet: true }));
 * assert.equal(rool.agentDelayMs, 50);
 * assert.equal(rool.users, undefined);
 * ```
 */
export function roolOptions(
  options: ServeOptions,
  output: { log?: (line: string) => void } = {},
): Pick<RoolMockOptions, 'users' | 'agentDelayMs' | 'fetchAllowlist' | 'log'> {
  const { roolUsers, agentDelayMs, fetchAllowlist, quiet } = options;
  const log = output.log ?? ((line: string) => console.log(line));
  return {
    ...(roolUsers ? { users: roolUsers } : {}),
    ...(agentDelayMs === undefined ? {} : { agentDelayMs }),
    ...(fetchAllowlist ? { fetchAllowlist } : {}),
    log: quiet ? () => {} : log,
  };
}

/** Where a value came from (`Option --port` or `ROJ_MOCK_PORT`), and the value if any. */
type Setting = [source: string, value: string | undefined];

/** A decimal integer in range, or `undefined` when the setting is absent. */
function integer(
  [source, text]: Setting,
  range: { min: number; max?: number },
): number | undefined {
  if (text === undefined) return undefined;
  const value = /^\d{1,15}$/.test(text) ? Number(text) : NaN;
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isSafeInteger(value) || value < range.min || value > max) {
    const allowed = range.max === undefined
      ? `an integer of at least ${range.min}`
      : `an integer from ${range.min} to ${range.max}`;
    throw new UsageError(`${source} must be ${allowed}, not ${quote(text)}`);
  }
  return value;
}

function listFromEnv(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  return value.split(',').map((key) => key.trim()).filter((key) => key !== '');
}

/**
 * Shows a user's value without letting a long or multi-line one flood the terminal.
 *
 * @param text The value.
 * @returns It as a JSON string, cut at 60 characters.
 */
export function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}
