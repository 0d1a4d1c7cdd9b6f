/**
 * A space's change log (RFC 6578): each change under `/space` or
 * `/rool-drive` gets the next sequence number, and a sync token names a
 * sequence number. A sync since a token reads only the entries after it, so
 * its cost grows with the changes since, never with the size of the tree.
 *
 * The log keeps at most `keep` entries. Past that it first drops entries a
 * later change of the same path supersedes (no token loses anything); if that
 * is not enough it drops the oldest half, so older tokens expire, and calls
 * `onReset` (the space then announces `filesReset`).
 *
 * @module
 */
import { randomId } from '../state.ts';

/** One change: a path written (created, replaced, its properties changed) or deleted. */
export interface ChangeEntry {
  /** The sequence number. */
  readonly seq: number;
  /** The machine path. */
  readonly path: string;
  /** Whether the path was deleted. */
  readonly deleted: boolean;
}

/** Options of a {@linkcode ChangeLog}. */
export interface ChangeLogOptions {
  /** Most entries kept; at least 4. */
  keep: number;
  /** Called when compaction made older tokens expire. */
  onReset?: () => void;
}

/** The changes since a token. */
export interface ChangesSince {
  /** The latest change of each path in scope, oldest first. */
  changes: ChangeEntry[];
  /** Whether `limit` cut the list short. */
  truncated: boolean;
  /** The sequence number the answer is complete up to: the next token's. */
  seq: number;
}

const tokenPattern = /^urn:rool:sync:([a-z0-9_]+):(0|[1-9][0-9]{0,15})$/;

/**
 * The change log of one space.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { ChangeLog } from './change-log.ts';
 * const log = new ChangeLog({ keep: 100 });
 * const start = log.token();
 * log.record('/rool-drive/a', false);
 * log.record('/rool-drive/a', true);
 * const since = log.changesSince(log.parseToken(start)!, () => true);
 * assert.deepEqual(since.changes.map((c) => [c.path, c.deleted]), [['/rool-drive/a', true]]);
 * ```
 */
export class ChangeLog {
  #id: string = randomId('log', 12);
  #entries: ChangeEntry[] = [];
  #latest = new Map<string, number>();
  #seq = 0;
  #floor = 0;
  #keep: number;
  #onReset: (() => void) | undefined;

  /**
   * Creates an empty log.
   *
   * @param options How many entries to keep, and who to tell when tokens expire.
   * @throws {RangeError} If `keep` is below 4.
   */
  constructor(options: ChangeLogOptions) {
    if (!Number.isSafeInteger(options.keep) || options.keep < 4) {
      throw new RangeError(`A change log must keep at least 4 entries, not ${options.keep}`);
    }
    this.#keep = options.keep;
    this.#onReset = options.onReset;
  }

  /** Names this log in its tokens, so a token of another space or an earlier run is refused. */
  get id(): string {
    return this.#id;
  }

  /** The latest sequence number (0 before any change). */
  get seq(): number {
    return this.#seq;
  }

  /** The oldest sequence number a token may name; older tokens expired. */
  get floor(): number {
    return this.#floor;
  }

  /** How many entries the log holds. */
  get size(): number {
    return this.#entries.length;
  }

  /**
   * Records a change.
   *
   * @param path The machine path changed.
   * @param deleted Whether it was deleted.
   * @returns The change's sequence number.
   */
  record(path: string, deleted: boolean): number {
    const seq = ++this.#seq;
    this.#entries.push({ seq, path, deleted });
    this.#latest.set(path, seq);
    if (this.#entries.length > this.#keep) this.#compact();
    return seq;
  }

  /**
   * The token of a sequence number.
   *
   * @param seq The sequence number; the latest by default.
   * @returns `urn:rool:sync:<log id>:<seq>`.
   */
  token(seq: number = this.#seq): string {
    return `urn:rool:sync:${this.id}:${seq}`;
  }

