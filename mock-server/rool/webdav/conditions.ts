/**
 * Preconditions of a WebDAV write: the `If` header must hold (412 otherwise),
 * then every lock on what the write changes must have its token submitted by
 * its owner (423 `DAV:lock-token-submitted` otherwise, RFC 4918 §7, §10.4);
 * and `If-Match` / `If-None-Match` (RFC 9110 §13.1) must hold (412).
 *
 * @module
 */
import { weakMatch } from '../files/etag.ts';
import { describe, resolve } from '../files/resources.ts';
import { covers, type Lock } from '../files/locks.ts';
import { parentOf } from '../files/paths.ts';
import { DavError } from './errors.ts';
import { ifHolds, type IfList, type IfState, parseIf, submittedTokens } from './if-header.ts';
import { pathInRoot } from './paths.ts';
import { type DavRequest, href } from './session.ts';

/** What a write changes, for the lock check. */
export interface WriteScope {
  /** Paths changed themselves (content, properties): the locks covering them apply. */
  paths?: string[];
  /** Subtrees changed as a whole (DELETE, MOVE away, overwrite): locks on or below them apply. */
  subtrees?: string[];
  /** Paths gaining or losing a member: the locks covering them apply (RFC 4918 §7.4). */
  parentsOf?: string[];
}

/**
 * The parsed `If` header of a request.
 *
 * @param dav The request.
 * @returns The lists; none without the header.
 * @throws {DavError} 400 for a malformed header.
 */
export function ifLists(dav: DavRequest): IfList[] {
  const value = dav.request.headers.get('if');
  return value === null ? [] : parseIf(value);
}

/**
 * The state of the resource an `If` list names.
 *
 * @param dav The request.
 * @param tag The list's resource tag, or `null` for the request URI.
 * @returns Its ETag and the tokens of the locks covering it; nothing for a tag outside the space.
 */
export function stateOf(dav: DavRequest, tag: string | null): IfState {
  let path: string | undefined = dav.path;
  if (tag !== null) {
    try {
      path = pathInRoot(tag, dav.url, dav.root);
    } catch {
      path = undefined;
    }
  }
  if (path === undefined) return { tokens: new Set() };
  const resource = resolve(dav.space, path);
  const etag = resource ? describe(dav.space, resource).etag : undefined;
  const tokens = new Set(dav.space.files.locks.covering(path, dav.ctx.now).map((l) => l.token));
  return { etag, tokens };
}

/**
 * Checks the `If` header and the locks of a write.
 *
 * @param dav The request.
 * @param scope What the write changes.
 * @throws {DavError} 400 for a malformed `If`; 412 when it does not hold; 423 naming the locked
 * resources when a lock's token was not submitted by its owner.
 */
export function requireUnlocked(dav: DavRequest, scope: WriteScope): void {
  const lists = ifLists(dav);
  if (lists.length > 0 && !ifHolds(lists, (tag) => stateOf(dav, tag))) {
    throw new DavError(412, 'The If header does not hold: no list of conditions is true');
  }
  const { locks } = dav.space.files;
  const now = dav.ctx.now;
  const found = new Map<string, Lock>();
  for (const path of scope.paths ?? []) {
    for (const lock of locks.covering(path, now)) found.set(lock.token, lock);
  }
  for (const path of scope.subtrees ?? []) {
    for (const lock of locks.affecting(path, now)) found.set(lock.token, lock);
  }
  for (const path of scope.parentsOf ?? []) {
    for (const lock of locks.covering(parentOf(path), now)) found.set(lock.token, lock);
  }
  const submitted = submittedTokens(lists);
  const blocking = [...found.values()].filter((lock) =>
    !submitted.has(lock.token) || lock.userId !== dav.ctx.user.id
  );
  if (blocking.length > 0) {
    const roots = [...new Set(blocking.map((l) => l.root))];
    throw new DavError(
      423,
      `Locked: submit the lock token of ${roots.length === 1 ? 'the lock' : 'each lock'} in an ` +
        'If header (only its owner may)',
      { condition: 'lock-token-submitted', hrefs: roots.map((root) => href(dav, root)) },
    );
  }
}

/**
 * The locks an `If` header submits that cover a path, owned by the caller: what a LOCK refresh
 * refreshes.
 *
 * @param dav The request.
 * @param lists Its parsed `If` header ({@linkcode ifLists}).
 * @returns The locks.
 */
export function submittedLocks(dav: DavRequest, lists: readonly IfList[]): Lock[] {
  const submitted = submittedTokens(lists);
  return [...submitted].map((token) => dav.space.files.locks.get(token, dav.ctx.now))
    .filter((lock): lock is Lock =>
      lock !== undefined && covers(lock, dav.path) && lock.userId === dav.ctx.user.id
    );
}

/**
 * Checks `If-Match` and `If-None-Match` for a method that changes the resource.
 *
 * @param dav The request.
 * @param etag The resource's current ETag; `undefined` when it does not exist (or has none).
 * @param exists Whether the resource exists.
 * @throws {DavError} 412 when a condition fails.
 */
export function requireEntityConditions(
  dav: DavRequest,
  etag: string | undefined,
  exists: boolean,
): void {
  const outcome = entityConditions(dav.request, etag, exists);
  if (outcome !== 'proceed') {
    throw new DavError(412, `The ${outcome} condition does not hold for the current resource`);
  }
}

/**
 * Evaluates `If-Match` and `If-None-Match` (RFC 9110 §13.2.2 order).
 *
 * @param request The request.
 * @param etag The resource's current ETag, if any.
 * @param exists Whether the resource exists.
 * @returns `proceed`, or the header that failed.
 */
export function entityConditions(
  request: Request,
  etag: string | undefined,
  exists: boolean,
): 'proceed' | 'If-Match' | 'If-None-Match' {
  const ifMatch = request.headers.get('if-match');
  if (ifMatch !== null) {
    const ok = ifMatch.trim() === '*'
      ? exists
      : etag !== undefined && tagsOf(ifMatch).includes(etag);
    if (!ok) return 'If-Match';
  }
  const ifNoneMatch = request.headers.get('if-none-match');
  if (ifNoneMatch !== null) {
    const hit = ifNoneMatch.trim() === '*'
      ? exists
      : etag !== undefined && tagsOf(ifNoneMatch).some((t) => weakMatch(t, etag));
    if (hit) return 'If-None-Match';
  }
  return 'proceed';
}

function tagsOf(header: string): string[] {
  return header.match(/(W\/)?"[^"]*"/g) ?? [];
}
