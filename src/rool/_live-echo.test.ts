// The echo ledger: own echoes are not news, server values older than a pending write are held
// back and handed out when the write fails or stops waiting; and the space directory's dedupe.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EchoLedger, type HeldBack, sameJson } from './_live-echo.ts';
import { SpaceDirectory } from './_live-directory.ts';

function ledger(graceMs = 1_000) {
  const clock = { now: 0 };
  const released: [string, HeldBack<number>][] = [];
  const echoes = new EchoLedger<number>({
    onRelease: (key, held) => released.push([key, held]),
    graceMs,
    now: () => clock.now,
  });
  echoes.count(true);
  return { echoes, released, clock };
}

describe('EchoLedger', () => {
  test('with nothing pending, every value applies with its own source', () => {
    const { echoes } = ledger();
    assert.deepEqual(echoes.receive('k', 1, 'remote_user'), {
      apply: true,
      payload: 1,
      source: 'remote_user',
    });
    assert.deepEqual(echoes.receive('k', 2, 'local_user'), {
      apply: true,
      payload: 2,
      source: 'local_user',
    });
  });

  test('a value from elsewhere is held back while a write is out, then the echo wins', () => {
    const { echoes, released } = ledger();
    const write = echoes.sent('k');
    assert.deepEqual(echoes.receive('k', 1, 'remote_user'), { apply: false });
    write.answered();
    // The echo carries the state after this write, which includes the held-back change.
    assert.deepEqual(echoes.receive('k', 2, 'local_user'), {
      apply: true,
      payload: 2,
      source: 'remote_user',
    });
    assert.deepEqual(released, []);
    assert.deepEqual(echoes.receive('k', 3, 'remote_user').apply, true, 'nothing pending now');
  });

  test('an echo names the cache that made the write, which takes its answer instead', () => {
    const { echoes } = ledger();
    const channel = {};
    echoes.sent('k', channel);
    assert.deepEqual(echoes.receive('k', 1, 'local_user'), {
      apply: true,
      payload: 1,
      source: 'local_user',
      origin: channel,
    });
  });

  test('echoes of earlier writes are skipped until the last one', () => {
    const { echoes } = ledger();
    echoes.sent('k').answered();
    echoes.sent('k').answered();
    assert.deepEqual(echoes.receive('k', 1, 'local'), { apply: false });
    assert.deepEqual(echoes.receive('k', 2, 'local'), { apply: true, payload: 2, source: 'local' });
  });

  test('keys are independent', () => {
    const { echoes } = ledger();
    echoes.sent('a');
    assert.equal(echoes.receive('b', 1, 'remote').apply, true);
    assert.equal(echoes.receive('a', 1, 'remote').apply, false);
  });

  test('a failed write releases the value held back meanwhile', () => {
    const { echoes, released } = ledger();
    const write = echoes.sent('k');
    echoes.receive('k', 1, 'remote_user');
    echoes.receive('k', 2, 'remote_agent');
    write.failed();
    assert.deepEqual(released, [['k', { payload: 2, source: 'remote_agent' }]]);
    write.failed();
    assert.equal(released.length, 1, 'a second call changes nothing');
  });

  test('track: the echo of an answered write applies; a failed one releases what it held back', async () => {
    const { echoes, released } = ledger();
    const origin = {};
    assert.equal(await echoes.track('k', origin, () => Promise.resolve('done')), 'done');
    assert.deepEqual(echoes.receive('k', 1, 'local_user'), {
      apply: true,
      payload: 1,
      source: 'local_user',
      origin,
    });

    let fail!: (error: Error) => void;
    const failing = echoes.track('k', undefined, () => new Promise((_, reject) => fail = reject));
    assert.deepEqual(echoes.receive('k', 2, 'remote_user'), { apply: false });
    fail(new Error('Refused'));
    await assert.rejects(failing, /Refused/);
    assert.deepEqual(released, [['k', { payload: 2, source: 'remote_user' }]]);
    // Nothing is pending any more: the next value applies at once.
    assert.deepEqual(echoes.receive('k', 3, 'remote_user'), {
      apply: true,
      payload: 3,
      source: 'remote_user',
    });
  });

  test('a write answered longer ago than the grace period stops waiting for its echo', () => {
    const { echoes, released, clock } = ledger(1_000);
    const write = echoes.sent('k');
    echoes.receive('k', 1, 'remote_user');
    write.answered();
    clock.now = 999;
    assert.equal(echoes.receive('k', 2, 'remote_user').apply, false, 'still within grace');
    clock.now = 1_001;
    assert.deepEqual(echoes.receive('k', 3, 'remote_user'), {
      apply: true,
      payload: 3,
      source: 'remote_user',
    });
    assert.deepEqual(released, [['k', { payload: 2, source: 'remote_user' }]]);
  });

  test('a write still out never expires', () => {
    const { echoes, clock } = ledger(1_000);
    echoes.sent('k');
    clock.now = 1_000_000;
    assert.equal(echoes.receive('k', 1, 'remote_user').apply, false);
  });

  test('nothing is kept while not counting, and stopping forgets everything', () => {
    const { echoes } = ledger();
    echoes.count(false);
    echoes.sent('k');
    assert.equal(echoes.receive('k', 1, 'remote_user').apply, true);
    echoes.count(true);
    echoes.sent('k');
    echoes.count(false);
    assert.equal(echoes.receive('k', 1, 'remote_user').apply, true);
  });
});

