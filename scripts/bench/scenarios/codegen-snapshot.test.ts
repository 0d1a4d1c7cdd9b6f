import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { snapshotDiff, snapshotDirs } from './codegen-snapshot.ts';

describe('snapshotDiff', () => {
  for (
    const [name, { before, after, want }] of [
      ['equal snapshots', { before: [['a', '1']], after: [['a', '1']], want: [] }],
      ['a changed file', { before: [['a', '1']], after: [['a', '2']], want: ['changed a'] }],
      ['added and removed, sorted', {
        before: [['z', '1'], ['b', '1']],
        after: [['b', '1'], ['a', '1']],
        want: ['added a', 'removed z'],
      }],
    ] as const
  ) {
    test(name, () => {
      const diff = snapshotDiff(new Map(before), new Map(after));
      assert.deepEqual(diff, want);
    });
  }
});

describe('snapshotDirs', () => {
  test('reads files in nested folders, by path from the root, and skips missing folders', () => {
    const root = mkdtempSync(join(tmpdir(), 'codegen-snapshot-'));
    try {
      mkdirSync(join(root, 'gen', 'deep'), { recursive: true });
      writeFileSync(join(root, 'gen', 'a.ts'), 'a');
      writeFileSync(join(root, 'gen', 'deep', 'b.json'), '{}');
      const snapshot = snapshotDirs(root, ['gen', 'missing']);
      assert.deepEqual(
        [...snapshot].sort(),
        [[join('gen', 'a.ts'), 'a'], [join('gen', 'deep', 'b.json'), '{}']],
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
