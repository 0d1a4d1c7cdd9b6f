/**
 * `deno task conformance`: runs the suite against a deployment from the
 * command line. It checks the arguments, the configuration and that the
 * target answers before it starts; shows progress on stderr while it runs (a
 * bar on a terminal, one line in CI or a log); prints the verdict, or the
 * replay of a divergence, on stdout; and writes JUnit XML or JSON when asked.
 *
 * Exit codes (docs/cli.md): 0 the target conforms; 1 a divergence; 2 a usage,
 * configuration or connection error, printed as `error:` and `hint:` lines
 * (the causes and stack with `--verbose`), never with the keys or tokens given.
 *
 * @module
 */
import { writeFile } from 'node:fs/promises';
import process from 'node:process';
import { colorEnabled } from '../cli/color.ts';
import { CliError } from '../cli/errors.ts';
import { writeCliError } from '../cli/error-output.ts';
import { ExitCode } from '../cli/exit-codes.ts';
import { processIo, type TerminalIo } from '../cli/io.ts';

export type { CliEnv } from '../cli/color.ts';
export type { TerminalIo };
import { progressMode, ProgressReporter } from '../cli/progress.ts';
import { hasFlag, secretValues } from '../cli/raw-args.ts';
import { versionLine } from '../cli/version.ts';
import { rojApi } from '../src/roj/api.ts';
import { roolApi } from '../src/rool/api.ts';
import { type CliOptions, conformanceUsage, parseConformanceArgs } from './cli-args.ts';
import { ConfigFileError, readConfigFile } from './config-file.ts';
import { type ConformanceConfig, defaultConfig } from './config.ts';
import { formatJson, formatJUnit, formatReport, type ReportOptions } from './report.ts';
import { type ConformanceResult, type Progress, runConformance } from './run.ts';

/** A `fetch`: the global one, or an in-process server's. */
export type FetchLike = (
  input: Request | string | URL,
  init?: RequestInit,
) => Promise<Response>;

/** The name the suite gives itself in `--version` and on its progress lines. */
export const conformanceCommand = 'roj-conformance';

/** Flags whose values are secrets: never echoed in errors. */
const secretFlags = ['--api-key', '--token', '--reference-key'];

/** Where the command line writes, and how it reaches the network. */
export interface CliIo extends TerminalIo {
  /** Colour the report on stdout. Default: when stdout is a terminal, as NO_COLOR and FORCE_COLOR allow. */
  color?: boolean;
  /** The `fetch` to reach the target and the reference with. Default: the global one. */
  fetch?: FetchLike;
}

/**
 * Runs the command line.
 *
 * @param args The arguments, without the program and script.
 * @param io Where to write and how to fetch. Default: the process's streams and `fetch`.
 * @returns The exit code: 0 conforms, 1 divergence, 2 usage, configuration or connection error.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { runConformanceCli } from './cli.ts';
 * let err = '';
 * const io = { stdout: () => {}, stderr: (text: string) => err += text };
 * assert.equal(await runConformanceCli(['--api-key', 'k'], io), 2);
 * assert.match(err, /^error: Missing --target URL\nhint: /);
 * ```
 */
export async function runConformanceCli(
  args: readonly string[],
  io: CliIo = processIo(),
): Promise<number> {
  let verbose = hasFlag(args, '--verbose');
  const fail = (error: unknown) =>
    writeCliError(io, error, { verbose, secrets: secretValues(args, secretFlags) });
  try {
    const parsed = parseConformanceArgs(args);
    if (parsed.action === 'help') {
      io.stdout(`${conformanceUsage}\n`);
      return ExitCode.ok;
    }
    if (parsed.action === 'version') {
      io.stdout(`${versionLine(conformanceCommand)}\n`);
      return ExitCode.ok;
    }
    verbose = parsed.options.verbose === true;
    return await run(parsed.options, io);
  } catch (error) {
    return fail(error);
  }
}

