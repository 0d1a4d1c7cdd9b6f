/**
 * The event hub of a running Rool mock (docs/rool-events.md). Events are
 * published to a scope, one per space and one per user; each scope numbers
 * its events 1, 2, 3…, keeps the latest for `Last-Event-ID` replay
 * (./ring.ts), and hands each new one to its live subscribers, so publishing
 * costs O(subscribers of that scope).
 *
 * A scope's IDs survive a reset of the mock: its sequences then go on above
 * every ID handed out before, with nothing kept, so a client reconnecting
 * with an ID from before the reset always sees a gap and resynchronises.
 *
 * @module
 */
import { RpcFault } from '../../rpc/fault.ts';
import type { Actor, Viewer } from './actor.ts';
import { EventRing, type SourceStyle, type StoredEvent, storedEvent } from './ring.ts';

/** A stream's scope: one space's events or one user's. */
export type ScopeKey = `space:${string}` | `user:${string}`;

/** The hub's limits. */
export interface EventHubLimits {
  /** Events kept per scope for replay. */
  eventsKeptPerScope: number;
  /** Bytes of frames (without `source`) kept per scope for replay. */
  eventBytesKeptPerScope: number;
  /** Open streams per user, over all scopes. */
  eventStreamsPerUser: number;
  /** Open streams per space. */
  eventStreamsPerSpace: number;
}

/** An event sent outside the sequence, just before a stream ends (`spaceRemoved`). */
export interface Farewell {
  /** The event name. */
  name: string;
  /** The payload, as JSON. */
  json: string;
}

/** A live subscriber of a scope: one open stream. */
export interface Subscriber extends Viewer {
  /**
   * Sends an event of the scope.
   *
   * @param event The event.
   */
  deliver(event: StoredEvent): void;
  /**
   * Ends the stream; the subscriber detaches itself from the hub.
   *
   * @param farewell A last event to send first, if any.
   */
  end(farewell?: Farewell): void;
  /**
   * Ends the stream if it may not go on (its credential, access or lifetime is over).
   *
   * @returns Whether it is still open.
   */
  check(): boolean;
}

/** An event to publish. */
export interface NewEvent {
  /** The event name, e.g. `channelCreated`. */
  name: string;
  /** The payload without `source`. */
  data: Record<string, unknown>;
  /** Who caused it. */
  actor: Actor;
  /** How `source` is shown to each subscriber. */
  style: SourceStyle;
}

/** What a new subscriber is sent before live events. */
export type Replay =
  /** Nothing: it named no last event. */
  | { kind: 'none' }
  /** The events after the one it named, oldest first (maybe none). */
  | { kind: 'events'; events: StoredEvent[] }
  /** The events after the one it named are gone: it must reread. `latest` is the scope's last ID. */
  | { kind: 'gap'; latest: number };

interface Scope {
  /** The last ID handed out. */
  latest: number;
  ring: EventRing;
  subscribers: Set<Subscriber>;
}

/**
 * The scope of a space's stream.
 *
 * @param spaceId The space.
 * @returns The key.
 */
export function spaceScope(spaceId: string): ScopeKey {
  return `space:${spaceId}`;
}

/**
 * The scope of a user's client stream.
 *
 * @param userId The user.
 * @returns The key.
 */
export function userScope(userId: string): ScopeKey {
  return `user:${userId}`;
}

/**
 * Scopes, their kept events and their subscribers.
 *
 * @example Publish and replay
 * ```ts
 * import assert from 'node:assert/strict';
 * import { EventHub, userScope } from './hub.ts';
 * import { systemActor } from './actor.ts';
 * const hub = new EventHub({
 *   eventsKeptPerScope: 2, eventBytesKeptPerScope: 1000, eventStreamsPerUser: 1, eventStreamsPerSpace: 1,
 * });
 * for (const key of ['a', 'b', 'c']) {
 *   hub.publish(userScope('u'), { name: 'spaceRenamed', data: { key }, actor: systemActor, style: 'none' });
 * }
 * assert.equal(hub.latestId(userScope('u')), 3);
 * hub.reset();
 * assert.equal(hub.latestId(userScope('u')), 4, 'after a reset, counting goes on above 3');
 * ```
 */
