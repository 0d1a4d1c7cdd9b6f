import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setupMock } from '../../../test/helpers/roj-mock.ts';
import { stateSnapshot } from '../../../test/helpers/roj-state.ts';

const t0 = Date.parse('2026-11-21T07:13:00.000Z');

async function withFile() {
  const clock = { now: t0 };
  const setup = setupMock({ clock: () => clock.now });
  const file = await setup.roj.files.upload(
    new File(['# notes'], 'notes.md', { type: 'text/markdown' }),
  );
  return { clock, fileId: file.fileId, ...setup };
}

describe('resources.create', () => {
  it('creates a resource with one revision', async () => {
    const { roj, fileId } = await withFile();
    const created = await roj.resources.create({
      slug: 'notes',
      name: 'Notes',
      description: 'Team notes',
      fileId,
      label: 'v1',
    });
    assert.deepEqual(created, { resourceId: 'res_000001', revisionId: 'rrv_000001' });
    assert.deepEqual(await roj.resources.get({ resourceId: created.resourceId }), {
      id: 'res_000001',
      slug: 'notes',
      name: 'Notes',
      description: 'Team notes',
      latestRevision: {
        id: 'rrv_000001',
        label: 'v1',
        file: { id: fileId, filename: 'notes.md', mimeType: 'text/markdown', size: 7 },
        createdAt: '2026-11-21T07:13:00.000Z',
      },
      createdAt: '2026-11-21T07:13:00.000Z',
    });
  });

  it('defaults name, description and label to null', async () => {
    const { roj, fileId } = await withFile();
    await roj.resources.create({ slug: 'bare', fileId });
    const got = await roj.resources.get({ resourceSlug: 'bare' });
    assert.equal(got.name, null);
    assert.equal(got.description, null);
    assert.equal(got.latestRevision?.label, null);
  });

  it('refuses a taken slug with 409 and an unknown file with 404, changing nothing', async () => {
    const { roj, mock, fileId } = await withFile();
    await roj.resources.create({ slug: 'notes', fileId });
    const before = stateSnapshot(mock);
    await assert.rejects(roj.resources.create({ slug: 'notes', fileId }), {
      type: 'conflict',
      status: 409,
    });
    await assert.rejects(roj.resources.create({ slug: 'other', fileId: 'fil_000404' }), {
      type: 'not_found',
      status: 404,
    });
    assert.equal(stateSnapshot(mock), before);
  });

  it('refuses a slug that breaks the pattern', async () => {
    const { rpc, fileId } = await withFile();
    for (const slug of ['', '-a', 'A', 'a_b', 'a'.repeat(64)]) {
      const { status, body } = await rpc('/api/v1/rpc', {
        method: 'resources.create',
        input: { slug, fileId },
      });
      assert.equal(status, 400, slug);
      assert.equal(body.error?.path, '/slug');
    }
    const { status } = await rpc('/api/v1/rpc', {
      method: 'resources.create',
      input: { slug: 'a'.repeat(63), fileId },
    });
    assert.equal(status, 200);
  });
});

describe('resources.addRevision', () => {
  it('adds a revision by id or slug; the newest is latestRevision', async () => {
    const { roj, clock, fileId } = await withFile();
    const { resourceId } = await roj.resources.create({ slug: 'notes', fileId, label: 'v1' });
    const second = await roj.files.upload(new File(['abc'], 'b.bin'));
    clock.now = t0 + 1000;
    const byId = await roj.resources.addRevision({
      resourceId,
      fileId: second.fileId,
      label: 'v2',
    });
    assert.equal(byId.revisionId, 'rrv_000002');
    let got = await roj.resources.get({ resourceId });
    assert.equal(got.latestRevision?.id, 'rrv_000002');
    assert.equal(got.latestRevision?.label, 'v2');
    assert.deepEqual(got.latestRevision?.file, {
      id: second.fileId,
      filename: 'b.bin',
      mimeType: 'application/octet-stream',
      size: 3,
    });
    assert.equal(got.latestRevision?.createdAt, '2026-11-21T07:13:01.000Z');
    const bySlug = await roj.resources.addRevision({ resourceSlug: 'notes', fileId });
    got = await roj.resources.get({ resourceSlug: 'notes' });
    assert.equal(got.latestRevision?.id, bySlug.revisionId);
    assert.equal(got.latestRevision?.label, null);
  });

  it('refuses anything but exactly one of resourceId and resourceSlug', async () => {
    const { roj, mock, fileId } = await withFile();
    const { resourceId } = await roj.resources.create({ slug: 'notes', fileId });
    const before = stateSnapshot(mock);
    for (const input of [{ fileId }, { fileId, resourceId, resourceSlug: 'notes' }]) {
      await assert.rejects(roj.resources.addRevision(input), {
        type: 'validation_error',
        status: 400,
        path: '',
      });
    }
    assert.equal(stateSnapshot(mock), before);
  });

  it('refuses an unknown resource or file with 404, changing nothing', async () => {
    const { roj, mock, fileId } = await withFile();
    const { resourceId } = await roj.resources.create({ slug: 'notes', fileId });
    const before = stateSnapshot(mock);
    const notFound = { type: 'not_found', status: 404 };
    await assert.rejects(roj.resources.addRevision({ resourceId: 'res_000404', fileId }), notFound);
    await assert.rejects(roj.resources.addRevision({ resourceSlug: 'nope', fileId }), notFound);
    await assert.rejects(roj.resources.addRevision({ resourceId, fileId: 'fil_000404' }), notFound);
    assert.equal(stateSnapshot(mock), before);
  });
});

