/**
 * Saves a mock's state to its snapshot file, coalescing: a call to
 * {@linkcode SnapshotStore.flush} resolves once a snapshot captured after the
 * call is on disk, and every call made while one snapshot is being written
 * shares the next one (group commit). So a change whose answer waits for
 * `flush` is on disk before the client hears of it, and a burst of changes
 * costs one write per disk round trip, not one per change. A state equal to
 * the one last written is not written again.
 *
 * @module
 */
import { writeFileAtomically } from './atomic-file.ts';

/** Options of a {@linkcode SnapshotStore}. */
export interface SnapshotStoreOptions {
  /** The snapshot file. */
  file: string;
  /** Captures the state, synchronously: equal texts mean equal states. */
  capture: () => string;
  /** Makes the file's text of a captured state. */
  text: (state: string, savedAt: Date) => string;
  /** The state already in the file, if any, so that it is not written again. */
  saved?: string;
  /** The wall clock. Default: `() => new Date()`. */
  now?: () => Date;
}

/** The store was closed: nothing more is saved. */
export class StoreClosedError extends Error {
  /** Always `StoreClosedError`. */
  override readonly name = 'StoreClosedError';
}

/**
 * Writes snapshots of a state to one file, one at a time.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { mkdtemp, readFile, rm } from 'node:fs/promises';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { SnapshotStore } from './store.ts';
 * const dir = await mkdtemp(join(tmpdir(), 'store-'));
 * let counter = 0;
 * const store = new SnapshotStore({
 *   file: join(dir, 'state.json'),
 *   capture: () => String(counter),
 *   text: (state) => state,
 * });
 * counter = 1;
 * await Promise.all([store.flush(), store.flush(), store.flush()]);
 * assert.equal(await readFile(join(dir, 'state.json'), 'utf8'), '1');
 * await store.close();
 * await rm(dir, { recursive: true });
 * ```
 */
export class SnapshotStore {
  #options: SnapshotStoreOptions;
  #saved: string | undefined;
  #running: Promise<void> | undefined;
  #next: Promise<void> | undefined;
  #closed: Promise<void> | undefined;
  #writes = 0;

  /**
   * Creates the store; it writes nothing yet.
   *
   * @param options The file, and how to capture and write the state.
   */
  constructor(options: SnapshotStoreOptions) {
    this.#options = options;
    this.#saved = options.saved;
  }

  /** How many snapshots were written. */
  get writes(): number {
    return this.#writes;
  }

  /**
   * Saves the state as it is now, or later.
   *
   * @returns Resolves once a snapshot captured after this call is on disk (or equal to the one
   * there).
   * @throws {StoreClosedError} Once the store is closed.
   * @throws {Error} The error of that snapshot's capture or write; a later flush tries again.
   */
  flush(): Promise<void> {
    if (this.#closed) return Promise.reject(new StoreClosedError('The snapshot store is closed'));
    return this.#schedule(false);
  }

  /**
   * Writes a last snapshot, even if the state is the one on disk, and closes the store.
   * Idempotent.
   *
   * @returns Resolves once it is on disk.
   * @throws {Error} The error of that write.
   */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      await this.#running?.catch(() => {});
      await this.#next?.catch(() => {});
      await this.#schedule(true);
    })();
    return this.#closed;
  }

  #schedule(force: boolean): Promise<void> {
    // A write that has not captured yet covers this call; one in progress does not.
    if (this.#next) return this.#next;
    if (!this.#running) return this.#start(force);
    const next = this.#running.catch(() => {}).then(() => {
      this.#next = undefined;
      return this.#start(force);
    });
    this.#next = next;
    return next;
  }

  #start(force: boolean): Promise<void> {
    const running = this.#write(force).finally(() => {
      if (this.#running === running) this.#running = undefined;
    });
    this.#running = running;
    return running;
  }

  async #write(force: boolean): Promise<void> {
    // Before any await: the state as it is when this write starts.
    const state = this.#options.capture();
    if (!force && state === this.#saved) return;
    const now = this.#options.now?.() ?? new Date();
    await writeFileAtomically(this.#options.file, this.#options.text(state, now));
    this.#saved = state;
    this.#writes++;
  }
}
