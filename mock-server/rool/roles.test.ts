// The role matrix of docs/rool-contract.md §3: for every method that acts on a space, what each
// role (and no role) gets, and that the link grants its role to anyone signed in.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LinkAccess, RoolUserRole } from '../../src/rool/types.ts';
import { setupRool, tokens } from './_testing.ts';

type Need = 'viewer' | 'editor' | 'admin' | 'owner';

/** A method, the role it needs, and a valid input for the space built by `world`. */
const calls: [string, Need, (s: string) => Record<string, unknown>][] = [
  ['spaces.get', 'viewer', (spaceId) => ({ spaceId })],
  ['spaces.duplicate', 'viewer', (spaceId) => ({ spaceId, name: 'Copy' })],
  ['members.list', 'viewer', (spaceId) => ({ spaceId })],
  ['channels.list', 'viewer', (spaceId) => ({ spaceId })],
  ['channels.open', 'viewer', (spaceId) => ({ spaceId, channelId: 'main' })],
  ['objects.get', 'viewer', (spaceId) => ({ spaceId, path: '/space/n/a.json' })],
  ['objects.getMany', 'viewer', (spaceId) => ({ spaceId, paths: ['/space/n/a.json'] })],
  ['objects.stat', 'viewer', (spaceId) => ({ spaceId, path: '/space/n/a.json' })],
  ['schema.get', 'viewer', (spaceId) => ({ spaceId })],
  ['metadata.get', 'viewer', (spaceId) => ({ spaceId })],
  ['conversations.list', 'viewer', (spaceId) => ({ spaceId, channelId: 'main' })],
  ['conversations.get', 'viewer', (spaceId) => ({ spaceId, channelId: 'main' })],
  ['ai.prompt', 'viewer', (spaceId) => ({ spaceId, channelId: 'main', text: 'hi' })],
  ['ai.stop', 'viewer', (spaceId) => ({ spaceId, channelId: 'main' })],
  ['ai.stopInteraction', 'viewer', (spaceId) => ({
    spaceId,
    channelId: 'main',
    interactionId: 'int_x',
  })],
  ['checkpoints.status', 'viewer', (spaceId) => ({ spaceId, channelId: 'main' })],
  ['checkpoints.history', 'viewer', (spaceId) => ({ spaceId, channelId: 'main' })],
  ['channels.open', 'editor', (spaceId) => ({ spaceId, channelId: 'new' })],
  ['channels.rename', 'editor', (spaceId) => ({ spaceId, channelId: 'main', name: 'M' })],
  ['channels.delete', 'editor', (spaceId) => ({ spaceId, channelId: 'main' })],
  ['objects.put', 'editor', (spaceId) => ({
    spaceId,
    channelId: 'main',
    path: '/space/n/b.json',
    body: {},
  })],
  ['objects.patch', 'editor', (spaceId) => ({
    spaceId,
    channelId: 'main',
    path: '/space/n/a.json',
    data: { x: 1 },
  })],
  ['objects.move', 'editor', (spaceId) => ({
    spaceId,
    channelId: 'main',
    from: '/space/n/a.json',
    to: '/space/n/c.json',
  })],
  ['objects.delete', 'editor', (spaceId) => ({
    spaceId,
    channelId: 'main',
    paths: ['/space/n/a.json'],
  })],
  ['collections.create', 'editor', (spaceId) => ({
    spaceId,
    channelId: 'main',
    name: 'm',
    def: { fields: [] },
  })],
  ['collections.alter', 'editor', (spaceId) => ({
    spaceId,
    channelId: 'main',
    name: 'n',
    def: { fields: [] },
  })],
  ['collections.drop', 'editor', (spaceId) => ({ spaceId, channelId: 'main', name: 'n' })],
  ['metadata.set', 'editor', (spaceId) => ({ spaceId, channelId: 'main', key: 'k', value: 1 })],
  ['conversations.delete', 'editor', (spaceId) => ({
    spaceId,
    channelId: 'main',
    conversationId: 'other',
  })],
  ['conversations.rename', 'editor', (spaceId) => ({ spaceId, channelId: 'main', name: 'C' })],
  ['conversations.setSystemInstruction', 'editor', (spaceId) => ({
    spaceId,
    channelId: 'main',
    instruction: 'Be brief',
  })],
  ['checkpoints.create', 'editor', (spaceId) => ({ spaceId, channelId: 'main' })],
  ['checkpoints.undo', 'editor', (spaceId) => ({ spaceId, channelId: 'main' })],
  ['checkpoints.redo', 'editor', (spaceId) => ({ spaceId, channelId: 'main' })],
  ['checkpoints.clear', 'editor', (spaceId) => ({ spaceId, channelId: 'main' })],
  ['proxy.fetch', 'editor', (spaceId) => ({
    spaceId,
    channelId: 'main',
    url: 'https://example.com/',
  })],
  ['spaces.rename', 'admin', (spaceId) => ({ spaceId, name: 'R' })],
  ['spaces.setLinkAccess', 'admin', (spaceId) => ({ spaceId, linkAccess: 'viewer' })],
  ['members.add', 'admin', (spaceId) => ({ spaceId, userId: 'usr_carol', role: 'editor' })],
  ['members.remove', 'admin', (spaceId) => ({ spaceId, userId: 'usr_carol' })],
  ['spaces.delete', 'owner', (spaceId) => ({ spaceId })],
];

