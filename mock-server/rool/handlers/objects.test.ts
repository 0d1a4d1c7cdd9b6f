import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setupRool, t0 } from '../_testing.ts';

async function withCollection(options: Parameters<typeof setupRool>[0] = {}) {
  const setup = setupRool(options);
  const { spaceId, channelId } = await setup.space();
  await setup.alice.collections.create({
    spaceId,
    channelId,
    name: 'body',
    def: { fields: [{ name: 'name', type: { kind: 'string' } }] },
    ephemeral: true,
  });
  return { ...setup, spaceId, channelId, ref: { spaceId, channelId } };
}

describe('objects.*', () => {
  it('put creates, then replaces, with stats and confirmation messages', async () => {
    const { alice, ref, spaceId, clock } = await withCollection();
    const created = await alice.objects.put({
      ...ref,
      path: '/space/body/sun.json',
      body: { name: 'Sun', _note: 'hidden' },
    });
    assert.deepEqual(created.object, {
      path: '/space/body/sun.json',
      body: { name: 'Sun', _note: 'hidden' },
    });
    assert.equal(created.message, 'Created /space/body/sun.json');
    assert.deepEqual(created.stat, {
      path: '/space/body/sun.json',
      modifiedAt: t0,
      modifiedBy: 'usr_alice',
      modifiedByName: 'Alice',
      modifiedInChannel: 'main',
      modifiedInConversation: 'default',
      modifiedInInteraction: created.interaction!.id,
    });
    clock.now += 5;
    const replaced = await alice.objects.put({
      ...ref,
      path: '/space/body/sun.json',
      body: { radius: 1 },
      ephemeral: true,
    });
    assert.equal(replaced.message, 'Updated /space/body/sun.json');
    assert.equal(replaced.interaction, null);
    assert.equal(replaced.stat.modifiedInConversation, null);
    assert.equal(replaced.stat.modifiedInInteraction, null);
    assert.deepEqual(await alice.objects.get({ spaceId, path: '/space/body/sun.json' }), {
      object: { path: '/space/body/sun.json', body: { radius: 1 } },
      stat: replaced.stat,
    });
    assert.deepEqual(await alice.objects.stat({ spaceId, path: '/space/body/sun.json' }), {
      stat: replaced.stat,
    });
  });

  it('get and stat of a missing object answer null', async () => {
    const { alice, spaceId } = await withCollection();
    assert.deepEqual(await alice.objects.get({ spaceId, path: '/space/body/none.json' }), {
      object: null,
      stat: null,
    });
    assert.deepEqual(await alice.objects.stat({ spaceId, path: '/space/body/none.json' }), {
      stat: null,
    });
  });

  it('refuses to write into a collection that does not exist (400), changing nothing', async () => {
    const { alice, ref, digest } = await withCollection();
    const before = digest();
    await assert.rejects(
      alice.objects.put({ ...ref, path: '/space/planet/earth.json', body: {} }),
      {
        type: 'validation_error',
        status: 400,
        path: '/path',
        message: 'Collection "planet" does not exist; create it first',
      },
    );
    assert.equal(digest(), before);
  });

  it('refuses bad object paths with a validation error, never fixing them', async () => {
    const { rpc, ref } = await withCollection();
    for (
      const path of [
        'space/body/a.json',
        '/space/body/a',
        '/space/body/.a.json',
        '/space/body/a.json/',
        '/space/body/sub/a.json',
        '/space//a.json',
        `/space/body/${'a'.repeat(129)}.json`,
        '/space/body/a b.json',
        '/other/body/a.json',
      ]
    ) {
      const { status, body } = await rpc('objects.put', { ...ref, path, body: {} });
      assert.equal(status, 400, path);
      assert.equal(body.error!.path, '/path', path);
    }
  });

  it('patch sets fields, deletes those given null, and 404s for a missing object', async () => {
    const { alice, ref, digest } = await withCollection();
    await alice.objects.put({ ...ref, path: '/space/body/a.json', body: { a: 1, b: 2, _h: 3 } });
    const patched = await alice.objects.patch({
      ...ref,
      path: '/space/body/a.json',
      data: { b: null, c: { d: [1] } },
    });
    assert.deepEqual(patched.object.body, { a: 1, _h: 3, c: { d: [1] } });
    assert.equal(patched.message, 'Updated /space/body/a.json');
    assert.equal(patched.interaction!.operation, 'patchObject');
    const before = digest();
    await assert.rejects(alice.objects.patch({ ...ref, path: '/space/body/x.json', data: {} }), {
      type: 'not_found',
      status: 404,
    });
    assert.equal(digest(), before);
  });

  it('move renames, optionally replacing the body; 404 from missing, 409 onto existing', async () => {
    const { alice, ref, spaceId, digest } = await withCollection();
    await alice.collections.create({ ...ref, name: 'moon', def: { fields: [] } });
    await alice.objects.put({ ...ref, path: '/space/body/a.json', body: { v: 1 } });
    await alice.objects.put({ ...ref, path: '/space/body/b.json', body: { v: 2 } });
    const moved = await alice.objects.move({
      ...ref,
      from: '/space/body/a.json',
      to: '/space/moon/a.json',
    });
    assert.deepEqual(moved.object, { path: '/space/moon/a.json', body: { v: 1 } });
    assert.equal(moved.message, 'Moved /space/body/a.json to /space/moon/a.json');
    assert.deepEqual(moved.interaction!.modifiedObjectPaths, [
      '/space/body/a.json',
      '/space/moon/a.json',
    ]);
    assert.equal((await alice.objects.get({ spaceId, path: '/space/body/a.json' })).object, null);
    const replaced = await alice.objects.move({
      ...ref,
      from: '/space/moon/a.json',
      to: '/space/moon/c.json',
      body: { v: 3 },
    });
    assert.deepEqual(replaced.object.body, { v: 3 });
    const before = digest();
    await assert.rejects(
      alice.objects.move({ ...ref, from: '/space/body/none.json', to: '/space/body/z.json' }),
      { type: 'not_found' },
    );
    await assert.rejects(
      alice.objects.move({ ...ref, from: '/space/body/b.json', to: '/space/moon/c.json' }),
      { type: 'conflict', status: 409 },
    );
    await assert.rejects(
      alice.objects.move({ ...ref, from: '/space/body/b.json', to: '/space/nope/c.json' }),
      { type: 'validation_error', path: '/to' },
    );
    assert.equal(digest(), before);
  });

  it('delete is all or nothing, and refuses paths that are not object paths', async () => {
    const { alice, rpc, ref, spaceId, digest } = await withCollection();
    await alice.objects.put({ ...ref, path: '/space/body/a.json', body: {} });
    await alice.objects.put({ ...ref, path: '/space/body/b.json', body: {} });
    const before = digest();
    await assert.rejects(
      alice.objects.delete({ ...ref, paths: ['/space/body/a.json', '/space/body/zz.json'] }),
      { type: 'not_found', message: 'Object "/space/body/zz.json" not found; nothing was deleted' },
    );
    const bad = await rpc('objects.delete', { ...ref, paths: ['/space/body/a.json', 'a.json'] });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error!.path, '/paths/1');
    const empty = await rpc('objects.delete', { ...ref, paths: [] });
    assert.equal(empty.status, 400);
    assert.equal(digest(), before);
    const done = await alice.objects.delete({
      ...ref,
      paths: ['/space/body/a.json', '/space/body/b.json', '/space/body/a.json'],
    });
    assert.deepEqual(done.deleted, ['/space/body/a.json', '/space/body/b.json']);
    assert.equal(done.interaction!.output, 'Deleted 2 objects');
    assert.equal(
      (await alice.objects.getMany({ spaceId, paths: ['/space/body/a.json'] })).objects.length,
      0,
    );
  });

  it('getMany answers found objects in order and lists the rest as missing', async () => {
    const { alice, ref, spaceId } = await withCollection();
    await alice.objects.put({ ...ref, path: '/space/body/a.json', body: { a: 1 } });
    await alice.objects.put({ ...ref, path: '/space/body/b.json', body: { b: 1 } });
    const many = await alice.objects.getMany({
      spaceId,
      paths: ['/space/body/b.json', 'not a path', '/space/body/x.json', '/space/body/a.json'],
    });
    assert.deepEqual(many.objects.map((o) => o.path), ['/space/body/b.json', '/space/body/a.json']);
    assert.deepEqual(many.stats.map((s) => s.path), ['/space/body/b.json', '/space/body/a.json']);
    assert.deepEqual(many.missing, ['not a path', '/space/body/x.json']);
  });

  it('caps a space at its object limit (409), replacing still allowed', async () => {
    const { alice, ref, digest, mock } = await withCollection({ limits: { objectsPerSpace: 2 } });
    await alice.objects.put({ ...ref, path: '/space/body/a.json', body: {} });
    await alice.objects.put({ ...ref, path: '/space/body/b.json', body: {} });
    const before = digest();
    await assert.rejects(alice.objects.put({ ...ref, path: '/space/body/c.json', body: {} }), {
      type: 'conflict',
      message: /holds 2 objects, the most allowed is 2; delete some first$/,
    });
    assert.equal(digest(), before);
    await alice.objects.put({ ...ref, path: '/space/body/a.json', body: { v: 1 } });
    assert.equal(setupRool().mock.runtime.limits.objectsPerSpace, 10_000);
    assert.equal(mock.runtime.limits.objectsPerSpace, 2);
  });
});

