/**
 * Spaces, members, link access and channels (contract §3): create, get, list, rename,
 * duplicate, delete and set link access, by either user, so the role matrix (no role 404,
 * viewer writes 403, link access) comes from the same commands; members add (user B with a
 * role, or an unknown user, or `owner`, which nobody grants) and remove; channels open, list,
 * rename and delete, with IDs at and past the schema's bounds.
 *
 * @module
 */
import fc from 'fast-check';
import { sym } from '../../call.ts';
import type { ConformanceCommand } from '../../commands/base.ts';
import {
  ensureWorkspace,
  facts,
  nth,
  ok,
  pickSpace,
  recordSpace,
  rool,
  roolOp,
  spaceId,
  spaceName,
  type Who,
  whoArbitrary,
} from './_rool.ts';

/** Names: the run's own, or empty or one past the 200 characters (400). */
const nameArbitrary = fc.constantFrom<'ok' | 'empty' | 'long'>('ok', 'ok', 'ok', 'empty', 'long');

function nameOf(kind: 'ok' | 'empty' | 'long', ok: string): string {
  return kind === 'ok' ? ok : kind === 'empty' ? '' : `conformance-${'x'.repeat(189)}`;
}

/** Channel IDs: ones the run uses, the schema's longest, and near misses (400). */
const channelIds: readonly string[] = [
  'main',
  'main',
  'side',
  'side',
  'c'.repeat(32),
  'c'.repeat(33),
  'has space',
  '',
  'dot.ted',
];

const space = fc.nat();

/**
 * The space, member and channel commands.
 *
 * @returns The commands.
 */
export function spaceCommands(): ConformanceCommand[] {
  return [
    roolOp({
      name: 'spaces.create',
      weight: 2,
      args: fc.record({ who: fc.constantFrom<Who>(0, 0, 0, 0, 1), name: nameArbitrary }),
      build: (model, { who, name }) => ({
        call: rool('spaces.create', { name: nameOf(name, spaceName(model)) }, who),
        after: (model, answers) => recordSpace(model, { ...answers, owner: who }),
      }),
    }),
    roolOp({
      name: 'spaces.get',
      args: fc.record({ space, who: whoArbitrary }),
      prepare: (model, pair, { space }) => ensureWorkspace(model, pair, space),
      build: (model, { space, who }) => ({
        call: rool('spaces.get', { spaceId: spaceId(pickSpace(model, space)) }, who),
      }),
    }),
    roolOp({
      name: 'spaces.list',
      args: fc.record({ who: fc.constantFrom<Who>(0, 1) }),
      build: (_model, { who }) => ({ call: rool('spaces.list', {}, who) }),
    }),
    roolOp({
      name: 'spaces.rename',
      args: fc.record({ space, who: whoArbitrary, name: nameArbitrary }),
      build: (model, { space, who, name }) => ({
        call: rool('spaces.rename', {
          spaceId: spaceId(pickSpace(model, space)),
          name: nameOf(name, `${spaceName(model)}-renamed`),
        }, who),
      }),
    }),
    roolOp({
      name: 'spaces.duplicate',
      args: fc.record({ space, who: whoArbitrary }),
      prepare: (model, pair, { space }) => ensureWorkspace(model, pair, space),
      build: (model, { space, who }) => {
        const ref = pickSpace(model, space);
        return {
          call: rool('spaces.duplicate', { spaceId: spaceId(ref), name: spaceName(model) }, who),
          after: (model, answers) =>
            recordSpace(model, { ...answers, owner: who, copyOf: facts(model, ref) }),
        };
      },
    }),
    roolOp({
      name: 'spaces.delete',
      weight: 0.5,
      args: fc.record({ space, who: whoArbitrary }),
      build: (model, { space, who }) => {
        const ref = pickSpace(model, space);
        return {
          call: rool('spaces.delete', { spaceId: spaceId(ref) }, who),
          after: (model, { reference }) => {
            if (ref && ok(reference)) model.entities.space[ref.index].gone = true;
          },
        };
      },
    }),
    roolOp({
      name: 'spaces.setLinkAccess',
      args: fc.record({
        space,
        who: whoArbitrary,
        access: fc.constantFrom('none', 'viewer', 'editor', 'editor', 'owner'),
      }),
      build: (model, { space, who, access }) => ({
        call: rool('spaces.setLinkAccess', {
          spaceId: spaceId(pickSpace(model, space)),
          linkAccess: access,
        }, who),
      }),
    }),
    roolOp({
      name: 'members.list',
      args: fc.record({ space, who: whoArbitrary }),
      build: (model, { space, who }) => ({
        call: rool('members.list', { spaceId: spaceId(pickSpace(model, space)) }, who),
      }),
    }),
    roolOp({
      name: 'members.add',
      weight: 1.5,
      args: fc.record({
        space,
        who: fc.constantFrom<Who>(0, 0, 0, 1),
        user: fc.constantFrom(1, 1, 1, 0, -1),
        role: fc.constantFrom('viewer', 'viewer', 'editor', 'admin', 'owner'),
      }),
      prepare: (model, pair, { space }) => ensureWorkspace(model, pair, space),
      build: (model, { space, who, user, role }) => ({
        call: rool('members.add', {
          spaceId: spaceId(pickSpace(model, space)),
          userId: user < 0 ? 'usr_conformance_unknown' : sym({ kind: 'user', index: user }),
          role,
        }, who),
      }),
    }),
    roolOp({
      name: 'members.remove',
      weight: 0.5,
      args: fc.record({ space, who: whoArbitrary, user: fc.constantFrom(1, 1, 0, -1) }),
      build: (model, { space, who, user }) => ({
        call: rool('members.remove', {
          spaceId: spaceId(pickSpace(model, space)),
          userId: user < 0 ? 'usr_conformance_unknown' : sym({ kind: 'user', index: user }),
        }, who),
      }),
    }),
    roolOp({
      name: 'channels.open',
      weight: 1.5,
      args: fc.record({ space, who: whoArbitrary, channel: fc.constantFrom(...channelIds) }),
      build: (model, { space, who, channel }) => {
        const ref = pickSpace(model, space);
        return {
          call: rool('channels.open', { spaceId: spaceId(ref), channelId: channel }, who),
          after: (model, { reference }) => {
            if (ref && ok(reference)) facts(model, ref).channels.add(channel);
          },
        };
      },
    }),
    roolOp({
      name: 'channels.list',
      args: fc.record({ space, who: whoArbitrary }),
      build: (model, { space, who }) => ({
        call: rool('channels.list', { spaceId: spaceId(pickSpace(model, space)) }, who),
      }),
    }),
    roolOp({
      name: 'channels.rename',
      args: fc.record({ space, who: whoArbitrary, channel: fc.nat(), name: nameArbitrary }),
      build: (model, { space, who, channel, name }) => {
        const ref = pickSpace(model, space);
        return {
          call: rool('channels.rename', {
            spaceId: spaceId(ref),
            channelId: nth(facts(model, ref).channels, channel, 'side'),
            name: nameOf(name, 'Renamed channel'),
          }, who),
        };
      },
    }),
    roolOp({
      name: 'channels.delete',
      weight: 0.5,
      args: fc.record({ space, who: whoArbitrary, channel: fc.nat() }),
      build: (model, { space, who, channel }) => {
        const ref = pickSpace(model, space);
        const id = nth(facts(model, ref).channels, channel, 'side');
        return {
          call: rool('channels.delete', { spaceId: spaceId(ref), channelId: id }, who),
          after: (model, { reference }) => {
            if (ref && ok(reference)) facts(model, ref).channels.delete(id);
          },
        };
      },
    }),
  ];
}
