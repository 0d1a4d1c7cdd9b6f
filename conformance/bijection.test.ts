import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Bijection } from './bijection.ts';

describe('Bijection', () => {
  test('pairs in creation order and accepts the same pair again', () => {
    const ids = new Bijection();
    assert.equal(ids.pair('t1', 'r1'), undefined);
    assert.equal(ids.pair('t1', 'r1'), undefined);
    assert.equal(ids.size, 1);
    assert.ok(ids.hasTarget('t1'));
    assert.ok(!ids.hasTarget('r1'));
  });

  test('refuses a second partner on either side', () => {
    const ids = new Bijection();
    ids.pair('t1', 'r1');
    assert.match(
      ids.pair('t1', 'r2')!,
      /target ID t1 was paired with reference ID r1, now with r2/,
    );
    assert.match(
      ids.pair('t2', 'r1')!,
      /reference ID r1 was paired with target ID t1, now with t2/,
    );
  });

  test('translates each embedded ID once, even when a result equals another target ID', () => {
    const ids = new Bijection();
    ids.pair('ins_1', 'ins_2');
    ids.pair('ins_2', 'ins_3');
    assert.equal(ids.translate('ins_1 then ins_2'), 'ins_2 then ins_3');
  });

  test('translates embedded IDs, longest first', () => {
    const ids = new Bijection();
    ids.pair('ins_1', 'ins_000007');
    ids.pair('ins_12', 'ins_000009');
    assert.equal(ids.translate('files/ins_12/ins_1.txt'), 'files/ins_000009/ins_000007.txt');
  });
});
