/**
 * The data directory of `--data DIR`: it holds one snapshot file,
 * `mock-state.json`. Opening it creates the directory if need be, deletes
 * the temporary files of a write a killed process left unfinished, and reads
 * the snapshot if there is one. A snapshot that cannot be read is refused,
 * never replaced: the mock does not start, and the file stays for the user
 * to look at or move away.
 *
 * @module
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { removeTemporaryFiles } from './atomic-file.ts';
import { type ParsedSnapshot, parseSnapshot } from './snapshot.ts';

/** The snapshot's file name in the data directory. */
export const snapshotFileName = 'mock-state.json';

/** The data directory cannot be used: it cannot be created, read or written. */
export class DataDirError extends Error {
  /** Always `DataDirError`. */
  override readonly name = 'DataDirError';
}

/** An opened data directory. */
export interface DataDir {
  /** The directory, as given. */
  dir: string;
  /** The snapshot file in it. */
  file: string;
  /** The snapshot it holds, if any. */
  snapshot?: ParsedSnapshot;
}

/**
 * Opens a data directory.
 *
 * @param dir The directory; created (with its parents) when missing.
 * @returns The directory, with its snapshot if it holds one.
 * @throws {DataDirError} When it cannot be created or read.
 * @throws {SnapshotError} When it holds a snapshot that cannot be read: not JSON, not a
 * snapshot, another version.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { mkdtemp, rm } from 'node:fs/promises';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { openDataDir } from './data-dir.ts';
 * const parent = await mkdtemp(join(tmpdir(), 'data-'));
 * const data = await openDataDir(join(parent, 'new'));
 * assert.equal(data.snapshot, undefined);
 * assert.equal(data.file, join(parent, 'new', 'mock-state.json'));
 * await rm(parent, { recursive: true });
 * ```
 */
export async function openDataDir(dir: string): Promise<DataDir> {
  const file = join(dir, snapshotFileName);
  let text: string | undefined;
  try {
    await mkdir(dir, { recursive: true });
    await removeTemporaryFiles(file);
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    // No snapshot yet (the directory may be new): start empty.
    if (code !== 'ENOENT') {
      throw new DataDirError(`Cannot use the data directory ${dir}: ${errorMessage(error)}`);
    }
  }
  return text === undefined ? { dir, file } : { dir, file, snapshot: parseSnapshot(text, file) };
}

/**
 * An error of the file system in a few words, without a stack.
 *
 * @param error The error.
 * @returns Its message.
 */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
