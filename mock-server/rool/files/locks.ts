/**
 * WebDAV write locks (RFC 4918 §6–7): exclusive or shared, on one resource
 * (depth 0) or a whole subtree (depth infinity), each with a timeout and an
 * `opaquelocktoken:` token (RFC 4918 Appendix C). A lock belongs to the user
 * who took it: only they, submitting its token, may write what it covers.
 * Expired locks vanish; a lock goes with its root when that is deleted or
 * moved away, by any means ({@linkcode LockTable.dropRoot}, called where the
 * space records deletions: ./space-files.ts).
 *
 * @module
 */
import { serializeXml, type XmlElement } from '../../../src/rool/_xml.ts';
import { utf8Length } from '../size.ts';
import { FilesError } from './errors.ts';
import { filesLimits } from './limits.ts';
import { isWithin } from './paths.ts';

/** Whether a lock excludes every other lock, or only exclusive ones. */
export type LockScope = 'exclusive' | 'shared';
/** Whether a lock covers its root only, or everything below it too. */
export type LockDepth = 0 | 'infinity';

/** An active lock. */
export interface Lock {
  /** The token, `opaquelocktoken:<uuid>`. */
  readonly token: string;
  /** The machine path locked. */
  readonly root: string;
  /** Its depth. */
  readonly depth: LockDepth;
  /** Its scope. */
  readonly scope: LockScope;
  /** The `DAV:owner` element the client sent, if any. */
  readonly owner: XmlElement | null;
  /** The user who took it. */
  readonly userId: string;
  /** The timeout granted, in seconds. */
  timeoutSeconds: number;
  /** When it expires (ms). */
  expiresAt: number;
}

/** What a new lock is. */
export interface LockRequest {
  /** The machine path to lock. */
  root: string;
  /** Its depth. */
  depth: LockDepth;
  /** Its scope. */
  scope: LockScope;
  /** The `DAV:owner` element, if any. */
  owner: XmlElement | null;
  /** The user taking it. */
  userId: string;
  /** The timeout asked for, in seconds; clamped to 1…{@linkcode filesLimits.maxLockSeconds}. */
  timeoutSeconds: number;
}

/**
 * Whether a lock applies to a path: the path is its root, or lies below a depth-infinity root.
 *
 * @param lock The lock.
 * @param path The path.
 * @returns `true` when the lock covers the path.
 */
export function covers(lock: Lock, path: string): boolean {
  return lock.root === path || (lock.depth === 'infinity' && isWithin(path, lock.root));
}

/**
 * The locks of one space.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { LockTable } from './locks.ts';
 * const locks = new LockTable();
 * const lock = locks.create({ root: '/rool-drive/a', depth: 'infinity', scope: 'exclusive', owner: null, userId: 'u1', timeoutSeconds: 60 }, 0);
 * assert.deepEqual(locks.covering('/rool-drive/a/b', 1000).map((l) => l.token), [lock.token]);
 * assert.deepEqual(locks.covering('/rool-drive/a/b', 61_000), []);
 * ```
 */
export class LockTable {
  #locks = new Map<string, Lock>();
  // The clock reading of the last purge: a request reads the table many times at one reading.
  #purgedAt = NaN;

  /**
   * Takes a lock.
   *
   * @param request What to lock, how, and for whom.
   * @param now The clock reading (ms).
   * @returns The lock.
   * @throws {FilesError} `locked` when a lock in the way conflicts (its root in `paths`),
   * `too_large` for an owner over the size limit, `storage_full` past the locks per space.
   */
  create(request: LockRequest, now: number): Lock {
    this.#purge(now);
    if (request.owner && utf8Length(serializeXml(request.owner)) > filesLimits.lockOwnerBytes) {
      throw new FilesError(
        'too_large',
        `A lock owner is at most ${filesLimits.lockOwnerBytes} bytes of XML`,
      );
    }
    for (const lock of this.#locks.values()) {
      const overlaps = covers(lock, request.root) ||
        (request.depth === 'infinity' && isWithin(lock.root, request.root));
      if (overlaps && (lock.scope === 'exclusive' || request.scope === 'exclusive')) {
        throw new FilesError(
          'locked',
          `A conflicting ${lock.scope} lock is held on this resource or one in its way`,
          { paths: [lock.root] },
        );
      }
    }
    if (this.#locks.size >= filesLimits.locksPerSpace) {
      throw new FilesError(
        'storage_full',
        `A space holds at most ${filesLimits.locksPerSpace} locks; unlock some first`,
      );
    }
    const timeoutSeconds = clampTimeout(request.timeoutSeconds);
    const lock: Lock = {
      token: `opaquelocktoken:${crypto.randomUUID()}`,
      root: request.root,
      depth: request.depth,
      scope: request.scope,
      owner: request.owner,
      userId: request.userId,
      timeoutSeconds,
      expiresAt: now + timeoutSeconds * 1000,
    };
    this.#locks.set(lock.token, lock);
    return lock;
  }

