import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SnapshotStore, StoreClosedError } from './store.ts';

let dir: string;
before(async () => dir = await mkdtemp(join(tmpdir(), 'snapshot-store-')));
after(() => rm(dir, { recursive: true, force: true }));

/** A store of a counter, whose file is `<state>@<savedAt ms>`. */
function counterStore(name: string) {
  const file = join(dir, name);
  const state = { value: 0, captures: 0, fail: false };
  let clock = 0;
  const store = new SnapshotStore({
    file,
    capture: () => {
      state.captures++;
      if (state.fail) throw new Error('Capture failed');
      return String(state.value);
    },
    text: (captured, savedAt) => `${captured}@${savedAt.getTime()}`,
    now: () => new Date(++clock),
  });
  const read = async () => (await readFile(file, 'utf8')).split('@')[0];
  return { store, state, read };
}

describe('SnapshotStore', () => {
  it('resolves a flush only once a snapshot taken after it is on disk', async () => {
    const { store, state, read } = counterStore('after');
    state.value = 1;
    const first = store.flush();
    state.value = 2;
    // The write of 1 is under way: this flush needs a later one.
    const second = store.flush().then(read);
    await first;
    assert.equal(await second, '2');
    await store.close();
  });

  it('shares one write among the flushes that wait for it', async () => {
    const { store, state, read } = counterStore('shared');
    state.value = 1;
    const running = store.flush();
    const waiting = Array.from({ length: 50 }, (_, i) => {
      state.value = 2 + i;
      return store.flush();
    });
    await Promise.all([running, ...waiting]);
    assert.equal(store.writes, 2, 'one write under way, then one for all 50 waiting');
    assert.equal(await read(), '51');
    await store.close();
  });

  it('does not write a state equal to the one on disk', async () => {
    const { store, state } = counterStore('same');
    state.value = 7;
    await store.flush();
    await store.flush();
    await store.flush();
    assert.equal(store.writes, 1);
    assert.equal(state.captures, 3, 'each flush still looks at the state');
    await store.close();
  });

  it('rejects the flushes of a failed snapshot, and saves at the next flush', async () => {
    const { store, state, read } = counterStore('fails');
    state.value = 1;
    state.fail = true;
    await assert.rejects(store.flush(), /Capture failed/);
    state.fail = false;
    await store.flush();
    assert.equal(await read(), '1');
    await store.close();
  });

  it('writes a last snapshot on close even if nothing changed, then refuses flushes', async () => {
    const { store, state } = counterStore('close');
    state.value = 3;
    await store.flush();
    await store.close();
    await store.close();
    assert.equal(store.writes, 2, 'the flush, then one at close; a second close writes nothing');
    await assert.rejects(store.flush(), StoreClosedError);
  });
});