const rank = { viewer: 1, editor: 2, admin: 3, owner: 4 } as const;

/** Alice's space with a channel, a collection, an object, a second conversation, carol a viewer. */
async function world(bob: { role?: Exclude<RoolUserRole, 'owner'>; link?: LinkAccess }) {
  const setup = setupRool({ fetch: () => Promise.resolve(new Response('ok')) });
  const { alice } = setup;
  const { spaceId, channelId } = await setup.space();
  await alice.collections.create({ spaceId, channelId, name: 'n', def: { fields: [] } });
  await alice.objects.put({ spaceId, channelId, path: '/space/n/a.json', body: { v: 1 } });
  await alice.conversations.rename({ spaceId, channelId, conversationId: 'other', name: 'O' });
  await alice.members.add({ spaceId, userId: 'usr_carol', role: 'viewer' });
  if (bob.role) await alice.members.add({ spaceId, userId: 'usr_bob', role: bob.role });
  if (bob.link) await alice.spaces.setLinkAccess({ spaceId, linkAccess: bob.link });
  return { ...setup, spaceId };
}

describe('role matrix', () => {
  const cases: [string, { role?: Exclude<RoolUserRole, 'owner'>; link?: LinkAccess }, number][] = [
    ['a non-member', {}, 0],
    ['a non-member, link access none', { link: 'none' }, 0],
    ['a viewer', { role: 'viewer' }, 1],
    ['an editor', { role: 'editor' }, 2],
    ['an admin', { role: 'admin' }, 3],
    ['a non-member through a viewer link', { link: 'viewer' }, 1],
    ['a non-member through an editor link', { link: 'editor' }, 2],
    ['a viewer through an editor link', { role: 'viewer', link: 'editor' }, 2],
    ['an admin with a viewer link', { role: 'admin', link: 'viewer' }, 3],
  ];
  for (const [who, bob, level] of cases) {
    it(`${who}: ${level === 0 ? '404 everywhere' : 'allowed up to its role, 403 above'}`, async () => {
      for (const [method, need, input] of calls) {
        const { rpc, spaceId, digest } = await world(bob);
        const before = digest();
        const { status, body } = await rpc(method, input(spaceId), tokens.bob);
        const label = `${method} (needs ${need})`;
        if (level === 0) {
          assert.equal(status, 404, label);
          assert.match(body.error!.message, /^Space ".*" not found$/, label);
        } else if (level >= rank[need]) {
          assert.equal(status, 200, `${label}: ${JSON.stringify(body.error)}`);
        } else {
          assert.equal(status, 403, label);
          assert.equal(body.error!.type, 'forbidden', label);
        }
        if (status !== 200) assert.equal(digest(), before, `${label} changed nothing`);
      }
    });
  }
});
