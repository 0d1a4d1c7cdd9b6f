/**
 * Server-sent event frames (HTML Living Standard §9.2, "Server-sent events"),
 * as the Rool streams write them (docs/rool-events.md): one `data` line of
 * JSON per event, which is always one line because `JSON.stringify` escapes
 * CR and LF. Writing a frame is three string joins, so no library is used.
 *
 * @module
 */
import type { StoredEvent } from './ring.ts';

const encoder = new TextEncoder();

/** The comment written as a heartbeat: a line starting with `:` is ignored by every parser. */
export const heartbeatFrame = ': heartbeat\n\n';

/**
 * The `retry` field: how long `EventSource` waits before reconnecting.
 *
 * @param ms Milliseconds.
 * @returns The frame.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { retryFrame } from './frames.ts';
 * assert.equal(retryFrame(1000), 'retry: 1000\n\n');
 * ```
 */
export function retryFrame(ms: number): string {
  return `retry: ${ms}\n\n`;
}

/**
 * One event.
 *
 * @param name The event name, e.g. `channelCreated`.
 * @param data The payload as JSON, on one line.
 * @param id The event's ID, or `null` for an event outside the sequence, which leaves the
 * client's last event ID as it was.
 * @returns The frame.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { eventFrame } from './frames.ts';
 * assert.equal(eventFrame('resync', '{}', 7), 'id: 7\nevent: resync\ndata: {}\n\n');
 * assert.equal(eventFrame('spaceRemoved', '{"spaceId":"s"}', null), 'event: spaceRemoved\ndata: {"spaceId":"s"}\n\n');
 * ```
 */
export function eventFrame(name: string, data: string, id: number | null): string {
  return `${id === null ? '' : `id: ${id}\n`}event: ${name}\ndata: ${data}\n\n`;
}

/**
 * A JSON object with `source` added as its last member, without parsing it again.
 *
 * @param json A JSON object, as `JSON.stringify` writes it.
 * @param source The source.
 * @returns The object with `source`.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { withSource } from './frames.ts';
 * assert.equal(withSource('{"a":1}', 'system'), '{"a":1,"source":"system"}');
 * assert.equal(withSource('{}', 'local'), '{"source":"local"}');
 * ```
 */
export function withSource(json: string, source: string): string {
  const member = `"source":${JSON.stringify(source)}}`;
  return json === '{}' ? `{${member}` : `${json.slice(0, -1)},${member}`;
}

/**
 * A stored event's frame as sent to a subscriber, encoded: built on first use for each `source`
 * and kept on the event, so publishing to many subscribers, and replaying, encodes each variant
 * once. The bytes are shared by every stream sent them, so they must not be changed.
 *
 * @param event The event.
 * @param source The subscriber's `source`, or `null` for an event without one.
 * @returns The frame's UTF-8 bytes.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { systemActor } from './actor.ts';
 * import { encodedFrame } from './frames.ts';
 * import { storedEvent } from './ring.ts';
 * const event = storedEvent({ id: 3, name: 'reset', json: '{"channelId":"main"}', actor: systemActor, style: 'change' });
 * const bytes = encodedFrame(event, 'system');
 * assert.equal(new TextDecoder().decode(bytes), 'id: 3\nevent: reset\ndata: {"channelId":"main","source":"system"}\n\n');
 * assert.equal(encodedFrame(event, 'system'), bytes, 'built once');
 * ```
 */
export function encodedFrame(event: StoredEvent, source: string | null): Uint8Array {
  const key = source ?? '';
  let bytes = event.frames.get(key);
  if (bytes === undefined) {
    const json = source === null ? event.json : withSource(event.json, source);
    bytes = encoder.encode(eventFrame(event.name, json, event.id));
    event.frames.set(key, bytes);
  }
  return bytes;
}
