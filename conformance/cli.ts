/**
 * `deno task conformance`: runs the suite against a deployment from the
 * command line. It checks the arguments, the configuration and that the
 * target answers before it starts; shows progress on stderr while it runs;
 * prints the verdict, or the replay of a divergence, on stdout; and writes
 * JUnit XML or JSON when asked.
 *
 * Exit codes: 0 the target conforms; 1 a divergence; 2 a usage, configuration
 * or connection error, as one clear line and never a stack trace.
 *
 * @module
 */
import { writeFile } from 'node:fs/promises';
import process from 'node:process';
import { rojApi } from '../src/roj/api.ts';
import { roolApi } from '../src/rool/api.ts';
import { type CliOptions, conformanceUsage, parseConformanceArgs, UsageError } from './cli-args.ts';
import { ConfigFileError, readConfigFile } from './config-file.ts';
import { type ConformanceConfig, defaultConfig } from './config.ts';
import { formatJson, formatJUnit, formatReport, type ReportOptions } from './report.ts';
import { type ConformanceResult, type Progress, runConformance } from './run.ts';

type FetchLike = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/** Where the command line writes, and how it reaches the network. */
export interface CliIo {
  /** Writes text to stdout. */
  stdout(text: string): void;
  /** Writes text to stderr. */
  stderr(text: string): void;
  /** stderr is a terminal: progress rewrites one line instead of adding lines. */
  stderrIsTerminal?: boolean;
  /** Colour the report. */
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
 * assert.equal(err, 'conformance: Missing --target URL (see --help)\n');
 * ```
 */
export async function runConformanceCli(
  args: readonly string[],
  io: CliIo = processIo(),
): Promise<number> {
  const fail = (message: string) => {
    io.stderr(`conformance: ${message}\n`);
    return 2;
  };
  let options: CliOptions;
  try {
    const parsed = parseConformanceArgs(args);
    if (parsed.help) {
      io.stdout(`${conformanceUsage}\n`);
      return 0;
    }
    options = parsed.options;
  } catch (error) {
    if (error instanceof UsageError) return fail(`${error.message} (see --help)`);
    throw error;
  }

  let config: ConformanceConfig;
  try {
    config = options.config === undefined ? defaultConfig() : await readConfigFile(options.config);
  } catch (error) {
    if (error instanceof ConfigFileError) return fail(`Invalid configuration\n${error.message}`);
    throw error;
  }

  const fetch = io.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const reachable = await checkTarget(fetch, options) ??
    (options.reference ? await prepareReference(fetch, options, config) : undefined);
  if (reachable !== undefined) return fail(reachable);

  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const progress = progressPrinter(io, options.runs ?? 100);
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
      onProgress: progress.update,
    });
  } catch (error) {
    // The run reports what it can as a result; anything thrown (the connection dropping while
    // the shrunk sequence is replayed, say) still ends in one line.
    progress.done();
    return fail(`The run stopped: ${describeError(error)}`);
  }
  progress.done();

  const report: ReportOptions = {
    target: options.target,
    apiKey: options.apiKey,
    ...(options.product === 'rool' ? { product: 'rool', tokens: options.tokens } : {}),
    reference: options.reference,
    maxCommands: options.maxCommands,
    only: options.only,
    config: options.config,
  };
  const written = await writeOutputs(result, options, report);
  if (result.ok) {
    io.stdout(`${formatReport(result, report)}\n`);
    return written ?? 0;
  }
  if (result.divergence) {
    io.stdout(`${formatReport(result, { ...report, color: io.color })}\n`);
    return written ?? 1;
  }
  return fail(result.error ?? 'The run stopped for an unknown reason');

  async function writeOutputs(
    result: ConformanceResult,
    options: CliOptions,
    report: ReportOptions,
  ): Promise<number | undefined> {
    const outputs: Array<[string | undefined, () => string]> = [
      [options.junit, () => formatJUnit(result, report)],
      [options.json, () => formatJson(result)],
    ];
    for (const [file, text] of outputs) {
      if (file === undefined) continue;
      try {
        await writeFile(file, text());
      } catch (error) {
        return fail(`Cannot write ${file}: ${describeError(error)}`);
      }
    }
    return undefined;
  }
}

// A cheap call that needs the key: it proves the URL, the route and the key at once.
async function checkTarget(fetch: FetchLike, options: CliOptions): Promise<string | undefined> {
  const where = `the target at ${options.target}`;
  if (options.product === 'rool') {
    const path = roolApi.endpoints.rool.path;
    const answer = await post(fetch, `${options.target}${path}`, {
      key: options.apiKey,
      body: { method: 'user.get', input: {} },
    });
    if ('error' in answer) return `Cannot reach ${where}: ${answer.error}`;
    if (answer.status === 401 || answer.status === 403) {
      return `User A's token was refused by ${where} (HTTP ${answer.status})`;
    }
    if (answer.status !== 200 || answer.body?.ok !== true) {
      return `${
        capitalize(where)
      } does not answer as a Rool API: POST ${path} gave HTTP ${answer.status} (is the URL the API URL, e.g. …/rool?)`;
    }
    return undefined;
  }
  const answer = await post(fetch, `${options.target}${rojApi.endpoints.platform.path}`, {
    key: options.apiKey,
    body: { method: 'instances.list', input: { limit: 1 } },
  });
  if ('error' in answer) return `Cannot reach ${where}: ${answer.error}`;
  if (answer.status === 401 || answer.status === 403) {
    return `The API key was refused by ${where} (HTTP ${answer.status})`;
  }
  if (answer.status !== 200 || answer.body?.ok !== true) {
    return `${
      capitalize(where)
    } does not answer as a Roj platform: POST ${rojApi.endpoints.platform.path} gave HTTP ${answer.status}`;
  }
  return undefined;
}

