import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RpcFault } from '../../rpc/fault.ts';
import { type Actor, systemActor } from './actor.ts';
import {
  EventHub,
  type EventHubLimits,
  type Farewell,
  type ScopeKey,
  spaceScope,
  type Subscriber,
  userScope,
} from './hub.ts';
import type { StoredEvent } from './ring.ts';

const limits: EventHubLimits = {
  eventsKeptPerScope: 3,
  eventBytesKeptPerScope: 10_000,
  eventStreamsPerUser: 2,
  eventStreamsPerSpace: 3,
};

/** A subscriber that records what it is sent and detaches itself when ended, as streams do. */
class Recorder implements Subscriber {
  received: number[] = [];
  ended: Farewell | null | undefined = undefined;
  constructor(
    readonly hub: EventHub,
    readonly scope: ScopeKey,
    readonly userId = 'usr_alice',
    readonly clientId: string | null = null,
  ) {}
  deliver(event: StoredEvent): void {
    this.received.push(event.id);
  }
  end(farewell?: Farewell): void {
    this.ended = farewell ?? null;
    this.hub.detach(this.scope, this);
  }
  open = true;
  check(): boolean {
    if (!this.open) this.end();
    return this.open;
  }
}

const actor: Actor = { userId: 'usr_alice', clientId: null, agent: false };

function publish(hub: EventHub, scope: ScopeKey, n = 1): void {
  for (let i = 0; i < n; i++) {
    hub.publish(scope, { name: 'filesChanged', data: { i }, actor, style: 'change' });
  }
}

