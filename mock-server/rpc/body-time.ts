/**
 * Time limits on reading a request body, so that a client that sends its
 * headers and then trickles or stalls the body (slowloris) is answered
 * `408 request_timeout` instead of holding a request open: an idle limit on
 * each wait for the next chunk, a total limit on the whole body, and a
 * shutdown signal that ends every read in progress.
 *
 * A read whose data has already arrived (an in-process body, or a network
 * body the runtime has buffered) settles within a few microtask turns and is
 * not watched at all; a read that has to wait for the network joins the
 * waiting reads of its limits, which share one timer. So a mock served in
 * process, or by Deno.serve, arms no timer for ordinary calls, and one that
 * is closed holds none at all.
 *
 * RFC 9110 §15.5.9: a 408 says the server "would like to close this
 * connection", and the faults here ask for that (`Connection: close`).
 *
 * @module
 */
import { RpcFault } from './fault.ts';

/** How long a request body may take to arrive. */
export interface BodyTime {
  /** The longest wait for the next chunk of the body, in milliseconds. */
  idleMs: number;
  /** The longest time the whole body may take, from the first read, in milliseconds. */
  totalMs: number;
  /** Ends every read in progress with `request_timeout` once aborted: the server is stopping. */
  signal?: AbortSignal;
}

/**
 * The limits a reader applies when its caller names none: 10 s idle, 60 s in all. The mocks
 * pass their own (`bodyIdleMs`, `rpcBodyMs`, `uploadBodyMs` in their limits).
 */
export const defaultBodyTime: Readonly<BodyTime> = Object.freeze({
  idleMs: 10_000,
  totalMs: 60_000,
});

/** The body time limits of a mock's limits, in milliseconds. */
export interface BodyTimeLimits {
  /** The longest wait for the next chunk of any request body (10 s). */
  bodyIdleMs: number;
  /** The longest time an RPC body (or a login form, or a WebDAV XML or object body) may take (15 s). */
  rpcBodyMs: number;
  /** The longest time an upload body (a file, a space archive, a WebDAV file) may take (60 s). */
  uploadBodyMs: number;
}

/** The default body time limits of both mocks. */
export const defaultBodyTimeLimits: Readonly<BodyTimeLimits> = Object.freeze({
  bodyIdleMs: 10_000,
  rpcBodyMs: 15_000,
  uploadBodyMs: 60_000,
});

/** A running mock's body time limits, by kind of body, sharing its shutdown signal. */
export interface BodyTimes {
  /** For RPC bodies and other small ones. */
  readonly rpc: Readonly<BodyTime>;
  /** For uploads. */
  readonly upload: Readonly<BodyTime>;
}

/**
 * A mock's body time limits, checked.
 *
 * @param limits The limits in milliseconds.
 * @param signal Aborted when the mock stops.
 * @returns The limits for RPC bodies and for uploads.
 * @throws {Error} When a limit is not an integer from 1 to 2 147 483 647 (a timer's range).
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { bodyTimes, defaultBodyTimeLimits } from './body-time.ts';
 * const times = bodyTimes(defaultBodyTimeLimits, new AbortController().signal);
 * assert.equal(times.upload.totalMs, 60_000);
 * assert.equal(times.rpc.idleMs, 10_000);
 * ```
 */
export function bodyTimes(limits: Readonly<BodyTimeLimits>, signal: AbortSignal): BodyTimes {
  for (const name of ['bodyIdleMs', 'rpcBodyMs', 'uploadBodyMs'] as const) {
    const value = limits[name];
    if (!Number.isSafeInteger(value) || value < 1 || value > maxTimerMs) {
      throw new Error(
        `The limit ${name} must be an integer from 1 to ${maxTimerMs} ms, not ${value}`,
      );
    }
  }
  return {
    rpc: Object.freeze({ idleMs: limits.bodyIdleMs, totalMs: limits.rpcBodyMs, signal }),
    upload: Object.freeze({ idleMs: limits.bodyIdleMs, totalMs: limits.uploadBodyMs, signal }),
  };
}

