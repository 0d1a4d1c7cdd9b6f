import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { systemActor } from './actor.ts';
import { EventRing, type StoredEvent, storedEvent } from './ring.ts';

function event(id: number, json = `{"n":${id}}`): StoredEvent {
  return storedEvent({ id, name: 'filesChanged', json, actor: systemActor, style: 'change' });
}

describe('EventRing', () => {
  it('keeps the latest events up to its capacity, oldest first', () => {
    const ring = new EventRing(3, 1000);
    for (let id = 1; id <= 5; id++) ring.push(event(id));
    assert.equal(ring.size, 3);
    assert.equal(ring.oldestId, 3);
    assert.deepEqual(ring.after(2).map((e) => e.id), [3, 4, 5]);
    assert.deepEqual(ring.after(4).map((e) => e.id), [5]);
    assert.deepEqual(ring.after(5), []);
  });

  it('wraps around many times and still answers in order', () => {
    const ring = new EventRing(4, 10_000);
    for (let id = 1; id <= 103; id++) ring.push(event(id));
    assert.deepEqual(ring.after(99).map((e) => e.id), [100, 101, 102, 103]);
    assert.deepEqual(ring.after(101).map((e) => e.id), [102, 103]);
  });

  it('measures an event as the UTF-8 bytes of its frame without source', () => {
    const frame = 'id: 12\nevent: filesChanged\ndata: {"é":"😀"}\n\n';
    assert.equal(event(12, '{"é":"😀"}').bytes, new TextEncoder().encode(frame).byteLength);
  });

  it('forgets the oldest past its byte limit, but always keeps the newest', () => {
    // Events 1 to 3 measure the same: two fit, three do not.
    const size = event(1, 'x'.repeat(8)).bytes;
    const ring = new EventRing(10, 2 * size + 1);
    ring.push(event(1, 'x'.repeat(8)));
    ring.push(event(2, 'x'.repeat(8)));
    assert.equal(ring.size, 2);
    ring.push(event(3, 'x'.repeat(8)));
    assert.deepEqual(ring.after(0).map((e) => e.id), [2, 3]);
    ring.push(event(4, 'x'.repeat(50)));
    assert.deepEqual(ring.after(0).map((e) => e.id), [4]);
  });

  it('is empty at first', () => {
    const ring = new EventRing(2, 10);
    assert.equal(ring.oldestId, undefined);
    assert.deepEqual(ring.after(0), []);
  });

  it('refuses a capacity below one', () => {
    assert.throws(() => new EventRing(0, 10), RangeError);
  });
});
