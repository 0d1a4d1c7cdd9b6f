/**
 * Persistence of the mock's state for `deno task mock --data DIR`: the
 * in-memory state stays the default, and with `--data` it survives a restart
 * and a crash.
 *
 * - At start, the snapshot `DIR/mock-state.json` is read and the state
 *   restored from it (./data-dir.ts, ./snapshot.ts). A snapshot that is not
 *   JSON, not a snapshot, of another format version, or of a state this mock
 *   cannot hold is refused: the mock exits with status 2 and leaves the file
 *   as it is.
 * - Every request that may change the state is answered only once a
 *   snapshot taken after it is on disk (./acknowledge.ts); reads (`GET`,
 *   `PROPFIND`…, and RPC methods their registry marks as reads) are answered
 *   at once (./read-request.ts). Concurrent changes share snapshots
 *   (./store.ts), and an unchanged state is not written again.
 * - Each snapshot replaces the file atomically: temporary file, fsync,
 *   rename, fsync of the directory (./atomic-file.ts). After a crash at any
 *   moment the file holds the state of the last acknowledged change, or a
 *   later one that includes changes still in flight, whole; never a torn one.
 * - On SIGINT or SIGTERM the server stops, lets requests in flight finish,
 *   and writes a last snapshot.
 *
 * What survives: all of Roj's state (instances, sessions, tokens, sandboxes
 * with their files and logs, uploads, resources, bundles, ID sequences) and
 * all of Rool's (users with their storage and password hashes, tokens,
 * spaces with members, objects, schema, metadata, channels, conversations,
 * checkpoints, drives, WebDAV locks, and change logs, so sync tokens stay
 * valid). What does not, see ./snapshot.ts: prompts in flight (they end
 * stopped), open event streams and tickets (clients resynchronise, and event
 * IDs resume above the old ones).
 *
 * One process per directory: two mocks sharing one would overwrite each
 * other's snapshots.
 *
 * @module
 */
export { acknowledgeWhenSaved, type Handler } from './acknowledge.ts';
export { writeFileAtomically } from './atomic-file.ts';
export { GraphDecoder, GraphEncoder, type Json, SnapshotFormatError } from './codec.ts';
export { type DataDir, DataDirError, openDataDir, snapshotFileName } from './data-dir.ts';
export { type Persistence, persistMock, roolJwtSecret } from './persistence.ts';
export { isReadRequest } from './read-request.ts';
export {
  captureState,
  type ParsedSnapshot,
  parseSnapshot,
  restoreSnapshot,
  SnapshotError,
  snapshotFormat,
  type SnapshotSecrets,
  snapshotText,
  snapshotVersion,
} from './snapshot.ts';
export { SnapshotStore, type SnapshotStoreOptions, StoreClosedError } from './store.ts';