const maxTimerMs = 2 ** 31 - 1;

/** Asks the server to close the connection after answering (RFC 9110 §7.6.1). */
export const closeConnection: Readonly<Record<string, string>> = Object.freeze({
  connection: 'close',
});

/**
 * The clock of one body read: when it began and how long it may wait. Create one per body and
 * pass every read of that body through {@linkcode BodyClock.wait}.
 *
 * @example A read that has arrived takes no timer
 * ```ts
 * import assert from 'node:assert/strict';
 * import { BodyClock } from './body-time.ts';
 * const clock = new BodyClock({ idleMs: 50, totalMs: 100 });
 * assert.equal(await clock.wait(Promise.resolve('here')), 'here');
 * ```
 */
export class BodyClock {
  readonly #time: Readonly<BodyTime>;
  /** When the first read had to wait; reads of data already here take no time worth counting. */
  #startedAt: number | undefined;
  /** The read waiting now, while it is watched: how to fail it, and when. */
  #fail: ((fault: RpcFault) => void) | undefined;
  #idleAt = 0;
  #totalAt = 0;
  #idleFault: (idleMs: number) => RpcFault = stalled;
  /** The watch of its limits, found when a read first waits. */
  #watcher: Watch | undefined;

  /**
   * Starts the clock.
   *
   * @param time The limits.
   */
  constructor(time: Readonly<BodyTime>) {
    this.#time = time;
  }

  /**
   * Waits for one read of the body.
   *
   * @param read The read, e.g. `reader.read()`.
   * @returns What it resolves to.
   * @throws {RpcFault} `request_timeout` when the read outlasts the idle limit or the time left
   * of the total, or when the shutdown signal fires first; the read's own error otherwise.
   */
  wait<T>(read: Promise<T>): Promise<T> {
    return this.#watch(read, stalled);
  }

  /**
   * Waits for a read of the whole body (`text()`, `arrayBuffer()`), which shows no progress
   * until it ends: the whole body must arrive within the idle limit (and the total).
   *
   * @param read The read.
   * @returns What it resolves to.
   * @throws {RpcFault} `request_timeout` as {@linkcode BodyClock.wait} does.
   */
  waitWhole<T>(read: Promise<T>): Promise<T> {
    return this.#watch(read, notWhole);
  }

