/**
 * An event stream's body (docs/rool-events.md, Frames): `retry:` first, then
 * the replay after the client's last event ID (or `resync`, and `filesReset`
 * on a space stream, when that replay is gone or would not fit the stream's
 * buffer), then live events and heartbeats, until the client goes away or
 * the hub ends it. A plain `ReadableStream` of bytes, so it runs on Deno,
 * Bun, Node and workerd alike.
 *
 * @module
 */
import { eventFrame, retryFrame } from './frames.ts';
import type { ScopeKey } from './hub.ts';
import { type LiveEvents, retryMs } from './live.ts';
import type { StoredEvent } from './ring.ts';
import { Subscription } from './subscription.ts';

/** What a stream carries and for whom. */
export interface StreamRequest {
  /** The scope. */
  scope: ScopeKey;
  /** The space, for a space stream: its gap is followed by `filesReset`. */
  spaceId: string | null;
  /** The subscriber's user. */
  userId: string;
  /** The client ID the request named, if any. */
  clientId: string | null;
  /** The last event ID the client has (`null`: none; `NaN`: malformed). */
  lastEventId: number | null;
  /** Aborts when the client goes away. */
  signal: AbortSignal;
  /** Whether the caller may still listen (credential, access); checked before every frame. */
  authorized: () => boolean;
  /** The clock, for the stream's lifetime and `filesReset`'s timestamp. */
  clock: () => number;
}

/** The headers of every event stream. */
export const streamHeaders: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-store',
  // Proxies such as nginx buffer responses unless told not to.
  'x-accel-buffering': 'no',
});

/**
 * Opens a stream: subscribes at once, so call it only after every check of the request passed,
 * including `hub.admit`.
 *
 * @param live The mock's live-event part.
 * @param request What the stream carries and for whom.
 * @returns The response body.
 */
export function openEventStream(
  live: LiveEvents,
  request: StreamRequest,
): ReadableStream<Uint8Array> {
  const { hub } = live;
  const closesAt = request.clock() + live.streamLifetimeMs;
  let subscription: Subscription | undefined;
  const onAbort = () => subscription?.end();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const sub = new Subscription(controller, {
        userId: request.userId,
        clientId: request.clientId,
        bufferBytes: live.streamBufferBytes,
        heartbeatMs: live.heartbeatMs,
        // The lifetime bounds what a runtime that never reports a disconnect can leak: workerd
        // 1.20260619 and later cancels no JavaScript body stream (workerd issue 6832).
        keepOpen: () => request.authorized() && request.clock() < closesAt,
        onEnd: () => {
          hub.detach(request.scope, sub);
          request.signal.removeEventListener('abort', onAbort);
        },
      });
      subscription = sub;
      sub.write(retryFrame(retryMs));
      // Attaching and replaying happen in this one synchronous step, so no event published in
      // between can be lost or sent twice.
      const replay = hub.attach(request.scope, sub, request.lastEventId);
      const frames = replay.kind === 'events'
        ? replayFrames(replay.events, sub, live.streamBufferBytes)
        : null;
      if (frames) {
        for (const frame of frames) sub.write(frame);
      } else if (replay.kind !== 'none') {
        sendResync(sub, request, hub.latestId(request.scope));
      }
      if (request.signal.aborted) sub.end();
      else request.signal.addEventListener('abort', onAbort);
    },
    cancel() {
      subscription?.cancelled();
    },
  }, {
    highWaterMark: live.streamBufferBytes,
    size: (chunk) => chunk.byteLength,
  });
}

/**
 * A replay's frames as the subscriber is sent them, if they fit the stream's buffer beside the
 * `retry:` frame queued before them: a replay that does not would only get the stream dropped.
 *
 * @param events The events to replay.
 * @param sub The subscriber.
 * @param bufferBytes The buffer's size.
 * @returns The frames, or `null` when they do not fit.
 */
function replayFrames(
  events: readonly StoredEvent[],
  sub: Subscription,
  bufferBytes: number,
): Uint8Array[] | null {
  const budget = bufferBytes - retryFrame(retryMs).length;
  // Each event's `bytes` (its frame without `source`) is a lower bound of what is sent, so a
  // replay too large even by that is refused before any frame is encoded.
  let total = 0;
  for (const event of events) total += event.bytes;
  if (total > budget) return null;
  total = 0;
  const frames: Uint8Array[] = [];
  for (const event of events) {
    const frame = sub.frameOf(event);
    total += frame.byteLength;
    if (total > budget) return null;
    frames.push(frame);
  }
  return frames;
}

/** `resync` carries the scope's latest ID, so the client's next reconnect replays from there. */
function sendResync(sub: Subscription, request: StreamRequest, latest: number): void {
  sub.write(eventFrame('resync', '{}', latest));
  if (request.spaceId === null) return;
  const data = { spaceId: request.spaceId, source: 'system', timestamp: request.clock() };
  sub.write(eventFrame('filesReset', JSON.stringify(data), null));
}
