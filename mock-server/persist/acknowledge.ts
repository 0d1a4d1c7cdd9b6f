/**
 * Holds back the answer to every request that may have changed the state
 * until a snapshot holding the change is on disk: a client that heard of a
 * change can count on it surviving a crash. Requests that only read
 * (./read-request.ts) are answered at once. A request that changed nothing
 * after all (a refused write) costs a capture of the state, not a disk
 * write: the store writes only a state that differs from the one on disk.
 *
 * When the snapshot cannot be written (disk full, permissions), the change is
 * in memory but not on disk, so the client is not told it succeeded: it gets
 * `500 internal_error`, and the next change tries to save again.
 *
 * @module
 */
import { isReadRequest } from './read-request.ts';
import type { SnapshotStore } from './store.ts';

/** A `fetch`-style handler. */
export type Handler = (request: Request) => Promise<Response>;

/**
 * Wraps a handler so that its answers to changes wait for the snapshot.
 *
 * @param handler The mock's handler.
 * @param store Where snapshots go.
 * @param options `onError`: told why a snapshot failed (default: `console.error`).
 * @returns The handler.
 *
 * @example
 * ```ts ignore
 * const fetch = acknowledgeWhenSaved(mock.fetch, store);
 * ```
 */
export function acknowledgeWhenSaved(
  handler: Handler,
  store: Pick<SnapshotStore, 'flush'>,
  options: { onError?: (error: unknown) => void } = {},
): Handler {
  const onError = options.onError ??
    ((error: unknown) => console.error('roj-mock: Cannot save the state:', error));
  return async (request) => {
    // Before the handler reads the body: telling an RPC read may need a copy of it.
    const reads = isReadRequest(request);
    let response: Response;
    try {
      response = await handler(request);
    } catch (error) {
      // Whatever it changed before failing is saved too.
      await store.flush().catch(onError);
      throw error;
    }
    // A refusal changed nothing, and its body may never have arrived (a stalled upload answered
    // 408): the copy that tells reads from writes would wait for it forever. Flush, never wait.
    if (response.status < 400 && await reads) return response;
    try {
      await store.flush();
    } catch (error) {
      onError(error);
      await response.body?.cancel().catch(() => {});
      return notSaved();
    }
    return response;
  };
}

function notSaved(): Response {
  return Response.json({
    ok: false,
    error: {
      type: 'internal_error',
      message: 'The mock could not save its state to disk; the change may be lost on restart',
    },
  }, { status: 500 });
}
