// One live-event stream (docs/rool-events.md) over `fetch`, kept open: each attempt takes the
// provider's current token and sends `Last-Event-ID`, so a reconnect resumes after the last event
// seen, and a first connection after the ID a snapshot named (list, then watch); errors and ends of stream reconnect after a jittered delay that doubles per failure; a
// healthy connection resets it; a silent connection is reopened by a heartbeat watchdog; 401, 403,
// 404 and answers that are no event stream stop it for good. `close()` aborts the request, cancels
// the reader and clears every timer.
import { parseEnvelope } from '../rpc/_envelope.ts';
import { untilAborted } from '../rpc/_signal.ts';
import { rpcErrorStatus } from '../rpc/error-types.ts';
import { readCappedText } from './_body.ts';
import type { ResolvedEventsConfig } from './config.ts';
import { RoolError, toRoolError } from './errors.ts';
import type { ConnectionState } from './event-types.ts';
import type { Logger } from './logger.ts';
import { readEventStream, type SseEvent, SseParser } from './_sse.ts';
import { contextFetch, requestHeaders, type RoolRequestContext } from './_transport.ts';

/** What a {@linkcode LiveStream} needs. */
export interface LiveStreamOptions {
  /** What logs call the stream, e.g. `client events`; never a secret. */
  name: string;
  /** The stream's URL, e.g. `{apiUrl}/v1/events`. */
  url: string;
  /** The client's `fetch`, token and client ID. */
  request: RoolRequestContext;
  /** Reconnection delays and the heartbeat timeout. */
  settings: Omit<ResolvedEventsConfig, 'enabled'>;
  /**
   * The ID of the last event already reflected in what the caller holds (a snapshot's), sent as
   * `Last-Event-ID` by the first connection so that nothing after it is missed; default none: the
   * stream starts with live events.
   */
  lastEventId?: string;
  /** Where connections and failures are logged. */
  logger: Logger;
  /** Random numbers in [0, 1) for the jitter; default `Math.random`. */
  random?: () => number;
  /** How long a connection must stay open, without events, to count as healthy; default 10 s. */
  healthyAfterMs?: number;
  /** Each event, in order; what it throws is logged and the event still counts as seen. */
  onEvent(event: SseEvent): void;
  /** The state changed. */
  onStateChange?(state: ConnectionState): void;
  /** A connection opened; `resumed` when it named a `Last-Event-ID`. */
  onOpen?(resumed: boolean): void;
  /** The stream stopped for good (401, 403, 404, not an event stream, an oversized event). */
  onStop?(error: RoolError): void;
}

/** How one attempt ended. */
interface Outcome {
  /** It delivered an event or stayed open long enough: the back-off starts again. */
  healthy: boolean;
  /** Why to stop for good, if so. */
  stop?: RoolError;
  /** A delay the server asked for (`Retry-After`), in milliseconds. */
  retryAfterMs?: number;
}

/** Statuses worth another attempt: the server may answer differently later. */
const transientStatuses = new Set([408, 425, 429, 500, 502, 503, 504]);
/** Most bytes of an error answer read for its message. */
const maxErrorBytes = 64 * 1024;
const defaultHealthyAfterMs = 10_000;
/**
 * What is sent back as `Last-Event-ID`: a header value must be Latin-1 and the server's IDs are
 * short decimal numbers, so anything else (a broken server's) is not sent and the stream starts
 * with live events.
 */
const resumableId = /^[\x20-\x7E]{1,256}$/;

/**
 * A live-event stream that reconnects until it is closed or refused.
 *
 * States: `disconnected` until the first connection opens (then `connected`);
 * `reconnecting` between attempts after a failure; `disconnected` again after
 * `close()` or a refusal. Each change is reported once.
 */
export class LiveStream {
  #options: LiveStreamOptions;
  #state: ConnectionState = 'disconnected';
  #active = false;
  /** Bumped by `start()` and `close()`: an attempt of an older run stops at its next step. */
  #run = 0;
  #abort: AbortController | undefined;
  #wake: (() => void) | undefined;
  #lastEventId = '';
  #retryMs = 0;

