import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { median, roundOrder } from './client-rounds.ts';

describe('roundOrder', () => {
  test('alternates which subject goes first', () => {
    const order = [0, 1, 2, 3].map((round) => roundOrder(['client', 'fetch'], round)[0]);
    assert.deepEqual(order, ['client', 'fetch', 'client', 'fetch']);
  });

  test('reverses longer lists and leaves the input alone', () => {
    const subjects = ['a', 'b', 'c'];
    assert.deepEqual(roundOrder(subjects, 1), ['c', 'b', 'a']);
    assert.deepEqual(subjects, ['a', 'b', 'c']);
  });
});

describe('median', () => {
  for (
    const [name, { given, want }] of [
      ['one value', { given: [7], want: 7 }],
      ['odd count, unsorted', { given: [9, 1, 5], want: 5 }],
      ['even count: mean of the middle two', { given: [10, 1, 2, 4], want: 3 }],
      ['an outlier does not move it', { given: [1, 1, 1, 1000], want: 1 }],
    ] as const
  ) {
    test(name, () => assert.equal(median(given), want));
  }

  test('does not sort the input in place', () => {
    const values = [3, 1, 2];
    median(values);
    assert.deepEqual(values, [3, 1, 2]);
  });

  test('refuses no values', () => {
    assert.throws(() => median([]), RangeError);
  });
});
