/**
 * A `Map` that reports every change: the space's objects and schema are kept
 * in one, so the change log sees each write whoever makes it (the RPC
 * handlers, the agent's tools, undo and redo, WebDAV) and none can be
 * forgotten. Copies made with `new Map(tracked)` are plain maps, as
 * checkpoints want.
 *
 * @module
 */

/** Told about each change: the key, and whether it was deleted. */
export type ChangeListener = (key: string, deleted: boolean) => void;

/**
 * A map of string keys that calls a listener after each `set`, `delete` (of a key it held) and,
 * key by key, `clear`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { TrackedMap } from './tracked-map.ts';
 * const seen: string[] = [];
 * const map = new TrackedMap<number>((key, deleted) => seen.push(`${deleted ? '-' : '+'}${key}`));
 * map.set('a', 1).set('b', 2);
 * map.delete('a');
 * map.delete('zz');
 * assert.deepEqual(seen, ['+a', '+b', '-a']);
 * assert.ok(!(new Map(map) instanceof TrackedMap));
 * ```
 */
export class TrackedMap<V> extends Map<string, V> {
  // Map's constructor calls `set` before fields exist, so initial entries are added afterwards.
  #listener: ChangeListener | undefined;

  /**
   * Creates the map.
   *
   * @param listener Told about each change after construction.
   * @param entries Initial entries, not reported: they are where the history starts.
   */
  constructor(listener: ChangeListener, entries?: Iterable<readonly [string, V]>) {
    super();
    if (entries) { for (const [key, value] of entries) super.set(key, value); }
    this.#listener = listener;
  }

  /**
   * Sets a value and reports the key as changed.
   *
   * @param key The key.
   * @param value The value.
   * @returns The map.
   */
  override set(key: string, value: V): this {
    super.set(key, value);
    this.#listener?.(key, false);
    return this;
  }

  /**
   * Deletes a key and reports it, if the map held it.
   *
   * @param key The key.
   * @returns Whether the map held it.
   */
  override delete(key: string): boolean {
    const had = super.delete(key);
    if (had) this.#listener?.(key, true);
    return had;
  }

  /** Deletes every key, reporting each. */
  override clear(): void {
    for (const key of [...this.keys()]) this.delete(key);
  }

  /**
   * Makes the map hold exactly another map's entries, in its order, and reports only the keys
   * whose value differs (by identity): restoring a checkpoint reports what it really changed.
   *
   * @param source The entries to hold.
   *
   * @example
   * ```ts
   * import assert from 'node:assert/strict';
   * import { TrackedMap } from './tracked-map.ts';
   * const seen: string[] = [];
   * const map = new TrackedMap<number>((key) => seen.push(key), [['a', 1], ['b', 2]]);
   * seen.length = 0;
   * map.assign(new Map([['c', 3], ['b', 2]]));
   * assert.deepEqual(seen, ['a', 'c']);
   * assert.deepEqual([...map], [['c', 3], ['b', 2]]);
   * ```
   */
  assign(source: ReadonlyMap<string, V>): void {
    const changed: [string, boolean][] = [];
    for (const key of this.keys()) if (!source.has(key)) changed.push([key, true]);
    for (const [key, value] of source) {
      if (!this.has(key) || this.get(key) !== value) changed.push([key, false]);
    }
    super.clear();
    for (const [key, value] of source) super.set(key, value);
    for (const [key, deleted] of changed) this.#listener?.(key, deleted);
  }
}
