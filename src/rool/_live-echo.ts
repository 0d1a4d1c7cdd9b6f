// Live events this client caused come back to it as echoes (`source: 'local_user'`, or `local`
// for user storage). Its own calls already updated the caches and emitted the events, so echoes
// are not emitted again; but events arrive in the server's order while call answers arrive on
// their own, so a cache must not take a server value while a write of its own is on its way:
// that value is older than the write. The ledger keeps, per thing written (a storage key,
// `metadata`, `schema`, a channel), the writes whose echo has not come yet; until the last one
// comes, server values of that thing are held back, and the latest held-back one is handed out
// if the writes fail instead. An echo may come before the answer of its call: the cache that made
// the write (its origin) takes the answer, so the echo goes to the other caches only. Not every
// accepted write is echoed (deleting a user-storage key that is not there publishes nothing;
// docs/rool-events.md, What publishes what), so a write answered more than a grace period ago
// stops waiting for its echo.
import type { ChangeSource } from './types.ts';

/** A server value held back while writes of the same thing were pending. */
export interface HeldBack<T> {
  /** The value. */
  payload: T;
  /** Who caused it, as the server said. */
  source: ChangeSource | 'remote';
}

/** What to do with a server value. */
export type EchoVerdict<T> =
  | { apply: false }
  | {
    apply: true;
    payload: T;
    source: ChangeSource | 'local' | 'remote';
    /** For an echo: the cache that made the write, which takes its call's answer instead. */
    origin?: object;
  };

/** A write on its way: say how it ended. */
export interface PendingWrite {
  /** The server answered: its echo, if any, comes within the grace period. */
  answered(): void;
  /** The write failed: no echo will come. */
  failed(): void;
}

/** Options of an {@linkcode EchoLedger}. */
export interface EchoLedgerOptions<T> {
  /** Called with a held-back value when the writes that held it back failed or stopped waiting. */
  onRelease(key: string, heldBack: HeldBack<T>): void;
  /** How long after its answer a write waits for its echo, in ms; default 5 000. */
  graceMs?: number;
  /** The clock; default `Date.now`. */
  now?: () => number;
}

interface Entry {
  /** When the answer came; `undefined` while the write is out. */
  answeredAt?: number;
  /** The cache that made the write. */
  origin?: object;
}

const ignored: PendingWrite = Object.freeze({ answered() {}, failed() {} });

/** Keeps this client's pending writes per key, to tell stale server values from fresh ones. */
export class EchoLedger<T> {
  #pending = new Map<string, Entry[]>();
  #heldBack = new Map<string, HeldBack<T>>();
  #options: EchoLedgerOptions<T>;
  #counting = false;

  /**
   * Creates an empty ledger that keeps nothing until `count(true)`.
   *
   * @param options What to do with held-back values, the grace period and the clock.
   */
  constructor(options: EchoLedgerOptions<T>) {
    this.#options = options;
  }

  /**
   * Starts or stops keeping writes: only while a stream runs will echoes come. Stopping forgets
   * all.
   *
   * @param on Whether a live stream is running.
   */
  count(on: boolean): void {
    this.#counting = on;
    if (!on) this.clear();
  }

  /** Forgets every pending write and held-back value (after a resync, or a fresh connection). */
  clear(): void {
    this.#pending.clear();
    this.#heldBack.clear();
  }

  /**
   * A write of `key` is being sent.
   *
   * @param key What it writes.
   * @param origin The cache that makes it, and takes its answer.
   * @returns The write, to say how it ended.
   */
  sent(key: string, origin?: object): PendingWrite {
    if (!this.#counting) return ignored;
    const entry: Entry = { origin };
    const entries = this.#pending.get(key) ?? [];
    entries.push(entry);
    this.#pending.set(key, entries);
    return {
      answered: () => {
        entry.answeredAt = this.#now();
      },
      failed: () => {
        const list = this.#pending.get(key);
        const index = list?.indexOf(entry) ?? -1;
        if (index === -1) return;
        list!.splice(index, 1);
        this.#settle(key);
      },
    };
  }

  /**
   * Makes a write of `key` and keeps it until its echo comes: {@linkcode sent} before `call`,
   * then `answered()` or, when it rejects, `failed()` (so a value held back meanwhile is released
   * before the caller hears of the failure).
   *
   * @param key What it writes.
   * @param origin The cache that makes it, and takes its answer; `undefined` for none.
   * @param call The write.
   * @returns What `call` resolves with.
   * @throws {unknown} What `call` rejects with.
   */
  async track<R>(key: string, origin: object | undefined, call: () => Promise<R>): Promise<R> {
    const write = this.sent(key, origin);
    try {
      const output = await call();
      write.answered();
      return output;
    } catch (error) {
      write.failed();
      throw error;
    }
  }

  /**
   * Decides about a server value of `key`. An echo settles the oldest pending
   * write; a value arriving while writes are pending is held back; the echo of
   * the last pending write is applied, with the source of a value held back
   * meanwhile, if any (the echo includes that change).
   *
   * @param key What the value is of.
   * @param payload The value.
   * @param source Who caused it, as the server said.
   * @returns Whether to apply it, and with which source to emit it.
   */
  receive(key: string, payload: T, source: ChangeSource | 'local' | 'remote'): EchoVerdict<T> {
    this.#expire(key);
    const entries = this.#pending.get(key) ?? [];
    if (source === 'local_user' || source === 'local') {
      const origin = entries.shift()?.origin;
      if (entries.length > 0) return { apply: false };
      this.#pending.delete(key);
      const held = this.#heldBack.get(key);
      this.#heldBack.delete(key);
      const verdict = { apply: true as const, payload, source: held?.source ?? source };
      return origin === undefined ? verdict : { ...verdict, origin };
    }
    if (entries.length > 0) {
      this.#heldBack.set(key, { payload, source });
      return { apply: false };
    }
    return { apply: true, payload, source };
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }

  /** Writes answered longer ago than the grace period will not be echoed any more. */
  #expire(key: string): void {
    const entries = this.#pending.get(key);
    if (!entries) return;
    const limit = this.#now() - (this.#options.graceMs ?? 5_000);
    const left = entries.filter((e) => e.answeredAt === undefined || e.answeredAt >= limit);
    if (left.length === entries.length) return;
    this.#pending.set(key, left);
    this.#settle(key);
  }

  /** With no write left pending, a held-back value is the truth. */
  #settle(key: string): void {
    if ((this.#pending.get(key)?.length ?? 0) > 0) return;
    this.#pending.delete(key);
    const held = this.#heldBack.get(key);
    this.#heldBack.delete(key);
    if (held) this.#options.onRelease(key, held);
  }
}

/**
 * Whether two JSON values are equal, ignoring the order of object members.
 *
 * @param a A JSON value.
 * @param b Another.
 * @returns The answer.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every((key) => Object.hasOwn(right, key) && sameJson(left[key], right[key]));
}
