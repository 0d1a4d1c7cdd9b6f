import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { after, before, describe, it } from 'node:test';
import { removeTemporaryFiles, writeFileAtomically } from './atomic-file.ts';

let dir: string;
before(async () => dir = await mkdtemp(join(tmpdir(), 'atomic-file-')));
after(() => rm(dir, { recursive: true, force: true }));

describe('writeFileAtomically', () => {
  it('replaces the file and leaves nothing else behind, readable by its owner only', async () => {
    const file = join(dir, 'state.json');
    await writeFileAtomically(file, 'old');
    await writeFileAtomically(file, 'new ünïcode');
    assert.equal(await readFile(file, 'utf8'), 'new ünïcode');
    assert.deepEqual(await readdir(dir), ['state.json']);
    if (process.platform !== 'win32') assert.equal((await stat(file)).mode & 0o777, 0o600);
  });

  it('throws and leaves no temporary file when the directory is missing', async () => {
    await assert.rejects(writeFileAtomically(join(dir, 'missing', 'state.json'), 'x'), {
      code: 'ENOENT',
    });
    assert.deepEqual(await readdir(dir), ['state.json']);
  });

  it('never shows a torn text to a concurrent reader', async () => {
    const file = join(dir, 'race.json');
    const texts = ['a'.repeat(200_000), 'b'.repeat(150_000)];
    await writeFileAtomically(file, texts[0]);
    let writing = true;
    const writer = (async () => {
      for (let i = 0; i < 20; i++) await writeFileAtomically(file, texts[i % 2]);
      writing = false;
    })();
    let reads = 0;
    while (writing) {
      const text = await readFile(file, 'utf8');
      assert.ok(texts.includes(text), `a read saw ${text.length} characters`);
      reads++;
    }
    await writer;
    assert.ok(reads > 0);
  });
});

describe('removeTemporaryFiles', () => {
  it("deletes only the file's own leftovers", async () => {
    const sub = await mkdtemp(join(dir, 'leftovers-'));
    const file = join(sub, 'mock-state.json');
    const names = [
      '.mock-state.json.123456.tmp',
      '.mock-state.json.99.tmp',
      '.other.json.1.tmp',
      'mock-state.json',
      '.mock-state.json.x.tmp',
    ];
    for (const name of names) await writeFile(join(sub, name), 'x');
    assert.equal(await removeTemporaryFiles(file), 2);
    assert.deepEqual((await readdir(sub)).sort(), [
      '.mock-state.json.x.tmp',
      '.other.json.1.tmp',
      'mock-state.json',
    ]);
  });
});
