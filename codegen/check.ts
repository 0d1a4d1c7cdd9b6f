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
 *
 * @example A file changed on disk is stale; one no longer generated is extra
 * ```ts
 * import assert from 'node:assert/strict';
 * import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { checkFiles } from './check.ts';
 * import type { TargetOutput } from './generate.ts';
 *
 * const root = mkdtempSync(join(tmpdir(), 'codegen-check-'));
 * mkdirSync(join(root, 'gen'));
 * writeFileSync(join(root, 'gen', 'a.json'), '{"edited":true}');
 * writeFileSync(join(root, 'gen', 'old.json'), '{}');
 * const output = {
 *   target: { name: 'demo', api: 'api.ts', export: 'api', out: 'gen' },
 *   files: [{ path: join('gen', 'a.json'), contents: '{}' }],
 * } as unknown as TargetOutput;
 * assert.deepEqual(checkFiles(root, [output]), [
 *   { path: join('gen', 'a.json'), kind: 'stale' },
 *   { path: join('gen', 'old.json'), kind: 'extra' },
 * ]);
 * ```
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