describe('EventHub', () => {
  it('numbers each scope on its own and delivers only to that scope', () => {
    const hub = new EventHub(limits);
    const a = spaceScope('spc_a');
    const b = spaceScope('spc_b');
    const onA = new Recorder(hub, a);
    const onB = new Recorder(hub, b);
    hub.attach(a, onA, null);
    hub.attach(b, onB, null);
    publish(hub, a, 2);
    publish(hub, b, 1);
    assert.deepEqual(onA.received, [1, 2]);
    assert.deepEqual(onB.received, [1]);
    assert.equal(hub.latestId(a), 2);
    assert.equal(hub.latestId(userScope('usr_nobody')), 0);
  });

  it('replays what came after the last event ID, and nothing without one', () => {
    const hub = new EventHub(limits);
    const scope = userScope('usr_alice');
    publish(hub, scope, 3);
    assert.deepEqual(hub.attach(scope, new Recorder(hub, scope), null), { kind: 'none' });
    const replay = hub.attach(scope, new Recorder(hub, scope), 1);
    assert.equal(replay.kind, 'events');
    assert.deepEqual(replay.kind === 'events' && replay.events.map((e) => e.id), [2, 3]);
    const upToDate = hub.attach(scope, new Recorder(hub, scope), 3);
    assert.deepEqual(upToDate, { kind: 'events', events: [] });
  });

  it('reports a gap when the events after the ID are forgotten, or the ID is unknown', () => {
    const hub = new EventHub({ ...limits, eventStreamsPerUser: 10 });
    const scope = userScope('usr_alice');
    publish(hub, scope, 5); // keeps 3, 4, 5
    const attach = (after: number) => hub.attach(scope, new Recorder(hub, scope), after).kind;
    assert.equal(attach(2), 'events', 'events 3, 4 and 5 are all kept');
    assert.equal(attach(1), 'gap', 'event 2 is forgotten');
    assert.equal(attach(6), 'gap', 'an ID past the latest is from another run');
    assert.equal(attach(Number.NaN), 'gap');
  });

  it('limits streams per user and per space, and counts them down as they detach', () => {
    const hub = new EventHub(limits);
    const scope = spaceScope('spc_a');
    const first = new Recorder(hub, scope);
    hub.admit(scope, 'usr_alice');
    hub.attach(scope, first, null);
    hub.attach(userScope('usr_alice'), new Recorder(hub, userScope('usr_alice')), null);
    assert.throws(
      () => hub.admit(scope, 'usr_alice'),
      (e) => e instanceof RpcFault && e.type === 'rate_limited' && /at most 2/.test(e.message),
    );
    hub.detach(scope, first);
    hub.admit(scope, 'usr_alice');
    for (const user of ['usr_bob', 'usr_carol', 'usr_dan']) {
      hub.admit(scope, user);
      hub.attach(scope, new Recorder(hub, scope, user), null);
    }
    assert.throws(() => hub.admit(scope, 'usr_erin'), /space may have at most 3/);
    assert.equal(hub.openStreams(scope), 3);
    assert.equal(hub.openStreams(), 4);
  });

  it('ends the matching subscribers with a farewell', () => {
    const hub = new EventHub({ ...limits, eventStreamsPerUser: 10 });
    const scope = spaceScope('spc_a');
    const alice = new Recorder(hub, scope, 'usr_alice');
    const bob = new Recorder(hub, scope, 'usr_bob');
    hub.attach(scope, alice, null);
    hub.attach(scope, bob, null);
    const farewell = { name: 'spaceRemoved', json: '{"spaceId":"spc_a"}' };
    assert.equal(hub.endWhere(scope, (s) => s.userId === 'usr_bob', farewell), 1);
    assert.deepEqual(bob.ended, farewell);
    assert.equal(alice.ended, undefined);
    publish(hub, scope);
    assert.deepEqual(alice.received, [1]);
    assert.deepEqual(bob.received, []);
  });

  it('drops a scope: its streams end and its events are forgotten', () => {
    const hub = new EventHub(limits);
    const scope = spaceScope('spc_a');
    const alice = new Recorder(hub, scope);
    hub.attach(scope, alice, null);
    publish(hub, scope, 2);
    hub.drop(scope, { name: 'spaceRemoved', json: '{}' });
    assert.equal(alice.ended?.name, 'spaceRemoved');
    assert.equal(hub.openStreams(), 0);
    assert.equal(hub.latestId(scope), 0);
  });

  it('on reset, ends every stream and makes every earlier ID a gap', () => {
    const hub = new EventHub(limits);
    const scope = userScope('usr_alice');
    const alice = new Recorder(hub, scope);
    hub.attach(scope, alice, null);
    publish(hub, scope, 2);
    hub.reset();
    assert.equal(alice.ended, null);
    assert.equal(hub.openStreams(), 0);
    // Even the latest ID before the reset is a gap now, whatever happens after it.
    publish(hub, scope, 1);
    const replay = hub.attach(scope, new Recorder(hub, scope), 2);
    assert.equal(replay.kind, 'gap');
    assert.ok(hub.latestId(scope) > 2, 'IDs go on above those handed out before');
  });

  it('records who caused each event', () => {
    const hub = new EventHub(limits);
    const stored = hub.publish(userScope('u'), {
      name: 'spaceRenamed',
      data: { spaceId: 's', name: 'N' },
      actor: systemActor,
      style: 'none',
    });
    assert.deepEqual(stored, {
      id: 1,
      name: 'spaceRenamed',
      json: '{"spaceId":"s","name":"N"}',
      actor: systemActor,
      style: 'none',
      bytes: 'id: 1\nevent: spaceRenamed\ndata: {"spaceId":"s","name":"N"}\n\n'.length,
      // No subscriber: no frame was encoded.
      frames: new Map(),
    });
  });
});

describe('EventHub.admit', () => {
  it('first ends the streams that may not go on, so they stop counting', () => {
    const hub = new EventHub({ ...limits, eventStreamsPerUser: 1 });
    const scope = userScope('usr_alice');
    const stale = new Recorder(hub, scope);
    hub.attach(scope, stale, null);
    assert.throws(() => hub.admit(scope, 'usr_alice'), RpcFault);
    // Its lifetime is over, but nothing told it: no frame was written since.
    stale.open = false;
    hub.admit(scope, 'usr_alice');
    assert.equal(stale.ended, null);
    assert.equal(hub.openStreams(), 0);
  });
});
