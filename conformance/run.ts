/**
 * Runs the suite: fast-check generates command sequences, each run starts a
 * fresh reference and measures what the target already holds, the commands
 * run on both sides, and what the run created on the target is cleaned up.
 * On a divergence fast-check shrinks the sequence; the shrunk sequence is
 * replayed once more to record every step for the report.
 *
 * @module
 */
import fc from 'fast-check';
import type { ConformanceCommand } from './commands/base.ts';
import type { ConformanceConfig } from './config.ts';
import { createModel, type Model } from './model.ts';
import { Divergence, Pair, type Step } from './pair.ts';
import type { InProcessReference } from './product.ts';
import { createProduct, type ProductName } from './products/mod.ts';
import { Side } from './side.ts';

/** Where a side is. */
export interface Endpoint {
  /** Origin, e.g. `http://127.0.0.1:8787`. */
  url: string;
  /** API key (Roj), or the first user's token (Rool). */
  apiKey: string;
  /** Every credential, by index, when there are several (Rool: user A's token, then user B's). */
  credentials?: readonly string[];
  /** A `fetch` to reach it with (an in-process server's). */
  fetch?: (input: Request | string | URL, init?: RequestInit) => Promise<Response>;
}

/** Options of {@linkcode runConformance}. */
export interface ConformanceOptions {
  /** The deployment under test. */
  target: Endpoint;
  /** A mock to compare with; reset before each run. Default: a fresh in-process mock. */
  reference?: Endpoint;
  /** Which product the target is. Default `roj`. */
  product?: ProductName;
  /** Roj: the target's catalogue. Default: the mock's default seed. */
  config?: ConformanceConfig;
  /** How many sequences. Default 100. */
  runs?: number;
  /** At most this many commands per sequence. Default 25. */
  maxCommands?: number;
  /**
   * fast-check's size of the command sequences. Default `medium` (about 12 commands); `small` averages about 5
   * commands, `medium` about 12, which reaches deeper states (a sandbox paused twice).
   */
  size?: 'xsmall' | 'small' | 'medium' | 'large' | 'xlarge';
  /** fast-check seed, to replay. */
  seed?: number;
  /**
   * The replay path from a failure report: fast-check's path, then `@` and the command
   * sequence's own replay path (which commands ran), e.g. `3:2:4@CD:Bc`.
   */
  path?: string;
  /**
   * Keep only commands whose name matches one of these comma-separated globs (`*` wildcard),
   * e.g. `instances.*` or `instances.create,tokens.create,instance.*`.
   */
  only?: string;
  /** At most this many requests to the target in all. Default 100 000. */
  budget?: number;
  /** At most this many requests per second to the target; 0 for no limit. Default 0. */
  ratePerSecond?: number;
  /** Tolerated clock difference between the suite and the target (ms). Default 2000. */
  skewMs?: number;
  /** Called about once a second, and at the end, with progress. */
  onProgress?: (progress: Progress) => void;
}

/** How far the suite got. */
export interface Progress {
  /** Sequences run, shrinking included. */
  runs: number;
  /** Commands run. */
  commands: number;
  /** Commands per second so far. */
  commandsPerSecond: number;
  /** Seconds since the start. */
  seconds: number;
}

/** What the suite found. */
export interface ConformanceResult {
  /** `true` when the target conforms. */
  ok: boolean;
  /** Final progress figures. */
  progress: Progress;
  /** The seed used, to replay. */
  seed: number;
  /** Set when a divergence was found. */
  divergence?: {
    /** The shrunk sequence, as command names. */
    commands: string[];
    /** Every step of the shrunk sequence's replay, the last one diverging. */
    steps: Step[];
    /** The replay path for `--path`. */
    path: string;
    /** The divergence message. */
    message: string;
  };
  /** Set when the run could not proceed (budget, connection); not a divergence. */
  error?: string;
}

