/**
 * The generated files as they are on disk, to show that a full codegen run
 * the benchmark made wrote back exactly what was there.
 *
 * @module
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Each file's contents, by path relative to the repository root. */
export type Snapshot = Map<string, string>;

/**
 * Reads every file under the given directories.
 *
 * @param root The repository root.
 * @param dirs Directories relative to it, e.g. `['src/roj/_generated']`; missing ones are empty.
 * @returns The snapshot.
 */
export function snapshotDirs(root: string, dirs: readonly string[]): Snapshot {
  const snapshot: Snapshot = new Map();
  for (const dir of dirs) {
    let entries;
    try {
      entries = readdirSync(join(root, dir), { recursive: true, withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      snapshot.set(relative(root, path), readFileSync(path, 'utf8'));
    }
  }
  return snapshot;
}

/**
 * What differs between two snapshots.
 *
 * @param before The first.
 * @param after The second.
 * @returns One line per differing file, sorted: `changed PATH`, `added PATH` or `removed PATH`.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { snapshotDiff } from './codegen-snapshot.ts';
 * const before = new Map([['a.ts', '1'], ['b.ts', '2']]);
 * const after = new Map([['a.ts', '1'], ['b.ts', '3']]);
 * assert.deepEqual(snapshotDiff(before, after), ['changed b.ts']);
 * ```
 */
export function snapshotDiff(before: Snapshot, after: Snapshot): string[] {
  const lines: string[] = [];
  for (const [path, contents] of before) {
    if (!after.has(path)) lines.push(`removed ${path}`);
    else if (after.get(path) !== contents) lines.push(`changed ${path}`);
  }
  for (const path of after.keys()) if (!before.has(path)) lines.push(`added ${path}`);
  return lines.sort();
}
