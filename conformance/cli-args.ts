/**
 * The command line of `deno task conformance`: `node:util`'s `parseArgs`, the
 * checks on each value, and the `--help` text (in the layout of ../cli/help.ts).
 *
 * @module
 */
import { parseArgs } from 'node:util';
import { UsageError } from '../cli/errors.ts';
import { commonOptions, formatHelp } from '../cli/help.ts';
import { usageErrorFromParseArgs } from '../cli/parse-error.ts';

/** A command line that cannot run: the command lines' shared usage error (../cli/errors.ts). */
export { UsageError };

/** What the command line asks for. */
export interface CliOptions {
  /** The product: `roj` (default) or `rool`. */
  product: 'roj' | 'rool';
  /** The target's origin (Rool: its API URL, with the base path, e.g. `…/rool`). */
  target: string;
  /** The target's API key (Roj), or user A's token (Rool). */
  apiKey: string;
  /** Rool: user A's and user B's tokens. */
  tokens?: string[];
  /** A Roj mock to compare with, instead of the in-process one. */
  reference?: string;
  /** The reference's API key. Default `roj_dev_key`. */
  referenceKey: string;
  /** Sequences to run. */
  runs?: number;
  /** At most this many commands per sequence. */
  maxCommands?: number;
  /** The seed. */
  seed?: number;
  /** The replay path. */
  path?: string;
  /** Glob over command names. */
  only?: string;
  /** Configuration file. */
  config?: string;
  /** JUnit XML output file. */
  junit?: string;
  /** JSON output file. */
  json?: string;
  /** Request budget on the target. */
  budget?: number;
  /** Requests per second on the target. */
  rate?: number;
  /** Tolerated clock skew (ms). */
  skew?: number;
  /** `--quiet`: no progress on stderr. */
  quiet?: boolean;
  /** `--verbose`: errors with their causes and stack. */
  verbose?: boolean;
}

/**
 * What {@linkcode parseConformanceArgs} found: a request for help or for the version, or
 * options to run with.
 */
export type ParsedConformanceArgs =
  | { action: 'help' }
  | { action: 'version' }
  | { action: 'run'; options: CliOptions };

