// Combines a caller's AbortSignal with a timeout, and tells afterwards which one fired.
// AbortSignal.any is in every target runtime (Deno, Bun, Node >= 20.3, workerd, evergreen
// browsers); the manual path keeps older embedders working.

/** A signal for one call, plus how to tell a timeout from a caller's abort. */
export interface CallSignal {
  signal: AbortSignal | undefined;
  timedOut(): boolean;
  dispose(): void;
}

/** Builds the signal for one call from the caller's signals and a timeout in ms (0 = none). */
export function callSignal(signals: (AbortSignal | undefined)[], timeoutMs: number): CallSignal {
  const given = signals.filter((s): s is AbortSignal => s !== undefined);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timedOut = false;
  if (timeoutMs <= 0 && given.length <= 1) {
    return { signal: given[0], timedOut: () => false, dispose() {} };
  }
  const controller = new AbortController();
  const abort = (reason: unknown) => {
    if (!controller.signal.aborted) controller.abort(reason);
  };
  const listeners: [AbortSignal, () => void][] = [];
  for (const s of given) {
    if (s.aborted) abort(s.reason);
    const onAbort = () => abort(s.reason);
    s.addEventListener('abort', onAbort, { once: true });
    listeners.push([s, onAbort]);
  }
  if (timeoutMs > 0 && !controller.signal.aborted) {
    timer = setTimeout(() => {
      timedOut = true;
      abort(new DOMException(`Call timed out after ${timeoutMs} ms`, 'TimeoutError'));
    }, timeoutMs);
  }
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose() {
      clearTimeout(timer);
      for (const [s, onAbort] of listeners) s.removeEventListener('abort', onAbort);
    },
  };
}
