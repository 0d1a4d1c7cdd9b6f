import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appendCompact, iso, sameSecret } from './state.ts';

describe('sameSecret', () => {
  it('is true for equal secrets only', () => {
    assert.equal(sameSecret('roj_dev_key', 'roj_dev_key'), true);
    assert.equal(sameSecret('roj_dev_key', 'roj_dev_kez'), false);
    assert.equal(sameSecret('roj_dev_key', 'roj_dev_ke'), false);
    assert.equal(sameSecret('roj_dev_ke', 'roj_dev_key'), false);
    assert.equal(sameSecret('', ''), true);
    assert.equal(sameSecret('', 'x'), false);
  });

  it('tells apart secrets that differ only beyond Latin-1', () => {
    assert.equal(sameSecret('clé', 'cle\u0301'), false);
    assert.equal(sameSecret('🔑a', '🔑b'), false);
    assert.equal(sameSecret('🔑', '🔑'), true);
  });
});

describe('iso', () => {
  it('formats like Date#toISOString, again and again, across the cache', () => {
    for (let round = 0; round < 2; round++) {
      for (let ms = 0; ms < 5000; ms += 7) {
        const at = 1_790_000_000_000 + ms * 1000;
        assert.equal(iso(at), new Date(at).toISOString());
      }
    }
  });

  it('refuses a time that is not one, as Date does', () => {
    assert.throws(() => iso(Number.NaN), RangeError);
  });
});

describe('appendCompact', () => {
  it('copies a short list and appends in place to a long one, keeping every item in order', () => {
    const short = [1, 2];
    const longer = appendCompact(short, 3);
    assert.notEqual(longer, short);
    assert.deepEqual(short, [1, 2]);
    let list: number[] = [];
    for (let i = 0; i < 8; i++) list = appendCompact(list, i);
    const same = appendCompact(list, 8);
    assert.equal(same, list);
    assert.deepEqual(same, [0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
