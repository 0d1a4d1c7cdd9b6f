/**
 * Who caused a change, as live events record it (docs/rool-events.md). Each
 * subscriber sees it as a `source`: `local_user` when the change came from
 * the subscriber's own client ID, `remote_agent` when the agent made it,
 * `system` when the mock did (reset, history compaction), and `remote_user`
 * otherwise.
 *
 * @module
 */
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