export class EventHub {
  #scopes = new Map<ScopeKey, Scope>();
  #streamsOfUser = new Map<string, Set<Subscriber>>();
  /** Where new scopes start counting: above every ID handed out before the last reset. */
  #base = 0;
  #limits: EventHubLimits;

  /**
   * Creates an empty hub.
   *
   * @param limits What it keeps and admits.
   */
  constructor(limits: EventHubLimits) {
    this.#limits = limits;
  }

  /**
   * Publishes an event: numbers it, keeps it, and sends it to the scope's subscribers.
   *
   * @param scope The scope.
   * @param event The event: its name, its payload without `source`, who caused it, and how
   * `source` is shown.
   * @returns The stored event.
   */
  publish(scope: ScopeKey, event: NewEvent): StoredEvent {
    const s = this.#scope(scope);
    const stored = storedEvent({
      id: ++s.latest,
      name: event.name,
      json: JSON.stringify(event.data),
      actor: event.actor,
      style: event.style,
    });
    s.ring.push(stored);
    for (const subscriber of s.subscribers) subscriber.deliver(stored);
    return stored;
  }

  /**
   * Checks that a user may open one more stream of a scope.
   *
   * @param scope The scope.
   * @param userId The user.
   * @throws {RpcFault} `rate_limited` when the user or the space has as many as allowed.
   */
  admit(scope: ScopeKey, userId: string): void {
    const limits = this.#limits;
    // Streams whose end went unnoticed count only until their lifetime is over: a runtime that
    // reports no disconnect (workerd) also stops their timers, so they are checked here.
    const mine = this.#streamsOfUser.get(userId);
    for (const subscriber of [...mine ?? []]) subscriber.check();
    for (const subscriber of [...this.#scopes.get(scope)?.subscribers ?? []]) subscriber.check();
    if ((mine?.size ?? 0) >= limits.eventStreamsPerUser) {
      throw new RpcFault(
        'rate_limited',
        `A user may hold at most ${limits.eventStreamsPerUser} open event streams; close one first`,
      );
    }
    const open = this.#scopes.get(scope)?.subscribers.size ?? 0;
    if (scope.startsWith('space:') && open >= limits.eventStreamsPerSpace) {
      throw new RpcFault(
        'rate_limited',
        `A space may have at most ${limits.eventStreamsPerSpace} open event streams`,
      );
    }
  }

  /**
   * Subscribes to a scope and says what to replay first. Call it in the same synchronous step as
   * sending the replay, so no event falls between the replay and the live ones.
   *
   * @param scope The scope.
   * @param subscriber The subscriber.
   * @param after The last event ID the subscriber has; `null` for none, `NaN` for one that is
   * not an event ID at all.
   * @returns What to replay.
   */
  attach(scope: ScopeKey, subscriber: Subscriber, after: number | null): Replay {
    const s = this.#scope(scope);
    s.subscribers.add(subscriber);
    const { userId } = subscriber;
    const mine = this.#streamsOfUser.get(userId) ?? new Set();
    mine.add(subscriber);
    this.#streamsOfUser.set(userId, mine);
    if (after === null) return { kind: 'none' };
    // Every event after `floor` is kept: the ring holds the newest ones, and is empty only
    // before the scope's first event.
    const floor = (s.ring.oldestId ?? s.latest + 1) - 1;
    // An ID past the latest comes from another run of the mock: as lost as a forgotten one.
    if (!(after >= floor && after <= s.latest)) return { kind: 'gap', latest: s.latest };
    return { kind: 'events', events: s.ring.after(after) };
  }

  /**
   * Unsubscribes; a subscriber that is not attached is ignored.
   *
   * @param scope The scope.
   * @param subscriber The subscriber.
   */
  detach(scope: ScopeKey, subscriber: Subscriber): void {
    const s = this.#scopes.get(scope);
    if (!s?.subscribers.delete(subscriber)) return;
    const mine = this.#streamsOfUser.get(subscriber.userId);
    mine?.delete(subscriber);
    if (mine?.size === 0) this.#streamsOfUser.delete(subscriber.userId);
  }

  /**
   * Ends the streams of a scope whose subscriber matches.
   *
   * @param scope The scope.
   * @param ends Which subscribers to end.
   * @param farewell The last event each is sent.
   * @returns How many were ended.
   */
  endWhere(
    scope: ScopeKey,
    ends: (subscriber: Subscriber) => boolean,
    farewell?: Farewell,
  ): number {
    const s = this.#scopes.get(scope);
    if (!s) return 0;
    let ended = 0;
    for (const subscriber of [...s.subscribers]) {
      if (!ends(subscriber)) continue;
      subscriber.end(farewell);
      ended++;
    }
    return ended;
  }

  /**
   * Ends every stream of a scope and forgets it (its space was deleted).
   *
   * @param scope The scope.
   * @param farewell The last event each stream is sent.
   */
  drop(scope: ScopeKey, farewell?: Farewell): void {
    this.endWhere(scope, () => true, farewell);
    this.#scopes.delete(scope);
  }

  /**
   * The highest event ID handed out in any scope, or where new scopes start counting if higher:
   * what a mock restarted from a snapshot resumes above (../../persist/).
   *
   * @returns The ID.
   */
  highestId(): number {
    let highest = this.#base;
    for (const s of this.#scopes.values()) highest = Math.max(highest, s.latest);
    return highest;
  }

  /**
   * Makes scopes created from now on count above an ID, as a reset does: a mock restarted from
   * a snapshot resumes above every ID its previous run handed out, so that a client reconnecting
   * with one of them sees a gap and resynchronises, never a replay of unrelated events.
   *
   * @param id The previous run's {@linkcode highestId}.
   */
  resumeAbove(id: number): void {
    if (Number.isSafeInteger(id) && id >= 0) this.#base = Math.max(this.#base, id + 1);
  }

  /**
   * Ends every stream and forgets every kept event (the mock's state was replaced). Sequences go
   * on above every ID handed out so far.
   */
  reset(): void {
    for (const [key, s] of this.#scopes) {
      this.endWhere(key, () => true);
      // One past the latest, so that even a client holding the latest ID sees a gap.
      this.#base = Math.max(this.#base, s.latest + 1);
    }
    this.#scopes.clear();
    this.#streamsOfUser.clear();
  }

  /**
   * A scope's latest event ID.
   *
   * @param scope The scope.
   * @returns The ID; before any event, where the scope starts counting (0 until a reset, then
   * one past every ID handed out before it).
   */
  latestId(scope: ScopeKey): number {
    return this.#scopes.get(scope)?.latest ?? this.#base;
  }

  /**
   * How many streams are open.
   *
   * @param scope A scope to count; all scopes when absent.
   * @returns The count.
   */
  openStreams(scope?: ScopeKey): number {
    if (scope !== undefined) return this.#scopes.get(scope)?.subscribers.size ?? 0;
    let open = 0;
    for (const s of this.#scopes.values()) open += s.subscribers.size;
    return open;
  }

  #scope(key: ScopeKey): Scope {
    let s = this.#scopes.get(key);
    if (!s) {
      const limits = this.#limits;
      s = {
        latest: this.#base,
        ring: new EventRing(limits.eventsKeptPerScope, limits.eventBytesKeptPerScope),
        subscribers: new Set(),
      };
      this.#scopes.set(key, s);
    }
    return s;
  }
}
