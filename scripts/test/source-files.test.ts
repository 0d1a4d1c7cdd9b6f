import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { listTypeScriptFiles } from './source-files.ts';

async function tree(paths: string[]): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'source-files-'));
  for (const path of paths) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), '');
  }
  return root;
}

test('lists .ts files under the included roots, sorted, and skips the excluded', async () => {
  const root = await tree([
    'mod.ts',
    'README.md',
    'src/b.ts',
    'src/a/a.test.ts',
    'src/a/x.mjs',
    'src/node_modules/dep/index.ts',
    'test/fixtures/old-client/index.ts',
    'test/fixtures/other/ok.ts',
    'other/not-included.ts',
  ]);
  try {
    const files = await listTypeScriptFiles(root, {
      include: ['mod.ts', 'src', 'test', 'missing'],
      excludeNames: ['node_modules'],
      excludePaths: ['test/fixtures/old-client'],
    });
    assert.deepEqual(files, ['mod.ts', 'src/a/a.test.ts', 'src/b.ts', 'test/fixtures/other/ok.ts']);
  } finally {
    await rm(root, { recursive: true });
  }
});

test('an excluded path does not exclude a sibling that shares its prefix', async () => {
  const root = await tree(['test/fix/a.ts', 'test/fixtures/b.ts']);
  try {
    const files = await listTypeScriptFiles(root, {
      include: ['test'],
      excludeNames: [],
      excludePaths: ['test/fix'],
    });
    assert.deepEqual(files, ['test/fixtures/b.ts']);
  } finally {
    await rm(root, { recursive: true });
  }
});
