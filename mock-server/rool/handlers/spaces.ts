/**
 * Handlers of `spaces.*` (docs/rool-contract.md §3): list, create, get,
 * rename, delete, duplicate, and the link's access.
 *
 * @module
 */
import type { Interaction } from '../../../src/rool/types.ts';
import { requireSpace } from '../roles.ts';
import { type ChannelRecord, randomId, type SpaceRecord } from '../state.ts';
import { channelInfo, spaceInfo } from '../views.ts';
import type { NamespaceHandlers } from './_types.ts';

/** Handlers of the space methods. */
export const spacesHandlers: NamespaceHandlers<'spaces'> = {
  'spaces.list': (_input, ctx) => {
    const spaces = [...ctx.state.spaces.values()]
      .filter((space) => space.members.has(ctx.user.id))
      .reverse()
      .map((space) => spaceInfo(space, ctx.user.id));
    return { spaces };
  },
  'spaces.create': ({ name }, ctx) => {
    const space = newSpace(ctx.user.id, name, ctx.now);
    ctx.state.spaces.set(space.id, space);
    return spaceInfo(space, ctx.user.id);
  },
  'spaces.get': ({ spaceId }, ctx) => {
    const { space } = requireSpace(ctx, spaceId, 'viewer');
    return {
      space: spaceInfo(space, ctx.user.id),
      channels: [...space.channels.values()].map(channelInfo),
    };
  },
  'spaces.rename': ({ spaceId, name }, ctx) => {
    const { space } = requireSpace(ctx, spaceId, 'admin');
    space.name = name;
    space.updatedAt = ctx.now;
    return spaceInfo(space, ctx.user.id);
  },
  'spaces.delete': ({ spaceId }, ctx) => {
    const { space } = requireSpace(ctx, spaceId, 'owner');
    ctx.runtime.inFlight.stop((prompt) => prompt.spaceId === space.id);
    ctx.state.spaces.delete(space.id);
    return {};
  },
  'spaces.duplicate': ({ spaceId, name }, ctx) => {
    const { space } = requireSpace(ctx, spaceId, 'viewer');
    const copy = newSpace(ctx.user.id, name, ctx.now);
    copy.objects = new Map(space.objects);
    copy.schema = new Map(space.schema);
    copy.metadata = new Map(space.metadata);
    for (const channel of space.channels.values()) {
      copy.channels.set(channel.id, copyChannel(channel));
    }
    copy.interactionIndex = new Map(space.interactionIndex);
    ctx.state.spaces.set(copy.id, copy);
    return spaceInfo(copy, ctx.user.id);
  },
  'spaces.setLinkAccess': ({ spaceId, linkAccess }, ctx) => {
    const { space } = requireSpace(ctx, spaceId, 'admin');
    space.linkAccess = linkAccess;
    space.updatedAt = ctx.now;
    return spaceInfo(space, ctx.user.id);
  },
};

/**
 * A new, empty space.
 *
 * @param ownerId The owner.
 * @param name The name.
 * @param now The clock reading (ms).
 * @returns The space, not yet stored.
 */
function newSpace(ownerId: string, name: string, now: number): SpaceRecord {
  return {
    id: randomId('spc'),
    name,
    ownerId,
    createdAt: now,
    updatedAt: now,
    linkAccess: 'none',
    members: new Map([[ownerId, 'owner']]),
    objects: new Map(),
    schema: new Map(),
    metadata: new Map(),
    channels: new Map(),
    interactionIndex: new Map(),
  };
}

/** A channel's copy with its conversations; undo and redo start empty. */
function copyChannel(channel: ChannelRecord): ChannelRecord {
  const conversations = new Map(
    [...channel.conversations].map(([id, conversation]) => {
      const interactions = new Map<string, Interaction>();
      for (const [iid, interaction] of conversation.interactions) {
        const copy = structuredClone(interaction);
        // A prompt in flight in the original does not go on in the copy.
        if (copy.status === 'streaming' || copy.status === 'pending') {
          copy.status = 'error';
          copy.output = 'Stopped';
        }
        interactions.set(iid, copy);
      }
      return [id, { ...conversation, interactions }];
    }),
  );
  return { ...channel, conversations, undo: [], redo: [] };
}
