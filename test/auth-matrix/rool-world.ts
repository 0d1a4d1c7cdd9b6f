/**
 * A Rool mock for the auth matrix, built through its routes: seeded users with a part each
 * (owner, admin, editor, viewer, a stranger, targets of member changes, one whose account is
 * deleted), access tokens from the login page (one valid, one expired on the injected clock, one
 * revoked by `auth.logout`), event tickets (likewise), and spaces holding one of everything a call may
 * name.
 *
 * @module
 */
import { createMockServer, type MockServer, roolBasePath } from '../../mock-server/mod.ts';
import type { LinkAccess } from '../../src/rool/types.ts';

/** The origin requests are addressed to. */
export const roolOrigin = 'http://rool.test';

/** The clock's start, a whole second: 2026-11-21T07:13:00.000Z. */
export const roolT0: number = Date.parse('2026-11-21T07:13:00.000Z');

/** Lifetime of the login page's tokens in this mock, in seconds: less than a ticket's. */
export const tokenTtlSeconds = 60;

/** The seeded users. */
export const roolUsers = [
  'alice', // the owner of every space
  'bob', // admin
  'carol', // editor
  'dave', // viewer
  'erin', // no membership: a stranger, or a visitor through link access
  'frank', // a viewer whom admins remove
  'gina', // not a member: the one members.add adds
  'hank', // an admin whom only the owner changes or removes
  'ivan', // deletes his account
] as const;

/** A seeded user's name. */
export type RoolUser = typeof roolUsers[number];

/**
 * A seeded user's opaque bearer token.
 *
 * @param user The user.
 * @returns The token.
 */
export function tokenOf(user: RoolUser): string {
  return `rool_${user}_matrix_token`;
}

/**
 * A seeded user's ID (docs/rool-contract.md §2: `usr_NAME`).
 *
 * @param user The user.
 * @returns The ID.
 */
export function userIdOf(user: RoolUser): string {
  return `usr_${user}`;
}

/** The mock and the credentials of every case. */
export interface RoolWorld {
  /** The mock, Roj and Rool. */
  mock: MockServer;
  /** The mock's clock. */
  clock: { now: number };
  /** The owner's access tokens from the login page. */
  jwt: {
    /** Valid. */
    valid: string;
    /** Expired: the clock stands at its `exp`. */
    expired: string;
    /** Revoked by `auth.logout`. */
    revoked: string;
    /** The valid one with its payload changed to name bob, its signature kept. */
    tampered: string;
  };
  /** The owner's event tickets (docs/rool-events.md, Tickets). */
  tickets: {
    /** Valid. */
    valid: string;
    /** Expired: issued ten minutes ago. */
    expired: string;
    /** Issued for the revoked token. */
    revoked: string;
  };
  /** The Roj API key the mock accepts. */
  rojApiKey: string;
  /**
   * Sends a request; `path` is relative to the Rool base path.
   *
   * @param path The path, e.g. `/v1/rpc`.
   * @param init The request's options.
   * @returns The answer.
   */
  send(path: string, init?: RequestInit): Promise<Response>;
}

/** A space holding one of everything a call may name. */
export interface SpaceFixture {
  /** The space. */
  spaceId: string;
  /** Its channel. */
  channelId: string;
  /** Its collection. */
  collection: string;
  /** An object of that collection. */
  objectPath: string;
  /** A conversation besides `default`. */
  conversationId: string;
  /** A `/rool-drive` file. */
  drivePath: string;
}

/**
 * Builds a world on a new mock.
 *
 * @returns The world, its clock ten minutes after the expired token and ticket were issued.
 * @throws {Error} When a setup call fails.
 */
