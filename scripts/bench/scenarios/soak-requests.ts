/**
 * The soak's workload: the `mixed-workload` scenario's mix (./mixed.ts) with its writes swapped
 * for writes that leave the store's size unchanged.
 *
 * The mixed mix creates an instance, two sessions and two tokens every 100 calls. At the tens of
 * thousands of calls a second the mock serves, five minutes of it would add several hundred
 * thousand records, hundreds of MB that the mock must keep (it is a store), and a soak reading
 * that memory could not tell them from a leak. So the soak keeps the mix's reads as they are (95
 * calls in 100: `instances.get`, `instances.list` pages, `sessions.list`) and in place of the five
 * writes sends, per 100 calls:
 *
 * - 1 `instances.archive` of an archived instance: a write that answers ok and changes nothing;
 * - 2 `execInSandbox` (`echo soak`) on the instance endpoint, with an instance token: each appends
 *   a line to the sandbox's agent log, which the mock caps at 10 001 lines, so it is full within
 *   seconds and stays that size;
 * - 1 `instances.get` of an unknown instance (404) and 1 `instances.list` with `limit: 0` (400):
 *   the error path, where a response that is built but never released would show.
 *
 * @module
 */
import type { LoadRequest } from '../load.ts';
import { rpcRequest } from './_rpc.ts';
import { mixedRequests } from './mixed.ts';

/** Instances the soak's writes use, set up before the load. */
export interface SoakTargets {
  /** Instance IDs to read, spread over the store (as for the mixed workload). */
  ids: readonly string[];
  /** An archived instance, archived again and again. */
  archivedId: string;
  /** An instance with a running sandbox, for `execInSandbox`. */
  sandboxInstanceId: string;
  /** An instance token for it. */
  token: string;
}

/** What a soak request is, and the status it must answer. */
export interface SoakRequest extends LoadRequest {
  /** The status a correct mock answers. */
  expectedStatus: 200 | 400 | 404;
}

/**
 * The soak's 1,000 requests.
 *
 * @param targets The instances they use.
 * @returns The requests, in the mixed workload's order.
 *
 * @example Reads as in the mixed workload, five calls in a hundred replaced
 * ```ts
 * import assert from 'node:assert/strict';
 * import { soakRequests } from './soak-requests.ts';
 * const requests = soakRequests({
 *   ids: ['ins_1', 'ins_2'], archivedId: 'ins_3', sandboxInstanceId: 'ins_4', token: 'rjt_x',
 * });
 * assert.equal(requests.length, 1000);
 * assert.equal(requests.filter((r) => r.expectedStatus !== 200).length, 20);
 * assert.equal(requests.filter((r) => r.path === '/api/v1/instances/ins_4/rpc').length, 20);
 * ```
 */
export function soakRequests(targets: SoakTargets): SoakRequest[] {
  const exec: LoadRequest = {
    method: 'POST',
    path: `/api/v1/instances/${encodeURIComponent(targets.sandboxInstanceId)}/rpc`,
    headers: { authorization: `Bearer ${targets.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ method: 'execInSandbox', input: { command: 'echo soak' } }),
  };
  return mixedRequests(targets.ids).map((request, n): SoakRequest => {
    switch (n % 100) {
      // The mixed workload's instances.create, sessions.create (twice) and tokens.create (twice).
      case 0:
        return ok(rpcRequest('instances.archive', { instanceId: targets.archivedId }));
      case 1:
      case 2:
        return ok(exec);
      case 3:
        return {
          ...rpcRequest('instances.get', { instanceId: 'ins_soak_unknown' }),
          expectedStatus: 404,
        };
      case 4:
        return { ...rpcRequest('instances.list', { limit: 0 }), expectedStatus: 400 };
      default:
        return ok(request);
    }
  });
}

function ok(request: LoadRequest): SoakRequest {
  return { ...request, expectedStatus: 200 };
}
