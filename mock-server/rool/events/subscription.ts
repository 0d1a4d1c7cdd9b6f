/**
 * One open event stream as the hub sees it: it writes frames into the
 * stream's queue, beats every so often, ends when told, when its caller's
 * credential is no longer valid or when its lifetime is over, and is dropped when its client reads too
 * slowly (docs/rool-events.md, Limits): rather than let the queue grow
 * without bound, the stream is failed, and the client reconnects with its
 * `Last-Event-ID`.
 *
 * @module
 */
import { sourceFor, storageSourceFor } from './actor.ts';
import { encodedFrame, eventFrame, heartbeatFrame } from './frames.ts';
import type { Farewell, Subscriber } from './hub.ts';
import type { StoredEvent } from './ring.ts';

/** What a subscription needs besides its stream. */
export interface SubscriptionOptions {
  /** The subscriber's user. */
  userId: string;
  /** The client ID the stream named, if any. */
  clientId: string | null;
  /** Bytes the queue may hold beyond the frame being written before the stream is dropped. */
  bufferBytes: number;
  /** Milliseconds between heartbeats. */
  heartbeatMs: number;
  /**
   * Whether the stream may go on (credential valid, access kept, lifetime not over); checked
   * before each event and heartbeat.
   */
  keepOpen: () => boolean;
  /** Called once when the subscription ends, however it ends. */
  onEnd: () => void;
}

const encoder = new TextEncoder();

/** An open stream's writer. */
export class Subscription implements Subscriber {
  /** The subscriber's user. */
  readonly userId: string;
  /** The client ID the stream named, if any. */
  readonly clientId: string | null;
  #controller: ReadableStreamDefaultController<Uint8Array>;
  #options: SubscriptionOptions;
  #timer: ReturnType<typeof setInterval> | undefined;
  #ended = false;

  /**
   * Starts writing into a stream, and beating.
   *
   * @param controller The stream's controller; its queuing strategy counts bytes and its high
   * water mark is `options.bufferBytes`.
   * @param options The subscriber, limits and callbacks.
   */
  constructor(
    controller: ReadableStreamDefaultController<Uint8Array>,
    options: SubscriptionOptions,
  ) {
    this.userId = options.userId;
    this.clientId = options.clientId;
    this.#controller = controller;
    this.#options = options;
    this.#timer = setInterval(() => this.#beat(), options.heartbeatMs);
  }

  /**
   * Sends an event of the scope, with `source` as this subscriber sees it.
   *
   * @param event The event.
   */
  deliver(event: StoredEvent): void {
    if (this.check()) this.write(this.frameOf(event));
  }

  /**
   * An event's frame as this subscriber is sent it, encoded once per `source` for all
   * subscribers (./frames.ts `encodedFrame`).
   *
   * @param event The event.
   * @returns The frame's bytes; shared, so never to be changed.
   */
  frameOf(event: StoredEvent): Uint8Array {
    switch (event.style) {
      case 'change':
        return encodedFrame(event, sourceFor(event.actor, this));
      case 'storage':
        return encodedFrame(event, storageSourceFor(event.actor, this));
      default:
        return encodedFrame(event, null);
    }
  }

  /**
   * Writes a frame as it is.
   *
   * @param frame The frame, as text or as its UTF-8 bytes.
   */
  write(frame: string | Uint8Array): void {
    if (this.#ended) return;
    const bytes = typeof frame === 'string' ? encoder.encode(frame) : frame;
    const queued = this.#options.bufferBytes - (this.#controller.desiredSize ?? 0);
    // A frame is always accepted into an empty queue, however large, or a big event would drop
    // every stream that receives it.
    if (queued > 0 && queued + bytes.byteLength > this.#options.bufferBytes) {
      this.#finish();
      this.#controller.error(new Error('Dropped: the client reads events too slowly'));
      return;
    }
    this.#controller.enqueue(bytes);
  }

  /**
   * Ends the stream after the frames already written.
   *
   * @param farewell A last event, sent outside the sequence (no `id`).
   */
  end(farewell?: Farewell): void {
    if (this.#ended) return;
    if (farewell) this.write(eventFrame(farewell.name, farewell.json, null));
    if (this.#ended) return;
    this.#finish();
    try {
      this.#controller.close();
    } catch {
      // The reader went away first: nothing to close.
    }
  }

  /** Stops everything without touching the stream: its reader cancelled it. */
  cancelled(): void {
    this.#finish();
  }

  #beat(): void {
    if (this.check()) this.write(heartbeatFrame);
  }

  /**
   * Ends the stream if it may not go on.
   *
   * @returns Whether it is still open.
   */
  check(): boolean {
    if (this.#ended) return false;
    if (this.#options.keepOpen()) return true;
    this.end();
    return false;
  }

  #finish(): void {
    if (this.#ended) return;
    this.#ended = true;
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#options.onEnd();
  }
}
