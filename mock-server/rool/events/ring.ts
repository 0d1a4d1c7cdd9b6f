/**
 * The events a scope keeps for `Last-Event-ID` replay (docs/rool-events.md):
 * the latest ones, at most a count and a number of bytes of frames, in a circular
 * buffer, so keeping one more is O(1) however full it is.
 *
 * @module
 */
import { utf8Length } from '../size.ts';
import type { Actor } from './actor.ts';
import { eventFrame } from './frames.ts';

/** How a stored event's `source` is shown to each subscriber. */
export type SourceStyle =
  /** `local_user`, `remote_user`, `remote_agent` or `system`. */
  | 'change'
  /** `local` or `remote` (`userStorageChanged`). */
  | 'storage'
  /** No `source` (`spaceAdded`, `spaceRemoved`, `spaceRenamed`). */
  | 'none';

/** An event as a scope keeps it: its payload without `source`, which each subscriber gets its own of. */
export interface StoredEvent {
  /** The ID: one more than the scope's previous event. */
  readonly id: number;
  /** The event name, e.g. `channelCreated`. */
  readonly name: string;
  /** The payload without `source`, as JSON. */
  readonly json: string;
  /** Who caused it. */
  readonly actor: Actor;
  /** How `source` is added. */
  readonly style: SourceStyle;
  /** The UTF-8 length of its frame without `source`: what the ring counts. */
  readonly bytes: number;
  /**
   * Its frames as sent, encoded once per `source` on first use (`''` for none), by live
   * delivery and replay alike (./frames.ts `encodedFrame`): at most one per source value.
   */
  readonly frames: Map<string, Uint8Array>;
}

/**
 * An event ready to keep and send: measured, with no frame encoded yet.
 *
 * @param event Its ID, name, payload without `source`, actor and source style.
 * @returns The stored event.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { systemActor } from './actor.ts';
 * import { storedEvent } from './ring.ts';
 * const event = storedEvent({ id: 7, name: 'resync', json: '{}', actor: systemActor, style: 'none' });
 * assert.equal(event.bytes, 'id: 7\nevent: resync\ndata: {}\n\n'.length);
 * ```
 */
export function storedEvent(event: Omit<StoredEvent, 'bytes' | 'frames'>): StoredEvent {
  const bytes = utf8Length(eventFrame(event.name, event.json, event.id));
  return { ...event, bytes, frames: new Map() };
}

/** The latest events of a scope, oldest first. */
export class EventRing {
  #slots: (StoredEvent | undefined)[];
  #start = 0;
  #size = 0;
  #bytes = 0;
  #maxBytes: number;

  /**
   * Creates an empty ring.
   *
   * @param capacity The most events kept (at least 1).
   * @param maxBytes The most bytes of frames kept (their `bytes`); the newest event is always
   * kept.
   * @throws {RangeError} When `capacity` is not a positive integer.
   */
  constructor(capacity: number, maxBytes: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new RangeError(`A ring keeps at least 1 event, not ${capacity}`);
    }
    this.#slots = new Array(capacity);
    this.#maxBytes = maxBytes;
  }

  /** How many events are kept. */
  get size(): number {
    return this.#size;
  }

  /** The oldest kept event's ID, or `undefined` when empty. */
  get oldestId(): number | undefined {
    return this.#slots[this.#start]?.id;
  }

  /**
   * Keeps an event, forgetting the oldest ones past the limits.
   *
   * @param event The event; its ID must follow the newest kept one.
   */
  push(event: StoredEvent): void {
    if (this.#size === this.#slots.length) this.#shift();
    this.#slots[(this.#start + this.#size) % this.#slots.length] = event;
    this.#size++;
    this.#bytes += event.bytes;
    while (this.#bytes > this.#maxBytes && this.#size > 1) this.#shift();
  }

  /**
   * The kept events after an ID, oldest first.
   *
   * @param id The last ID the caller has; at least `oldestId - 1`.
   * @returns The events with greater IDs.
   */
  after(id: number): StoredEvent[] {
    const oldest = this.oldestId;
    if (oldest === undefined) return [];
    const out: StoredEvent[] = [];
    for (let i = Math.max(0, id + 1 - oldest); i < this.#size; i++) {
      out.push(this.#slots[(this.#start + i) % this.#slots.length]!);
    }
    return out;
  }

  #shift(): void {
    const event = this.#slots[this.#start]!;
    this.#slots[this.#start] = undefined;
    this.#start = (this.#start + 1) % this.#slots.length;
    this.#size--;
    this.#bytes -= event.bytes;
  }
}
