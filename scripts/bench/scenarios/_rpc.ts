/**
 * Shared by the Roj load scenarios: RPC calls as load requests, and rounds of
 * load against several servers taken in turn, so that whatever else the
 * machine does in the meantime falls on each of them alike.
 *
 * @module
 */
import { defaultApiKey } from '../../../mock-server/mod.ts';
import { type LoadRequest, type LoadResult, runLoad } from '../load.ts';
import type { BenchServer } from '../process.ts';

/** The platform endpoint every Roj load scenario calls. */
export const rpcPath = '/api/v1/rpc';

/**
 * One platform RPC call as a load request, authenticated with the mock's development key.
 *
 * @param method The method, e.g. `instances.get`.
 * @param input Its input.
 * @returns The request.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { rpcRequest } from './_rpc.ts';
 * const request = rpcRequest('instances.get', { instanceId: 'ins_000001' });
 * assert.equal(request.body, '{"method":"instances.get","input":{"instanceId":"ins_000001"}}');
 * ```
 */
export function rpcRequest(method: string, input: unknown): LoadRequest {
  return {
    method: 'POST',
    path: rpcPath,
    headers: { authorization: `Bearer ${defaultApiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ method, input }),
  };
}

/** A server and the requests to load it with. */
export interface LoadTarget {
  /** Its name in progress lines. */
  name: string;
  /** The server. */
  server: BenchServer;
  /** The requests, sent in turn. */
  requests: LoadRequest[];
}

/** Options of {@linkcode loadInTurn}. */
export interface InTurnOptions {
  /** Rounds; each round loads every target once. */
  rounds: number;
  /** Seconds per load. */
  seconds: number;
  /** Seconds of warm-up load per target before the first round (JIT, caches). */
  warmupSeconds: number;
  /** Connections. Default: 32. */
  connections?: number;
  /** Where wrk's script goes. */
  scratch: string;
  /** Progress lines. */
  progress: (message: string) => void;
}

/**
 * Loads each target in turn, round after round, and gives each target's median run.
 *
 * @param targets The servers and their requests.
 * @param options Rounds, durations and connections.
 * @returns Per target, the run with the median throughput (and its latencies), and every run.
 * @throws {Error} When any response was an error or a socket failed: the figures would not
 * measure the call.
 */
export async function loadInTurn(
  targets: LoadTarget[],
  options: InTurnOptions,
): Promise<Map<string, { median: LoadResult; runs: LoadResult[] }>> {
  const connections = options.connections ?? 32;
  const load = async (target: LoadTarget, seconds: number) => {
    const result = await runLoad({
      url: target.server.url,
      requests: target.requests,
      connections,
      seconds,
      scratch: options.scratch,
    });
    if (result.non2xx > 0 || result.socketErrors > 0) {
      throw new Error(
        `${target.name}: ${result.non2xx} error responses and ${result.socketErrors} socket ` +
          `errors in ${result.requests} requests`,
      );
    }
    return result;
  };
  for (const target of targets) {
    if (options.warmupSeconds > 0) await load(target, options.warmupSeconds);
  }
  const runs = new Map<string, LoadResult[]>(targets.map((t) => [t.name, []]));
  for (let round = 1; round <= options.rounds; round++) {
    for (const target of targets) {
      const result = await load(target, options.seconds);
      runs.get(target.name)!.push(result);
      options.progress(
        `round ${round}/${options.rounds} ${target.name}: ${Math.round(result.rps)} req/s, ` +
          `p99 ${result.latency.p99.toFixed(2)} ms`,
      );
    }
  }
  return new Map(
    [...runs].map(([name, list]) => [name, { median: medianRun(list), runs: list }]),
  );
}

/**
 * The run with the median throughput (the lower middle one of an even count).
 *
 * @param runs The runs, at least one.
 * @returns The median run.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { medianRun } from './_rpc.ts';
 * const run = (rps: number) => ({
 *   requests: rps, rps, non2xx: 0, socketErrors: 0,
 *   latency: { p50: 0, p90: 0, p99: 0, max: 0, mean: 0 },
 * });
 * assert.equal(medianRun([run(3), run(1), run(2)]).rps, 2);
 * ```
 */
export function medianRun(runs: LoadResult[]): LoadResult {
  const sorted = [...runs].sort((a, b) => a.rps - b.rps);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/**
 * The round whose throughput ratio is the median of every round's: each round loads both
 * targets back to back, so a ratio within a round has both sides under the same conditions,
 * while the machine's speed can change twofold between rounds.
 *
 * @param measured The measured target's runs, one per round.
 * @param baseline The baseline's runs, in the same rounds.
 * @returns The two runs of the median round.
 * @throws {Error} When the run counts differ or are zero.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { medianRound } from './_rpc.ts';
 * const run = (rps: number) => ({
 *   requests: rps, rps, non2xx: 0, socketErrors: 0,
 *   latency: { p50: 0, p90: 0, p99: 0, max: 0, mean: 0 },
 * });
 * // Ratios 0.5, 0.8 and 0.9: the middle round is the second.
 * const { measured, baseline } = medianRound([run(50), run(40), run(90)], [run(100), run(50), run(100)]);
 * assert.equal(measured.rps / baseline.rps, 0.8);
 * ```
 */
export function medianRound(
  measured: LoadResult[],
  baseline: LoadResult[],
): { measured: LoadResult; baseline: LoadResult } {
  if (measured.length === 0 || measured.length !== baseline.length) {
    throw new Error(`Rounds do not pair: ${measured.length} and ${baseline.length} runs`);
  }
  const rounds = measured.map((m, i) => ({ measured: m, baseline: baseline[i] }))
    .sort((x, y) => x.measured.rps / x.baseline.rps - y.measured.rps / y.baseline.rps);
  return rounds[Math.floor((rounds.length - 1) / 2)];
}

/**
 * The median of the runs' p99 latencies: a tail figure is noisier than throughput, so it is
 * taken over every run rather than from the median-throughput one.
 *
 * @param runs The runs, at least one.
 * @returns Milliseconds.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { medianP99 } from './_rpc.ts';
 * const run = (p99: number) => ({
 *   requests: 1, rps: 1, non2xx: 0, socketErrors: 0,
 *   latency: { p50: 0, p90: 0, p99, max: 0, mean: 0 },
 * });
 * assert.equal(medianP99([run(3), run(1), run(2)]), 2);
 * ```
 */
export function medianP99(runs: LoadResult[]): number {
  const sorted = runs.map((r) => r.latency.p99).sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Calls one method on a server and checks it answered `ok`, so a load run never measures
 * errors unknowingly.
 *
 * @param server The server.
 * @param request The call.
 * @returns The value.
 * @throws {Error} When the call fails.
 */
export async function checkCall(server: BenchServer, request: LoadRequest): Promise<unknown> {
  const response = await fetch(`${server.url}${request.path}`, {
    method: request.method,
    headers: request.headers,
    body: request.body,
  });
  const body = await response.json();
  if (!response.ok || body.ok !== true) {
    throw new Error(`${request.body} answered ${response.status} ${JSON.stringify(body)}`);
  }
  return body.value;
}
