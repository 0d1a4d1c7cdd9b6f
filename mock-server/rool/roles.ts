/**
 * Roles (docs/rool-contract.md §3): `owner` > `admin` > `editor` > `viewer`.
 * A caller's effective role in a space is the stronger of their membership
 * and the space's link access; without one the space does not exist for them
 * (404), and a role too weak for a method is 403.
 *
 * @module
 */
import type { RoolUserRole } from '../../src/rool/types.ts';
import { RpcFault } from '../rpc/fault.ts';
import type { RoolContext } from './context.ts';
import type { ChannelRecord, SpaceRecord } from './state.ts';

const rank: Record<RoolUserRole, number> = { viewer: 1, editor: 2, admin: 3, owner: 4 };
const article: Record<RoolUserRole, string> = {
  viewer: 'a',
  editor: 'an',
  admin: 'an',
  owner: 'an',
};

/**
 * Whether `role` is at least `needed`.
 *
 * @param role The role held, if any.
 * @param needed The role needed.
 * @returns `true` when `role` ranks at or above `needed`.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { atLeast } from './roles.ts';
 * assert.ok(atLeast('admin', 'editor'));
 * assert.ok(!atLeast('viewer', 'editor'));
 * assert.ok(!atLeast(undefined, 'viewer'));
 * ```
 */
export function atLeast(role: RoolUserRole | undefined, needed: RoolUserRole): boolean {
  return role !== undefined && rank[role] >= rank[needed];
}

/**
 * A user's effective role in a space: the stronger of their membership and the link's.
 *
 * @param space The space.
 * @param userId The user.
 * @returns The role, or `undefined` when they have none.
 */
export function effectiveRole(space: SpaceRecord, userId: string): RoolUserRole | undefined {
  const member = space.members.get(userId);
  const link = space.linkAccess === 'none' ? undefined : space.linkAccess;
  if (member === undefined) return link;
  return link !== undefined && rank[link] > rank[member] ? link : member;
}

/** A space the caller may act in, and their role there. */
export interface SpaceAccess {
  /** The space. */
  space: SpaceRecord;
  /** The caller's effective role. */
  role: RoolUserRole;
}

/**
 * Finds a space the caller may see and checks their role.
 *
 * @param ctx The call's context.
 * @param spaceId The space ID.
 * @param needed The role the method needs.
 * @returns The space and the caller's role.
 * @throws {RpcFault} `not_found` when there is no such space or the caller has no role in it;
 * `forbidden` when their role is weaker than `needed`.
 */
export function requireSpace(
  ctx: RoolContext,
  spaceId: string,
  needed: RoolUserRole,
): SpaceAccess {
  const space = ctx.state.spaces.get(spaceId);
  const role = space && effectiveRole(space, ctx.user.id);
  if (!space || role === undefined) {
    throw new RpcFault('not_found', `Space ${ctx.quote(spaceId)} not found`);
  }
  requireRole(role, needed, 'This');
  return { space, role };
}

/**
 * Checks that a role is strong enough.
 *
 * @param role The caller's role.
 * @param needed The role needed.
 * @param what What needs it, to start the message, e.g. `Granting admin`.
 * @throws {RpcFault} `forbidden`, naming the role needed and the role held.
 */
export function requireRole(role: RoolUserRole, needed: RoolUserRole, what: string): void {
  if (!atLeast(role, needed)) {
    throw new RpcFault(
      'forbidden',
      `${what} needs the ${needed} role or higher; you are ${article[role]} ${role}`,
    );
  }
}

/**
 * Finds a channel of a space.
 *
 * @param ctx The call's context.
 * @param space The space.
 * @param channelId The channel ID.
 * @returns The channel.
 * @throws {RpcFault} `not_found` when the space has no such channel.
 */
export function requireChannel(
  ctx: RoolContext,
  space: SpaceRecord,
  channelId: string,
): ChannelRecord {
  const channel = space.channels.get(channelId);
  if (!channel) {
    throw new RpcFault(
      'not_found',
      `Channel ${ctx.quote(channelId)} not found in space ${ctx.quote(space.id)}; ` +
        'open it with channels.open first',
    );
  }
  return channel;
}

/**
 * Finds a space the caller may see, checks their role, then finds the channel: the checks of
 * every call made through a channel, in the contract's order.
 *
 * @param ctx The call's context.
 * @param input The space and channel IDs.
 * @param needed The role the method needs.
 * @returns The space, the caller's role and the channel.
 * @throws {RpcFault} `not_found` for the space or the channel; `forbidden` for the role.
 */
export function requireSpaceChannel(
  ctx: RoolContext,
  input: { spaceId: string; channelId: string },
  needed: RoolUserRole,
): SpaceAccess & { channel: ChannelRecord } {
  const access = requireSpace(ctx, input.spaceId, needed);
  return { ...access, channel: requireChannel(ctx, access.space, input.channelId) };
}
