import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createModel } from '../../model.ts';
import type { ArrivedEvent } from './event-stream.ts';
import { compareEvents, settleStreams } from './space-events.ts';

function model() {
  const m = createModel({ baseline: {}, runTag: 't' });
  m.ids.pair('spc_target', 'spc_reference');
  return m;
}

const files = (space: string, call: number, timestamp = 1): ArrivedEvent => ({
  event: 'filesChanged',
  data: { spaceId: space, source: 'local_user', timestamp },
  call,
});
const channel = (id: string, call: number): ArrivedEvent => ({
  event: 'channelCreated',
  data: { channel: { id, createdAt: call }, source: 'local_user' },
  call,
});

test('the same events agree: target IDs translated, times left out', () => {
  const diffs = compareEvents(
    model(),
    [channel('main', 1), files('spc_target', 3, 111)],
    [channel('main', 1), files('spc_reference', 3, 222)],
  );
  assert.deepEqual(diffs, []);
});

test('a missing event is blamed on the call the reference sent it for', () => {
  const diffs = compareEvents(
    model(),
    [channel('main', 1)],
    [channel('main', 1), files('spc_reference', 4)],
  );
  assert.equal(diffs.length, 1);
  assert.equal(diffs[0].call, 4);
  assert.match(diffs[0].message, /^Missing on the target: filesChanged /);
});

test('an extra event is blamed on the call in flight when it arrived', () => {
  const diffs = compareEvents(
    model(),
    [channel('main', 1), channel('side', 2), files('spc_target', 3)],
    [channel('main', 1), files('spc_reference', 3)],
  );
  assert.deepEqual(diffs.map((d) => [d.call, d.message.split(':')[0]]), [
    [2, 'An event the reference did not send'],
  ]);
});

test('of repeated events, the last ones are those missing', () => {
  const diffs = compareEvents(
    model(),
    [files('spc_target', 1)],
    [files('spc_reference', 1), files('spc_reference', 5)],
  );
  assert.deepEqual(diffs.map((d) => d.call), [5]);
});

test('the same events in another order', () => {
  const diffs = compareEvents(
    model(),
    [files('spc_target', 2), channel('main', 2)],
    [channel('main', 2), files('spc_reference', 2)],
  );
  assert.equal(diffs.length, 1);
  assert.match(diffs[0].message, /^Events in another order: event 1 is filesChanged/);
});

describe('settleStreams', () => {
  const stream = (events: number, lastArrival: number) => ({
    events: Array.from({ length: events }, (_, i) => files('spc', i)),
    lastArrival,
  });

  test("waits for the target's own late event, though the reference is long quiet", async () => {
    const target = stream(0, 0);
    const reference = stream(1, performance.now() - 5000);
    const timer = setTimeout(() => {
      target.events.push(files('spc', 0));
      target.lastArrival = performance.now();
    }, 60);
    const started = performance.now();
    await settleStreams([{ target, reference }], 400);
    clearTimeout(timer);
    assert.equal(target.events.length, 1, 'settled before the target sent its last event');
    assert.ok(performance.now() - started < 400, 'returned once balanced, not after the quiet');
  });

  test('gives up on a target that stays quiet, after the quiet period', async () => {
    const target = stream(0, 0);
    const reference = stream(2, performance.now());
    const started = performance.now();
    await settleStreams([{ target, reference }], 80);
    const waited = performance.now() - started;
    assert.ok(waited >= 75 && waited < 900, `waited ${waited} ms`);
  });

  test('balanced streams settle at once', async () => {
    const started = performance.now();
    await settleStreams([{ target: stream(1, 0), reference: stream(1, 0) }], 500);
    assert.ok(performance.now() - started < 100);
  });
});