describe('sameJson', () => {
  const cases: [string, { a: unknown; b: unknown; want: boolean }][] = [
    ['member order does not matter', {
      a: { x: 1, y: [1, { z: 2 }] },
      b: { y: [1, { z: 2 }], x: 1 },
      want: true,
    }],
    ['array order does', { a: [1, 2], b: [2, 1], want: false }],
    ['a missing member', { a: { x: 1 }, b: { x: 1, y: 2 }, want: false }],
    ['undefined and absent differ in count', { a: { x: undefined }, b: {}, want: false }],
    ['an array is no object', { a: [], b: {}, want: false }],
    ['null is null', { a: null, b: null, want: true }],
    ['null is not an object', { a: null, b: {}, want: false }],
    ['strings', { a: 'a', b: 'a', want: true }],
  ];
  for (const [name, { a, b, want }] of cases) test(name, () => assert.equal(sameJson(a, b), want));
});

describe('SpaceDirectory', () => {
  test("the client's own change is emitted once, whichever comes first", () => {
    const directory = new SpaceDirectory();
    directory.expectEchoes(true);
    // The call's answer first, then the echo.
    assert.equal(directory.local('spaceAdded', 's1', 'One'), true);
    assert.equal(directory.remote('spaceAdded', 's1', 'One'), false);
    // The echo first, then the answer.
    assert.equal(directory.remote('spaceAdded', 's2', 'Two'), true);
    assert.equal(directory.local('spaceAdded', 's2', 'Two'), false);
  });

  test('echoes that lag behind later changes are still recognised', () => {
    const directory = new SpaceDirectory();
    directory.expectEchoes(true);
    assert.equal(directory.local('spaceAdded', 's1', 'One'), true);
    assert.equal(directory.local('spaceRemoved', 's1'), true);
    assert.equal(directory.remote('spaceAdded', 's1', 'One'), false);
    assert.equal(directory.remote('spaceRemoved', 's1'), false);
  });

  test('renames: news when the name differs; own renames are expected back', () => {
    const directory = new SpaceDirectory();
    directory.expectEchoes(true);
    directory.listed([{ id: 's1', name: 'One' }]);
    assert.equal(directory.remote('spaceRenamed', 's1', 'One'), false, 'the name it has');
    assert.equal(directory.local('spaceRenamed', 's1', 'A'), true);
    assert.equal(directory.remote('spaceRenamed', 's1', 'B'), true, "someone else's");
    assert.equal(directory.remote('spaceRenamed', 's1', 'A'), false, 'the own echo');
  });

  test('without a stream nothing is expected, so a later event is news again', () => {
    const directory = new SpaceDirectory();
    assert.equal(directory.local('spaceRemoved', 's1'), true);
    assert.equal(directory.remote('spaceAdded', 's1', 'Back'), true, 'access granted again');
    assert.equal(directory.remote('spaceRemoved', 's1'), true);
  });

  test('forgetting echoes turns them back into state checks', () => {
    const directory = new SpaceDirectory();
    directory.expectEchoes(true);
    directory.local('spaceRenamed', 's1', 'A');
    directory.local('spaceRenamed', 's1', 'B');
    directory.forgetEchoes();
    assert.equal(directory.remote('spaceRenamed', 's1', 'A'), true);
  });
});
