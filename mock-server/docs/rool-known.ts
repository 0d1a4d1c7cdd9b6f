/**
 * The values the Rool examples of the docs page use, read from the mock's state when the page
 * asks. A space's ID is its link (docs/rool-contract.md), so the examples name a space only to a
 * viewer who is a member of it: the page fetches the document with its user's token. For anyone
 * else, and before the viewer has a space, `spaceId` tells how to get one. Users named are the
 * seeded ones (`usr_alice`, `usr_bob`), never signups.
 *
 * @module
 */
import type { RoolState, SpaceRecord, UserRecord } from '../rool/state.ts';
import type { ExampleOptions } from './examples.ts';

/** The `spaceId` of the examples while the viewer has no space. */
export const noSpaceYet = '<spaceId: run spaces.create, then reload>';

/**
 * The known values of the Rool examples, by property name, and by method where one method needs
 * its own (the collection methods' `name` is the collection of the object examples).
 *
 * @param state The mock's state; only read.
 * @param viewer The user the document is for, if the request named one.
 * @returns Values for `spaceId`, `channelId`, `path`, `paths`, `from`, `to`, `interactionId`
 * (when the space has one), `userId` and `email` (another seeded user), and words for `name`,
 * `key`, `value`, `text`, `instruction`, `password`, `body`, `data` and `url`.
 *
 * @example Without a viewer, no space is named
 * ```ts
 * import assert from 'node:assert/strict';
 * import { createRoolState } from '../rool/state.ts';
 * import { defaultRoolUsers } from '../rool/users.ts';
 * import { noSpaceYet, roolKnownValues } from './rool-known.ts';
 * const { known } = roolKnownValues(createRoolState(defaultRoolUsers, 0));
 * assert.equal(known.spaceId, noSpaceYet);
 * assert.equal(known.userId, 'usr_alice');
 * ```
 */
export function roolKnownValues(
  state: RoolState,
  viewer?: UserRecord,
): Required<Pick<ExampleOptions, 'known' | 'byMethod'>> {
  const known: Record<string, unknown> = {
    name: 'Example',
    key: 'theme',
    value: 'dark',
    text: 'Hello',
    instruction: 'Answer in one sentence',
    password: 'example-password-1',
    body: { title: 'Example' },
    data: { title: 'Example' },
    url: 'https://example.com/',
  };
  const other = seededUsers(state).find((user) => user.id !== viewer?.id);
  if (other) {
    known.userId = other.id;
    known.email = other.email;
  }
  const space = viewer && newestSpaceOf(state, viewer.id);
  known.spaceId = space?.id ?? noSpaceYet;
  const [channelId] = space?.channels.keys() ?? [];
  known.channelId = channelId ?? 'main';
  const collection = (space && lastKey(space.schema)) ?? 'notes';
  const [path] = space?.objects.keys() ?? [];
  known.path = path ?? `/space/${collection}/example.json`;
  known.paths = [known.path];
  known.from = known.path;
  known.to = `/space/${collection}/moved.json`;
  const interactionId = space && lastKey(space.interactionIndex);
  if (interactionId !== undefined) known.interactionId = interactionId;
  const named = { name: collection };
  const byMethod = {
    'collections.create': named,
    'collections.alter': named,
    'collections.drop': named,
  };
  return { known, byMethod };
}

/** Users with a seeded token (`--user`, or alice and bob), not deleted, in seed order. */
function seededUsers(state: RoolState): UserRecord[] {
  const users: UserRecord[] = [];
  for (const userId of new Set(state.tokens.values())) {
    const user = state.users.get(userId);
    if (user && !user.deleted) users.push(user);
  }
  return users;
}

function newestSpaceOf(state: RoolState, userId: string): SpaceRecord | undefined {
  let newest: SpaceRecord | undefined;
  for (const space of state.spaces.values()) if (space.members.has(userId)) newest = space;
  return newest;
}

function lastKey<K>(map: ReadonlyMap<K, unknown>): K | undefined {
  let last: K | undefined;
  for (const key of map.keys()) last = key;
  return last;
}
