/**
 * Who caused a change, as live events record it (docs/rool-events.md). Each
 * subscriber sees it as a `source`: `local_user` when the change came from
 * the subscriber's own client ID, `remote_agent` when the agent made it,
 * `system` when the mock did (reset, history compaction), and `remote_user`
 * otherwise.
 *
 * @module
 */
import type { ChangeSource } from '../../../src/rool/types.ts';
import type { RoolContext } from '../context.ts';

/** Who caused a change. */
export interface Actor {
  /** The user the change was made for; `null` for the mock itself. */
  userId: string | null;
  /** The client ID of the request that made it (`Rool-Client-Id`), if it named one. */
  clientId: string | null;
  /** Whether the agent made it while running a prompt. */
  agent: boolean;
}

/** The mock itself: compaction, reset. */
export const systemActor: Actor = Object.freeze({ userId: null, clientId: null, agent: false });

/**
 * The actor of a request.
 *
 * @param ctx The request's context.
 * @param agent Whether the agent acts (inside a prompt).
 * @returns The actor.
 */
export function actorOf(ctx: RoolContext, agent = false): Actor {
  return { userId: ctx.user.id, clientId: ctx.clientId, agent };
}

/** Who is watching: a subscriber of a stream. */
export interface Viewer {
  /** The subscriber's user. */
  userId: string;
  /** The client ID the stream named, if any. */
  clientId: string | null;
}

/**
 * How a subscriber sees who caused a change. The mock comes first, then the agent (even on the
 * subscriber's own prompt: the agent, not the user, made the change), then the subscriber's own
 * client: the same user and the same client ID, so naming another's client ID fools nobody.
 *
 * @param actor Who caused the change.
 * @param viewer The subscriber.
 * @returns The `source` the subscriber receives.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { sourceFor, systemActor } from './actor.ts';
 * const me = { userId: 'usr_alice', clientId: 'tab-one-1' };
 * assert.equal(sourceFor({ userId: 'usr_alice', clientId: 'tab-one-1', agent: false }, me), 'local_user');
 * assert.equal(sourceFor({ userId: 'usr_alice', clientId: 'tab-two-2', agent: false }, me), 'remote_user');
 * assert.equal(sourceFor({ userId: 'usr_alice', clientId: 'tab-one-1', agent: true }, me), 'remote_agent');
 * assert.equal(sourceFor(systemActor, me), 'system');
 * ```
 */
export function sourceFor(actor: Actor, viewer: Viewer): ChangeSource {
  if (actor.userId === null) return 'system';
  if (actor.agent) return 'remote_agent';
  return isOwnClient(actor, viewer) ? 'local_user' : 'remote_user';
}

/**
 * How a subscriber sees who changed their user storage (`userStorageChanged`).
 *
 * @param actor Who changed it.
 * @param viewer The subscriber.
 * @returns `local` for the subscriber's own client, `remote` for anyone else.
 */
export function storageSourceFor(actor: Actor, viewer: Viewer): 'local' | 'remote' {
  return isOwnClient(actor, viewer) ? 'local' : 'remote';
}

function isOwnClient(actor: Actor, viewer: Viewer): boolean {
  return actor.clientId !== null && actor.clientId === viewer.clientId &&
    actor.userId === viewer.userId && !actor.agent;
}
