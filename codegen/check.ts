/**
 * `--check`: compares generated files with what is on disk, without writing.
 *
 * @module
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TargetOutput } from './generate.ts';

/** A generated file that differs from disk. */
export interface Staleness {
  /** Path relative to the root. */
  path: string;
  /** `stale` (differs), `missing` (not on disk) or `extra` (on disk, no longer generated). */
  kind: 'stale' | 'missing' | 'extra';
}

/**
 * Lists generated files that are stale, missing or left over.
 *
 * @param root Absolute project root.
 * @param outputs What {@linkcode generate} produced.
 * @returns The differences; empty when everything is current.
 */
export function checkFiles(root: string, outputs: TargetOutput[]): Staleness[] {
  const found: Staleness[] = [];
  for (const { target, files } of outputs) {
    const expected = new Set(files.map((f) => f.path));
    for (const f of files) {
      const abs = join(root, f.path);
      if (!existsSync(abs)) found.push({ path: f.path, kind: 'missing' });
      else if (readFileSync(abs, 'utf8') !== f.contents) {
        found.push({ path: f.path, kind: 'stale' });
      }
    }
    const outDir = join(root, target.out);
    if (existsSync(outDir)) {
      for (const name of readdirSync(outDir)) {
        const path = join(target.out, name);
        if (!expected.has(path)) found.push({ path, kind: 'extra' });
      }
    }
  }
  return found;
}
