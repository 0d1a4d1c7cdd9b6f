/**
 * The command line of `deno task conformance`: `node:util`'s `parseArgs`, the
 * checks on each value, and the `--help` text.
 *
 * @module
 */
import { parseArgs } from 'node:util';

/** A command line that cannot run: the message says what is wrong and what is allowed. */
export class UsageError extends Error {
  /** Always `UsageError`. */
  override readonly name = 'UsageError';
}

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
}

/** What {@linkcode parseConformanceArgs} found: a request for help, or options to run with. */
export type ParsedConformanceArgs = { help: true } | { help: false; options: CliOptions };

/** The `--help` text. */
export const conformanceUsage: string =
  `Usage: deno task conformance --target URL --api-key KEY [options]
       deno task conformance --product rool --target URL --token TOKEN_A --token TOKEN_B [options]

Runs the Roj (or Rool) conformance suite: random command sequences run on the target and on a reference
(a fresh in-process mock by default), and every answer is compared. A divergence is shrunk to a
minimal sequence and printed as a replay, with the command line that reproduces it.

Options:
  --product NAME        roj (default) or rool
  --target URL          The deployment under test, e.g. http://127.0.0.1:8787 (required);
                        for Rool its API URL, e.g. http://127.0.0.1:8787/rool
  --api-key KEY         Its API key (required for Roj)
  --token TOKEN         Rool: a user's bearer token; exactly two, user A's then user B's
                        (two different users; the run creates and deletes spaces as them)
  --reference URL       Compare with this Roj mock instead of an in-process one; it is reset
                        (Roj only)
  --reference-key KEY   The reference's API key (default roj_dev_key)
  --runs N              Sequences to run (default 100)
  --max-commands N      At most N commands per sequence (default 25)
  --seed S              Seed of the random generator, to replay a run
  --path P              Replay path from a report (needs --seed)
  --only GLOB           Only commands whose name matches, e.g. 'instances.*'
  --config FILE         The target's catalogue and limits, as JSON (see README)
  --junit FILE          Also write the result as JUnit XML
  --json FILE           Also write the result as JSON
  --budget N            At most N requests to the target (default 100000)
  --rate N              At most N requests per second to the target (default: no limit)
  --skew MS             Tolerated clock difference with the target (default 2000)
  -h, --help            Show this help

Exit codes: 0 the target conforms; 1 a divergence (the report is printed);
2 a usage, configuration or connection error.`;

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
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * Reads the command line.
 *
 * @param args The arguments, without the program and script.
 * @returns `{help: true}` for `--help`, else the options.
 * @throws {UsageError} For an unknown flag, a missing or malformed value, or a positional argument.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { parseConformanceArgs } from './cli-args.ts';
 * const parsed = parseConformanceArgs([
 *   '--target', 'http://127.0.0.1:8787', '--api-key', 'k', '--seed=-12', '--path', '3:1',
 * ]);
 * assert.ok(!parsed.help);
 * assert.equal(parsed.options.seed, -12);
 * assert.equal(parsed.options.path, '3:1');
 * ```
 */
export function parseConformanceArgs(args: readonly string[]): ParsedConformanceArgs {
  let values;
  try {
    ({ values } = parseArgs({ args: [...args], options: flags, strict: true }));
  } catch (error) {
    throw new UsageError(describeParseError(error));
  }
  if (values.help) return { help: true };
  if (values.target === undefined) throw new UsageError('Missing --target URL');
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
      throw new UsageError('Missing --api-key KEY');
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
  return { help: false, options };
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

/** node:util's messages name the flag but end with advice meant for scripts; keep the gist. */
function describeParseError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const named = message.match(/'(-[^' ]*)/)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && named) {
    return `Unknown option ${named}; see --help`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && named) {
    return message.includes('ambiguous')
      ? `Option ${named} has a value starting with "-": write it as ${named}=VALUE`
      : `Option ${named} needs a value`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const argument = message.match(/'([^']*)'/)?.[1];
    return `Unexpected argument${argument ? ` ${quote(argument)}` : ''}; options start with --`;
  }
  return message.replace(/\.$/, '');
}