/** The `--help` text. */
export const conformanceUsage: string = formatHelp({
  usage: [
    'deno task conformance --target URL --api-key KEY [options]',
    'deno task conformance --product rool --target URL --token TOKEN_A --token TOKEN_B [options]',
  ],
  description:
    'Runs the Roj (or Rool) conformance suite: random command sequences run on the target and on ' +
    'a reference (a fresh in-process mock by default), and every answer is compared. A ' +
    'divergence is shrunk to a minimal sequence and printed as a replay, with the command line ' +
    'that reproduces it. Progress shows on stderr: a bar on a terminal, one line in CI ' +
    '(CI=true) or when stderr is not a terminal.',
  sections: [{
    title: 'Options',
    options: [
      { flags: '--product NAME', text: 'roj (default) or rool' },
      {
        flags: '--target URL',
        text: 'The deployment under test, e.g. http://127.0.0.1:8787 (required); for Rool its ' +
          'API URL, e.g. http://127.0.0.1:8787/rool',
      },
      { flags: '--api-key KEY', text: 'Its API key (required for Roj)' },
      {
        flags: '--token TOKEN',
        text: "Rool: a user's bearer token; exactly two, user A's then user B's (two different " +
          'users; the run creates and deletes spaces as them)',
      },
      {
        flags: '--reference URL',
        text: 'Compare with this Roj mock instead of an in-process one; it is reset (Roj only)',
      },
      { flags: '--reference-key KEY', text: "The reference's API key (default roj_dev_key)" },
      { flags: '--runs N', text: 'Sequences to run (default 100)' },
      { flags: '--max-commands N', text: 'At most N commands per sequence (default 25)' },
      {
        flags: '--seed S',
        text: 'Seed of the random generator, to replay a run (negative: --seed=-S)',
      },
      { flags: '--path P', text: 'Replay path from a report (needs --seed)' },
      { flags: '--only GLOB', text: "Only commands whose name matches, e.g. 'instances.*'" },
      { flags: '--config FILE', text: "The target's catalogue and limits, as JSON (see README)" },
      { flags: '--junit FILE', text: 'Also write the result as JUnit XML' },
      { flags: '--json FILE', text: 'Also write the result as JSON' },
      { flags: '--budget N', text: 'At most N requests to the target (default 100000)' },
      {
        flags: '--rate N',
        text: 'At most N requests per second to the target (default: no limit)',
      },
      { flags: '--skew MS', text: 'Tolerated clock difference with the target (default 2000)' },
      { flags: '--quiet', text: 'No progress on stderr; the verdict and errors still print' },
      ...commonOptions,
    ],
  }],
  examples: [
    {
      text: 'Check `deno task mock` (or any Roj deployment) with the development key',
      command: 'deno task conformance --target http://127.0.0.1:8787 --api-key roj_dev_key',
    },
    {
      text: 'In CI: a key from the environment, JUnit XML for the CI system, a polite rate',
      command: 'deno task conformance --target "$ROJ_URL" --api-key "$ROJ_API_KEY" --junit ' +
        'conformance.xml --rate 20',
    },
    {
      text: "Replay a divergence, as the report's last line prints it",
      command: 'deno task conformance --target http://127.0.0.1:8787 --api-key roj_dev_key ' +
        '--seed 7 --path 9:2:1',
    },
    {
      text: 'A Rool deployment, as two users',
      command: 'deno task conformance --product rool --target http://127.0.0.1:8787/rool ' +
        '--token rool_alice_token --token rool_bob_token',
    },
  ],
  exitCodes: {
    0: 'The target conforms',
    1: 'A divergence: the replay is printed on stdout',
    2: 'A usage, configuration or connection error (the target or the reference cannot be ' +
      'reached, or refuses the key), or a run stopped by its budget',
  },
});

