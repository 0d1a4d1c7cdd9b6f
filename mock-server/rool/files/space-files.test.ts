import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mockAgentPrompt, setupRool } from '../_testing.ts';
import type { RoolMockOptions } from '../mod.ts';

/** Alice's space with a collection and an object, and a reader of its change log. */
async function world(options: RoolMockOptions = {}) {
  const setup = setupRool(options);
  const ref = await setup.space();
  const space = () => setup.mock.runtime.state.spaces.get(ref.spaceId)!;
  const changesSince = (seq: number) =>
    space().files.log.changesSince(seq, () => true).changes.map((c) =>
      `${c.deleted ? '-' : '+'}${c.path}`
    );
  await setup.alice.collections.create({ ...ref, name: 'body', def: { fields: [] } });
  await setup.alice.objects.put({ ...ref, path: '/space/body/sun.json', body: { v: 1 } });
  return { ...setup, ref, space, changesSince };
}

describe('tracked object store', () => {
  it('logs RPC writes, moves, deletes and collection changes', async () => {
    const { alice, ref, space, changesSince } = await world();
    assert.deepEqual(changesSince(0), ['+/space/body', '+/space/body/sun.json']);
    const seq = space().files.log.seq;
    await alice.objects.patch({ ...ref, path: '/space/body/sun.json', data: { v: 2 } });
    await alice.objects.move({ ...ref, from: '/space/body/sun.json', to: '/space/body/moon.json' });
    await alice.objects.put({ ...ref, path: '/space/body/x.json', body: {} });
    await alice.objects.delete({ ...ref, paths: ['/space/body/x.json'] });
    assert.deepEqual(changesSince(seq), [
      '-/space/body/sun.json',
      '+/space/body/moon.json',
      '-/space/body/x.json',
    ]);
    const seq2 = space().files.log.seq;
    await alice.collections.drop({ ...ref, name: 'body' });
    assert.deepEqual(changesSince(seq2), ['-/space/body/moon.json', '-/space/body']);
  });

  it("logs the agent's tool writes", async () => {
    const { alice, ref, space, changesSince } = await world();
    const seq = space().files.log.seq;
    await alice.ai.prompt({
      ...ref,
      text: mockAgentPrompt([
        { name: 'put_object', input: { path: '/space/body/a.json', body: { n: 1 } } },
        { name: 'delete_objects', input: { paths: ['/space/body/sun.json'] } },
      ]),
    });
    assert.deepEqual(changesSince(seq), ['+/space/body/a.json', '-/space/body/sun.json']);
  });

  it('logs exactly what undo and redo change, keeping the map (and its order)', async () => {
    const { alice, ref, space, changesSince } = await world();
    await alice.objects.put({ ...ref, path: '/space/body/keep.json', body: { k: 1 } });
    await alice.checkpoints.create(ref);
    const objects = space().objects;
    await alice.objects.put({ ...ref, path: '/space/body/sun.json', body: { v: 9 } });
    await alice.objects.put({ ...ref, path: '/space/body/new.json', body: {} });
    const seq = space().files.log.seq;
    await alice.checkpoints.undo(ref);
    assert.equal(space().objects, objects);
    assert.deepEqual([...objects.keys()], ['/space/body/sun.json', '/space/body/keep.json']);
    assert.deepEqual(changesSince(seq), ['-/space/body/new.json', '+/space/body/sun.json']);
    const seq2 = space().files.log.seq;
    await alice.checkpoints.redo(ref);
    assert.deepEqual(changesSince(seq2), ['+/space/body/sun.json', '+/space/body/new.json']);
  });

  it('gives a duplicate the objects, schema and drive, with an empty log and no locks', async () => {
    const { alice, ref, space, mock } = await world();
    const { files } = space();
    files.drive.putFile('/rool-drive/a.txt', { bytes: new Uint8Array([1, 2]) }, 0);
    files.locks.create({
      root: '/rool-drive/a.txt',
      depth: 0,
      scope: 'exclusive',
      owner: null,
      userId: 'usr_alice',
      timeoutSeconds: 60,
    }, 0);
    const { id } = await alice.spaces.duplicate({ spaceId: ref.spaceId, name: 'Copy' });
    const copy = mock.runtime.state.spaces.get(id)!;
    assert.deepEqual([...copy.objects.keys()], ['/space/body/sun.json']);
    assert.deepEqual([...copy.schema.keys()], ['body']);
    assert.equal(copy.files.drive.get('/rool-drive/a.txt')?.kind, 'file');
    assert.equal(copy.files.drive.usedBytes, 2);
    assert.equal(copy.files.log.seq, 0);
    assert.deepEqual(copy.files.locks.toJSON(), []);
    copy.objects.set('/space/body/c.json', copy.objects.get('/space/body/sun.json')!);
    assert.equal(copy.files.log.seq, 1);
    assert.equal(space().objects.has('/space/body/c.json'), false);
  });
});
