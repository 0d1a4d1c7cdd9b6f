import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setupMock } from '../../test/helpers/roj-mock.ts';
import { defaultSeed } from './seed.ts';

const seed = {
  templates: [{ slug: 'web', name: 'Web', bundleSlug: 'site' }],
  bundles: [{ slug: 'site', name: 'Site', description: null, revisions: [{ version: '2.0.0' }] }],
  presets: [{ id: 'fast', name: 'Fast', services: [] }],
};

describe('mock control API (/_mock/rpc)', () => {
  test('mock.reset forgets what the API created and keeps the seed', async () => {
    const { rpc, roj } = setupMock();
    await roj.instances.create({ templateSlug: 'starter', name: 'a' });
    assert.equal((await roj.instances.list()).total, 1);
    assert.deepEqual(await rpc('/_mock/rpc', { method: 'mock.reset', input: {} }), {
      status: 200,
      body: { ok: true, value: { ok: true } },
    });
    assert.equal((await roj.instances.list()).total, 0);
    assert.equal((await roj.bundles.list()).bundles[0].slug, 'starter');
  });

  test('mock.loadSeed replaces the seed; mock.getSeed returns it', async () => {
    const { rpc, roj } = setupMock();
    const loaded = await rpc('/_mock/rpc', { method: 'mock.loadSeed', input: { seed } });
    assert.deepEqual(loaded.body, {
      ok: true,
      value: { ok: true, counts: { templates: 1, bundles: 1, presets: 1 } },
    });
    assert.deepEqual(
      (await rpc('/_mock/rpc', { method: 'mock.getSeed', input: {} })).body.value,
      seed,
    );
    const { instanceId } = await roj.instances.create({ templateSlug: 'web', name: 'x' });
    assert.equal((await roj.instances.get(instanceId)).bundleSlug, 'site');
    await assert.rejects(roj.instances.create({ templateSlug: 'starter', name: 'x' }), {
      type: 'not_found',
    });
  });

  test('mock.loadSeed refuses a malformed seed, or one whose references dangle, and keeps the old one', async () => {
    const { rpc } = setupMock();
    const shape = await rpc('/_mock/rpc', {
      method: 'mock.loadSeed',
      input: {
        seed: {
          ...seed,
          presets: [{ id: 'p', name: 'P', services: [{ serviceType: 'x', port: 0 }] }],
        },
      },
    });
    assert.equal(shape.status, 400);
    assert.equal(shape.body.error?.path, '/seed/presets/0/services/0/port');
    const dangling = await rpc('/_mock/rpc', {
      method: 'mock.loadSeed',
      input: { seed: { ...seed, templates: [{ slug: 'web', name: 'Web', bundleSlug: 'nope' }] } },
    });
    assert.equal(dangling.status, 400);
    assert.equal(dangling.body.error?.type, 'validation_error');
    assert.equal(dangling.body.error?.path, '/seed/templates/0/bundleSlug');
    assert.deepEqual(
      (await rpc('/_mock/rpc', { method: 'mock.getSeed', input: {} })).body.value,
      defaultSeed(),
    );
  });

  test('needs the API key', async () => {
    const { rpc } = setupMock();
    for (const headers of [{}, { authorization: 'Bearer wrong' }] as Record<string, string>[]) {
      const result = await rpc('/_mock/rpc', { method: 'mock.reset', input: {} }, headers);
      assert.equal(result.status, 401);
      assert.equal(result.body.error?.type, 'unauthorized');
    }
  });
});