const flags = {
  product: { type: 'string' },
  token: { type: 'string', multiple: true },
  target: { type: 'string' },
  'api-key': { type: 'string' },
  reference: { type: 'string' },
  'reference-key': { type: 'string' },
  runs: { type: 'string' },
  'max-commands': { type: 'string' },
  seed: { type: 'string' },
  path: { type: 'string' },
  only: { type: 'string' },
  config: { type: 'string' },
  junit: { type: 'string' },
  json: { type: 'string' },
  budget: { type: 'string' },
  rate: { type: 'string' },
  skew: { type: 'string' },
  quiet: { type: 'boolean' },
  verbose: { type: 'boolean' },
  version: { type: 'boolean', short: 'V' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * Reads the command line.
 *
 * @param args The arguments, without the program and script.
 * @returns `help` for `--help`, `version` for `--version`, else the options.
 * @throws {UsageError} For an unknown flag, a missing or malformed value, or a positional argument.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { parseConformanceArgs } from './cli-args.ts';
 * const parsed = parseConformanceArgs([
 *   '--target', 'http://127.0.0.1:8787', '--api-key', 'k', '--seed=-12', '--path', '3:1',
 * ]);
 * assert.ok(parsed.action === 'run');
 * assert.equal(parsed.options.seed, -12);
 * assert.equal(parsed.options.path, '3:1');
 * ```
 */
export function parseConformanceArgs(args: readonly string[]): ParsedConformanceArgs {
  let values;
  try {
    ({ values } = parseArgs({ args: [...args], options: flags, strict: true }));
  } catch (error) {
    throw usageErrorFromParseArgs(error, Object.keys(flags));
  }
  if (values.help) return { action: 'help' };
  if (values.version) return { action: 'version' };
  if (values.target === undefined) {
    throw new UsageError('Missing --target URL', {
      hint: 'Name the deployment to check, e.g. --target http://127.0.0.1:8787 for ' +
        '`deno task mock`',
    });
  }
  const product = values.product ?? 'roj';
  if (product !== 'roj' && product !== 'rool') {
    throw new UsageError(`--product must be roj or rool, not ${quote(product)}`);
  }
  const tokens = values.token ?? [];
  if (product === 'rool') {
    if (tokens.length !== 2 || tokens.some((t) => t === '')) {
      throw new UsageError("Rool needs exactly two --token TOKEN: user A's, then user B's");
    }
    if (values.reference !== undefined) {
      throw new UsageError(
        '--reference is not supported for Rool: it compares with an in-process mock',
      );
    }
    if (values['api-key'] !== undefined) {
      throw new UsageError('--api-key is for Roj; Rool takes --token');
    }
  } else {
    if (tokens.length > 0) throw new UsageError('--token is for Rool (--product rool)');
    if (values['api-key'] === undefined || values['api-key'] === '') {
      throw new UsageError('Missing --api-key KEY', {
        hint: "Pass the target's API key, e.g. --api-key roj_dev_key for `deno task mock`, or " +
          '--api-key "$ROJ_API_KEY" to keep it out of your shell history',
      });
    }
  }
  if (values.path !== undefined && values.seed === undefined) {
    throw new UsageError('--path needs the --seed it was found with');
  }
  if (
    values.path !== undefined && !/^\d+(:\d+)*(@[A-Za-z0-9+/]*:[A-Za-z0-9+/]*)?$/.test(values.path)
  ) {
    throw new UsageError('--path must be numbers separated by colons, as a report prints it');
  }
  const options: CliOptions = {
    product,
    target: origin('--target', values.target),
    apiKey: product === 'rool' ? tokens[0] : values['api-key']!,
    ...(product === 'rool' ? { tokens } : {}),
    referenceKey: values['reference-key'] ?? 'roj_dev_key',
    ...(values.quiet ? { quiet: true } : {}),
    ...(values.verbose ? { verbose: true } : {}),
  };
  if (values.reference !== undefined) options.reference = origin('--reference', values.reference);
  if (values.runs !== undefined) options.runs = integer('--runs', values.runs, 1);
  if (values['max-commands'] !== undefined) {
    options.maxCommands = integer('--max-commands', values['max-commands'], 1);
  }
  if (values.seed !== undefined) options.seed = integer('--seed', values.seed, -(2 ** 31));
  if (values.path !== undefined) options.path = values.path;
  if (values.only !== undefined) options.only = nonEmpty('--only', values.only);
  if (values.config !== undefined) options.config = nonEmpty('--config', values.config);
  if (values.junit !== undefined) options.junit = nonEmpty('--junit', values.junit);
  if (values.json !== undefined) options.json = nonEmpty('--json', values.json);
  if (values.budget !== undefined) options.budget = integer('--budget', values.budget, 1);
  if (values.rate !== undefined) {
    const rate = Number(values.rate);
    if (!/^\d+(\.\d+)?$/.test(values.rate) || !(rate > 0)) {
      throw new UsageError(
        `--rate must be a number of requests per second above 0, not ${quote(values.rate)}`,
      );
    }
    options.rate = rate;
  }
  if (values.skew !== undefined) options.skew = integer('--skew', values.skew, 0);
  return { action: 'run', options };
}

function origin(flag: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${flag} must be an http or https URL, not ${quote(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${flag} must be an http or https URL, not ${quote(value)}`);
  }
  return value.replace(/\/+$/, '');
}

function integer(flag: string, value: string, min: number): number {
  const n = Number(value);
  if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`${flag} must be a whole number, ${min} or more, not ${quote(value)}`);
  }
  return n;
}

function nonEmpty(flag: string, value: string): string {
  if (value === '') throw new UsageError(`${flag} needs a value`);
  return value;
}

function quote(value: string): string {
  return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
}
