/**
 * Stand-ins for `fetch`, for client tests that need no server.
 *
 * @module
 */
import type { FetchFn } from '../../src/rpc/client.ts';

/** One request a fake fetch received. */
export interface Sent {
  /** The URL. */
  url: string;
  /** The init object. */
  init: RequestInit;
}

/**
 * A fetch that records what it was given and answers with `reply()`.
 *
 * @param reply Builds each response.
 * @returns The fetch and the list of requests it received.
 */
export function fakeFetch(
  reply: () => Response | Promise<Response>,
): { fetch: FetchFn; sent: Sent[] } {
  const sent: Sent[] = [];
  const fetch: FetchFn = (input, init) => {
    sent.push({ url: String(input), init: init ?? {} });
    return Promise.resolve(reply());
  };
  return { fetch, sent };
}

/** A fetch that never answers and rejects with the signal's reason once it fires. */
export const hangingFetch: FetchFn = (_input, init) =>
  new Promise((_resolve, reject) => {
    const signal = init?.signal;
    if (!signal) return reject(new Error('Test fetch needs a signal'));
    if (signal.aborted) return reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