  /**
   * The sequence number a token names, if the token is this log's and has not expired.
   *
   * @param token The token.
   * @returns The sequence number, or `undefined`.
   */
  parseToken(token: string): number | undefined {
    const match = tokenPattern.exec(token);
    if (!match || match[1] !== this.id) return undefined;
    const seq = Number(match[2]);
    return seq >= this.#floor && seq <= this.#seq ? seq : undefined;
  }

  /**
   * The latest change of each path in scope since a sequence number. Reads only the entries
   * after it.
   *
   * @param since A sequence number from {@linkcode parseToken}.
   * @param inScope Which paths to report.
   * @param limit Most changes to report; the rest wait for the next sync.
   * @returns The changes, oldest first, and the sequence number they are complete up to.
   * @throws {RangeError} If `since` has expired or lies in the future.
   */
  changesSince(
    since: number,
    inScope: (path: string) => boolean,
    limit = Infinity,
  ): ChangesSince {
    if (since < this.#floor || since > this.#seq) {
      throw new RangeError(`Sequence number ${since} is outside ${this.#floor}–${this.#seq}`);
    }
    const changes: ChangeEntry[] = [];
    for (let i = this.#firstAfter(since); i < this.#entries.length; i++) {
      const entry = this.#entries[i];
      // A later entry of the same path comes further on and says where it ended up.
      if (this.#latest.get(entry.path) !== entry.seq || !inScope(entry.path)) continue;
      if (changes.length === limit) {
        return { changes, truncated: true, seq: changes.at(-1)?.seq ?? since };
      }
      changes.push(entry);
    }
    return { changes, truncated: false, seq: this.#seq };
  }

  /**
   * The log's state, for digests of the mock's state.
   *
   * @returns Sequence numbers and entries.
   */
  toJSON(): { seq: number; floor: number; entries: ChangeEntry[] } {
    return { seq: this.#seq, floor: this.#floor, entries: this.#entries };
  }

  /**
   * Takes over a saved log, its ID included, as a mock restarted from a snapshot does
   * (../../persist/): sync tokens handed out before the restart stay valid.
   *
   * @param saved The ID, and {@linkcode toJSON}'s sequence numbers and entries.
   * @throws {RangeError} When the entries are not in order between `floor` and `seq`.
   */
  restore(
    saved: { id: string; seq: number; floor: number; entries: readonly ChangeEntry[] },
  ): void {
    const { id, seq, floor, entries } = saved;
    const ordered = entries.every((entry, i) =>
      Number.isSafeInteger(entry.seq) && entry.seq > (i === 0 ? floor : entries[i - 1].seq)
    );
    if (
      !/^log_[a-z0-9]+$/.test(id) || !Number.isSafeInteger(floor) || floor < 0 || !ordered ||
      !Number.isSafeInteger(seq) || seq < (entries.at(-1)?.seq ?? floor)
    ) {
      throw new RangeError('A saved change log needs an ID and entries in order from floor to seq');
    }
    this.#id = id;
    this.#seq = seq;
    this.#floor = floor;
    this.#entries = entries.map(({ seq, path, deleted }) => ({ seq, path, deleted }));
    this.#latest = new Map(this.#entries.map((entry) => [entry.path, entry.seq]));
  }

  #firstAfter(seq: number): number {
    let lo = 0;
    let hi = this.#entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#entries[mid].seq <= seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #compact(): void {
    this.#entries = this.#entries.filter((e) => this.#latest.get(e.path) === e.seq);
    // Superseded entries were garbage; only if the rest still fill most of the log do tokens go.
    if (this.#entries.length <= Math.floor((this.#keep * 3) / 4)) return;
    const dropped = this.#entries.splice(0, this.#entries.length - Math.floor(this.#keep / 2));
    for (const entry of dropped) this.#latest.delete(entry.path);
    this.#floor = dropped.at(-1)!.seq;
    this.#onReset?.();
  }
}