  /**
   * Creates the stream; nothing is sent until `start()`.
   *
   * @param options URL, request context, settings and callbacks.
   */
  constructor(options: LiveStreamOptions) {
    this.#options = options;
    this.#lastEventId = options.lastEventId ?? '';
  }

  /** The current state. */
  get state(): ConnectionState {
    return this.#state;
  }

  /** Whether the stream is started and not yet closed or refused. */
  get active(): boolean {
    return this.#active;
  }

  /** The ID of the last event seen; before any, the initial one (`''` when none was given). */
  get lastEventId(): string {
    return this.#lastEventId;
  }

  /** Opens the stream, unless it is open already; a closed stream resumes after its last event. */
  start(): void {
    if (this.#active) return;
    this.#active = true;
    const run = ++this.#run;
    this.#loop(run).catch((error) => {
      this.#options.logger.error(`Live events (${this.#options.name}) failed`, error);
      if (run === this.#run) this.close();
    });
  }

  /** Stops the stream: the request is aborted, the reader cancelled, timers cleared. */
  close(): void {
    if (!this.#active) return;
    this.#active = false;
    this.#run++;
    this.#abort?.abort();
    this.#abort = undefined;
    this.#wake?.();
    this.#setState('disconnected');
  }

  async #loop(run: number): Promise<void> {
    let failures = 0;
    while (run === this.#run) {
      const outcome = await this.#attempt(run);
      if (run !== this.#run) return;
      if (outcome.stop) {
        this.close();
        this.#options.logger.warn(
          `Live events (${this.#options.name}) stopped: ${outcome.stop.message}`,
        );
        this.#options.onStop?.(outcome.stop);
        return;
      }
      if (outcome.healthy) failures = 0;
      this.#setState('reconnecting');
      const delay = Math.max(this.#delay(failures), outcome.retryAfterMs ?? 0);
      failures++;
      this.#options.logger.debug(
        `Live events (${this.#options.name}) reconnecting in ${Math.round(delay)} ms`,
      );
      await this.#sleep(delay);
    }
  }

