import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isSettled, settledRss } from './settled-rss.ts';

describe('isSettled', () => {
  for (
    const [name, { given, want }] of [
      ['too few readings', { given: [100, 100, 100], want: false }],
      ['a steady reading', { given: [100, 100, 100, 100], want: true }],
      ['still falling', { given: [309, 250, 187, 187], want: false }],
      ['fallen, then steady', { given: [309, 187, 187, 187, 187], want: true }],
      ['within 1 %', { given: [1000, 995, 1000, 991], want: true }],
      ['just over 1 %', { given: [1000, 989, 1000, 1000], want: false }],
    ] as const
  ) {
    test(name, () => assert.equal(isSettled([...given]), want));
  }
});

describe('settledRss', () => {
  test('waits for the drop a runtime makes after a burst', async () => {
    const readings = [309, 250, 187, 187, 187, 187, 187];
    let i = 0;
    const rss = await settledRss({ rssBytes: () => readings[Math.min(i++, readings.length - 1)] }, {
      intervalMs: 1,
    });
    assert.equal(rss, 187);
    assert.equal(i, 6);
  });

  test('takes the last reading when time runs out', async () => {
    let i = 0;
    const rss = await settledRss({ rssBytes: () => 100 + 10 * i++ }, { intervalMs: 1, maxMs: 20 });
    assert.equal(rss, 100 + 10 * (i - 1));
  });

  test('throws without a reading', async () => {
    await assert.rejects(settledRss({ rssBytes: () => undefined }), /No RSS reading/);
  });
});
