// The stat cache behind `channel.stat(path)`: filled from every object read and write answer,
// emptied of what the answers say is gone or stale.
import type { RoolObjectStat } from './types.ts';

/** Audit information by object path. */
export class StatCache {
  #stats = new Map<string, RoolObjectStat>();

  /** The cached stat of `path`. */
  get(path: string): RoolObjectStat | undefined {
    return this.#stats.get(path);
  }

  /** Records a stat from an answer; `null` (no object) forgets the path in `path`. */
  set(stat: RoolObjectStat | null, path?: string): void {
    if (stat) this.#stats.set(stat.path, stat);
    else if (path !== undefined) this.#stats.delete(path);
  }

  /** Forgets paths: deleted, moved away, or changed in ways the answer did not describe. */
  delete(paths: Iterable<string>): void {
    for (const path of paths) this.#stats.delete(path);
  }

  /** Forgets every object of a dropped collection. */
  dropCollection(name: string): void {
    const prefix = `/space/${name}/`;
    for (const path of [...this.#stats.keys()]) {
      if (path.startsWith(prefix)) this.#stats.delete(path);
    }
  }

  /** Forgets everything (the space's state was replaced). */
  clear(): void {
    this.#stats.clear();
  }
}
