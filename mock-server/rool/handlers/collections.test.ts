import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setupRool } from '../_testing.ts';

const article = {
  fields: [
    { name: 'title', type: { kind: 'string' as const } },
    {
      name: 'tags',
      type: { kind: 'array' as const, inner: { kind: 'enum' as const, values: ['a'] } },
    },
  ],
  schemaOrgType: 'Article',
};

describe('collections.* and schema.get', () => {
  it('create, alter and drop change the schema and are recorded', async () => {
    const { alice, space } = setupRool();
    const ref = await space();
    const created = await alice.collections.create({ ...ref, name: 'article', def: article });
    assert.deepEqual(created.collection, article);
    assert.deepEqual(created.schema, { article });
    assert.equal(created.interaction!.operation, 'createCollection');
    assert.equal(created.interaction!.input, 'createCollection article');
    assert.equal(created.interaction!.output, 'Created collection article');
    const altered = await alice.collections.alter({ ...ref, name: 'article', def: { fields: [] } });
    assert.deepEqual(altered.schema, { article: { fields: [] } });
    assert.equal(altered.interaction!.output, 'Altered collection article');
    assert.deepEqual(await alice.schema.get({ spaceId: ref.spaceId }), {
      schema: { article: { fields: [] } },
    });
  });

  it('drop deletes the collection with its objects', async () => {
    const { alice, space } = setupRool();
    const ref = await space();
    await alice.collections.create({ ...ref, name: 'a', def: { fields: [] } });
    await alice.collections.create({ ...ref, name: 'b', def: { fields: [] } });
    await alice.objects.put({ ...ref, path: '/space/a/1.json', body: {} });
    await alice.objects.put({ ...ref, path: '/space/a/2.json', body: {} });
    await alice.objects.put({ ...ref, path: '/space/b/1.json', body: {} });
    const dropped = await alice.collections.drop({ ...ref, name: 'a' });
    assert.equal(dropped.collection, null);
    assert.deepEqual(dropped.schema, { b: { fields: [] } });
    assert.deepEqual(dropped.interaction!.modifiedObjectPaths, [
      '/space/a/1.json',
      '/space/a/2.json',
    ]);
    assert.equal(dropped.interaction!.output, 'Dropped collection a and its 2 objects');
    const left = await alice.objects.getMany({
      spaceId: ref.spaceId,
      paths: ['/space/a/1.json', '/space/b/1.json'],
    });
    assert.deepEqual(left.missing, ['/space/a/1.json']);
  });

  it('create of an existing name is 409; alter and drop of a missing one 404', async () => {
    const { alice, space, digest } = setupRool();
    const ref = await space();
    await alice.collections.create({ ...ref, name: 'a', def: { fields: [] } });
    const before = digest();
    await assert.rejects(alice.collections.create({ ...ref, name: 'a', def: { fields: [] } }), {
      type: 'conflict',
      message: 'Collection "a" already exists; alter it instead',
    });
    await assert.rejects(alice.collections.alter({ ...ref, name: 'z', def: { fields: [] } }), {
      type: 'not_found',
      status: 404,
    });
    await assert.rejects(alice.collections.drop({ ...ref, name: 'z' }), { type: 'not_found' });
    assert.equal(digest(), before);
  });

  it('refuses duplicate field names and bad collection names', async () => {
    const { alice, rpc, space } = setupRool();
    const ref = await space();
    const twice = { fields: [article.fields[0], article.fields[0]] };
    await assert.rejects(alice.collections.create({ ...ref, name: 'a', def: twice }), {
      type: 'validation_error',
      path: '/def/fields/1/name',
      message: 'Field "title" is defined twice; field names must be unique',
    });
    for (const name of ['', 'a.b', 'a/b', 'x'.repeat(129)]) {
      const { status, body } = await rpc('collections.create', {
        ...ref,
        name,
        def: { fields: [] },
      });
      assert.equal(status, 400);
      assert.equal(body.error!.path, '/name');
    }
    const kind = await rpc('collections.create', {
      ...ref,
      name: 'a',
      def: { fields: [{ name: 'x', type: { kind: 'date' } }] },
    });
    assert.equal(kind.status, 400);
  });
});