// The reference must be a Roj mock: load the configured catalogue into it (which also resets it).
async function prepareReference(
  fetch: FetchLike,
  options: CliOptions,
  config: ConformanceConfig,
): Promise<string | undefined> {
  const where = `the reference at ${options.reference}`;
  const { templates, bundles, presets } = config;
  const answer = await post(fetch, `${options.reference}/_mock/rpc`, {
    key: options.referenceKey,
    body: { method: 'mock.loadSeed', input: { seed: { templates, bundles, presets } } },
  });
  if ('error' in answer) return `Cannot reach ${where}: ${answer.error}`;
  if (answer.status === 401) return `The reference key was refused by ${where} (HTTP 401)`;
  if (answer.status !== 200 || answer.body?.ok !== true) {
    return `${capitalize(where)} is not a Roj mock: POST /_mock/rpc gave HTTP ${answer.status}`;
  }
  return undefined;
}

async function post(
  fetch: FetchLike,
  url: string,
  options: { key: string; body: unknown },
): Promise<{ status: number; body?: { ok?: unknown } } | { error: string }> {
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
    return { error: describeError(error) };
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'No answer within 10 s';
  const message = error instanceof Error ? error.message : String(error);
  const cause = (error as { cause?: { message?: string; code?: string } }).cause;
  const detail = cause?.code ?? cause?.message;
  return (detail && !message.includes(detail) ? `${message} (${detail})` : message)
    .replace(/\s+/g, ' ').replace(/\.$/, '');
}

function capitalize(text: string): string {
  return text[0].toUpperCase() + text.slice(1);
}

function progressPrinter(
  io: CliIo,
  runs: number,
): { update: (progress: Progress) => void; done: () => void } {
  let lastLine = 0;
  let shown = false;
  const line = (p: Progress) =>
    `conformance: ${p.runs}/${runs} runs, ${p.commands} commands, ${
      Math.round(p.commandsPerSecond)
    } commands/s, ${p.seconds.toFixed(1)} s`;
  return {
    update(p) {
      if (io.stderrIsTerminal) {
        io.stderr(`\r\x1b[2K${line(p)}`);
        shown = true;
      } else if (p.seconds - lastLine >= 5) {
        // Logs keep every line: one every five seconds is enough to see it move.
        lastLine = p.seconds;
        io.stderr(`${line(p)}\n`);
      }
    },
    done() {
      if (shown) io.stderr('\n');
      shown = false;
    },
  };
}

function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stderrIsTerminal: process.stderr.isTTY === true,
    color: process.stdout.isTTY === true && !process.env.NO_COLOR,
  };
}

if (import.meta.main) {
  process.exitCode = await runConformanceCli(process.argv.slice(2));
}
