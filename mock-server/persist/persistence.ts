/**
 * A mock kept in its data directory: restored from the snapshot there, saved
 * before each change is acknowledged (./acknowledge.ts, ./store.ts), and
 * saved once more when it stops.
 *
 * @module
 */
import type { MockServer } from '../mod.ts';
import { toBase64url } from '../rool/base64.ts';
import { acknowledgeWhenSaved, type Handler } from './acknowledge.ts';
import { type DataDir, DataDirError, errorMessage } from './data-dir.ts';
import { captureState, restoreSnapshot, type SnapshotSecrets, snapshotText } from './snapshot.ts';
import { SnapshotStore } from './store.ts';

/** A mock whose state is kept in a data directory. */
export interface Persistence {
  /** The snapshot file. */
  file: string;
  /** When the snapshot the mock was restored from was saved, if it was restored. */
  restoredFrom?: string;
  /**
   * Wraps the mock's handler so that changes are on disk before they are answered.
   *
   * @param handler The handler.
   * @returns The wrapped handler.
   */
  acknowledgeWhenSaved(handler: Handler): Handler;
  /**
   * Writes the last snapshot and stops saving. Call it once the server has stopped.
   *
   * @throws {Error} When the write fails.
   */
  close(): Promise<void>;
}

/**
 * The secret to sign Rool tokens with: the snapshot's, so tokens issued before a restart stay
 * valid, or a new random one.
 *
 * @param data The opened data directory.
 * @returns The secret, to pass as `rool.jwtSecret` to `createMockServer`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { roolJwtSecret } from './persistence.ts';
 * assert.match(roolJwtSecret({ dir: 'd', file: 'd/mock-state.json' }), /^[\w-]{43}$/);
 * ```
 */
export function roolJwtSecret(data: DataDir): string {
  return data.snapshot?.secrets.roolJwtSecret ??
    toBase64url(crypto.getRandomValues(new Uint8Array(32)));
}

/**
 * Restores a new mock from the data directory's snapshot, if any, and writes a first snapshot,
 * which also proves the directory writable.
 *
 * @param mock A mock that has served nothing yet, created with `rool.jwtSecret` set to
 * {@linkcode roolJwtSecret}'s.
 * @param data The opened data directory.
 * @param options `jwtSecret`: the secret the mock was created with.
 * @returns The persistence.
 * @throws {SnapshotError} When the snapshot's state cannot be restored.
 * @throws {DataDirError} When the snapshot cannot be written.
 */
export async function persistMock(
  mock: MockServer,
  data: DataDir,
  options: { jwtSecret: string },
): Promise<Persistence> {
  if (data.snapshot) restoreSnapshot(mock, data.snapshot);
  const secrets: SnapshotSecrets = { roolJwtSecret: options.jwtSecret };
  const store = new SnapshotStore({
    file: data.file,
    capture: () => captureState(mock, secrets),
    text: snapshotText,
  });
  try {
    await store.flush();
  } catch (error) {
    throw new DataDirError(`Cannot write the snapshot ${data.file}: ${errorMessage(error)}`);
  }
  return {
    file: data.file,
    ...(data.snapshot ? { restoredFrom: data.snapshot.savedAt } : {}),
    acknowledgeWhenSaved: (handler) => acknowledgeWhenSaved(handler, store),
    close: () => store.close(),
  };
}
