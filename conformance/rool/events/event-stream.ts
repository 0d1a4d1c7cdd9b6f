/**
 * One side's live-event stream of one space (docs/rool-events.md), read in the background
 * while the run's commands go on: every event is kept with the index of the call in flight
 * when it arrived, so a missing or extra event can be blamed on the step that caused it. The
 * frames are decoded by the SDK's own server-sent events parser (src/rool/_sse.ts), which
 * follows the HTML standard's algorithm.
 *
 * @module
 */
import { readEventStream, SseParser } from '../../../src/rool/_sse.ts';
import type { ConcreteRequest } from '../../call.ts';
import type { Side } from '../../side.ts';

/** One event as it arrived. */
export interface ArrivedEvent {
  /** The event name, e.g. `channelCreated`. */
  event: string;
  /** The payload, parsed; the raw text when it is not JSON. */
  data: unknown;
  /** Which call of the run was in flight (or last done) when it arrived, from 0. */
  call: number;
}

/** How long a stream may take to send its first bytes. */
const firstBytesMs = 5000;

/** A side's open stream. */
export class EventStream {
  /** The HTTP status the stream was opened with. */
  readonly status: number;
  /** The events so far, in arrival order. */
  readonly events: ArrivedEvent[] = [];
  /** Suite clock (ms) of the last event's arrival. */
  lastArrival = 0;
  /** Set when the stream broke (not when it ended or was closed). */
  failure?: string;
  #abort = new AbortController();
  #reading: Promise<void> = Promise.resolve();

  private constructor(status: number) {
    this.status = status;
  }

  /**
   * Opens a stream and waits for its first bytes (the `retry` field), after which the server
   * has subscribed it: no later change can be missed.
   *
   * @param side The side.
   * @param request The `GET …/events` request.
   * @param callInFlight Which call of the run is in flight now.
   * @returns The open stream; a refused one (`status` not 200) holds no events.
   * @throws {Error} When the side cannot be reached or its budget is spent.
   */
  static async open(
    side: Side,
    request: ConcreteRequest,
    callInFlight: () => number,
  ): Promise<EventStream> {
    const abort = new AbortController();
    const response = await side.open(request, abort.signal);
    if (response.status !== 200 || !response.body) {
      await response.body?.cancel().catch(() => {});
      return new EventStream(response.status);
    }
    const started = Promise.withResolvers<void>();
    const stream = new EventStream(200);
    stream.#abort = abort;
    const parser = new SseParser({
      onEvent(event) {
        let data: unknown = event.data;
        try {
          data = JSON.parse(event.data);
        } catch {
          // Kept as text: compared as such.
        }
        stream.events.push({ event: event.event, data, call: callInFlight() });
        stream.lastArrival = performance.now();
      },
    });
    stream.#reading = readEventStream(response.body, parser, {
      signal: abort.signal,
      onChunk: () => started.resolve(),
    }).catch((error) => {
      if (!abort.signal.aborted) stream.failure = String(error);
    }).finally(() => started.resolve());
    const timer = setTimeout(() => started.resolve(), firstBytesMs);
    await started.promise;
    clearTimeout(timer);
    return stream;
  }

  /**
   * Stops reading and waits until the stream is released.
   *
   * @returns When closed.
   */
  async close(): Promise<void> {
    this.#abort.abort();
    await this.#reading;
  }
}
