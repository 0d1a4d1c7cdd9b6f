// Combines a caller's AbortSignal with a timeout, and tells afterwards which one fired.
// AbortSignal.any is in every target runtime (Deno, Bun, Node >= 20.3, workerd, evergreen
// browsers) and holds its sources weakly, so a long-lived caller signal keeps nothing alive; the
// manual path keeps older embedders working.

/** A signal for one call, plus how to tell a timeout from a caller's abort. */
export interface CallSignal {
  /** The combined signal; `undefined` when there is neither a caller's signal nor a timeout. */
  signal: AbortSignal | undefined;
  /** Whether the timeout fired (rather than a caller's signal). */
  timedOut(): boolean;
  /** Stops the timeout only: the callers' signals still apply, e.g. to a body read later. */
  stopTimer(): void;
  /** Stops the timeout and lets go of the callers' signals. */
  dispose(): void;
}

/**
 * Builds the signal for one call from the caller's signals and a timeout.
 *
 * @param signals The callers' signals; `undefined` entries are skipped.
 * @param timeoutMs Timeout in ms; 0 means none.
 * @returns The combined signal and its controls.
 */
export function callSignal(signals: (AbortSignal | undefined)[], timeoutMs: number): CallSignal {
  const given = signals.filter((s): s is AbortSignal => s !== undefined);
  if (timeoutMs <= 0 && given.length <= 1) {
    return { signal: given[0], timedOut: () => false, stopTimer() {}, dispose() {} };
  }
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timedOut = false;
  const abort = (reason: unknown) => {
    if (!controller.signal.aborted) controller.abort(reason);
  };
  const stopTimer = () => clearTimeout(timer);
  const listeners: [AbortSignal, () => void][] = [];
  let signal: AbortSignal;
  if (typeof AbortSignal.any === 'function') {
    signal = AbortSignal.any([...given, controller.signal]);
  } else {
    signal = controller.signal;
    for (const s of given) {
      if (s.aborted) abort(s.reason);
      const onAbort = () => abort(s.reason);
      s.addEventListener('abort', onAbort, { once: true });
      listeners.push([s, onAbort]);
    }
  }
  if (timeoutMs > 0 && !signal.aborted) {
    timer = setTimeout(() => {
      timedOut = true;
      abort(new DOMException(`Call timed out after ${timeoutMs} ms`, 'TimeoutError'));
    }, timeoutMs);
  }
  return {
    signal,
    timedOut: () => timedOut,
    stopTimer,
    dispose() {
      stopTimer();
      for (const [s, onAbort] of listeners) s.removeEventListener('abort', onAbort);
    },
  };
}

/**
 * `promise`, or a rejection with the signal's reason as soon as it fires: an injected `fetch`
 * (an in-process server) may ignore the signal, and the timeout must hold all the same.
 *
 * @param promise What to wait for.
 * @param signal Ends the wait; none: `promise` itself.
 * @param discard Called with a value that arrives after the signal fired, e.g. to cancel a body.
 * @returns `promise`'s outcome, or the signal's reason as a rejection.
 */
export function untilAborted<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  discard?: (late: T) => void,
): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      reject(signal.reason);
      if (discard) promise.then(discard, () => {});
      else promise.catch(() => {});
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Waits `ms` milliseconds, or less when `signal` fires: it then resolves at once (it does not
 * reject), and clears its timer, so an aborted wait leaves nothing pending.
 *
 * @param ms How long to wait.
 * @param signal Ends the wait early.
 * @returns A promise that resolves when the time is up or the signal fired.
 */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
