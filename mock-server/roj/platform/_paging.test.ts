import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pageIds } from './_paging.ts';

describe('pageIds', () => {
  const ids = Array.from({ length: 30 }, (_, i) => `id${i + 1}`);

  it('reads 20 from the start by default', () => {
    assert.deepEqual(pageIds(ids, {}), ids.slice(0, 20));
  });

  it('reads from the end when newest first', () => {
    assert.deepEqual(pageIds(ids, { limit: 3, offset: 2, newestFirst: true }), [
      'id28',
      'id27',
      'id26',
    ]);
  });

  it('gives a short last page and an empty page past the end', () => {
    assert.deepEqual(pageIds(ids, { limit: 5, offset: 28 }), ['id29', 'id30']);
    assert.deepEqual(pageIds(ids, { offset: 30 }), []);
    assert.deepEqual(pageIds(ids, { offset: Number.MAX_SAFE_INTEGER, newestFirst: true }), []);
  });

  it('costs O(limit): a huge list is never copied', () => {
    let reads = 0;
    const huge = new Proxy(ids, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return key === 'length' ? 10_000_000 : Reflect.get(target, key, receiver);
      },
    });
    pageIds(huge, { limit: 3, offset: 5_000_000, newestFirst: true });
    assert.equal(reads, 3);
  });
});
