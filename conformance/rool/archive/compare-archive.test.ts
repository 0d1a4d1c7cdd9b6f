import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unzipSync, zipSync } from 'fflate';
import type { Call } from '../../call.ts';
import { createModel } from '../../model.ts';
import type { Exchange } from '../../side.ts';
import { spoilArchive } from '../commands/archive.ts';
import { roolRules } from '../rules.ts';
import { compareArchive } from './compare-archive.ts';

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

function archive(user: string, level: 0 | 9, extra: Record<string, Uint8Array> = {}) {
  return zipSync({
    'manifest.json': encode({ format: 'rool-space-archive', version: 1 }),
    'channels/main/channel.json': encode({ id: 'main', createdAt: 5, createdBy: user }),
    'files/rool-drive/a.bin': new Uint8Array([0, 1, 2, 255]),
    ...extra,
  }, { level });
}

function exchange(bytes: Uint8Array): Exchange {
  return {
    request: { path: '', headers: {}, body: null },
    status: 200,
    body: '',
    bytes,
    headers: { 'content-type': 'application/zip' },
    sentAt: 0,
    receivedAt: Date.now(),
  };
}

const call: Call = { label: 'spaces.export', route: 'archive', http: { method: 'GET' } };

function compare(t: Uint8Array, r: Uint8Array, model = createModel({ baseline: {}, runTag: 't' })) {
  const ctx = { label: 'spaces.export', input: {}, model, skewMs: 0, rules: roolRules };
  return compareArchive(call, { target: exchange(t), reference: exchange(r) }, ctx);
}

test('archives holding the same agree, however compressed, their IDs paired', () => {
  const model = createModel({ baseline: {}, runTag: 't' });
  assert.deepEqual(compare(archive('usr_t', 9), archive('usr_r', 0), model), []);
  assert.equal(model.ids.translate('usr_t'), 'usr_r');
});

test('a missing entry, an extra one, a differing field and differing bytes', () => {
  const diffs = compare(
    archive('usr_t', 9, {
      'extra.json': encode({}),
      'files/rool-drive/a.bin': new Uint8Array([0, 1, 2, 254]),
    }),
    archive('usr_r', 9, { 'schema.json': encode({ notes: { fields: [] } }) }),
  );
  assert.deepEqual(diffs.map((d) => [d.path, d.message]), [
    ['archive[extra.json]', 'Only on the target'],
    ['archive[files/rool-drive/a.bin]', 'Content differs'],
    ['archive[schema.json]', 'Missing on the target'],
  ]);
  const field = compare(
    zipSync({ 'metadata.json': encode({ color: 'red' }) }),
    zipSync({ 'metadata.json': encode({ color: 'blue' }) }),
  );
  assert.deepEqual(field.map((d) => d.path), ['archive[metadata.json].color']);
});

test('what is no zip on the target is a difference', () => {
  const diffs = compare(new TextEncoder().encode('nope'), archive('usr_r', 9));
  assert.match(diffs[0].message, /^Not a readable zip/);
});

test('spoilt archives', () => {
  const good = archive('usr_r', 9);
  const names = (bytes: Uint8Array) => Object.keys(unzipSync(bytes)).sort();
  assert.ok(names(spoilArchive(good, 'zipSlip')).includes('objects/../../evil.json'));
  assert.ok(!names(spoilArchive(good, 'noManifest')).includes('manifest.json'));
  const manifest = unzipSync(spoilArchive(good, 'badVersion'))['manifest.json'];
  assert.equal(JSON.parse(new TextDecoder().decode(manifest)).version, 99);
  assert.throws(() => unzipSync(spoilArchive(good, 'notZip')));
});

test('an archive the suite will not unpack is spoilt as no zip at all', () => {
  const notZip = new TextDecoder().decode(spoilArchive(archive('usr_r', 9), 'notZip'));
  // An entry whose central directory header claims 32 MiB, past the suite's limit per entry.
  const huge = zipSync({ 'metadata.json': new TextEncoder().encode('{}') });
  const view = new DataView(huge.buffer, huge.byteOffset, huge.byteLength);
  let at = huge.length - 4;
  while (at >= 0 && view.getUint32(at, true) !== 0x02014b50) at--;
  assert.ok(at >= 0, 'the central directory header');
  view.setUint32(at + 24, 32 * 1024 * 1024, true);
  for (const bytes of [new TextEncoder().encode('nope'), huge]) {
    const spoilt = spoilArchive(bytes, 'zipSlip');
    assert.equal(new TextDecoder().decode(spoilt), notZip);
  }
});
