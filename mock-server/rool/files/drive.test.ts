import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChangeLog } from './change-log.ts';
import { Drive } from './drive.ts';
import { FilesError, type FilesErrorType } from './errors.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const setup = (limits = { storageBytes: 100, entries: 20 }) => {
  const log = new ChangeLog({ keep: 1000 });
  const deleted: string[] = [];
  const drive = new Drive({ log, limits, now: 0, onDeleted: (path) => deleted.push(path) });
  const changes = (since = 0) =>
    log.changesSince(since, () => true).changes.map((c) => `${c.deleted ? '-' : '+'}${c.path}`);
  return { log, drive, changes, deleted };
};
const refused = (type: FilesErrorType, fn: () => unknown) =>
  assert.throws(fn, (e: unknown) => e instanceof FilesError && e.type === type);

describe('Drive', () => {
  it('creates collections and files under existing parents only', () => {
    const { drive, changes } = setup();
    drive.mkcol('/rool-drive/docs', 1);
    const put = drive.putFile('/rool-drive/docs/a.txt', {
      bytes: bytes('abc'),
      contentType: 'text/plain',
    }, 2);
    assert.equal(put.created, true);
    assert.equal(put.file.contentType, 'text/plain');
    refused('parent_missing', () => drive.mkcol('/rool-drive/x/y', 3));
    refused(
      'parent_missing',
      () => drive.putFile('/rool-drive/docs/a.txt/b', { bytes: bytes('') }, 3),
    );
    refused('exists', () => drive.mkcol('/rool-drive/docs', 3));
    refused('not_allowed', () => drive.putFile('/rool-drive/docs', { bytes: bytes('') }, 3));
    refused('forbidden', () => drive.mkcol('/rool-drive', 3));
    refused('invalid_path', () => drive.mkcol('/rool-drive/a/../b', 3));
    assert.deepEqual(changes(), ['+/rool-drive/docs', '+/rool-drive/docs/a.txt']);
    assert.equal(drive.entryCount, 2);
  });

  it('replaces a file keeping its creation time and properties, with a new ETag', () => {
    const { drive } = setup();
    const first = drive.putFile('/rool-drive/a', { bytes: bytes('one') }, 1).file;
    const second = drive.putFile('/rool-drive/a', { bytes: bytes('two!') }, 5);
    assert.equal(second.created, false);
    assert.equal(second.file.created, 1);
    assert.equal(second.file.modified, 5);
    assert.equal(second.file.props, first.props);
    assert.notEqual(second.file.etag, first.etag);
    assert.equal(second.file.contentType, 'application/octet-stream');
    assert.equal(drive.usedBytes, 4);
  });

  it('refuses writes past the storage or entry limits and changes nothing', () => {
    const { drive, log } = setup({ storageBytes: 10, entries: 3 });
    drive.putFile('/rool-drive/a', { bytes: bytes('12345678') }, 1);
    const seq = log.seq;
    refused('storage_full', () => drive.putFile('/rool-drive/b', { bytes: bytes('123') }, 2));
    drive.putFile('/rool-drive/a', { bytes: bytes('1234567890') }, 2);
    assert.equal(drive.usedBytes, 10);
    assert.equal(drive.availableBytes, 0);
    drive.mkcol('/rool-drive/c', 3);
    drive.mkcol('/rool-drive/d', 3);
    refused('storage_full', () => drive.mkcol('/rool-drive/e', 4));
    refused('storage_full', () => drive.copy('/rool-drive/a', '/rool-drive/c/a', {}, 4));
    assert.equal(log.seq, seq + 3);
    assert.equal(drive.entryCount, 3);
  });

  it('deletes a collection recursively, members first, freeing their bytes', () => {
    const { drive, changes, log } = setup();
    drive.mkcol('/rool-drive/d', 1);
    drive.mkcol('/rool-drive/d/e', 1);
    drive.putFile('/rool-drive/d/e/f', { bytes: bytes('xyz') }, 1);
    const seq = log.seq;
    assert.deepEqual(drive.delete('/rool-drive/d', 2), [
      '/rool-drive/d/e/f',
      '/rool-drive/d/e',
      '/rool-drive/d',
    ]);
    assert.equal(drive.usedBytes, 0);
    assert.equal(drive.entryCount, 0);
    assert.deepEqual(changes(seq), ['-/rool-drive/d/e/f', '-/rool-drive/d/e', '-/rool-drive/d']);
    refused('not_found', () => drive.delete('/rool-drive/d', 3));
  });

  it('copies at depth 0 or infinity, with properties, honouring Overwrite', () => {
    const { drive } = setup();
    drive.mkcol('/rool-drive/src', 1);
    drive.putFile('/rool-drive/src/a', { bytes: bytes('aa') }, 1);
    drive.get('/rool-drive/src')!.props.set({
      ns: 'urn:x',
      local: 'p',
      attributes: {},
      children: [],
      text: 'v',
    });
    assert.deepEqual(drive.copy('/rool-drive/src', '/rool-drive/deep', {}, 2), { created: true });
    assert.equal(drive.get('/rool-drive/deep/a')?.kind, 'file');
    assert.equal(drive.get('/rool-drive/deep')?.props.get('{urn:x}p')?.text, 'v');
    drive.copy('/rool-drive/src', '/rool-drive/shallow', { depth: 0 }, 2);
    assert.equal(drive.get('/rool-drive/shallow/a'), undefined);
    refused(
      'precondition_failed',
      () => drive.copy('/rool-drive/src', '/rool-drive/deep', { overwrite: false }, 3),
    );
    assert.deepEqual(drive.copy('/rool-drive/shallow', '/rool-drive/deep', {}, 3), {
      created: false,
    });
    assert.equal(drive.get('/rool-drive/deep/a'), undefined);
    assert.equal(drive.usedBytes, 2);
    refused('forbidden', () => drive.copy('/rool-drive/src', '/rool-drive/src/in', {}, 3));
    refused('not_found', () => drive.copy('/rool-drive/none', '/rool-drive/x', {}, 3));
  });

  it('moves keeping times and properties, logging old paths deleted and new ones written', () => {
    const { drive, changes, log } = setup();
    drive.mkcol('/rool-drive/m', 1);
    drive.putFile('/rool-drive/m/f', { bytes: bytes('ff') }, 1);
    drive.putFile('/rool-drive/target', { bytes: bytes('t') }, 1);
    const seq = log.seq;
    assert.deepEqual(drive.move('/rool-drive/m', '/rool-drive/target', {}, 4), { created: false });
    assert.equal(drive.get('/rool-drive/target/f')?.created, 1);
    assert.equal(drive.get('/rool-drive/m'), undefined);
    assert.equal(drive.usedBytes, 2);
    assert.equal(drive.entryCount, 2);
    assert.deepEqual(changes(seq), [
      '-/rool-drive/m/f',
      '-/rool-drive/m',
      '+/rool-drive/target',
      '+/rool-drive/target/f',
    ]);
    refused('forbidden', () => drive.move('/rool-drive/target/f', '/rool-drive/target', {}, 5));
  });

  it('replaces a collection by a file only when asked, checking the limits once', () => {
    const { drive, changes, log, deleted } = setup({ storageBytes: 10, entries: 3 });
    drive.mkcol('/rool-drive/c', 1);
    drive.putFile('/rool-drive/c/a', { bytes: bytes('12345') }, 1);
    drive.putFile('/rool-drive/c/b', { bytes: bytes('123') }, 1);
    refused('not_allowed', () => drive.putFile('/rool-drive/c', { bytes: bytes('x') }, 2));
    // 10 bytes fit only once the replaced collection's 8 are freed; 3 entries go, 1 comes.
    refused(
      'storage_full',
      () => drive.putFile('/rool-drive/c', { bytes: bytes('12345678901'), replace: true }, 2),
    );
    const seq = log.seq;
    const put = drive.putFile('/rool-drive/c', { bytes: bytes('1234567890'), replace: true }, 2);
    assert.equal(put.created, false);
    assert.equal(put.file.created, 2);
    assert.equal(drive.usedBytes, 10);
    assert.equal(drive.entryCount, 1);
    // Members before their collection, the last first (as delete reports them).
    assert.deepEqual(changes(seq), ['-/rool-drive/c/b', '-/rool-drive/c/a', '+/rool-drive/c']);
    assert.deepEqual(deleted, ['/rool-drive/c/b', '/rool-drive/c/a']);
  });

  it('reports the paths that no longer exist, not those replaced in the same change', () => {
    const { drive, deleted } = setup();
    drive.mkcol('/rool-drive/d', 1);
    drive.putFile('/rool-drive/d/f', { bytes: bytes('f') }, 1);
    drive.mkcol('/rool-drive/e', 1);
    drive.putFile('/rool-drive/e/f', { bytes: bytes('f') }, 1);
    drive.putFile('/rool-drive/e/g', { bytes: bytes('g') }, 1);
    drive.copy('/rool-drive/d', '/rool-drive/e', {}, 2);
    assert.deepEqual(deleted.splice(0), ['/rool-drive/e/g']);
    drive.move('/rool-drive/e', '/rool-drive/m', {}, 3);
    assert.deepEqual(deleted.splice(0), ['/rool-drive/e/f', '/rool-drive/e']);
    drive.putFile('/rool-drive/m/f', { bytes: bytes('new') }, 4);
    assert.deepEqual(deleted, []);
    drive.delete('/rool-drive/m', 5);
    assert.deepEqual(deleted, ['/rool-drive/m/f', '/rool-drive/m']);
  });

  it('clones for another space without sharing the tree', () => {
    const { drive } = setup();
    drive.putFile('/rool-drive/a', { bytes: bytes('a') }, 1);
    const log = new ChangeLog({ keep: 10 });
    const copy = drive.clone({ log, limits: { storageBytes: 100, entries: 20 }, now: 9 });
    copy.delete('/rool-drive/a', 10);
    assert.equal(drive.get('/rool-drive/a')?.kind, 'file');
    assert.equal(copy.usedBytes, 0);
    assert.equal(drive.usedBytes, 1);
  });
});