describe('resources.get', () => {
  it('refuses anything but exactly one of resourceId and resourceSlug', async () => {
    const { roj } = await withFile();
    for (const input of [{}, { resourceId: 'res_000001', resourceSlug: 'notes' }]) {
      await assert.rejects(roj.resources.get(input), {
        type: 'validation_error',
        status: 400,
        path: '',
      });
    }
  });

  it('gives 404 for an unknown resource', async () => {
    const { roj } = await withFile();
    const notFound = { type: 'not_found', status: 404 };
    await assert.rejects(roj.resources.get({ resourceId: 'res_000404' }), notFound);
    await assert.rejects(roj.resources.get({ resourceSlug: 'nope' }), notFound);
  });
});

describe('resources.list', () => {
  it('lists newest first, 20 by default, with limit and offset', async () => {
    const { roj, fileId } = await withFile();
    for (let i = 1; i <= 23; i++) await roj.resources.create({ slug: `r${i}`, fileId });
    const first = await roj.resources.list();
    assert.equal(first.resources.length, 20);
    assert.equal(first.resources[0].slug, 'r23');
    assert.equal(first.resources[0].latestRevision?.file.id, fileId);
    const page = await roj.resources.list({ limit: 2, offset: 21 });
    assert.deepEqual(page.resources.map((r) => r.slug), ['r2', 'r1']);
    assert.deepEqual(await roj.resources.list({ offset: 23 }), { resources: [] });
  });

  it('refuses a limit outside 1–100', async () => {
    const { rpc } = await withFile();
    const { status, body } = await rpc('/api/v1/rpc', {
      method: 'resources.list',
      input: { limit: 101 },
    });
    assert.equal(status, 400);
    assert.equal(body.error?.path, '/limit');
  });
});

describe('resources.delete', () => {
  it('removes the resource and frees its slug; its files stay', async () => {
    const { roj, mock, fileId } = await withFile();
    const { resourceId } = await roj.resources.create({ slug: 'notes', fileId });
    await roj.resources.create({ slug: 'other', fileId });
    assert.deepEqual(await roj.resources.delete(resourceId), { ok: true });
    await assert.rejects(roj.resources.get({ resourceId }), { type: 'not_found', status: 404 });
    await assert.rejects(roj.resources.get({ resourceSlug: 'notes' }), {
      type: 'not_found',
      status: 404,
    });
    assert.deepEqual((await roj.resources.list()).resources.map((r) => r.slug), ['other']);
    assert.ok(mock.runtime.state.files.has(fileId));
    const again = await roj.resources.create({ slug: 'notes', fileId });
    assert.notEqual(again.resourceId, resourceId);
  });

  it('gives 404 for an unknown or already deleted resource', async () => {
    const { roj, fileId } = await withFile();
    const { resourceId } = await roj.resources.create({ slug: 'notes', fileId });
    await roj.resources.delete(resourceId);
    await assert.rejects(roj.resources.delete(resourceId), { type: 'not_found', status: 404 });
    await assert.rejects(roj.resources.delete('res_000404'), { type: 'not_found', status: 404 });
  });
});
