/**
 * A valid input for every Rool variant, naming the fixture space's channel, collection, object
 * and conversation, so that a caller the contract lets through gets a plain success. The inputs
 * are written by hand from the registry's types; `rool.test.ts` checks that they name exactly
 * the variants of `rool-policy.ts` and that each passes the generated validator.
 *
 * @module
 */
import { type RoolUser, type SpaceFixture, userIdOf } from './rool-world.ts';

/** An input builder: the fixture space and the calling user. */
export type RoolInput = (fx: SpaceFixture, user: RoolUser) => Record<string, unknown>;

const space: RoolInput = (fx) => ({ spaceId: fx.spaceId });
const channel: RoolInput = (fx) => ({ spaceId: fx.spaceId, channelId: fx.channelId });
const side: RoolInput = (fx) => ({ ...channel(fx, 'alice'), conversationId: fx.conversationId });

/** Every variant's input, by variant name. */
export const roolInputs: Readonly<Record<string, RoolInput>> = Object.freeze({
  'user.get': () => ({}),
  'user.update': () => ({ name: 'Renamed' }),
  'user.delete': () => ({}),
  'user.search': () => ({ email: 'bob@example.com' }),
  'user.setPassword': () => ({ password: 'matrix-pass-42' }),
  'storage.get': () => ({}),
  'storage.set': () => ({ key: 'theme', value: 'dark' }),
  'auth.verify': () => ({ token: 'not-a-verification-token' }),
  'auth.logout': () => ({}),
  'telemetry.report': () => ({ event: 'matrix' }),
  'spaces.list': () => ({}),
  'spaces.create': () => ({ name: 'New' }),
  'spaces.get': space,
  'spaces.rename': (fx) => ({ spaceId: fx.spaceId, name: 'Renamed' }),
  'spaces.delete': space,
  'spaces.duplicate': (fx) => ({ spaceId: fx.spaceId, name: 'Copy' }),
  'spaces.setLinkAccess': (fx) => ({ spaceId: fx.spaceId, linkAccess: 'viewer' }),
  'members.list': space,
  'members.add': (fx) => ({ spaceId: fx.spaceId, userId: userIdOf('gina'), role: 'editor' }),
  'members.add (granting admin)': (fx) => ({
    spaceId: fx.spaceId,
    userId: userIdOf('gina'),
    role: 'admin',
  }),
  "members.add (changing an admin's role)": (fx) => ({
    spaceId: fx.spaceId,
    userId: userIdOf('hank'),
    role: 'editor',
  }),
  'members.remove': (fx) => ({ spaceId: fx.spaceId, userId: userIdOf('frank') }),
  'members.remove (an admin)': (fx) => ({ spaceId: fx.spaceId, userId: userIdOf('hank') }),
  'members.remove (leaving)': (fx, user) => ({ spaceId: fx.spaceId, userId: userIdOf(user) }),
  'channels.list': space,
  'channels.open': channel,
  'channels.open (creating the channel)': (fx) => ({ spaceId: fx.spaceId, channelId: 'fresh' }),
  'channels.rename': (fx) => ({ ...channel(fx, 'alice'), name: 'Main' }),
  'channels.delete': channel,
  'objects.get': (fx) => ({ spaceId: fx.spaceId, path: fx.objectPath }),
  'objects.getMany': (fx) => ({ spaceId: fx.spaceId, paths: [fx.objectPath] }),
  'objects.stat': (fx) => ({ spaceId: fx.spaceId, path: fx.objectPath }),
  'objects.put': (fx) => ({
    ...channel(fx, 'alice'),
    path: `/space/${fx.collection}/b.json`,
    body: { title: 'b' },
  }),
  'objects.patch': (fx) => ({ ...channel(fx, 'alice'), path: fx.objectPath, data: { title: 'x' } }),
  'objects.move': (fx) => ({
    ...channel(fx, 'alice'),
    from: fx.objectPath,
    to: `/space/${fx.collection}/c.json`,
  }),
  'objects.delete': (fx) => ({ ...channel(fx, 'alice'), paths: [fx.objectPath] }),
  'collections.create': (fx) => ({ ...channel(fx, 'alice'), name: 'other', def: { fields: [] } }),
  'collections.alter': (fx) => ({
    ...channel(fx, 'alice'),
    name: fx.collection,
    def: { fields: [{ name: 'done', type: { kind: 'boolean' } }] },
  }),
  'collections.drop': (fx) => ({ ...channel(fx, 'alice'), name: fx.collection }),
  'schema.get': space,
  'metadata.get': space,
  'metadata.set': (fx) => ({ ...channel(fx, 'alice'), key: 'k', value: 1 }),
  'proxy.fetch': (fx) => ({ ...channel(fx, 'alice'), url: 'https://example.com/' }),
  'conversations.list': channel,
  'conversations.get': side,
  'conversations.delete': side,
  'conversations.rename': (fx) => ({ ...side(fx, 'alice'), name: 'Renamed' }),
  'conversations.setSystemInstruction': (fx) => ({ ...side(fx, 'alice'), instruction: 'Be brief' }),
  'ai.prompt': (fx) => ({ ...channel(fx, 'alice'), text: 'Hello' }),
  'ai.stop': channel,
  'ai.stopInteraction': (fx) => ({ ...channel(fx, 'alice'), interactionId: 'int_none' }),
  'checkpoints.create': (fx) => ({ ...channel(fx, 'alice'), label: 'before' }),
  'checkpoints.status': channel,
  'checkpoints.history': channel,
  'checkpoints.undo': channel,
  'checkpoints.redo': channel,
  'checkpoints.clear': channel,
});
