import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setupRool } from '../_testing.ts';

describe('storage.*', () => {
  it('sets, reads and deletes keys, counting key and JSON value in UTF-8 bytes', async () => {
    const { alice, bob } = setupRool();
    assert.deepEqual(await alice.storage.get({}), {
      storage: {},
      usedBytes: 0,
      limitBytes: 10_485_760,
    });
    assert.deepEqual(await alice.storage.set({ key: 'ké', value: { a: 'é' } }), {
      usedBytes: 3 + '{"a":"é"}'.length + 1,
    });
    assert.deepEqual(await alice.storage.set({ key: 'ké', value: 1 }), { usedBytes: 4 });
    assert.deepEqual((await alice.storage.get({})).storage, { 'ké': 1 });
    assert.deepEqual((await bob.storage.get({})).storage, {}, 'storage is per user');
    assert.deepEqual(await alice.storage.set({ key: 'ké', value: null }), { usedBytes: 0 });
    assert.deepEqual(await alice.storage.set({ key: 'absent', value: null }), { usedBytes: 0 });
    assert.deepEqual((await alice.storage.get({})).storage, {});
  });

  it('refuses a write past 10 MB with 413 and changes nothing', async () => {
    const { alice, digest } = setupRool();
    const value = 'x'.repeat(1_000_000);
    for (let i = 0; i < 10; i++) await alice.storage.set({ key: `k${i}`, value });
    const used = (await alice.storage.get({})).usedBytes;
    assert.equal(used, 10 * (2 + 1_000_002));
    const before = digest();
    await assert.rejects(alice.storage.set({ key: 'k10', value: 'x'.repeat(485_716) }), {
      type: 'payload_too_large',
      status: 413,
      message: /^User storage would hold 10485761 bytes, the most allowed is 10485760/,
    });
    assert.equal(digest(), before);
    // Exactly at the limit is allowed.
    assert.deepEqual(await alice.storage.set({ key: 'k10', value: 'x'.repeat(485_715) }), {
      usedBytes: 10_485_760,
    });
    // Replacing a value counts the new size instead of the old.
    assert.deepEqual(await alice.storage.set({ key: 'k0', value: 'x'.repeat(999_999) }), {
      usedBytes: 10_485_759,
    });
  });
});
