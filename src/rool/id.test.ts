import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generateId, randomId } from './id.ts';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

describe('generateId', () => {
  test('is 6 characters of A–Z, a–z, 0–9', () => {
    for (let i = 0; i < 1000; i++) assert.match(generateId(), /^[A-Za-z0-9]{6}$/);
  });

  test('does not repeat in 10 000 draws', () => {
    const ids = new Set(Array.from({ length: 10_000 }, generateId));
    // 62^6 ≈ 5.7e10 values: one collision among 10 000 has probability ≈ 9e-4 per run, two
    // ≈ 4e-7, so one is allowed.
    assert.ok(ids.size >= 9_999, `${10_000 - ids.size} collisions`);
  });

  test('uses every character about equally often (no modulo bias)', () => {
    const counts = new Map<string, number>();
    const draws = 20_000;
    for (let i = 0; i < draws; i++) {
      for (const char of generateId()) counts.set(char, (counts.get(char) ?? 0) + 1);
    }
    assert.equal(counts.size, alphabet.length);
    // Chi-squared with 61 degrees of freedom: 99.99th percentile ≈ 114. A biased `byte % 62`
    // would overweight the first 8 characters by 25% and score far above it.
    const expected = (draws * 6) / alphabet.length;
    let chiSquared = 0;
    for (const char of alphabet) chiSquared += ((counts.get(char) ?? 0) - expected) ** 2 / expected;
    assert.ok(chiSquared < 114, `chi-squared ${chiSquared.toFixed(1)}`);
  });
});

describe('randomId', () => {
  test('has the length asked for', () => {
    for (const length of [0, 1, 16, 100]) assert.equal(randomId(length).length, length);
  });
});
