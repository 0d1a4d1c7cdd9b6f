/**
 * Handlers of `members.*` (docs/rool-contract.md §3). Admins add and remove
 * editors and viewers; only the owner grants, changes or removes an admin;
 * nobody grants `owner`, and the owner is never removed or demoted. Any member
 * but the owner may remove themselves.
 *
 * @module
 */
import { RpcFault } from '../../rpc/fault.ts';
import { actorOf } from '../events/actor.ts';
import { notifyMemberRemoved, notifySpaceAdded } from '../events/notify-client.ts';
import { requireRole, requireSpace } from '../roles.ts';
import { memberList } from '../views.ts';
import type { NamespaceHandlers } from './_types.ts';

/** Handlers of the member methods. */
export const membersHandlers: NamespaceHandlers<'members'> = {
  'members.list': ({ spaceId }, ctx) => {
    const { space } = requireSpace(ctx, spaceId, 'viewer');
    return { members: memberList(ctx.state, space) };
  },
  'members.add': ({ spaceId, userId, role }, ctx) => {
    const { space, role: callerRole } = requireSpace(ctx, spaceId, 'admin');
    const current = space.members.get(userId);
    if (role === 'admin') requireRole(callerRole, 'owner', 'Granting the admin role');
    if (current === 'admin') requireRole(callerRole, 'owner', "Changing an admin's role");
    if (current === 'owner') {
      throw new RpcFault('conflict', 'The owner cannot be demoted; nobody grants or changes owner');
    }
    const user = ctx.state.users.get(userId);
    if (!user || user.deleted) {
      throw new RpcFault('not_found', `User ${ctx.quote(userId)} not found`);
    }
    space.members.set(userId, role);
    space.updatedAt = ctx.now;
    if (current === undefined) {
      notifySpaceAdded(ctx.runtime, { space, userId, actor: actorOf(ctx) });
    }
    return { members: memberList(ctx.state, space) };
  },
  'members.remove': ({ spaceId, userId }, ctx) => {
    const leaving = userId === ctx.user.id;
    // Leaving needs membership only; removing someone else needs admin.
    const { space, role: callerRole } = requireSpace(ctx, spaceId, leaving ? 'viewer' : 'admin');
    const current = space.members.get(userId);
    if (current === 'owner') {
      throw new RpcFault('conflict', 'The owner cannot be removed from their space');
    }
    if (current === 'admin' && !leaving) {
      requireRole(callerRole, 'owner', 'Removing an admin');
    }
    if (current === undefined) {
      throw new RpcFault(
        'not_found',
        `User ${ctx.quote(userId)} is not a member of space ${ctx.quote(space.id)}`,
      );
    }
    space.members.delete(userId);
    space.updatedAt = ctx.now;
    notifyMemberRemoved(ctx.runtime, { space, userId, actor: actorOf(ctx) });
    return { members: memberList(ctx.state, space) };
  },
};
