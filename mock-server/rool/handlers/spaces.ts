/**
 * Handlers of `spaces.*` (docs/rool-contract.md §3): list, create, get,
 * rename, delete, duplicate, and the link's access. `spaces.get` names the
 * space's latest live event, so the stream opened after it misses nothing
 * (docs/rool-events.md, Opening a space).
 *
 * @module
 */
import type { Interaction } from '../../../src/rool/types.ts';
import type { RoolRuntime } from '../context.ts';
import { actorOf, systemActor } from '../events/actor.ts';
import { spaceScope } from '../events/hub.ts';
import { notifyFilesReset } from '../events/notify.ts';
import { createSpaceStorage } from '../files/space-files.ts';
import {
  endStreamsWithoutAccess,
  notifySpaceAdded,
  notifySpaceDeleted,
  notifySpaceRenamed,
} from '../events/notify-client.ts';
import { requireSpace } from '../roles.ts';
import { type ChannelRecord, randomId, settledInteraction, type SpaceRecord } from '../state.ts';
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
    const space = newSpace(ctx.runtime, { ownerId: ctx.user.id, name, now: ctx.now });
    ctx.state.spaces.set(space.id, space);
    notifySpaceAdded(ctx.runtime, { space, userId: ctx.user.id, actor: actorOf(ctx) });
    return spaceInfo(space, ctx.user.id);
  },
  'spaces.get': ({ spaceId }, ctx) => {
    const { space } = requireSpace(ctx, spaceId, 'viewer');
    return {
      space: spaceInfo(space, ctx.user.id),
      channels: [...space.channels.values()].map(channelInfo),
      // Read in the same synchronous step as the channels, so no event falls between the two.
      eventId: ctx.runtime.events.hub.latestId(spaceScope(space.id)),
    };
  },
  'spaces.rename': ({ spaceId, name }, ctx) => {
    const { space } = requireSpace(ctx, spaceId, 'admin');
    space.name = name;
    space.updatedAt = ctx.now;
    notifySpaceRenamed(ctx.runtime, { space, actor: actorOf(ctx) });
    return spaceInfo(space, ctx.user.id);
  },
  'spaces.delete': ({ spaceId }, ctx) => {
    const { space } = requireSpace(ctx, spaceId, 'owner');
    ctx.runtime.inFlight.stop((prompt) => prompt.spaceId === space.id);
    ctx.state.spaces.delete(space.id);
    const memberIds = [...space.members.keys()];
    notifySpaceDeleted(ctx.runtime, { spaceId: space.id, memberIds, actor: actorOf(ctx) });
    return {};
  },
  'spaces.duplicate': ({ spaceId, name }, ctx) => {
    const { space } = requireSpace(ctx, spaceId, 'viewer');
    // The copy's objects, schema and drive (./files/); locks and sync history start anew.
    const copy = newSpace(ctx.runtime, { ownerId: ctx.user.id, name, now: ctx.now, copyOf: space });
    copy.metadata = new Map(space.metadata);
    for (const channel of space.channels.values()) {
      copy.channels.set(channel.id, copyChannel(channel));
    }
    copy.interactionIndex = new Map(space.interactionIndex);
    ctx.state.spaces.set(copy.id, copy);
    notifySpaceAdded(ctx.runtime, { space: copy, userId: ctx.user.id, actor: actorOf(ctx) });
    return spaceInfo(copy, ctx.user.id);
  },
  'spaces.setLinkAccess': ({ spaceId, linkAccess }, ctx) => {
    const { space } = requireSpace(ctx, spaceId, 'admin');
    space.linkAccess = linkAccess;
    space.updatedAt = ctx.now;
    endStreamsWithoutAccess(ctx.runtime, space);
    return spaceInfo(space, ctx.user.id);
  },
};

/**
 * A new space, empty or holding a copy of another space's objects, schema and drive. Its change
 * log announces `filesReset` when compaction expires sync tokens.
 *
 * @param runtime The running mock, for its limits and live events.
 * @param init The owner, the name, the clock reading (ms) and the space to copy, if any.
 * @returns The space, not yet stored.
 */
export function newSpace(
  runtime: RoolRuntime,
  init: { ownerId: string; name: string; now: number; copyOf?: SpaceRecord },
): SpaceRecord {
  const { ownerId, name, now, copyOf } = init;
  const id = randomId('spc');
  const storage = createSpaceStorage({
    limits: runtime.limits,
    now,
    onReset: () => notifyFilesReset(runtime, id, systemActor),
    objects: copyOf?.objects,
    schema: copyOf?.schema,
    drive: copyOf?.files.drive,
  });
  return {
    id,
    name,
    ownerId,
    createdAt: now,
    updatedAt: now,
    linkAccess: 'none',
    members: new Map([[ownerId, 'owner']]),
    ...storage,
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
        interactions.set(iid, structuredClone(settledInteraction(interaction)));
      }
      return [id, { ...conversation, interactions }];
    }),
  );
  return { ...channel, conversations, undo: [], redo: [] };
}
