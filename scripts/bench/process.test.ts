import assert from 'node:assert/strict';
import process from 'node:process';
import { describe, it } from 'node:test';
import { rssOf } from './process.ts';

describe('rssOf', () => {
  it('reads a live process and gives nothing for one that is not', () => {
    const own = rssOf(process.pid);
    assert.ok(own !== undefined && own > 1024 * 1024, `RSS ${own}`);
    assert.equal(rssOf(2 ** 30), undefined);
  });
});
