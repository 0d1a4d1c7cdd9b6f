import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultSeed, type MockSeed } from '../../mod.ts';
import { setupMock } from '../../../test/helpers/roj-mock.ts';
import { stateSnapshot } from '../../../test/helpers/roj-state.ts';

const t0 = Date.parse('2026-11-21T07:13:00.000Z');

function manyBundles(count: number): MockSeed {
  const seed = defaultSeed();
  for (let i = 1; i <= count; i++) {
    seed.bundles.push({
      slug: `b${i}`,
      name: `B${i}`,
      description: null,
      revisions: i % 2 ? [{ version: '1' }, { version: null }] : [],
    });
  }
  return seed;
}

describe('bundles.list', () => {
  it('lists seeded bundles with their latest revision', async () => {
    const { roj } = setupMock({ clock: () => t0 });
    assert.deepEqual(await roj.bundles.list(), {
      bundles: [{
        id: 'bun_starter',
        slug: 'starter',
        name: 'Starter',
        description: 'The starter bundle',
        latestRevision: {
          id: 'rev_starter_1',
          version: '1.0.0',
          r2Key: 'bundles/starter/rev_starter_1.zip',
          createdAt: '2026-11-21T07:13:00.000Z',
        },
        createdAt: '2026-11-21T07:13:00.000Z',
      }],
    });
  });

  it('lists in seed order, 20 by default, with limit and offset', async () => {
    const { roj } = setupMock({ seed: manyBundles(30) });
    const first = await roj.bundles.list();
    assert.equal(first.bundles.length, 20);
    assert.deepEqual(first.bundles.slice(0, 3).map((b) => b.slug), ['starter', 'b1', 'b2']);
    const page = await roj.bundles.list({ limit: 2, offset: 3 });
    assert.deepEqual(page.bundles.map((b) => b.slug), ['b3', 'b4']);
    assert.equal(page.bundles[0].latestRevision?.version, null);
    assert.equal(page.bundles[1].latestRevision, null);
    assert.deepEqual(await roj.bundles.list({ offset: 31 }), { bundles: [] });
  });

  it('refuses a limit outside 1–100', async () => {
    const { rpc } = setupMock();
    for (const limit of [0, 101]) {
      const { status, body } = await rpc('/api/v1/rpc', {
        method: 'bundles.list',
        input: { limit },
      });
      assert.equal(status, 400);
      assert.equal(body.error?.path, '/limit');
    }
  });
});

describe('bundles.delete', () => {
  it('deletes by slug or id; the bundle leaves the list and instances.create', async () => {
    const { roj } = setupMock({ seed: manyBundles(2) });
    assert.deepEqual(await roj.bundles.delete({ bundleSlug: 'b1' }), { ok: true });
    const b2 = (await roj.bundles.list()).bundles.find((b) => b.slug === 'b2')!;
    assert.deepEqual(await roj.bundles.delete({ bundleId: b2.id }), { ok: true });
    assert.deepEqual((await roj.bundles.list()).bundles.map((b) => b.slug), ['starter']);
    await assert.rejects(
      roj.instances.create({ templateSlug: 'starter', name: 'a', bundleSlug: 'b1' }),
      { type: 'not_found', status: 404 },
    );
  });

  it('leaves existing instances their bundle', async () => {
    const { roj } = setupMock();
    const { instanceId } = await roj.instances.create({ templateSlug: 'starter', name: 'a' });
    await roj.bundles.delete({ bundleId: 'bun_starter' });
    const got = await roj.instances.get(instanceId);
    assert.equal(got.bundleSlug, 'starter');
    assert.equal(got.bundleRevisionId, 'rev_starter_1');
  });

  it('refuses anything but exactly one of bundleId and bundleSlug, changing nothing', async () => {
    const { roj, mock } = setupMock();
    const before = stateSnapshot(mock);
    for (const input of [{}, { bundleId: 'bun_starter', bundleSlug: 'starter' }]) {
      await assert.rejects(roj.bundles.delete(input), {
        type: 'validation_error',
        status: 400,
        path: '',
      });
    }
    assert.equal(stateSnapshot(mock), before);
  });

  it('gives 404 for an unknown or already deleted bundle', async () => {
    const { roj } = setupMock();
    const notFound = { type: 'not_found', status: 404 };
    await assert.rejects(roj.bundles.delete({ bundleId: 'bun_nope' }), notFound);
    await assert.rejects(roj.bundles.delete({ bundleSlug: 'nope' }), notFound);
    await roj.bundles.delete({ bundleSlug: 'starter' });
    await assert.rejects(roj.bundles.delete({ bundleSlug: 'starter' }), notFound);
    await assert.rejects(roj.bundles.delete({ bundleId: 'bun_starter' }), notFound);
  });
});