  #watch<T>(read: Promise<T>, idleFault: (idleMs: number) => RpcFault): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      // Once the watch has failed it, the read stays pending until the connection goes; its late
      // outcome lands here and is dropped, never an unhandled rejection.
      read.then((value) => {
        settled = true;
        this.#leave();
        resolve(value);
      }, (error) => {
        settled = true;
        this.#leave();
        reject(error);
      });
      // Data already buffered settles within a turn or two of the microtask queue (measured on
      // Deno 2.9 and Bun 1.4, in process and over loopback); only a read still pending after
      // three, waiting for the network, is watched.
      queueMicrotask(() =>
        queueMicrotask(() =>
          queueMicrotask(() => {
            if (!settled) this.#enter(reject, idleFault);
          })
        )
      );
    });
  }

  #enter(fail: (fault: RpcFault) => void, idleFault: (idleMs: number) => RpcFault): void {
    const { idleMs, totalMs, signal } = this.#time;
    if (signal?.aborted) return fail(stopping());
    const now = performance.now();
    this.#startedAt ??= now;
    this.#idleAt = now + idleMs;
    this.#totalAt = this.#startedAt + totalMs;
    this.#idleFault = idleFault;
    this.#fail = fail;
    (this.#watcher ??= BodyClock.#watchOf(this.#time)).add(this);
  }

  #leave(): void {
    if (this.#fail === undefined) return;
    this.#fail = undefined;
    this.#watcher?.remove(this);
  }

  /** Fails the watched read with its own timeout, or with `fault`. */
  #expire(fault?: RpcFault): void {
    const fail = this.#fail;
    this.#fail = undefined;
    const { idleMs, totalMs } = this.#time;
    fail?.(fault ?? (this.#idleAt < this.#totalAt ? this.#idleFault(idleMs) : tooSlow(totalMs)));
  }

  static readonly #watches = new WeakMap<Readonly<BodyTime>, Watch>();

  /**
   * The watch of a set of limits: the reads waiting under them, behind one timer (at the earliest
   * deadline) and one shutdown listener, so a read that waits costs a set entry, not a timer and
   * a listener of its own. When nothing waits any more the timer is left to lapse, no longer
   * holding the process open, rather than cleared and set again around every network read; the
   * shutdown clears it.
   */
  static #watchOf(time: Readonly<BodyTime>): Watch {
    const known = BodyClock.#watches.get(time);
    if (known) return known;
    const waiting = new Set<BodyClock>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let timerAt = Infinity;
    const deadline = (clock: BodyClock) => Math.min(clock.#idleAt, clock.#totalAt);
    const arm = (at: number) => {
      clearTimeout(timer);
      timerAt = at;
      timer = setTimeout(tick, Math.max(0, at - performance.now()));
    };
    const tick = () => {
      timer = undefined;
      timerAt = Infinity;
      const now = performance.now();
      let next = Infinity;
      for (const clock of waiting) {
        const at = deadline(clock);
        if (at <= now) {
          waiting.delete(clock);
          clock.#expire();
        } else if (at < next) {
          next = at;
        }
      }
      // A timer may fire a fraction of a millisecond early: what is not due yet waits on.
      if (next < Infinity) arm(next);
    };
    const watch: Watch = {
      add(clock) {
        if (waiting.size === 0 && timer !== undefined) holdOpen(timer, true);
        waiting.add(clock);
        const at = deadline(clock);
        if (at < timerAt) arm(at);
      },
      remove(clock) {
        waiting.delete(clock);
        if (waiting.size === 0 && timer !== undefined) holdOpen(timer, false);
      },
    };
    time.signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      timer = undefined;
      timerAt = Infinity;
      const stopped = [...waiting];
      waiting.clear();
      for (const clock of stopped) clock.#expire(stopping());
    }, { once: true });
    BodyClock.#watches.set(time, watch);
    return watch;
  }
}

/** The reads waiting under one set of limits. */
interface Watch {
  /** Watches a clock's read, arming the timer if its deadline comes first. */
  add(clock: BodyClock): void;
  /** Stops watching a clock's read: it settled. */
  remove(clock: BodyClock): void;
}

/** The timer functions of Deno, whose timers are numbers (others' are objects). */
interface DenoTimers {
  refTimer(id: number): void;
  unrefTimer(id: number): void;
}

/**
 * Lets a timer hold the process open, or not: it must while a read waits on it (an in-process
 * body may be all that is left to wait for), and need not once none does.
 */
function holdOpen(timer: ReturnType<typeof setTimeout>, hold: boolean): void {
  if (typeof timer === 'number') {
    const deno = (globalThis as { Deno?: DenoTimers }).Deno;
    if (hold) deno?.refTimer(timer);
    else deno?.unrefTimer(timer);
  } else {
    const handle = timer as { ref?: () => void; unref?: () => void };
    if (hold) handle.ref?.();
    else handle.unref?.();
  }
}

function stalled(idleMs: number): RpcFault {
  return new RpcFault(
    'request_timeout',
    `Request body stalled: no data arrived for ${idleMs} ms, the longest wait allowed`,
    { headers: closeConnection },
  );
}

function notWhole(idleMs: number): RpcFault {
  return new RpcFault(
    'request_timeout',
    `Request body did not arrive whole within ${idleMs} ms, the longest wait allowed for a small body`,
    { headers: closeConnection },
  );
}

function tooSlow(totalMs: number): RpcFault {
  return new RpcFault(
    'request_timeout',
    `Request body took longer than ${totalMs} ms to arrive, the most allowed`,
    { headers: closeConnection },
  );
}

function stopping(): RpcFault {
  return new RpcFault('request_timeout', 'Request body not read: the server is stopping', {
    headers: closeConnection,
  });
}
