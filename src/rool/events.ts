/**
 * A small typed event emitter, the base of {@linkcode RoolClient},
 * `RoolSpace` and `RoolChannel`. An event map names each event and the
 * arguments its listeners receive, so `on('spaceRenamed', (id, name) => …)`
 * is checked by the compiler.
 *
 * @module
 */
import { defaultLogger, type Logger } from './logger.ts';

/** Event names mapped to the argument tuples their listeners receive. */
export type EventMap = { [event: string]: unknown[] };

/** A listener of event `K` of map `Events`. */
export type Listener<Events extends EventMap, K extends keyof Events> = (
  ...args: Events[K]
) => void;

/**
 * Emits the events of `Events`. A listener that throws does not stop the
 * others: the error goes to the logger.
 *
 * @typeParam Events The event map.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { EventEmitter } from './events.ts';
 * class Counter extends EventEmitter<{ changed: [value: number] }> {
 *   #value = 0;
 *   increment(): void {
 *     this.emit('changed', ++this.#value);
 *   }
 * }
 * const counter = new Counter();
 * const seen: number[] = [];
 * const stop = counter.on('changed', (value) => seen.push(value));
 * counter.increment();
 * stop();
 * counter.increment();
 * assert.deepEqual(seen, [1]);
 * ```
 */
export class EventEmitter<Events extends EventMap> {
  #listeners = new Map<keyof Events, Registration[]>();
  #logger: Logger;

  /**
   * Creates the emitter.
   *
   * @param logger Where errors thrown by listeners go; default: `console.error`.
   */
  constructor(logger: Logger = defaultLogger) {
    this.#logger = logger;
  }

  /**
   * Listens to `event`. Adding a listener that already listens changes nothing.
   *
   * @param event The event name.
   * @param listener Called with the event's arguments each time it is emitted.
   * @returns A function that stops listening.
   */
  on<K extends keyof Events>(event: K, listener: Listener<Events, K>): () => void {
    return this.#add(event, listener as unknown as Registration['listener'], false);
  }

  /**
   * Listens to the next `event` only.
   *
   * @param event The event name.
   * @param listener Called once, with the event's arguments.
   * @returns A function that stops listening before the event comes.
   */
  once<K extends keyof Events>(event: K, listener: Listener<Events, K>): () => void {
    return this.#add(event, listener as unknown as Registration['listener'], true);
  }

  /**
   * Stops `listener` listening to `event`; nothing happens when it was not.
   *
   * @param event The event name.
   * @param listener The listener given to `on` or `once`.
   */
  off<K extends keyof Events>(event: K, listener: Listener<Events, K>): void {
    const registrations = this.#listeners.get(event);
    if (!registrations) return;
    const left = registrations.filter((r) => r.listener !== listener);
    if (left.length === 0) this.#listeners.delete(event);
    else this.#listeners.set(event, left);
  }

  /**
   * Stops every listener of `event`, or of every event when none is given.
   *
   * @param event The event name.
   */
  removeAllListeners(event?: keyof Events): void {
    if (event === undefined) this.#listeners.clear();
    else this.#listeners.delete(event);
  }

  /**
   * How many listeners `event` has.
   *
   * @param event The event name.
   * @returns The count.
   */
  listenerCount(event: keyof Events): number {
    return this.#listeners.get(event)?.length ?? 0;
  }

  /**
   * Calls every listener of `event` with `args`, in the order they were added.
   *
   * @param event The event name.
   * @param args The event's arguments.
   */
  protected emit<K extends keyof Events>(event: K, ...args: Events[K]): void {
    // The array is replaced, never changed in place, so listeners may stop listening (or add
    // others) while the event is delivered; those added now hear the next one.
    const registrations = this.#listeners.get(event) ?? [];
    for (const registration of registrations) {
      if (registration.once) this.off(event, registration.listener);
      try {
        registration.listener(...args);
      } catch (error) {
        this.#logger.error(`Listener of "${String(event)}" threw:`, error);
      }
    }
  }

  #add(event: keyof Events, listener: Registration['listener'], once: boolean): () => void {
    const registrations = this.#listeners.get(event) ?? [];
    if (!registrations.some((r) => r.listener === listener)) {
      this.#listeners.set(event, [...registrations, { listener, once }]);
    }
    return () => this.off(event, listener);
  }
}

interface Registration {
  listener: (...args: unknown[]) => void;
  once: boolean;
}