/**
 * Runs the conformance suite against a target.
 *
 * @param options Target, reference, configuration and limits.
 * @returns What was found. It throws only on a bug of the suite itself.
 *
 * @example The mock conforms to itself
 * ```ts
 * import assert from 'node:assert/strict';
 * import { createMockServer } from '../mock-server/mod.ts';
 * import { runConformance } from './run.ts';
 * const mock = createMockServer();
 * const result = await runConformance({
 *   target: { url: 'http://mock.test', apiKey: 'roj_dev_key', fetch: mock.fetch },
 *   runs: 3,
 *   seed: 1,
 * });
 * assert.equal(result.ok, true);
 * await mock.close();
 * ```
 */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceResult> {
  const product = createProduct(options.product ?? 'roj', options.config);
  const started = performance.now();
  // Unique per invocation, so what a crashed earlier invocation left behind never collides.
  const invocation = Array.from(
    crypto.getRandomValues(new Uint8Array(3)),
    (b) => b.toString(36).padStart(2, '0'),
  ).join('');
  const target = new Side({
    name: 'target',
    ...options.target,
    budget: options.budget ?? 100_000,
    ratePerSecond: options.ratePerSecond ?? 0,
  });
  try {
    await product.prepare?.(target);
  } catch (error) {
    return {
      ok: false,
      progress: zeroProgress(),
      seed: options.seed ?? 0,
      error: error instanceof Error ? error.message : String(error),
    };
  }
  let referenceMock: InProcessReference | undefined = options.reference
    ? undefined
    : product.createReference();
  const reference = new Side({
    name: 'reference',
    url: options.reference?.url ?? 'http://reference.invalid',
    apiKey: options.reference?.apiKey ?? referenceMock!.apiKey,
    credentials: options.reference?.credentials ?? referenceMock?.credentials,
    fetch: options.reference
      ? options.reference.fetch
      : (input, init) => referenceMock!.fetch(input, init),
  });
  const pair = new Pair({
    target,
    reference,
    routes: product.routes,
    openapi: product.openapi,
    skewMs: options.skewMs ?? 2000,
    rules: product.rules,
    comparators: product.comparators,
  });

  let runs = 0;
  const progress = (): Progress => {
    const seconds = (performance.now() - started) / 1000;
    return {
      runs,
      commands: pair.calls,
      commandsPerSecond: pair.calls / Math.max(seconds, 1e-3),
      seconds,
    };
  };
  let lastReport = performance.now();
  const report = () => {
    if (performance.now() - lastReport < 1000) return;
    lastReport = performance.now();
    options.onProgress?.(progress());
  };

  const setup = async (): Promise<{ model: Model; real: Pair }> => {
    if (options.reference) await product.resetReference(reference);
    else referenceMock = product.createReference();
    const model = createModel({
      baseline: await product.measureBaseline(target),
      runTag: `${invocation}r${runs}`,
    });
    pair.steps = [];
    await product.startRun?.(model, pair);
    return { model, real: pair };
  };

  const commands = product.commands.filter((c) => matches(c.name, options.only));
  if (commands.length === 0) {
    return {
      ok: false,
      progress: progress(),
      seed: options.seed ?? 0,
      error: `No command matches --only ${options.only}`,
    };
  }
  const property = fc.asyncProperty(
    // One weighted choice: commands say how often they are drawn (`weight`, default 1).
    fc.commands([
      fc.oneof(
        ...commands.map((c) => ({
          arbitrary: c.arbitrary,
          weight: Math.round((c.weight ?? 1) * weightScale),
        })),
      ),
    ], {
      maxCommands: options.maxCommands ?? 25,
      size: options.size ?? 'medium',
      // Shrinking drops commands that never ran, so a replay needs to know which ran.
      replayPath: options.path?.split('@')[1],
    }),
    async (sequence) => {
      runs++;
      const run = await setup();
      try {
        await fc.asyncModelRun(() => run, sequence);
        await product.finishRun?.(run.model, pair);
      } finally {
        await product.cleanup(target, run.model);
        report();
      }
    },
  );
  const seed = options.seed ?? Date.now() ^ (Math.random() * 0x100000000);
  let result;
  try {
    result = await fc.check(property, {
      numRuns: options.runs ?? 100,
      seed,
      path: options.path?.split('@')[0],
      endOnFailure: false,
    });
  } catch (error) {
    return { ok: false, progress: progress(), seed, error: (error as Error).message };
  }
  options.onProgress?.(progress());
  if (!result.failed) return { ok: true, progress: progress(), seed };

  const cause = result.errorInstance;
  if (
    !(cause instanceof Divergence) && !(cause instanceof Error && cause.cause instanceof Divergence)
  ) {
    return {
      ok: false,
      progress: progress(),
      seed,
      error: `The suite could not run: ${String(cause)}`,
    };
  }
  // Replay the shrunk sequence once more, recording every step for the report.
  const [sequence] = result.counterexample!;
  // `… /*replayPath="CD:Bc"*/`, read before the replay below moves the arbitrary's own record on.
  const commandsPath = /replayPath="([^"]*)"/.exec(String(sequence))?.[1];
  const run = await setup();
  let message = String(cause);
  try {
    await fc.asyncModelRun(() => run, sequence);
    await product.finishRun?.(run.model, pair);
  } catch (error) {
    message = (error as Error).message;
  } finally {
    await product.cleanup(target, run.model);
  }
  return {
    ok: false,
    progress: progress(),
    seed,
    divergence: {
      // fast-check keeps the commands after the failing one in the counterexample, unrun.
      commands: [...sequence].filter((c) => (c as { hasRan?: boolean }).hasRan !== false)
        .map(String),
      steps: [...pair.steps],
      path: `${result.counterexamplePath ?? ''}${commandsPath ? `@${commandsPath}` : ''}`,
      message,
    },
  };
}

function zeroProgress(): Progress {
  return { runs: 0, commands: 0, commandsPerSecond: 0, seconds: 0 };
}

// Weights may be fractions; fast-check's are integers.
const weightScale = 100;

// `a.*,b.c`: any of the comma-separated globs.
function matches(name: string, globs: string | undefined): boolean {
  if (!globs) return true;
  return globs.split(',').some((glob) =>
    new RegExp(
      `^${glob.trim().split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`,
    ).test(name)
  );
}

export type { ConformanceCommand };
