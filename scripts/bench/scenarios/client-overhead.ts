/**
 * What `createRojClient` costs per call over a hand-written `fetch` of the very
 * same request: the same URL, headers and body, the JSON read back and
 * checked. Both run in this process, one call at a time, against the same
 * server, in interleaved rounds (client then fetch, fetch then client, …) so
 * that whatever else the machine does falls on both alike.
 *
 * @module
 */
import { createRojClient } from '../../../src/roj/client.ts';
import { median, roundOrder } from './client-rounds.ts';

/** Options of {@linkcode measureClientOverhead}. */
export interface ClientOverheadOptions {
  /** The server's origin, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** The API key it accepts. */
  apiKey: string;
  /** Instances it holds; the calls cycle through them. */
  instanceIds: readonly string[];
  /** At most this many pairs of calls (one client call, one fetch call). */
  pairs: number;
  /** Calls per side before the first pair, for the JIT and the connection pool. */
  warmupCalls: number;
  /** Stop starting pairs after this many milliseconds. */
  maxMs: number;
  /** Progress lines. */
  progress(message: string): void;
}

/** Per-call times of both sides. */
export interface ClientOverheadResult {
  /** The client's median time per call, µs. */
  clientUs: number;
  /** The hand-written fetch's median time per call, µs. */
  fetchUs: number;
  /** The client's mean time per call, µs. */
  clientMeanUs: number;
  /** The hand-written fetch's mean time per call, µs. */
  fetchMeanUs: number;
  /** Pairs of calls timed. */
  pairs: number;
}

type Side = 'client' | 'fetch';

/**
 * Measures the client against a hand-written fetch, one call of each in turn (client first,
 * then fetch first, …), each call timed on its own: a burst of load from elsewhere on the
 * machine then lands on both sides alike, and the medians shrug it off.
 *
 * @param options The server, the instances, the bounds and the progress callback.
 * @returns Per-call times of both sides.
 * @throws {Error} When an answer is not the instance asked for: the figures would then time
 * errors.
 */
export async function measureClientOverhead(
  options: ClientOverheadOptions,
): Promise<ClientOverheadResult> {
  const { url, apiKey, instanceIds } = options;
  if (instanceIds.length === 0) throw new Error('The server announced no instance IDs');
  const client = createRojClient({ url, apiKey });
  // What the client sends: its header names and body, to the endpoint it builds.
  const endpoint = `${url}/api/v1/rpc`;
  const headers = {
    'Content-Type': 'application/json',
    Accept: 'application/json',
    Authorization: `Bearer ${apiKey}`,
  };
  const calls: Record<Side, (instanceId: string) => Promise<{ instanceId: string }>> = {
    client: (instanceId) => client.instances.get(instanceId),
    async fetch(instanceId) {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers,
        body: JSON.stringify({ method: 'instances.get', input: { instanceId } }),
      });
      const body = await response.json();
      if (!response.ok || body?.ok !== true) {
        throw new Error(`instances.get answered ${response.status}: ${JSON.stringify(body)}`);
      }
      return body.value;
    },
  };
  let next = 0;
  async function timedCall(side: Side): Promise<number> {
    const instanceId = instanceIds[next++ % instanceIds.length];
    const started = performance.now();
    const value = await calls[side](instanceId);
    const us = (performance.now() - started) * 1000;
    if (value?.instanceId !== instanceId) {
      throw new Error(`${side}: instances.get(${instanceId}) answered ${JSON.stringify(value)}`);
    }
    return us;
  }

  for (let i = 0; i < options.warmupCalls; i++) {
    await timedCall('client');
    await timedCall('fetch');
  }
  const times: Record<Side, number[]> = { client: [], fetch: [] };
  const started = performance.now();
  const every = Math.max(1, Math.floor(options.pairs / 4));
  for (let pair = 0; pair < options.pairs; pair++) {
    if (performance.now() - started > options.maxMs) break;
    for (const side of roundOrder<Side>(['client', 'fetch'], pair)) {
      times[side].push(await timedCall(side));
    }
    if ((pair + 1) % every === 0) {
      options.progress(
        `${pair + 1}/${options.pairs} pairs: median client ${
          median(times.client).toFixed(1)
        } µs, ` +
          `fetch ${median(times.fetch).toFixed(1)} µs per call`,
      );
    }
  }
  return {
    clientUs: median(times.client),
    fetchUs: median(times.fetch),
    clientMeanUs: mean(times.client),
    fetchMeanUs: mean(times.fetch),
    pairs: times.client.length,
  };
}

function mean(values: number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}
