/**
 * One page of an ordered id list, read from either end in O(`limit`): the
 * listings never copy or sort the whole list (docs/roj-contract.md §3,
 * `instances.list`).
 *
 * @module
 */

/** Page size when the input gives none. */
export const defaultLimit = 20;

/**
 * The ids of one page.
 *
 * @param ids The ids, oldest first.
 * @param options `limit` and `offset` from the input (defaults 20 and 0), and
 * `newestFirst` to read from the end.
 * @returns The page's ids, in listing order.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { pageIds } from './_paging.ts';
 * assert.deepEqual(pageIds(['a', 'b', 'c'], { limit: 2, offset: 0, newestFirst: true }), ['c', 'b']);
 * assert.deepEqual(pageIds(['a', 'b', 'c'], { offset: 1 }), ['b', 'c']);
 * ```
 */
export function pageIds(
  ids: readonly string[],
  options: { limit?: number; offset?: number; newestFirst?: boolean },
): string[] {
  const limit = options.limit ?? defaultLimit;
  const offset = options.offset ?? 0;
  const page: string[] = [];
  for (let i = offset; i < ids.length && page.length < limit; i++) {
    page.push(options.newestFirst ? ids[ids.length - 1 - i] : ids[i]);
  }
  return page;
}
