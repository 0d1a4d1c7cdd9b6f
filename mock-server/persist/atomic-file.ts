/**
 * Replaces a file so that, whatever moment the process or the machine stops
 * at, the file holds either its old text or its new text, whole: the new
 * text goes to a temporary file beside it, which is flushed to disk (fsync),
 * renamed over the file (rename is atomic within a file system, POSIX
 * `rename(2)`), and then the directory is flushed, so the rename itself
 * survives a power cut. A temporary file a killed process left behind is
 * never read; {@linkcode removeTemporaryFiles} deletes it.
 *
 * Uses `node:fs/promises`, which Deno, Bun and Node all provide.
 *
 * @module
 */
import { open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import process from 'node:process';

/** The suffix of temporary files, after the file's name and a random part. */
const temporarySuffix = '.tmp';

/**
 * Writes a file atomically and durably. The file is readable by its owner only: a mock's state
 * holds tokens.
 *
 * @param path The file.
 * @param text Its new text, written as UTF-8.
 * @throws {Error} The file system's error (no such directory, no permission, disk full); the
 * file then still holds its old text, and no temporary file is left.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { mkdtemp, readFile, rm } from 'node:fs/promises';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { writeFileAtomically } from './atomic-file.ts';
 * const dir = await mkdtemp(join(tmpdir(), 'atomic-'));
 * await writeFileAtomically(join(dir, 'state.json'), '{"a":1}');
 * await writeFileAtomically(join(dir, 'state.json'), '{"a":2}');
 * assert.equal(await readFile(join(dir, 'state.json'), 'utf8'), '{"a":2}');
 * await rm(dir, { recursive: true });
 * ```
 */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
  const random = crypto.getRandomValues(new Uint32Array(2)).join('');
  const temporary = join(dirname(path), `.${basename(path)}.${random}${temporarySuffix}`);
  try {
    // `wx`: never write through a file that is already there (a link, or another writer's).
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => {});
    throw error;
  }
  await syncDirectory(dirname(path));
}

/**
 * Deletes the temporary files an interrupted {@linkcode writeFileAtomically} of a file left.
 *
 * @param path The file whose temporary files to delete.
 * @returns How many were deleted.
 * @throws {Error} When the directory cannot be read.
 */
export async function removeTemporaryFiles(path: string): Promise<number> {
  const prefix = `.${basename(path)}.`;
  let removed = 0;
  for (const name of await readdir(dirname(path))) {
    if (!name.startsWith(prefix) || !name.endsWith(temporarySuffix)) continue;
    if (!/^\d+$/.test(name.slice(prefix.length, -temporarySuffix.length))) continue;
    await unlink(join(dirname(path), name));
    removed++;
  }
  return removed;
}

/** Flushes a directory's entries (the rename) to disk. Windows cannot open a directory. */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
