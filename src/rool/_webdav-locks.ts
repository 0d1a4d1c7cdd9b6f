// Locks as the WebDAV client sees them: a LOCK answer read into a result (RFC 4918 §9.10), and
// the paths of the locks this client holds, so that `unlock(token)` knows where to send UNLOCK.
import { parseLockAnswer, timeoutSeconds } from './_webdav-multistatus.ts';
import { remember } from './_recent.ts';
import type { DavLocation } from './_webdav-paths.ts';
import type { DavExchange } from './_webdav-send.ts';
import type { WebDAVLockResult } from './webdav-types.ts';

/** Most lock tokens remembered; the oldest is forgotten first. */
const maxRememberedLocks = 1000;

/** The path each lock token this client obtained applies to, the newest 1000 of them. */
export type LockPaths = Map<string, string>;

/**
 * Reads a LOCK answer (200 or 201, as the caller checked) and remembers the lock's path.
 *
 * @param exchange The answer.
 * @param context Where hrefs point, the path the LOCK addressed, the token of
 * a refresh (`undefined` for a new lock), and the paths remembered.
 * @throws {WebDAVError} `invalid_response` for an unreadable answer.
 */
export async function readLockAnswer(
  exchange: DavExchange,
  context: { location: DavLocation; path: string; refreshed?: string; paths: LockPaths },
): Promise<WebDAVLockResult> {
  const { response } = exchange;
  const locks = await exchange.parse((text) =>
    text.trim() === '' ? [] : parseLockAnswer(text, context.location)
  );
  // RFC 4918 §10.5: a new lock's token is in `Lock-Token`; a refresh answers the lock's
  // discovery only, so the token asked about identifies it there.
  const header = /^\s*<([^>]+)>\s*$/.exec(response.headers.get('Lock-Token') ?? '')?.[1];
  const token = header ?? context.refreshed;
  if (token === undefined) throw exchange.invalid('The LOCK answer has no Lock-Token');
  const lock = locks.find((l) => l.token === token) ?? locks[0];
  // A new lock's root is the path locked (RFC 4918 §9.10.1); a refresh may name a member.
  const root = lock?.root ??
    (context.refreshed === undefined ? context.path : context.paths.get(token) ?? null);
  // Any path the lock covers serves UNLOCK (RFC 4918 §9.11).
  remember(context.paths, token, root ?? context.path, maxRememberedLocks);
  return {
    token,
    created: response.status === 201,
    scope: lock?.scope ?? null,
    type: lock?.type ?? null,
    depth: lock?.depth ?? null,
    owner: lock?.owner ?? null,
    timeoutSeconds: lock?.timeoutSeconds ?? timeoutSeconds(response.headers.get('Timeout')),
    root,
    locks,
  };
}
