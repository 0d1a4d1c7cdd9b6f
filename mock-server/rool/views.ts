/**
 * Records as the wire shows them: the info types of docs/rool-contract.md,
 * built from the state at the moment of the answer. Times of spaces and users
 * are ISO 8601; those of channels, conversations and interactions epoch ms.
 *
 * @module
 */
import type {
  ChannelInfo,
  Conversation,
  ConversationInfo,
  CurrentUser,
  RoolSpaceInfo,
  RoolUserRole,
  SpaceMember,
  UserResult,
} from '../../src/rool/types.ts';
import { iso } from '../roj/state.ts';
import { effectiveRole } from './roles.ts';
import { contentSize } from './size.ts';
import type {
  ChannelRecord,
  ConversationRecord,
  RoolState,
  SpaceRecord,
  UserRecord,
} from './state.ts';

/**
 * A space as the caller sees it.
 *
 * @param space The space.
 * @param userId The caller, whose role it shows.
 * @returns The info.
 */
export function spaceInfo(space: SpaceRecord, userId: string): RoolSpaceInfo {
  return {
    id: space.id,
    name: space.name,
    inboundEmailAddress: `${space.id}@inbound.rool.test`,
    role: effectiveRole(space, userId) ?? 'viewer',
    ownerId: space.ownerId,
    size: contentSize(space),
    createdAt: iso(space.createdAt),
    updatedAt: iso(space.updatedAt),
    linkAccess: space.linkAccess,
    memberCount: space.members.size,
  };
}

/**
 * A space's members, owner first.
 *
 * @param state The state, for the users' emails.
 * @param space The space.
 * @returns The members.
 */
export function memberList(state: RoolState, space: SpaceRecord): SpaceMember[] {
  const members: SpaceMember[] = [];
  for (const [id, role] of space.members) {
    members.push({ id, email: state.users.get(id)?.email ?? '', role, photoUrl: null });
  }
  const order = (role: RoolUserRole) => (role === 'owner' ? 0 : 1);
  return members.sort((a, b) => order(a.role) - order(b.role));
}

/**
 * A channel as listed.
 *
 * @param channel The channel.
 * @returns The info.
 */
export function channelInfo(channel: ChannelRecord): ChannelInfo {
  return {
    id: channel.id,
    name: channel.name,
    createdAt: channel.createdAt,
    createdBy: channel.createdBy,
    createdByName: channel.createdByName,
    conversationCount: channel.conversations.size,
  };
}

/**
 * A conversation as listed.
 *
 * @param conversation The conversation.
 * @returns The info.
 */
export function conversationInfo(conversation: ConversationRecord): ConversationInfo {
  return {
    id: conversation.id,
    name: conversation.name,
    createdAt: conversation.createdAt,
    createdBy: conversation.createdBy,
    interactionCount: conversation.interactions.size,
  };
}

/**
 * A conversation with its whole tree.
 *
 * @param conversation The conversation.
 * @returns It, as `conversations.get` answers it.
 */
export function conversationView(conversation: ConversationRecord): Conversation {
  return {
    id: conversation.id,
    name: conversation.name,
    systemInstruction: conversation.systemInstruction,
    createdAt: conversation.createdAt,
    createdBy: conversation.createdBy,
    interactions: Object.fromEntries(conversation.interactions),
  };
}

/**
 * The signed-in user's profile.
 *
 * @param user The user.
 * @param now The clock reading (ms), for `processedAt`.
 * @returns The profile.
 */
export function currentUser(user: UserRecord, now: number): CurrentUser {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    photoUrl: null,
    slug: user.slug,
    plan: 'free',
    creditsBalance: 0,
    totalCreditsUsed: 0,
    createdAt: iso(user.createdAt),
    lastActivity: iso(user.lastActivity),
    processedAt: iso(now),
    storage: Object.fromEntries(user.storage),
  };
}

/**
 * A user as `user.search` finds them.
 *
 * @param user The user.
 * @returns The result.
 */
export function userResult(user: UserRecord): UserResult {
  return { id: user.id, email: user.email, name: user.name, photoUrl: null };
}