export async function createRoolWorld(): Promise<RoolWorld> {
  const clock = { now: roolT0 };
  const rojApiKey = 'roj_matrix_api_key';
  const mock = createMockServer({
    apiKeys: [rojApiKey],
    clock: () => clock.now,
    onError: (error) => {
      throw error;
    },
    rool: {
      users: roolUsers.map((name) => ({ name, token: tokenOf(name) })),
      tokenTtlSeconds,
      log: () => {},
      // `proxy.fetch` reaches no network: every public URL answers here.
      fetch: () => Promise.resolve(new Response('fetched', { status: 200 })),
    },
  });
  const send = (path: string, init?: RequestInit) =>
    mock.fetch(new Request(`${roolOrigin}${roolBasePath}${path}`, init));
  const world = { mock, clock, send, rojApiKey };
  const ticket = async (token: string) => {
    const response = await send('/v1/events/tickets', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    if (response.status !== 200) throw new Error(`Setup ticket answered ${response.status}`);
    return (await response.json()).ticket as string;
  };
  const revoked = await signIn(world, 'alice');
  const revokedTicket = await ticket(revoked);
  await call(world, revoked, 'auth.logout', {});
  await call(world, tokenOf('ivan'), 'user.delete', {});
  const expired = await signIn(world, 'alice');
  const expiredTicket = await ticket(tokenOf('alice'));
  // Past both the login token's lifetime and a ticket's (10 minutes).
  clock.now += 10 * 60 * 1000;
  const valid = await signIn(world, 'alice');
  return {
    ...world,
    jwt: { valid, expired, revoked, tampered: tamper(valid, 'bob') },
    tickets: {
      valid: await ticket(tokenOf('alice')),
      expired: expiredTicket,
      revoked: revokedTicket,
    },
  };
}

/**
 * Creates a space owned by alice, with bob, hank (admins), carol (editor), dave and frank
 * (viewers) as members, channel `main`, collection `notes` holding one object, conversation
 * `side`, a drive file, and the link access asked for.
 *
 * @param world The world.
 * @param linkAccess The space's link access.
 * @returns The space.
 * @throws {Error} When a setup call fails.
 */
export async function createSpace(
  world: RoolWorld,
  linkAccess: LinkAccess = 'none',
): Promise<SpaceFixture> {
  const owner = tokenOf('alice');
  const { id: spaceId } = await call(world, owner, 'spaces.create', { name: 'Matrix' });
  const members = { bob: 'admin', hank: 'admin', carol: 'editor', dave: 'viewer', frank: 'viewer' };
  for (const [user, role] of Object.entries(members)) {
    await call(world, owner, 'members.add', { spaceId, userId: userIdOf(user as RoolUser), role });
  }
  const fx: SpaceFixture = {
    spaceId,
    channelId: 'main',
    collection: 'notes',
    objectPath: '/space/notes/a.json',
    conversationId: 'side',
    drivePath: '/rool-drive/f.txt',
  };
  const where = { spaceId, channelId: fx.channelId };
  await call(world, owner, 'channels.open', where);
  await call(world, owner, 'collections.create', {
    ...where,
    name: fx.collection,
    def: { fields: [{ name: 'title', type: { kind: 'string' } }] },
  });
  await call(world, owner, 'objects.put', { ...where, path: fx.objectPath, body: { title: 'a' } });
  await call(world, owner, 'conversations.rename', {
    ...where,
    conversationId: fx.conversationId,
    name: 'Side',
  });
  const put = await world.send(`/v1/spaces/${spaceId}/dav${fx.drivePath}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${owner}`, 'content-type': 'text/plain' },
    body: 'hello',
  });
  if (put.status !== 201) throw new Error(`Setup PUT answered ${put.status}`);
  if (linkAccess !== 'none') {
    await call(world, owner, 'spaces.setLinkAccess', { spaceId, linkAccess });
  }
  return fx;
}

/**
 * Signs a user in on the login page (docs/rool-contract.md §2) and answers the access token.
 *
 * @param world The mock.
 * @param user The user.
 * @returns The token.
 * @throws {Error} When the page does not redirect with a token.
 */
export async function signIn(world: Pick<RoolWorld, 'send'>, user: RoolUser): Promise<string> {
  const response = await world.send('/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      email: `${user}@example.com`,
      app: 'auth-matrix',
      redirect_uri: 'http://127.0.0.1/callback',
      state: 's',
      response_mode: 'query',
    }),
  });
  const token = new URL(response.headers.get('location') ?? 'x:').searchParams.get('access_token');
  if (response.status !== 303 || !token) throw new Error(`Login answered ${response.status}`);
  return token;
}

/**
 * A JWT whose payload names another user, with the original signature.
 *
 * @param jwt The token.
 * @param user The user to name.
 * @returns The tampered token.
 */
function tamper(jwt: string, user: RoolUser): string {
  const [header, payload, signature] = jwt.split('.');
  const fromB64url = (text: string) => atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const toB64url = (text: string) =>
    btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const claims = JSON.parse(fromB64url(payload));
  const forged = { ...claims, sub: userIdOf(user), email: `${user}@example.com` };
  return `${header}.${toB64url(JSON.stringify(forged))}.${signature}`;
}

// deno-lint-ignore no-explicit-any
type Value = any;

/**
 * Calls a method that must succeed.
 *
 * @param world The mock.
 * @param token The bearer token.
 * @param method The method.
 * @param input Its input.
 * @returns The value.
 * @throws {Error} When the call is refused.
 */
export async function call(
  world: Pick<RoolWorld, 'send'>,
  token: string,
  method: string,
  input: unknown,
): Promise<Value> {
  const response = await world.send('/v1/rpc', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ method, input }),
  });
  const body = await response.json();
  if (!body.ok) throw new Error(`Setup call ${method} failed: ${JSON.stringify(body.error)}`);
  return body.value;
}