async function run(options: CliOptions, io: CliIo): Promise<number> {
  const config = await loadConfig(options.config);
  const fetch = io.fetch ?? ((input, init) => globalThis.fetch(input, init));
  await checkTarget(fetch, options);
  if (options.reference) await prepareReference(fetch, options, config);

  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const runs = options.runs ?? 100;
  const progress = new ProgressReporter(io, {
    mode: progressMode(io, { quiet: options.quiet }),
    label: 'conformance',
    total: runs,
  });
  // The one line a log keeps: what runs, and the seed that replays it should it crash.
  progress.log(`conformance: ${runs} runs against ${options.target}, seed ${seed}`);
  let result: ConformanceResult;
  try {
    result = await runConformance({
      product: options.product,
      target: { url: options.target, apiKey: options.apiKey, credentials: options.tokens, fetch },
      reference: options.reference
        ? { url: options.reference, apiKey: options.referenceKey, fetch }
        : undefined,
      config,
      runs: options.runs,
      maxCommands: options.maxCommands,
      seed,
      path: options.path,
      only: options.only,
      budget: options.budget,
      ratePerSecond: options.rate,
      skewMs: options.skew,
      onProgress: (p: Progress) => progress.update(p.runs, progressDetail(p)),
    });
  } catch (error) {
    // The run reports what it can as a result; anything thrown (the connection dropping while
    // the shrunk sequence is replayed, say) still ends in one error line.
    throw new CliError(`The run stopped: ${describeError(error)}`, {
      hint: `Check that ${options.target} is still up, then replay with --seed=${seed}`,
      cause: error,
    });
  } finally {
    progress.finish();
  }

  const report: ReportOptions = {
    target: options.target,
    apiKey: options.apiKey,
    ...(options.product === 'rool' ? { product: 'rool', tokens: options.tokens } : {}),
    reference: options.reference,
    maxCommands: options.maxCommands,
    only: options.only,
    config: options.config,
  };
  await writeOutputs(result, options, report);
  if (result.ok) {
    io.stdout(`${formatReport(result, report)}\n`);
    return ExitCode.ok;
  }
  if (result.divergence) {
    const color = io.color ?? colorEnabled(io.stdoutIsTerminal ?? false, io.env ?? {});
    io.stdout(`${formatReport(result, { ...report, color })}\n`);
    return ExitCode.failed;
  }
  throw new CliError(result.error ?? 'The run stopped for an unknown reason', {
    hint: options.budget !== undefined || /budget/i.test(result.error ?? '')
      ? 'Raise --budget, or lower --runs or --max-commands'
      : `Replay with --seed=${seed} to see whether it happens again`,
  });
}

function progressDetail(p: Progress): string {
  return `${p.commands} commands, ${Math.round(p.commandsPerSecond)}/s, ${p.seconds.toFixed(1)} s`;
}

async function loadConfig(file: string | undefined): Promise<ConformanceConfig> {
  if (file === undefined) return defaultConfig();
  try {
    return await readConfigFile(file);
  } catch (error) {
    if (!(error instanceof ConfigFileError)) throw error;
    const details = error.message.split('\n');
    return Promise.reject(
      new CliError(`Invalid configuration ${file}`, {
        details,
        hint: "Fix the file: the target's templates, bundles, presets and uploadLimitBytes, " +
          'as the README describes',
        cause: error,
      }),
    );
  }
}

async function writeOutputs(
  result: ConformanceResult,
  options: CliOptions,
  report: ReportOptions,
): Promise<void> {
  const outputs: Array<[string | undefined, () => string]> = [
    [options.junit, () => formatJUnit(result, report)],
    [options.json, () => formatJson(result)],
  ];
  for (const [file, text] of outputs) {
    if (file === undefined) continue;
    try {
      await writeFile(file, text());
    } catch (error) {
      throw new CliError(`Cannot write ${file}: ${describeError(error)}`, {
        hint: 'Check that its directory exists and is writable',
        cause: error,
      });
    }
  }
}

