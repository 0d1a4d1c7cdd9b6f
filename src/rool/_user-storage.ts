// The client's user-storage cache: reads are synchronous, writes change the cache at once and
// reach the server in the background; a refused write is rolled back and reported.
import type { RoolBindings } from './_generated/bindings.ts';
import { asError, invalidArgument } from './errors.ts';
import type { RoolClientEvents } from './event-types.ts';
import type { Logger } from './logger.ts';

/** Emits one of the client's events. */
export type EmitClientEvent = <K extends keyof RoolClientEvents>(
  event: K,
  ...args: RoolClientEvents[K]
) => void;

/** User storage, by key. */
export class UserStorageCache {
  #values = new Map<string, unknown>();
  #api: RoolBindings;
  #emit: EmitClientEvent;
  #logger: Logger;

  constructor(options: { api: RoolBindings; emit: EmitClientEvent; logger: Logger }) {
    this.#api = options.api;
    this.#emit = options.emit;
    this.#logger = options.logger;
  }

  /** The cached value of `key`. */
  get(key: string): unknown {
    return this.#values.get(key);
  }

  /** A copy of everything. */
  all(): Record<string, unknown> {
    return Object.fromEntries(this.#values);
  }

  /** Takes the server's storage as the whole truth (after initialize). */
  replace(storage: Record<string, unknown>): void {
    this.#values = new Map(Object.entries(storage));
  }

  /** Sets (or, for `null` and `undefined`, deletes) a key, now and then on the server. */
  set(key: string, value: unknown): void {
    if (typeof key !== 'string' || key === '') {
      throw invalidArgument('User storage key must be a non-empty string');
    }
    const had = this.#values.has(key);
    const previous = this.#values.get(key);
    const stored = value ?? null;
    this.#apply(key, stored);
    this.#api.storage.set({ key, value: stored }).catch((error) => {
      // Roll back only if nothing newer replaced this value meanwhile.
      if (Object.is(this.#values.get(key), stored ?? undefined)) {
        this.#apply(key, had ? previous : null);
      }
      this.#logger.warn(`Could not set user storage ${key}`, error);
      this.#emit('error', asError(error), 'setUserStorage');
    });
  }

  #apply(key: string, value: unknown): void {
    if (value === null) this.#values.delete(key);
    else this.#values.set(key, value);
    this.#emit('userStorageChanged', {
      key,
      value: value === null ? undefined : value,
      source: 'local',
    });
  }
}
