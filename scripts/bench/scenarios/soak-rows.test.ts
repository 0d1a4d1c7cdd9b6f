import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LoadResult } from '../load.ts';
import { checkSoakLoad, soakRows } from './soak-rows.ts';
import { soakRequests } from './soak-requests.ts';

const load: LoadResult = {
  requests: 9_000_000,
  rps: 30_000,
  latency: { p50: 0.5, p90: 1, p99: 2.5, max: 40, mean: 0.6 },
  non2xx: 180_000,
  socketErrors: 0,
};

// Five minutes of samples every 5 s, from an RSS curve in MB by second.
function samples(rssMB: (second: number) => number) {
  return Array.from({ length: 61 }, (_, i) => ({ atMs: i * 5000, rssBytes: rssMB(i * 5) * 1e6 }));
}

describe('soakRows', () => {
  test('memory that warms up in the first minute, then holds, is flat', () => {
    const [rss] = soakRows({
      minutes: 5,
      samples: samples((s) => (s < 60 ? 80 + s / 2 : 110 + (s % 10 === 0 ? 2 : 0))),
      intervalMs: 5000,
      load,
    }, 'soak');
    assert.equal(rss.name, 'Deno: mock RSS, last vs second minute of a 5-minute soak');
    assert.equal(rss.figure.value, 111);
    assert.equal(rss.comparison.value, 111);
    assert.equal(rss.pass, true);
    assert.match(rss.notes!, /start 80 MB, peak 112 MB/);
    assert.match(rss.notes!, /9\.00M requests, 30,000 req\/s/);
  });

  test('memory that keeps growing is over budget, whatever the warm-up', () => {
    // 0.1 MB a second: 18 MB between the windows' middles on a 120 MB base.
    const [rss] = soakRows(
      { minutes: 5, samples: samples((s) => 100 + s / 10), intervalMs: 5000, load },
      'soak',
    );
    assert.ok(Math.abs(rss.comparison.value - 108.75) < 1e-9, String(rss.comparison.value));
    assert.ok(Math.abs(rss.figure.value - 126.75) < 1e-9, String(rss.figure.value));
    assert.equal(rss.pass, false);
  });

  test('the notes state the smallest leak the run would have caught', () => {
    // 10 % of 100 MB over 3 minutes of 30,000 req/s: 10e6 / 5.4e6 ≈ 1.9 B a request.
    const [rss] = soakRows(
      { minutes: 5, samples: samples(() => 100), intervalMs: 5000, load },
      'soak',
    );
    assert.match(rss.notes!, /a leak of 1\.9 B a request would exceed the budget/);
  });

  test('a soak shorter than 3 minutes has no separate second and last minutes', () => {
    assert.throws(
      () => soakRows({ minutes: 2, samples: samples(() => 1), intervalMs: 5000, load }, 'soak'),
      RangeError,
    );
  });
});

describe('checkSoakLoad', () => {
  const share = soakRequests({
    ids: ['ins_1'],
    archivedId: 'ins_2',
    sandboxInstanceId: 'ins_3',
    token: 'rjt_x',
  }).filter((r) => r.expectedStatus !== 200).length / 1000;

  test('accepts the error answers the mix holds', () => {
    checkSoakLoad(load, { errorShare: share, tolerance: 52 });
  });

  test('refuses a socket error, or error answers the mix does not hold', () => {
    assert.throws(
      () => checkSoakLoad({ ...load, socketErrors: 1 }, { errorShare: share, tolerance: 52 }),
      /1 socket errors/,
    );
    assert.throws(
      () => checkSoakLoad({ ...load, non2xx: 180_100 }, { errorShare: share, tolerance: 52 }),
      /180100 error answers in 9000000 requests; the mix has 180000/,
    );
  });
});
