/**
 * Reads the mock's final state through its public API, as a client sees it: every page of
 * `instances.list` and `resources.list`, then `instances.get`, `sessions.list` and each token on
 * the instance endpoint for every instance, and `resources.get` for every resource, deleted ones
 * included. Nothing else writes while it reads.
 *
 * @module
 */
import {
  createRojClient,
  type GetInstanceOutput,
  type GetResourceOutput,
  RojApiError,
} from '../../../mod.ts';
import type { LoadModel } from './model.ts';
import { useToken } from './views.ts';

/** What a call gave: its answer, or the type of the documented error it answered with. */
export type Answer<T> = { ok: true; value: T } | { ok: false; type: string };

/** The mock's state as its API shows it. */
export interface ServerState {
  /** Every page of `instances.list` (limit 100), in order, concatenated. */
  listed: GetInstanceOutput[];
  /** The `total` each of those pages reported. */
  totals: number[];
  /** `instances.get` of every instance the model or the listing names. */
  instances: Map<string, Answer<GetInstanceOutput>>;
  /** `sessions.list` of each of those instances: the session ids. */
  sessions: Map<string, Answer<string[]>>;
  /** For each instance of the model, what each of its tokens gives on the instance endpoint. */
  tokens: Map<string, (string[] | string)[]>;
  /** Every page of `resources.list` (limit 100), concatenated. */
  resourcesListed: GetResourceOutput[];
  /** `resources.get` of every resource the model or the listing names, deleted ones included. */
  resources: Map<string, Answer<GetResourceOutput>>;
}

/** Options of {@linkcode readServerState}. */
export interface ReadOptions {
  /** The mock's origin. */
  url: string;
  /** Its API key. */
  apiKey: string;
  /** Calls in flight at once. Default 32. */
  concurrency?: number;
  /** The `fetch` to call it with; default the global one. */
  fetch?: typeof fetch;
}

/** The most pages a listing may take before the read gives up: 1M records at 100 a page. */
const maxPages = 10_000;

/**
 * Reads the state.
 *
 * @param model Names the instances, tokens and resources to read beyond the listings.
 * @param options The mock and how many calls to run at once.
 * @returns The state.
 * @throws {RojApiError} When a call fails other than with a documented 4xx answer.
 * @throws {Error} When a listing does not end within 10 000 pages.
 */
export async function readServerState(
  model: LoadModel,
  options: ReadOptions,
): Promise<ServerState> {
  const roj = createRojClient({ ...options, timeout: 30_000 });
  const concurrency = options.concurrency ?? 32;
  const listed: GetInstanceOutput[] = [];
  const totals: number[] = [];
  for (let page = 0;; page++) {
    if (page === maxPages) throw new Error(`instances.list did not end in ${maxPages} pages`);
    const { instances, total } = await roj.instances.list({ limit: 100, offset: page * 100 });
    listed.push(...instances);
    totals.push(total);
    if (instances.length < 100) break;
  }
  const resourcesListed: GetResourceOutput[] = [];
  for (let page = 0;; page++) {
    if (page === maxPages) throw new Error(`resources.list did not end in ${maxPages} pages`);
    const { resources } = await roj.resources.list({ limit: 100, offset: page * 100 });
    resourcesListed.push(...resources);
    if (resources.length < 100) break;
  }

  const instanceIds = unique([...model.instances.keys(), ...listed.map((i) => i.instanceId)]);
  const instances = new Map<string, Answer<GetInstanceOutput>>();
  const sessions = new Map<string, Answer<string[]>>();
  const tokens = new Map<string, (string[] | string)[]>();
  await forEachConcurrently(instanceIds, concurrency, async (id) => {
    instances.set(id, await answer(roj.instances.get(id)));
    sessions.set(id, await answer(roj.sessions.list(id).then((s) => s.sessions.map((x) => x.id))));
    const known = model.instances.get(id);
    if (known === undefined) return;
    const outcomes = [];
    for (const token of known.tokens) outcomes.push(await useToken(known, token, options));
    tokens.set(id, outcomes);
  });

  const resourceIds = unique([
    ...model.resources.keys(),
    ...model.deletedResources.keys(),
    ...resourcesListed.map((r) => r.id),
  ]);
  const resources = new Map<string, Answer<GetResourceOutput>>();
  await forEachConcurrently(resourceIds, concurrency, async (id) => {
    resources.set(id, await answer(roj.resources.get({ resourceId: id })));
  });
  return { listed, totals, instances, sessions, tokens, resourcesListed, resources };
}

async function answer<T>(call: Promise<T>): Promise<Answer<T>> {
  try {
    return { ok: true, value: await call };
  } catch (error) {
    if (error instanceof RojApiError && error.status >= 400 && error.status < 500) {
      return { ok: false, type: error.type };
    }
    throw error;
  }
}

/**
 * Runs `body` for every item, at most `concurrency` at once.
 *
 * @param items The items.
 * @param concurrency How many at once, at least 1.
 * @param body What to do with one.
 * @returns Once every item is done.
 * @throws {Error} The first error `body` threw, once the others in flight have settled.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { forEachConcurrently } from './snapshot.ts';
 * const seen: number[] = [];
 * await forEachConcurrently([1, 2, 3], 2, async (n) => void seen.push(n));
 * assert.deepEqual(seen.sort(), [1, 2, 3]);
 * ```
 */
export async function forEachConcurrently<T>(
  items: readonly T[],
  concurrency: number,
  body: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const workers = Array.from(
    { length: Math.max(1, Math.min(concurrency, items.length)) },
    async () => {
      while (next < items.length) await body(items[next++]);
    },
  );
  const failed = (await Promise.allSettled(workers)).find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
