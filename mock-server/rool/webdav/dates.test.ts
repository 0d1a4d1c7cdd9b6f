import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { httpDate, isoDate } from './dates.ts';

const edges = [
  0,
  1,
  999,
  Date.UTC(1970, 11, 31, 23, 59, 59, 999),
  Date.UTC(2000, 1, 29, 12, 0, 0, 7), // a leap day of a year divisible by 400
  Date.UTC(2100, 1, 28, 23, 59, 59, 99), // 2100 is no leap year
  Date.UTC(2100, 2, 1),
  Date.UTC(2024, 1, 29, 0, 0, 0, 10),
  Date.UTC(2026, 10, 21, 7, 13),
  Date.UTC(9999, 11, 31, 23, 59, 59, 999),
];

describe('WebDAV dates', () => {
  it('write what Date writes, at the edges of days, months, years and leap years', () => {
    for (const time of edges) {
      assert.equal(isoDate(time), new Date(time).toISOString(), `isoDate(${time})`);
      assert.equal(httpDate(time), new Date(time).toUTCString(), `httpDate(${time})`);
    }
  });

  it('write what Date writes for 100,000 times spread over 1970–9999', () => {
    let seed = 12_345;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 100_000; i++) {
      const time = Math.floor(random() * 253_402_300_800_000);
      assert.equal(isoDate(time), new Date(time).toISOString());
      assert.equal(httpDate(time), new Date(time).toUTCString());
    }
  });

  it('leave times outside 1970–9999 and fractions to Date', () => {
    for (const time of [-1, -86_400_001, 253_402_300_800_000, 1.5]) {
      assert.equal(isoDate(time), new Date(time).toISOString());
      assert.equal(httpDate(time), new Date(time).toUTCString());
    }
    assert.throws(() => isoDate(NaN), RangeError);
  });
});
