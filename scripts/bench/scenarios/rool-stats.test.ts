import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { percentile, summarize } from './rool-stats.ts';

describe('percentile', () => {
  it('takes the nearest rank, so the figure is a measured sample', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    assert.equal(percentile(samples, 50), 50);
    assert.equal(percentile(samples, 99), 99);
    assert.equal(percentile(samples, 100), 100);
    assert.equal(percentile([7], 99), 7);
  });

  it('counts a single slow sample out of 1,000 only above the 99th percentile', () => {
    const samples = [...Array.from({ length: 999 }, () => 1), 500];
    assert.equal(percentile(samples, 99), 1);
    assert.equal(percentile(samples, 100), 500);
  });

  it('leaves the samples in their order', () => {
    const samples = [3, 1, 2];
    percentile(samples, 50);
    assert.deepEqual(samples, [3, 1, 2]);
  });

  it('refuses no samples and percentiles outside (0, 100]', () => {
    assert.throws(() => percentile([], 50), RangeError);
    assert.throws(() => percentile([1], 0), RangeError);
    assert.throws(() => percentile([1], 101), RangeError);
  });
});

describe('summarize', () => {
  it('gives the count, median, 99th percentile and extremes', () => {
    const samples = Array.from({ length: 200 }, (_, i) => i + 1);
    assert.deepEqual(summarize(samples), { count: 200, p50: 100, p99: 198, min: 1, max: 200 });
  });
});