  /**
   * Restarts a lock's timeout (a LOCK refresh, RFC 4918 §9.10.2).
   *
   * @param token The lock's token.
   * @param timeoutSeconds The new timeout asked for, clamped as at creation.
   * @param now The clock reading (ms).
   * @returns The lock.
   * @throws {FilesError} `not_found` when no active lock has the token.
   */
  refresh(token: string, timeoutSeconds: number, now: number): Lock {
    const lock = this.get(token, now);
    if (!lock) throw new FilesError('not_found', 'No active lock has this token');
    lock.timeoutSeconds = clampTimeout(timeoutSeconds);
    lock.expiresAt = now + lock.timeoutSeconds * 1000;
    return lock;
  }

  /**
   * An active lock by token.
   *
   * @param token The token.
   * @param now The clock reading (ms).
   * @returns The lock, or `undefined`.
   */
  get(token: string, now: number): Lock | undefined {
    this.#purge(now);
    return this.#locks.get(token);
  }

  /**
   * Releases a lock.
   *
   * @param token Its token.
   * @returns Whether there was such a lock.
   */
  remove(token: string): boolean {
    return this.#locks.delete(token);
  }

  /**
   * The active locks that apply to a path.
   *
   * @param path The path.
   * @param now The clock reading (ms).
   * @returns The locks, oldest first.
   */
  covering(path: string, now: number): Lock[] {
    this.#purge(now);
    if (this.#locks.size === 0) return [];
    return [...this.#locks.values()].filter((lock) => covers(lock, path));
  }

  /**
   * The active locks that apply to a path or to anything below it: what a change of the whole
   * subtree (DELETE, MOVE) must hold the tokens of.
   *
   * @param path The subtree's root.
   * @param now The clock reading (ms).
   * @returns The locks, oldest first.
   */
  affecting(path: string, now: number): Lock[] {
    this.#purge(now);
    if (this.#locks.size === 0) return [];
    return [...this.#locks.values()].filter((lock) =>
      covers(lock, path) || isWithin(lock.root, path)
    );
  }

  /**
   * Drops the locks rooted at a path whose resource was deleted or moved away (by WebDAV, RPC or
   * anything else), so a resource created there later is not locked. Locks below the path go
   * when their own roots are reported.
   *
   * @param path The deleted path.
   */
  dropRoot(path: string): void {
    for (const [token, lock] of this.#locks) if (lock.root === path) this.#locks.delete(token);
  }

  /**
   * The locks, for digests of the mock's state.
   *
   * @returns The active locks.
   */
  toJSON(): Lock[] {
    return [...this.#locks.values()];
  }

  /**
   * Holds exactly the saved locks, tokens included, as a mock restarted from a snapshot does
   * (../../persist/): a client holding a lock from before the restart still holds it.
   *
   * @param locks {@linkcode toJSON}'s locks; expired ones go at the next purge.
   */
  restore(locks: readonly Lock[]): void {
    this.#locks = new Map(locks.map((lock) => [lock.token, { ...lock }]));
    this.#purgedAt = NaN;
  }

  #purge(now: number): void {
    if (now === this.#purgedAt) return;
    this.#purgedAt = now;
    for (const [token, lock] of this.#locks) if (lock.expiresAt <= now) this.#locks.delete(token);
  }
}

function clampTimeout(seconds: number): number {
  if (!Number.isFinite(seconds)) return filesLimits.maxLockSeconds;
  return Math.min(filesLimits.maxLockSeconds, Math.max(1, Math.floor(seconds)));
}
