import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { memoryRows, perRecord, storeLabel } from './memory-rows.ts';

const reading = (instances: number, sessions: number, rssMB: number, heapMB: number) => ({
  instances,
  sessions,
  rssBytes: rssMB * 1e6,
  heapUsedBytes: heapMB * 1e6,
  seedMs: 1234,
});
const readings = {
  deno: {
    empty: reading(0, 0, 70, 10),
    instances: reading(1e5, 0, 280, 80),
    full: reading(1e5, 1e5, 360, 120),
  },
  bare: { empty: reading(0, 0, 50, 4), full: reading(1e5, 0, 80, 24) },
};
const options = { scenario: 'memory', budgeted: true, limitMB: 250 };

describe('memoryRows', () => {
  test('full run: the RSS row is judged against the limit', () => {
    const [rss] = memoryRows(readings, options);
    assert.equal(rss.name, 'Deno: mock RSS, 100k instances + 100k sessions');
    assert.deepEqual(rss.figure, { value: 360, unit: 'MB' });
    assert.equal(rss.comparison.value, 250);
    assert.equal(rss.ratio, 360 / 250);
    assert.equal(rss.pass, false);
    assert.match(rss.notes!, /empty mock 70 MB; heap in use 120 MB; seeding 1\.2 s/);
  });

  test('quick run: the RSS row compares with the empty mock and has no verdict', () => {
    const [rss] = memoryRows(readings, { ...options, budgeted: false });
    assert.match(rss.name, /quick: informative/);
    assert.equal(rss.comparison.name, 'empty mock');
    assert.equal(rss.comparison.value, 70);
    assert.equal(rss.pass, undefined);
    assert.equal(rss.budget, undefined);
  });

  test('heap per instance against the bare store, with sessions and RSS in the notes', () => {
    const heap = memoryRows(readings, options).at(-1)!;
    assert.equal(heap.name, 'Deno: mock heap per instance');
    assert.deepEqual(heap.figure, { value: 700, unit: 'B' });
    assert.equal(heap.comparison.value, 200);
    assert.equal(heap.ratio, 3.5);
    assert.match(heap.notes!, /per session 400 B more; RSS per instance \+ session 2900 B/);
  });

  test('a Bun reading adds its own RSS row', () => {
    const rows = memoryRows({ ...readings, bun: reading(1e5, 1e5, 190, 75) }, options);
    assert.deepEqual(rows.map((r) => r.name), [
      'Deno: mock RSS, 100k instances + 100k sessions',
      'Bun: mock RSS, 100k instances + 100k sessions',
      'Deno: mock heap per instance',
    ]);
    assert.equal(rows[1].pass, true);
  });
});

describe('perRecord', () => {
  test('divides the difference', () => assert.equal(perRecord(80e6, 10e6, 1e5), 700));
  test('refuses an empty store', () => assert.throws(() => perRecord(1, 0, 0), RangeError));
});

describe('storeLabel', () => {
  for (
    const [name, { given, want }] of [
      ['both', { given: [100_000, 100_000], want: '100k instances + 100k sessions' }],
      ['instances only', { given: [10_000, 0], want: '10k instances' }],
      ['under a thousand', { given: [500, 0], want: '500 instances' }],
    ] as const
  ) {
    test(name, () => assert.equal(storeLabel(given[0], given[1]), want));
  }
});
