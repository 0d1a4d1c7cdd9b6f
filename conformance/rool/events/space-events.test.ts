import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createModel } from '../../model.ts';
import type { ArrivedEvent } from './event-stream.ts';
import { compareEvents } from './space-events.ts';

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
