/**
 * `soak` (`deno task bench --soak`): the mock as its own Deno process, with 1k instances, under
 * wrk's steady mixed load for SOAK_MINUTES minutes (default 5), its RSS read every 5 s; memory must
 * stay flat: the last minute's median RSS at most 1.1× the second minute's (./soak-rows.ts).
 *
 * The load is the mixed workload's reads with its writes swapped for writes that keep the store's
 * size (./soak-requests.ts), so that any growth is memory the mock should have released. It is
 * not in the default scenario list (`deno task bench` and `--quick` leave it out): five minutes is
 * a benchmark's time, not a test's.
 *
 * @module
 */
import process from 'node:process';
import { defaultApiKey } from '../../../mock-server/mod.ts';
import { runLoad } from '../load.ts';
import { type BenchServer, startBenchServer } from '../process.ts';
import type { Scenario } from '../scenario.ts';
import { rpcPath } from './_rpc.ts';
import { soakRequests, type SoakTargets } from './soak-requests.ts';
import { checkSoakLoad, type RssSample, soakRows } from './soak-rows.ts';

/** Minutes a soak runs unless SOAK_MINUTES says otherwise. */
export const defaultSoakMinutes = 5;
const intervalMs = 5000;
const connections = 32;

/**
 * The soak's length: SOAK_MINUTES, an integer from 3 to 60, else 5.
 *
 * @param value SOAK_MINUTES, if set.
 * @returns Minutes.
 * @throws {RangeError} When the value is not an integer from 3 to 60.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { soakMinutes } from './soak.ts';
 * assert.equal(soakMinutes(undefined), 5);
 * assert.equal(soakMinutes('3'), 3);
 * assert.throws(() => soakMinutes('2'), RangeError);
 * ```
 */
export function soakMinutes(value: string | undefined): number {
  if (value === undefined || value === '') return defaultSoakMinutes;
  const minutes = Number(value);
  if (!Number.isInteger(minutes) || minutes < 3 || minutes > 60) {
    throw new RangeError(`SOAK_MINUTES must be an integer from 3 to 60, got ${value}`);
  }
  return minutes;
}

/** The scenario. */
export const soakScenario: Scenario = {
  name: 'soak',
  title: 'Mock RSS stays flat under a steady mixed load for 5 minutes (SOAK_MINUTES)',
  async run(ctx) {
    const minutes = soakMinutes(process.env.SOAK_MINUTES);
    let server: BenchServer | undefined;
    let sampler: ReturnType<typeof setInterval> | undefined;
    try {
      ctx.progress('starting roj-mock.ts with 1000 instances');
      server = await startBenchServer({
        runtime: 'deno',
        entry: 'scripts/bench/servers/roj-mock.ts',
        args: ['--instances', '1000'],
        root: ctx.root,
        scratch: ctx.scratch,
      });
      const requests = soakRequests(await setUp(server));
      for (const request of new Set(requests)) await expectAnswer(server, request);
      ctx.progress(`${minutes} minutes of load, RSS every ${intervalMs / 1000} s`);
      const samples: RssSample[] = [];
      const started = performance.now();
      const sample = () => {
        const rssBytes = server!.rssBytes();
        if (rssBytes !== undefined) samples.push({ atMs: performance.now() - started, rssBytes });
        const last = samples.at(-1);
        if (last && samples.length % 12 === 1) {
          ctx.progress(
            `${(last.atMs / 1000).toFixed(0)} s: RSS ${(last.rssBytes / 1e6).toFixed(0)} MB`,
          );
        }
      };
      sample();
      sampler = setInterval(sample, intervalMs);
      const load = await runLoad({
        url: server.url,
        requests,
        connections,
        seconds: minutes * 60,
        scratch: ctx.scratch,
      });
      clearInterval(sampler);
      const errorShare = requests.filter((r) => r.expectedStatus !== 200).length / requests.length;
      checkSoakLoad(load, { errorShare, tolerance: connections + 20 });
      const heap = Number(server.info.heapUsed);
      return soakRows({
        minutes,
        samples,
        intervalMs,
        load,
        heapAfterSeedBytes: Number.isFinite(heap) ? heap : undefined,
      }, this.name);
    } finally {
      clearInterval(sampler);
      await server?.stop();
    }
  },
};

// The instances the soak's writes use: one archived, one with a sandbox and a token.
async function setUp(server: BenchServer): Promise<SoakTargets> {
  const call = async (path: string, body: unknown, token = defaultApiKey) => {
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = await response.json();
    if (!answer.ok) {
      throw new Error(
        `Soak setup: ${(body as { method: string }).method} answered ${response.status}`,
      );
    }
    return answer.value;
  };
  const create = (name: string) =>
    call(rpcPath, { method: 'instances.create', input: { templateSlug: 'starter', name } });
  const archived = await create('soak archived');
  await call(rpcPath, { method: 'instances.archive', input: { instanceId: archived.instanceId } });
  const sandboxed = await create('soak sandbox');
  const { token } = await call(rpcPath, {
    method: 'tokens.create',
    input: { instanceId: sandboxed.instanceId },
  });
  await call(
    `/api/v1/instances/${sandboxed.instanceId}/rpc`,
    { method: 'createSandbox', input: {} },
    token,
  );
  return {
    ids: server.info.instanceIds as string[],
    archivedId: archived.instanceId,
    sandboxInstanceId: sandboxed.instanceId,
    token,
  };
}

// Every distinct request once, so the load never measures an answer it did not mean to.
async function expectAnswer(
  server: BenchServer,
  request: ReturnType<typeof soakRequests>[number],
): Promise<void> {
  const response = await fetch(`${server.url}${request.path}`, {
    method: request.method,
    headers: request.headers,
    body: request.body,
  });
  await response.body?.cancel();
  if (response.status !== request.expectedStatus) {
    throw new Error(
      `${request.path} ${
        JSON.parse(request.body ?? '{}').method
      } answered ${response.status}, not ${request.expectedStatus}`,
    );
  }
}
