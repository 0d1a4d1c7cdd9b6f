/**
 * What the rest of the mock calls to announce a change on users' client
 * streams (docs/rool-events.md): spaces added to, removed from and renamed
 * in a user's list, and user storage. Losing access to a space also ends
 * that user's streams of the space, after a last `spaceRemoved`. Call these
 * only once the change is made.
 *
 * @module
 */
import type { RoolRuntime } from '../context.ts';
import { effectiveRole } from '../roles.ts';
import type { SpaceRecord } from '../state.ts';
import { spaceInfo } from '../views.ts';
import type { Actor } from './actor.ts';
import { type Farewell, spaceScope, userScope } from './hub.ts';

/**
 * Announces a space to a user who became its member: its creator (create, duplicate, import) or
 * a user added to it. Link access is not membership and announces nothing.
 *
 * @param runtime The running mock.
 * @param change The space, the user, and who made the change.
 */
export function notifySpaceAdded(
  runtime: RoolRuntime,
  change: { space: SpaceRecord; userId: string; actor: Actor },
): void {
  const { space, userId, actor } = change;
  // The user's copy shows their own role.
  publishTo(runtime, userId, 'spaceAdded', { space: spaceInfo(space, userId) }, actor);
}

/**
 * Announces a renamed space to every member.
 *
 * @param runtime The running mock.
 * @param change The space, renamed, and who renamed it.
 */
export function notifySpaceRenamed(
  runtime: RoolRuntime,
  change: { space: SpaceRecord; actor: Actor },
): void {
  const { space, actor } = change;
  for (const userId of space.members.keys()) {
    publishTo(runtime, userId, 'spaceRenamed', { spaceId: space.id, name: space.name }, actor);
  }
}

/**
 * Announces a deleted space to its former members, and ends every stream of it (members' and
 * link visitors') after a last `spaceRemoved`.
 *
 * @param runtime The running mock.
 * @param change The space's ID, its members before the deletion, and who deleted it.
 */
export function notifySpaceDeleted(
  runtime: RoolRuntime,
  change: { spaceId: string; memberIds: readonly string[]; actor: Actor },
): void {
  const { spaceId, memberIds, actor } = change;
  for (const userId of memberIds) publishTo(runtime, userId, 'spaceRemoved', { spaceId }, actor);
  runtime.events.hub.drop(spaceScope(spaceId), farewell(spaceId));
}

/**
 * Announces to a user removed from a space (or who left it) that it left their list, and ends
 * their streams of it if they can no longer read it (link access may still let them).
 *
 * @param runtime The running mock.
 * @param change The space, the user, and who removed them.
 */
export function notifyMemberRemoved(
  runtime: RoolRuntime,
  change: { space: SpaceRecord; userId: string; actor: Actor },
): void {
  const { space, userId, actor } = change;
  publishTo(runtime, userId, 'spaceRemoved', { spaceId: space.id }, actor);
  endStreamsWithoutAccess(runtime, space);
}

/**
 * Ends the space's streams of everyone who can no longer read it, after a last `spaceRemoved`:
 * call it when link access is lowered or a member removed.
 *
 * @param runtime The running mock.
 * @param space The space, as it is now.
 * @returns How many streams were ended.
 */
export function endStreamsWithoutAccess(runtime: RoolRuntime, space: SpaceRecord): number {
  return runtime.events.hub.endWhere(
    spaceScope(space.id),
    (subscriber) => effectiveRole(space, subscriber.userId) === undefined,
    farewell(space.id),
  );
}

/**
 * Announces a user-storage change to the user's client streams: `source` is `local` on the
 * stream of the client that wrote it and `remote` on the others.
 *
 * @param runtime The running mock.
 * @param change The user, the key, the new value (`undefined` when deleted), and who wrote it.
 */
export function notifyUserStorageChanged(
  runtime: RoolRuntime,
  change: { userId: string; key: string; value: unknown; actor: Actor },
): void {
  const { userId, key, value, actor } = change;
  const data = value === undefined ? { key } : { key, value };
  runtime.events.hub.publish(userScope(userId), {
    name: 'userStorageChanged',
    data,
    actor,
    style: 'storage',
  });
}

function publishTo(
  runtime: RoolRuntime,
  userId: string,
  name: string,
  data: Record<string, unknown>,
  actor: Actor,
): void {
  runtime.events.hub.publish(userScope(userId), { name, data, actor, style: 'none' });
}

function farewell(spaceId: string): Farewell {
  return { name: 'spaceRemoved', json: JSON.stringify({ spaceId }) };
}
