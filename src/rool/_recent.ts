// Maps kept to their newest entries, so that what the client remembers (spaces, echoes it
// expects, the paths of its locks) stays bounded however long it runs: a Map iterates in
// insertion order, so its first key is the oldest.

/**
 * Sets `key` as the newest entry of `map`, then forgets the oldest past `max`.
 *
 * @param map The map.
 * @param key The key.
 * @param value Its value.
 * @param max Most entries kept.
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { remember } from './_recent.ts';
 * const map = new Map([['a', 1], ['b', 2]]);
 * remember(map, 'a', 3, 2);
 * remember(map, 'c', 4, 2);
 * assert.deepEqual([...map], [['a', 3], ['c', 4]]);
 * ```
 */
export function remember<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  trim(map, max);
}

/**
 * Forgets the oldest entries of `map` past `max`.
 *
 * @param map The map.
 * @param max Most entries kept.
 */
export function trim(map: Map<unknown, unknown>, max: number): void {
  while (map.size > max) map.delete(map.keys().next().value);
}
