/**
 * What the rest of the mock calls to announce a change on the live-event
 * streams (docs/rool-events.md).
 *
 * @module
 */
import type { RoolRuntime } from '../context.ts';
import type { Actor } from './actor.ts';

/**
 * Announces that something under `/space` or `/rool-drive` of a space changed.
 *
 * @param runtime The running mock.
 * @param spaceId The space.
 * @param actor Who changed it.
 */
export function notifyFilesChanged(runtime: RoolRuntime, spaceId: string, actor: Actor): void {
  // Scaffold for the events work in progress: the hub replaces this body.
  void runtime;
  void spaceId;
  void actor;
}

/**
 * Announces that a space's sync history is gone, so sync tokens are void.
 *
 * @param runtime The running mock.
 * @param spaceId The space.
 * @param actor Who caused it; usually `systemActor`.
 */
export function notifyFilesReset(runtime: RoolRuntime, spaceId: string, actor: Actor): void {
  // Scaffold for the events work in progress: the hub replaces this body.
  void runtime;
  void spaceId;
  void actor;
}
