/**
 * The live-event machinery of a running Rool mock (docs/rool-events.md): the
 * hub of scopes and subscribers, the tickets, and the stream settings. It
 * lives beside the state rather than in it, because a reset replaces the
 * state but must end the streams of the old one.
 *
 * @module
 */
import type { RoolLimits } from '../context.ts';
import { EventHub } from './hub.ts';
import { TicketStore } from './tickets.ts';

/** How often a heartbeat comment is written by default, in milliseconds (15 s). */
export const defaultHeartbeatMs = 15_000;

/** The `retry:` every stream starts with: `EventSource` reconnects after a second. */
export const retryMs = 1000;

/** The live-event part of a running mock. */
export interface LiveEvents {
  /** Scopes, kept events and subscribers. */
  readonly hub: EventHub;
  /** Tickets for `EventSource`. */
  readonly tickets: TicketStore;
  /** Milliseconds between heartbeat comments. */
  readonly heartbeatMs: number;
  /** Bytes one slow stream may have queued before it is dropped. */
  readonly streamBufferBytes: number;
  /** Milliseconds a stream stays open before the mock ends it (at its next frame). */
  readonly streamLifetimeMs: number;
}

/**
 * Creates the live-event part of a mock.
 *
 * @param limits The mock's limits.
 * @param heartbeatMs Milliseconds between heartbeats; default 15 000.
 * @returns It.
 * @throws {Error} When `heartbeatMs` is not an integer from 1 to 2 147 483 647.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { defaultRoolLimits } from '../context.ts';
 * import { createLiveEvents } from './live.ts';
 * const live = createLiveEvents(defaultRoolLimits);
 * assert.equal(live.heartbeatMs, 15_000);
 * assert.equal(live.hub.openStreams(), 0);
 * ```
 */
export function createLiveEvents(
  limits: Readonly<RoolLimits>,
  heartbeatMs: number = defaultHeartbeatMs,
): LiveEvents {
  if (!Number.isSafeInteger(heartbeatMs) || heartbeatMs < 1 || heartbeatMs > 2 ** 31 - 1) {
    throw new Error(
      `The heartbeat interval must be an integer from 1 to 2147483647 ms, not ${heartbeatMs}`,
    );
  }
  return {
    hub: new EventHub(limits),
    tickets: new TicketStore(limits.eventTicketsPerUser),
    heartbeatMs,
    streamBufferBytes: limits.eventStreamBufferBytes,
    streamLifetimeMs: limits.eventStreamLifetimeMs,
  };
}

/**
 * Ends every stream and forgets every kept event and ticket, as a reset of the mock does.
 * Clients reconnect, see a gap and resynchronise.
 *
 * @param live The live-event part.
 */
export function resetLiveEvents(live: LiveEvents): void {
  live.hub.reset();
  live.tickets.clear();
}
