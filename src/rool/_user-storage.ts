// The client's user-storage cache: reads are synchronous, writes change the cache at once and
// reach the server in the background; a refused write is rolled back and reported. Changes made
// elsewhere arrive as live events (`server`); echoes of this client's own writes are not emitted
// again, and a value older than a write still on its way is held back (see _live-echo.ts).
import type { RoolBindings } from './_generated/bindings.ts';
import { EchoLedger, type HeldBack, sameJson } from './_live-echo.ts';
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
  #echoes: EchoLedger<unknown> = new EchoLedger({
    onRelease: (key, held) => this.#release(key, held),
  });

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

  /**
   * Takes the server's storage after missed live events: every key that
   * differs changes and emits `userStorageChanged` with `source: 'remote'`.
   */
  resync(storage: Record<string, unknown>): void {
    this.#echoes.clear();
    const keys = new Set([...this.#values.keys(), ...Object.keys(storage)]);
    for (const key of keys) {
      const value = Object.hasOwn(storage, key) ? storage[key] : undefined;
      if (!sameJson(this.#values.get(key), value)) this.#apply(key, value ?? null, 'remote');
    }
  }

  /** Counts writes awaiting their echo while the client stream runs (see _live-echo.ts). */
  countEchoes(on: boolean): void {
    this.#echoes.count(on);
  }

  /**
   * A live `userStorageChanged`: applied unless a write of this client is
   * still on its way; emitted unless it is this client's own echo.
   */
  server(key: string, value: unknown, source: 'local' | 'remote'): void {
    const verdict = this.#echoes.receive(key, value, source);
    // An echo brings what this cache wrote, or what it got from the answer: nothing new.
    if (!verdict.apply || source === 'local') return;
    if (!sameJson(this.#values.get(key), verdict.payload)) {
      this.#apply(key, verdict.payload ?? null, 'remote');
    }
  }

  /** Sets (or, for `null` and `undefined`, deletes) a key, now and then on the server. */
  set(key: string, value: unknown): void {
    if (typeof key !== 'string' || key === '') {
      throw invalidArgument('User storage key must be a non-empty string');
    }
    const had = this.#values.has(key);
    const previous = this.#values.get(key);
    const stored = value ?? null;
    this.#apply(key, stored, 'local');
    const write = async () => {
      try {
        return await this.#api.storage.set({ key, value: stored });
      } catch (error) {
        // Roll back only if nothing newer replaced this value meanwhile; then the ledger hands
        // out a value the server sent while this write was out: it is the truth now.
        if (Object.is(this.#values.get(key), stored ?? undefined)) {
          this.#apply(key, had ? previous : null, 'local');
        }
        this.#logger.warn(`Could not set user storage ${key}`, error);
        this.#emit('error', asError(error), 'setUserStorage');
        throw error;
      }
    };
    this.#echoes.track(key, undefined, write).catch(() => {}); // Reported above.
  }

  #release(key: string, held: HeldBack<unknown>): void {
    if (!sameJson(this.#values.get(key), held.payload)) {
      this.#apply(key, held.payload ?? null, 'remote');
    }
  }

  #store(key: string, value: unknown): void {
    if (value === null) this.#values.delete(key);
    else this.#values.set(key, value);
  }

  #apply(key: string, value: unknown, source: 'local' | 'remote'): void {
    this.#store(key, value);
    this.#emit('userStorageChanged', {
      key,
      value: value === null ? undefined : value,
      source,
    });
  }
}
