/**
 * The Rool credential cases: credentials every Rool route refuses (docs/rool-contract.md §2,
 * rool-events.md "Tickets"), the Basic scheme (which only WebDAV takes, rool-webdav.md §2), and
 * signed-in callers in every role: members, visitors through link access, and both together,
 * whose effective role is the stronger of the two (rool-contract.md §3).
 *
 * @module
 */
import type { LinkAccess, RoolUserRole } from '../../src/rool/types.ts';
import { type RoolUser, roolUsers, type RoolWorld, tokenOf } from './rool-world.ts';

/** What sort of credential a case sends. */
export type RoolCaseKind =
  /** Refused with 401 by every route. */
  | 'refused'
  /** The owner's token as the password of Basic credentials, which only WebDAV takes. */
  | 'basic'
  /** The owner's event ticket as `?ticket=`, which only the two event streams take. */
  | 'ticket'
  /** A signed-in user, whose role decides. */
  | 'caller';

/** One Rool credential case. */
export interface RoolCase {
  /** What the caller does. */
  name: string;
  /** What sort of credential it is. */
  kind: RoolCaseKind;
  /** The user, for a caller (and for `basic`, the owner). */
  user?: RoolUser;
  /** The user's membership role in the fixture's spaces, if any. */
  member?: RoolUserRole;
  /** The link access of the space the case is sent to. Default `none`. */
  link?: LinkAccess;
  /**
   * The headers carrying the credential.
   *
   * @param world The world.
   * @returns The headers.
   */
  headers(world: RoolWorld): Record<string, string>;
  /**
   * Query parameters carrying the credential (`?ticket=`), if any.
   *
   * @param world The world.
   * @returns The parameters.
   */
  query?(world: RoolWorld): Record<string, string>;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The members of every fixture space and their roles (rool-world.ts). */
const membership: Partial<Record<RoolUser, RoolUserRole>> = {
  alice: 'owner',
  bob: 'admin',
  hank: 'admin',
  carol: 'editor',
  dave: 'viewer',
  frank: 'viewer',
};

function caller(name: string, user: RoolUser, extra: Partial<RoolCase> = {}): RoolCase {
  return {
    name,
    kind: 'caller',
    user,
    member: membership[user],
    headers: () => bearer(tokenOf(user)),
    ...extra,
  };
}

const refused = (name: string, headers: RoolCase['headers']): RoolCase => ({
  name,
  kind: 'refused',
  headers,
});

/** Every Rool credential case. */
export const roolCases: readonly RoolCase[] = Object.freeze([
  refused('no credential', () => ({})),
  refused('an unknown token', () => bearer('rool_nobody_has_this_token')),
  refused('an unknown token as the Basic password', () => ({
    authorization: `Basic ${btoa('anyone:rool_nobody_has_this_token')}`,
  })),
  refused('an expired token of the owner', (w) => bearer(w.jwt.expired)),
  refused('a revoked token of the owner', (w) => bearer(w.jwt.revoked)),
  refused("the owner's token rewritten to name another user", (w) => bearer(w.jwt.tampered)),
  refused("a deleted user's token", () => bearer(tokenOf('ivan'))),
  refused("the owner's event ticket as the bearer token", (w) => bearer(w.tickets.valid)),
  refused('a Roj API key', (w) => bearer(w.rojApiKey)),
  { ...refused('an unknown ticket', () => ({})), query: () => ({ ticket: 'rool_evt_unknown' }) },
  { ...refused('an expired ticket', () => ({})), query: (w) => ({ ticket: w.tickets.expired }) },
  {
    ...refused('a ticket of a revoked token', () => ({})),
    query: (w) => ({ ticket: w.tickets.revoked }),
  },
  {
    name: "the owner's event ticket",
    kind: 'ticket',
    user: 'alice',
    member: 'owner',
    headers: () => ({}),
    query: (w) => ({ ticket: w.tickets.valid }),
  },
  {
    name: "the owner's token as the Basic password",
    kind: 'basic',
    user: 'alice',
    member: 'owner',
    headers: () => ({ authorization: `Basic ${btoa(`anyone:${tokenOf('alice')}`)}` }),
  },
  caller('a signed-in stranger', 'erin'),
  caller('a viewer', 'dave'),
  caller('an editor', 'carol'),
  caller('an admin', 'bob'),
  caller('the owner', 'alice'),
  caller('a visitor through a viewer link', 'erin', { link: 'viewer' }),
  caller('a visitor through an editor link', 'erin', { link: 'editor' }),
  caller('a viewer member with an editor link', 'dave', { link: 'editor' }),
  caller('an editor member with a viewer link', 'carol', { link: 'viewer' }),
  // Any origin may call: credentials are bearer tokens, never cookies (§1).
  caller('the owner, from a page of another origin', 'alice', {
    headers: () => ({ ...bearer(tokenOf('alice')), origin: 'https://elsewhere.example' }),
  }),
  caller('the owner, with a token from the login page', 'alice', {
    headers: (w) => bearer(w.jwt.valid),
  }),
]);

const rank: Record<RoolUserRole, number> = { viewer: 1, editor: 2, admin: 3, owner: 4 };

/**
 * A case's effective role in a space: the stronger of its membership and the link access
 * (rool-contract.md §3).
 *
 * @param kase The case.
 * @returns The role, or `undefined` when the caller has none.
 */
export function effectiveRole(kase: RoolCase): RoolUserRole | undefined {
  const link = kase.link === undefined || kase.link === 'none' ? undefined : kase.link;
  if (kase.member === undefined) return link;
  return link !== undefined && rank[link] > rank[kase.member] ? link : kase.member;
}

/**
 * Whether a role is at least another (rool-contract.md §3: owner > admin > editor > viewer).
 *
 * @param role The role held.
 * @param needed The role needed.
 * @returns `true` when it is.
 */
export function atLeast(role: RoolUserRole, needed: RoolUserRole): boolean {
  return rank[role] >= rank[needed];
}

/**
 * The secrets a case may carry, which no answer may quote.
 *
 * @param world The world.
 * @returns Every token of the world.
 */
export function roolSecrets(world: RoolWorld): string[] {
  return [
    ...Object.values(world.jwt),
    ...Object.values(world.tickets),
    world.rojApiKey,
    ...roolUsers.map(tokenOf),
  ];
}

/**
 * A path with a case's query parameters added.
 *
 * @param path The path, with or without a query.
 * @param query The parameters, if any.
 * @returns The path.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { withQuery } from './rool-cases.ts';
 * assert.equal(withQuery('/v1/events?a=1', { ticket: 't' }), '/v1/events?a=1&ticket=t');
 * assert.equal(withQuery('/v1/rpc', undefined), '/v1/rpc');
 * ```
 */
export function withQuery(path: string, query: Record<string, string> | undefined): string {
  if (!query) return path;
  return `${path}${path.includes('?') ? '&' : '?'}${new URLSearchParams(query)}`;
}