describe('stored JSON values', () => {
  it('may nest 64 levels, not more (400), in bodies, patches, metadata and storage', async () => {
    const { alice, ref, digest } = await withCollection();
    const nest = (levels: number) => {
      let value: unknown = 1;
      for (let i = 0; i < levels; i++) value = { a: value };
      return value as Record<string, unknown>;
    };
    await alice.objects.put({ ...ref, path: '/space/body/ok.json', body: nest(64) });
    const before = digest();
    const deep = nest(65);
    const refused = { type: 'validation_error', status: 400 };
    await assert.rejects(alice.objects.put({ ...ref, path: '/space/body/a.json', body: deep }), {
      ...refused,
      path: '/body',
      message: 'Value at /body nests deeper than 64 levels of arrays and objects',
    });
    await assert.rejects(
      alice.objects.patch({ ...ref, path: '/space/body/ok.json', data: { x: nest(64) } }),
      { ...refused, path: '/data' },
    );
    await assert.rejects(
      alice.objects.move({
        ...ref,
        from: '/space/body/ok.json',
        to: '/space/body/b.json',
        body: deep,
      }),
      { ...refused, path: '/body' },
    );
    await assert.rejects(alice.metadata.set({ ...ref, key: 'k', value: deep }), {
      ...refused,
      path: '/value',
    });
    await assert.rejects(alice.storage.set({ key: 'k', value: deep }), {
      ...refused,
      path: '/value',
    });
    assert.equal(digest(), before);
  });
});