// A cheap call that needs the key: it proves the URL, the route and the key at once.
async function checkTarget(fetch: FetchLike, options: CliOptions): Promise<void> {
  const where = `the target at ${options.target}`;
  const rool = options.product === 'rool';
  const path = rool ? roolApi.endpoints.rool.path : rojApi.endpoints.platform.path;
  const answer = await post(fetch, `${options.target}${path}`, {
    key: options.apiKey,
    body: rool
      ? { method: 'user.get', input: {} }
      : { method: 'instances.list', input: { limit: 1 } },
  });
  if ('error' in answer) {
    throw new CliError(`Cannot reach ${where}: ${describeError(answer.error)}`, {
      hint: rool
        ? 'Check that the deployment is up and --target is its API URL, e.g. http://127.0.0.1:8787/rool'
        : 'Check that the deployment is up and --target is its origin, e.g. ' +
          'http://127.0.0.1:8787 for `deno task mock`',
      cause: answer.error,
    });
  }
  if (answer.status === 401 || answer.status === 403) {
    throw new CliError(
      `${rool ? "User A's token" : 'The API key'} was refused by ${where} (HTTP ${answer.status})`,
      {
        hint: rool
          ? "Pass two valid tokens, user A's then user B's: --token A --token B"
          : 'Pass a key the target accepts with --api-key (roj_dev_key for `deno task mock`)',
      },
    );
  }
  if (answer.status !== 200 || answer.body?.ok !== true) {
    throw new CliError(
      `${capitalize(where)} does not answer as a ${rool ? 'Rool API' : 'Roj platform'}: ` +
        `POST ${path} gave HTTP ${answer.status}`,
      {
        hint: rool
          ? 'Point --target at the Rool API URL, with its base path, e.g. …/rool'
          : 'Point --target at the origin of a Roj platform, without a path',
      },
    );
  }
}

// The reference must be a Roj mock: load the configured catalogue into it (which also resets it).
async function prepareReference(
  fetch: FetchLike,
  options: CliOptions,
  config: ConformanceConfig,
): Promise<void> {
  const where = `the reference at ${options.reference}`;
  const { templates, bundles, presets } = config;
  const answer = await post(fetch, `${options.reference}/_mock/rpc`, {
    key: options.referenceKey,
    body: { method: 'mock.loadSeed', input: { seed: { templates, bundles, presets } } },
  });
  if ('error' in answer) {
    throw new CliError(`Cannot reach ${where}: ${describeError(answer.error)}`, {
      hint: 'Start a mock there (`deno task mock`), or leave out --reference for an in-process one',
      cause: answer.error,
    });
  }
  if (answer.status === 401) {
    throw new CliError(`The reference key was refused by ${where} (HTTP 401)`, {
      hint: 'Pass the API key the reference mock accepts with --reference-key',
    });
  }
  if (answer.status !== 200 || answer.body?.ok !== true) {
    throw new CliError(
      `${capitalize(where)} is not a Roj mock: POST /_mock/rpc gave HTTP ${answer.status}`,
      { hint: 'Point --reference at a Roj mock (`deno task mock`), or leave it out' },
    );
  }
}

async function post(
  fetch: FetchLike,
  url: string,
  options: { key: string; body: unknown },
): Promise<{ status: number; body?: { ok?: unknown } } | { error: unknown }> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.key}`, 'content-type': 'application/json' },
      body: JSON.stringify(options.body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    let body: { ok?: unknown } | undefined;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { status: response.status, body };
  } catch (error) {
    return { error };
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'No answer within 10 s';
  const message = error instanceof Error ? error.message : String(error);
  const cause = (error as { cause?: { message?: string; code?: string } } | null)?.cause;
  const detail = cause?.code ?? cause?.message;
  return (detail && !message.includes(detail) ? `${message} (${detail})` : message)
    .replace(/\s+/g, ' ').replace(/\.$/, '');
}

function capitalize(text: string): string {
  return text[0].toUpperCase() + text.slice(1);
}

if (import.meta.main) {
  process.exitCode = await runConformanceCli(process.argv.slice(2));
}
