/**
 * An instance's lifecycle: its status at a given time, and its events. Most
 * events are recorded as they happen; `instance.ready` is derived from
 * `readyAt`, so an instance becomes ready without anyone calling the mock
 * (docs/roj-contract.md §3, `instances.create`).
 *
 * @module
 */
import type { InstanceRecord, LifecycleEvent } from '../state.ts';
import { appendCompact, iso } from '../state.ts';

/** An instance's status, as `instances.get` and `instances.status` report it. */
export type InstanceStatus = 'initializing' | 'ready' | 'archived';

/** A lifecycle event on the wire. */
export interface WireLifecycleEvent {
  /** Event name, e.g. `instance.ready`. */
  event: string;
  /** Extra detail, e.g. a sandbox or session id. */
  detail?: string;
  /** When it happened, ISO 8601. */
  createdAt: string;
}

/**
 * Records a transition of an instance.
 *
 * @param instance The instance.
 * @param event The event name, its detail, and the request time (ms).
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { appendEvent } from './lifecycle.ts';
 * const instance = { events: [] } as unknown as Parameters<typeof appendEvent>[0];
 * appendEvent(instance, { event: 'sandbox.paused', detail: 'sbx_000001', at: 0 });
 * assert.equal(instance.events.length, 1);
 * ```
 */
export function appendEvent(
  instance: InstanceRecord,
  event: { event: string; detail?: string; at: number },
): void {
  const entry: LifecycleEvent = { event: event.event, at: event.at };
  if (event.detail !== undefined) entry.detail = event.detail;
  instance.events = appendCompact(instance.events, entry);
}

/**
 * An instance's status at a time: `archived` once archived, else `ready` from
 * `readyAt` on, else `initializing`.
 *
 * @param instance The instance.
 * @param now The time (ms).
 * @returns The status.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { instanceStatus } from './lifecycle.ts';
 * const instance = { readyAt: 100, events: [] } as unknown as Parameters<typeof instanceStatus>[0];
 * assert.equal(instanceStatus(instance, 99), 'initializing');
 * assert.equal(instanceStatus(instance, 100), 'ready');
 * ```
 */
export function instanceStatus(instance: InstanceRecord, now: number): InstanceStatus {
  if (instance.archivedAt !== undefined) return 'archived';
  return now >= instance.readyAt ? 'ready' : 'initializing';
}

/**
 * An instance's lifecycle events at a time, oldest first, in wire form:
 * `instance.created` and `instance.initializing` at its creation, the
 * recorded ones, and `instance.ready` once `now` reaches `readyAt`. An
 * instance archived before it became ready never gets `instance.ready`. The
 * first two and the last are derived from the record rather than stored.
 *
 * Events of the same millisecond keep the order they were recorded in, except
 * that `instance.ready` follows `instance.created` and `instance.initializing`
 * and precedes everything else of its millisecond: with a frozen clock, a
 * sandbox created "at the same time" still happens in a ready instance.
 *
 * @param instance The instance.
 * @param now The time (ms).
 * @returns The events.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { lifecycleEvents } from './lifecycle.ts';
 * const instance = { createdAt: 0, readyAt: 5, events: [] } as unknown as Parameters<
 *   typeof lifecycleEvents
 * >[0];
 * assert.deepEqual(lifecycleEvents(instance, 4).map((e) => e.event), [
 *   'instance.created',
 *   'instance.initializing',
 * ]);
 * assert.equal(lifecycleEvents(instance, 5)[2].createdAt, '1970-01-01T00:00:00.005Z');
 * ```
 */
export function lifecycleEvents(instance: InstanceRecord, now: number): WireLifecycleEvent[] {
  const events: Array<LifecycleEvent & { rank: number }> = [
    { event: 'instance.created', at: instance.createdAt, rank: 0 },
    { event: 'instance.initializing', at: instance.createdAt, rank: 0 },
  ];
  for (const e of instance.events) events.push({ ...e, rank: 2 });
  const readyBy = Math.min(now, instance.archivedAt ?? Infinity);
  if (readyBy >= instance.readyAt) {
    events.push({ event: 'instance.ready', at: instance.readyAt, rank: 1 });
  }
  // Array.prototype.sort is stable (ES2019), so equal keys keep their recorded order.
  events.sort((a, b) => a.at - b.at || a.rank - b.rank);
  return events.map((e) =>
    e.detail === undefined
      ? { event: e.event, createdAt: iso(e.at) }
      : { event: e.event, detail: e.detail, createdAt: iso(e.at) }
  );
}
