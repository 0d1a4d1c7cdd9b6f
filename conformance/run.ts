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
import { rojApi } from '../src/roj/api.ts';
import openapi from '../src/roj/_generated/openapi.json' with { type: 'json' };
import { createMockServer } from '../mock-server/mod.ts';
import type { Routes } from './call.ts';
import { allCommands, type ConformanceCommand } from './commands/mod.ts';
import { type ConformanceConfig, defaultConfig, referenceOptions } from './config.ts';
import { type Baseline, createModel, type Model } from './model.ts';
import { OpenApiCheck } from './openapi-check.ts';
import { Divergence, Pair, type Step } from './pair.ts';
import { Side } from './side.ts';

/** Where a side is. */
export interface Endpoint {
  /** Origin, e.g. `http://127.0.0.1:8787`. */
  url: string;
  /** API key. */
  apiKey: string;
  /** A `fetch` to reach it with (an in-process server's). */
  fetch?: (input: Request | string | URL, init?: RequestInit) => Promise<Response>;
}

/** Options of {@linkcode runConformance}. */
export interface ConformanceOptions {
  /** The deployment under test. */
  target: Endpoint;
  /** A Roj mock to compare with; reset before each run. Default: a fresh in-process mock. */
  reference?: Endpoint;
  /** The target's catalogue. Default: the mock's default seed. */
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

const routes: Routes = {
  platform: rojApi.endpoints.platform.path,
  instance: rojApi.endpoints.instance.path,
  upload: rojApi.uploads['files.upload'].path,
};

/**
 * Runs the conformance suite against a target.
 *
 * @param options Target, reference, configuration and limits.
 * @returns What was found. It throws only on a bug of the suite itself.
 */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceResult> {
  const config = options.config ?? defaultConfig();
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
  let referenceMock = createMockServer(referenceOptions(config));
  const reference = new Side({
    name: 'reference',
    url: options.reference?.url ?? 'http://reference.invalid',
    apiKey: options.reference?.apiKey ?? 'roj_dev_key',
    fetch: options.reference
      ? options.reference.fetch
      : (input, init) => referenceMock.fetch(input, init),
  });
  const pair = new Pair({
    target,
    reference,
    routes,
    openapi: new OpenApiCheck(openapi, routes),
    skewMs: options.skewMs ?? 2000,
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
    if (options.reference) await resetReference(reference);
    else referenceMock = createMockServer(referenceOptions(config));
    const model = createModel({
      baseline: await measureBaseline(target),
      runTag: `${invocation}r${runs}`,
    });
    pair.steps = [];
    return { model, real: pair };
  };

  const commands = allCommands(config).filter((c) => matches(c.name, options.only));
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
      } finally {
        await cleanup(target, run.model);
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
  } catch (error) {
    message = (error as Error).message;
  } finally {
    await cleanup(target, run.model);
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

async function resetReference(reference: Side): Promise<void> {
  const answer = await reference.send({
    path: '/_mock/rpc',
    headers: { authorization: `Bearer ${reference.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ method: 'mock.reset', input: {} }),
  });
  if (answer.status !== 200) {
    throw new Error(`The reference did not reset (HTTP ${answer.status}): it must be a Roj mock`);
  }
}

// What the target holds before the run: own items are newer, so they page ahead of these.
async function measureBaseline(target: Side): Promise<Baseline> {
  const rpc = async (method: string, input: unknown) => {
    const answer = await target.send({
      path: routes.platform,
      headers: { authorization: `Bearer ${target.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ method, input }),
    });
    const body = answer.body as { ok?: boolean; value?: Record<string, unknown> };
    if (answer.status !== 200 || !body.ok) {
      throw new Error(`Cannot read the target's baseline with ${method} (HTTP ${answer.status})`);
    }
    return body.value!;
  };
  const instances = (await rpc('instances.list', { limit: 1 })).total as number;
  let resources = 0;
  for (let offset = 0;; offset += 100) {
    const page = (await rpc('resources.list', { limit: 100, offset })).resources as unknown[];
    resources += page.length;
    if (page.length < 100) break;
  }
  return { instances, resources };
}

// Archive what the run created, and delete its resources: the target ends as it began, but
// for archived leftovers, which are not listed.
async function cleanup(target: Side, model: Model): Promise<void> {
  const rpc = (method: string, input: unknown) =>
    target.send({
      path: routes.platform,
      headers: { authorization: `Bearer ${target.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ method, input }),
    });
  for (const instance of model.entities.instance) {
    if (!instance.gone) await rpc('instances.archive', { instanceId: instance.target });
  }
  for (const resource of model.entities.resource) {
    if (!resource.gone) await rpc('resources.delete', { resourceId: resource.target });
  }
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