  /** The jittered delay before the next attempt: half fixed, half random (equal jitter). */
  #delay(failures: number): number {
    const { reconnectBaseMs, reconnectMaxMs } = this.#options.settings;
    const base = Math.min(Math.max(reconnectBaseMs, this.#retryMs), reconnectMaxMs);
    const ceiling = Math.min(reconnectMaxMs, base * 2 ** Math.min(failures, 30));
    const random = this.#options.random ?? Math.random;
    return ceiling / 2 + random() * (ceiling / 2);
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wake = done;
    });
  }

  async #attempt(run: number): Promise<Outcome> {
    const options = this.#options;
    const controller = new AbortController();
    this.#abort = controller;
    // The heartbeat watchdog: no byte for `heartbeatTimeoutMs` aborts the attempt.
    let silence: ReturnType<typeof setTimeout> | undefined;
    const rearm = () => {
      clearTimeout(silence);
      silence = setTimeout(() => controller.abort(), options.settings.heartbeatTimeoutMs);
    };
    let openedAt: number | undefined;
    let delivered = false;
    let parser: SseParser | undefined;
    try {
      const resumeFrom = resumableId.test(this.#lastEventId) ? this.#lastEventId : '';
      const headers = await requestHeaders(options.request, {
        Accept: 'text/event-stream',
        ...(resumeFrom === '' ? {} : { 'Last-Event-ID': resumeFrom }),
      });
      if (run !== this.#run) return { healthy: false };
      if (!headers.has('Authorization')) {
        return { healthy: false, stop: refusal('unauthorized', 401, 'The client has no token') };
      }
      rearm();
      const fetch = contextFetch(options.request);
      // An answer arriving after the abort has its body cancelled.
      const response = await untilAborted(
        fetch(options.url, { method: 'GET', headers, signal: controller.signal }),
        controller.signal,
        (late) => void late.body?.cancel().catch(() => {}),
      );
      const verdict = await judge(response);
      if (run !== this.#run) return { healthy: false };
      if (verdict.stop) return { healthy: false, stop: verdict.stop };
      if (verdict.retry) {
        options.logger.debug(`Live events (${options.name}) refused: ${verdict.retry.message}`);
        return { healthy: false, retryAfterMs: verdict.retryAfterMs };
      }
      openedAt = Date.now();
      options.logger.debug(`Live events (${options.name}) connected`);
      this.#setState('connected');
      options.onOpen?.(resumeFrom !== '');
      parser = new SseParser({
        onEvent: (event) => {
          if (run !== this.#run) return;
          delivered = true;
          this.#lastEventId = event.lastEventId;
          try {
            options.onEvent(event);
          } catch (error) {
            options.logger.error(`Live events (${options.name}): a handler threw`, error);
          }
        },
        onRetry: (ms) => this.#retryMs = ms,
      }, { lastEventId: resumeFrom });
      await readEventStream(response.body!, parser, {
        signal: controller.signal,
        onChunk: rearm,
      });
      if (run === this.#run) {
        const why = controller.signal.aborted ? 'went silent' : 'ended';
        options.logger.debug(`Live events (${options.name}) ${why}`);
      }
    } catch (error) {
      if (run !== this.#run) return { healthy: false };
      if (error instanceof RoolError && error.type === 'payload_too_large') {
        return { healthy: false, stop: error };
      }
      const reason = controller.signal.aborted
        ? 'no byte arrived in time'
        : error instanceof Error
        ? error.message
        : String(error);
      const log = this.#state === 'connected' ? options.logger.warn : options.logger.debug;
      log.call(options.logger, `Live events (${options.name}) failed: ${reason}`);
    } finally {
      clearTimeout(silence);
      if (this.#abort === controller) this.#abort = undefined;
      // An event of an aborted attempt was seen all the same: resume after it.
      if (parser && run === this.#run) this.#lastEventId = parser.lastEventId;
    }
    const lived = openedAt === undefined ? 0 : Date.now() - openedAt;
    return { healthy: delivered || lived >= (options.healthyAfterMs ?? defaultHealthyAfterMs) };
  }

  #setState(state: ConnectionState): void {
    if (this.#state === state) return;
    this.#state = state;
    try {
      this.#options.onStateChange?.(state);
    } catch (error) {
      this.#options.logger.error(`Live events (${this.#options.name}): a handler threw`, error);
    }
  }
}

/** What an answer means: a stream to read (neither field), a refusal to retry, or to stop. */
interface Verdict {
  /** A transient refusal (429, 503, …): try again later. */
  retry?: RoolError;
  /** The delay the server asked for with `Retry-After`, in milliseconds. */
  retryAfterMs?: number;
  /** A lasting refusal. */
  stop?: RoolError;
}

async function judge(response: Response): Promise<Verdict> {
  const type = response.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (response.status === 200 && type === 'text/event-stream' && response.body) return {};
  const error = await errorOf(response);
  if (response.status === 200) {
    const message = `Live events answered ${type ?? 'no content type'}, not text/event-stream`;
    return { stop: refusal('transport_error', 200, message) };
  }
  if (transientStatuses.has(response.status)) {
    // Retry-After in seconds (RFC 9110 §10.2.3); an HTTP date is ignored.
    const seconds = Number(response.headers.get('retry-after') ?? '');
    const retryAfterMs = Number.isFinite(seconds) && seconds > 0
      ? Math.min(seconds, 3600) * 1000
      : undefined;
    return { retry: error, retryAfterMs };
  }
  // 204 asks the client not to reconnect (HTML §9.2.3); other refusals will not change either.
  return { stop: error };
}

/** The error an answer carries: its error envelope's type and message, or its status. */
async function errorOf(response: Response): Promise<RoolError> {
  const { status } = response;
  let text = '';
  try {
    text = (await readCappedText(response, maxErrorBytes)).text;
  } catch {
    // A body that fails to arrive: the status says enough.
  }
  const answer = parseEnvelope<never>(text, status, response.headers.get('content-type'));
  // `transport_error` is what a body that is no envelope reads as: fall back on the status.
  if (!answer.ok && answer.error.type !== 'transport_error') return toRoolError(answer.error);
  const type = Object.entries(rpcErrorStatus).find(([, code]) => code === status)?.[0];
  return refusal(type ?? 'transport_error', status, `Live events answered HTTP ${status}`);
}

function refusal(type: string, status: number, message: string): RoolError {
  return new RoolError({ type, status, message });
}
