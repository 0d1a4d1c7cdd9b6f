import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  channelInfo,
  type FakeHandler,
  fakeRool,
  Refusal,
  spaceInfo,
} from '../../test/helpers/rool-fake.ts';
import type { AuthProvider } from './auth.ts';
import { RoolClient } from './client.ts';
import { RoolError } from './errors.ts';
import type { Logger } from './logger.ts';
import { TokenAuthProvider } from './token-auth.ts';
import type { CurrentUser } from './types.ts';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

function currentUser(overrides: Partial<CurrentUser> = {}): CurrentUser {
  return {
    id: 'usr_alice',
    email: 'alice@example.com',
    name: 'Alice',
    photoUrl: null,
    slug: 'alice',
    plan: 'free',
    creditsBalance: 10,
    totalCreditsUsed: 0,
    createdAt: '2026-01-01T00:00:00.000Z',
    lastActivity: '2026-01-01T00:00:00.000Z',
    processedAt: '2026-01-01T00:00:00.000Z',
    storage: {},
    ...overrides,
  };
}

/** A JWT with `payload`; the signature is not checked by the client. */
function jwt(payload: Record<string, unknown>): string {
  const part = (value: unknown) =>
    btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}.signature`;
}

function setup(
  handlers: Record<string, FakeHandler> = {},
  authProvider: AuthProvider = new TokenAuthProvider('tok'),
) {
  const fake = fakeRool({
    'user.get': () => currentUser({ storage: { theme: 'dark' } }),
    'spaces.get': (input) => ({
      space: spaceInfo({ id: input.spaceId }),
      channels: [channelInfo()],
    }),
    ...handlers,
  });
  const client = new RoolClient({
    apiUrl: 'https://api.rool.test/',
    authProvider,
    fetch: fake.fetch,
    logger: silent,
  });
  const authEvents: boolean[] = [];
  client.on('authStateChanged', (authenticated) => authEvents.push(authenticated));
  return { fake, client, authEvents };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

describe('initialize', () => {
  test('fetches the user and storage, and sends the token to {apiUrl}/v1/rpc', async () => {
    const { client, fake, authEvents } = setup();
    const before = client.currentUser;
    assert.equal(before, null);
    assert.equal(await client.initialize(), true);
    assert.equal(client.currentUser?.email, 'alice@example.com');
    assert.deepEqual(client.getAllUserStorage(), { theme: 'dark' });
    assert.deepEqual(authEvents, [true]);
    const [call] = fake.calls;
    assert.equal(call!.url, 'https://api.rool.test/v1/rpc');
    assert.equal(call!.headers.get('authorization'), 'Bearer tok');
    assert.equal(await client.initialize(), true);
    assert.deepEqual(authEvents, [true], 'authStateChanged fires on changes only');
  });

  test('a refused token signs out and is forgotten', async () => {
    const { client, fake, authEvents } = setup({
      'user.get': () => new Refusal('unauthorized', 'Token revoked'),
    });
    assert.equal(await client.initialize(), false);
    assert.deepEqual(authEvents, [false]);
    assert.equal(client.currentUser, null);
    assert.equal(await client.isAuthenticated(), false);
    await client.listSpaces().catch(() => {});
    assert.equal(fake.calls.at(-1)!.headers.get('authorization'), null);
  });

  test('without a token nothing is sent', async () => {
    const provider = new TokenAuthProvider('tok');
    provider.logout();
    const { client, fake, authEvents } = setup({}, provider);
    assert.equal(await client.initialize(), false);
    assert.equal(fake.calls.length, 0);
    assert.deepEqual(authEvents, [false]);
  });

  test('a server failure rejects instead of signing out', async () => {
    const { client, authEvents } = setup({
      'user.get': () => new Refusal('internal_error', 'Down'),
    });
    await assert.rejects(client.initialize(), (error) => {
      return error instanceof RoolError && error.type === 'internal_error' && error.status === 500;
    });
    assert.deepEqual(authEvents, []);
  });
});

describe('auth', () => {
  test('logout revokes the token on the server with that token, then forgets it', async () => {
    const { client, fake, authEvents } = setup({ 'auth.logout': () => ({}) });
    await client.initialize();
    const space = await client.openSpace('spc1');
    let spaceListener = false;
    space.on('channelDeleted', () => spaceListener = true);
    client.logout();
    assert.equal(client.currentUser, null);
    assert.deepEqual(client.getAllUserStorage(), {});
    assert.deepEqual(authEvents, [true, false]);
    await settle();
    const [revoke] = fake.callsOf('auth.logout');
    assert.equal(revoke!.headers.get('authorization'), 'Bearer tok');
    assert.equal(space.listenerCount('channelDeleted'), 0, 'open spaces are closed');
    assert.equal(spaceListener, false);
    await client.listSpaces().catch(() => {});
    assert.equal(fake.calls.at(-1)!.headers.get('authorization'), null);
  });

  test('logout never throws, even when revocation fails', async () => {
    const { client } = setup({ 'auth.logout': () => new Refusal('unauthorized', 'Gone') });
    client.logout();
    await settle();
  });

  test('getAuthUser decodes a JWT without verifying it', () => {
    const token = jwt({ sub: 'usr_ada', email: 'ada@example.com', name: 'Ada', exp: 4e9 });
    const { client } = setup({}, new TokenAuthProvider(token));
    assert.deepEqual(client.getAuthUser(), {
      id: 'usr_ada',
      email: 'ada@example.com',
      name: 'Ada',
    });
  });

  test('for an opaque token getAuthUser falls back to currentUser, else nulls', async () => {
    const { client } = setup();
    assert.deepEqual(client.getAuthUser(), { id: null, email: null, name: null });
    await client.initialize();
    assert.deepEqual(client.getAuthUser(), {
      id: 'usr_alice',
      email: 'alice@example.com',
      name: 'Alice',
    });
  });

  test('verify asks the server; a provider without verify answers false', async () => {
    const { client, fake } = setup({
      'auth.verify': (input) => ({ verified: input.token === 'good' }),
    });
    assert.equal(await client.verify('good'), true);
    assert.equal(await client.verify('bad'), false);
    assert.equal(fake.callsOf('auth.verify').length, 2);

    const bare: AuthProvider = {
      attach() {},
      initialize: () => Promise.resolve(true),
      getToken: () => Promise.resolve('tok'),
      getAuthUser: () => ({ id: null, email: null, name: null }),
      login: () => Promise.resolve(),
      signup: () => Promise.resolve(),
      logout() {},
    };
    const other = setup({ 'auth.verify': () => ({ verified: true }) }, bare);
    assert.equal(await other.client.verify('good'), false);
    assert.equal(other.fake.calls.length, 0);
  });

  test('login and signup go to the provider; a token provider refuses them', async () => {
    const { client } = setup();
    for (const flow of [() => client.login('My App'), () => client.signup('My App')]) {
      await assert.rejects(
        flow(),
        (error) => error instanceof RoolError && error.type === 'unsupported',
      );
    }
  });

  test("setPassword sends the password; a weak one is the server's validation_error", async () => {
    const { client, fake } = setup({
      'user.setPassword': (input) =>
        input.password.length < 8
          ? new Refusal('validation_error', 'Password must be at least 8 characters')
          : {},
    });
    await client.setPassword('correct horse 1');
    assert.equal(fake.callsOf('user.setPassword')[0]!.input.password, 'correct horse 1');
    await assert.rejects(client.setPassword('short'), (error) => {
      return error instanceof RoolError && error.type === 'validation_error';
    });
  });

  test('deleteCurrentUser deletes the account and signs out without revoking again', async () => {
    const { client, fake, authEvents } = setup({ 'user.delete': () => ({}) });
    await client.initialize();
    await client.deleteCurrentUser();
    await settle();
    assert.equal(client.currentUser, null);
    assert.deepEqual(authEvents, [true, false]);
    assert.equal(fake.callsOf('auth.logout').length, 0);
  });
});

describe('user', () => {
  test('getCurrentUser and updateCurrentUser refresh currentUser', async () => {
    const { client, fake } = setup({
      'user.update': (input) => currentUser({ ...input }),
    });
    assert.equal((await client.getCurrentUser()).id, 'usr_alice');
    assert.equal(client.currentUser?.id, 'usr_alice');
    const updated = await client.updateCurrentUser({ name: 'Alice B', slug: 'alice-b' });
    assert.equal(updated.slug, 'alice-b');
    assert.equal(client.currentUser?.name, 'Alice B');
    assert.deepEqual(fake.callsOf('user.update')[0]!.input, { name: 'Alice B', slug: 'alice-b' });
  });

  test('searchUser answers the user or null', async () => {
    const bob = { id: 'usr_bob', email: 'bob@example.com', name: 'Bob', photoUrl: null };
    const { client } = setup({
      'user.search': (input) => ({ user: input.email === 'bob@example.com' ? bob : null }),
    });
    assert.deepEqual(await client.searchUser('bob@example.com'), bob);
    assert.equal(await client.searchUser('nobody@example.com'), null);
  });
});

describe('user storage', () => {
  test('set changes the cache at once, emits local changes and syncs; null deletes', async () => {
    const { client, fake } = setup({ 'storage.set': () => ({ usedBytes: 1 }) });
    await client.initialize();
    const events: unknown[] = [];
    client.on('userStorageChanged', (event) => events.push(event));
    client.setUserStorage('layout', { columns: 2 });
    assert.deepEqual(client.getUserStorage('layout'), { columns: 2 });
    client.setUserStorage('theme', null);
    assert.equal(client.getUserStorage('theme'), undefined);
    client.setUserStorage('layout', undefined);
    assert.deepEqual(client.getAllUserStorage(), {});
    assert.deepEqual(events, [
      { key: 'layout', value: { columns: 2 }, source: 'local' },
      { key: 'theme', value: undefined, source: 'local' },
      { key: 'layout', value: undefined, source: 'local' },
    ]);
    await settle();
    assert.deepEqual(fake.callsOf('storage.set').map((call) => call.input), [
      { key: 'layout', value: { columns: 2 } },
      { key: 'theme', value: null },
      { key: 'layout', value: null },
    ]);
  });

  test('a refused write is rolled back and emitted as error', async () => {
    const { client } = setup({
      'storage.set': () => new Refusal('payload_too_large', 'Storage is full'),
    });
    await client.initialize();
    const errors: [Error, string | undefined][] = [];
    client.on('error', (error, context) => errors.push([error, context]));
    client.setUserStorage('theme', 'light');
    assert.equal(client.getUserStorage('theme'), 'light');
    await settle();
    assert.equal(client.getUserStorage('theme'), 'dark');
    assert.equal(errors.length, 1);
    assert.ok(errors[0]![0] instanceof RoolError && errors[0]![0].status === 413);
    assert.equal(errors[0]![1], 'setUserStorage');
  });

  test('an empty key is refused', () => {
    const { client } = setup();
    assert.throws(() => client.setUserStorage('', 1), RoolError);
  });
});

describe('spaces', () => {
  test('openSpace answers the same handle for the same ID until it is closed', async () => {
    const { client, fake } = setup();
    const [a, b] = await Promise.all([client.openSpace('spc1'), client.openSpace('spc1')]);
    assert.equal(a, b);
    assert.equal(fake.callsOf('spaces.get').length, 1);
    assert.equal(a.route.server, 'https://api.rool.test');
    a.close();
    await settle();
    const c = await client.openSpace('spc1');
    assert.notEqual(c, a);
    assert.equal(fake.callsOf('spaces.get').length, 2);
  });

  test('a failed open is not cached', async () => {
    let fail = true;
    const { client } = setup({
      'spaces.get': (input) =>
        fail
          ? new Refusal('not_found', 'No space')
          : { space: spaceInfo({ id: input.spaceId }), channels: [] },
    });
    await assert.rejects(
      client.openSpace('spc1'),
      (error) => error instanceof RoolError && error.status === 404,
    );
    fail = false;
    assert.equal((await client.openSpace('spc1')).id, 'spc1');
  });

  test('createSpace and duplicateSpace emit spaceAdded and open the space', async () => {
    const { client, fake } = setup({
      'spaces.create': (input) => spaceInfo({ id: 'new1', name: input.name }),
      'spaces.duplicate': (input) => spaceInfo({ id: 'copy1', name: input.name }),
    });
    const added: string[] = [];
    client.on('spaceAdded', (info) => added.push(`${info.id}:${info.name}`));
    const created = await client.createSpace('Solar System');
    const copy = await client.duplicateSpace('new1', 'Copy');
    assert.deepEqual(added, ['new1:Solar System', 'copy1:Copy']);
    assert.equal(created.id, 'new1');
    assert.equal(copy.id, 'copy1');
    assert.deepEqual(fake.callsOf('spaces.duplicate')[0]!.input, { spaceId: 'new1', name: 'Copy' });
  });

  test('deleteSpace closes the open handle and emits spaceRemoved', async () => {
    const { client } = setup({ 'spaces.delete': () => ({}) });
    const space = await client.openSpace('spc1');
    space.on('channelCreated', () => {});
    const removed: string[] = [];
    client.on('spaceRemoved', (id) => removed.push(id));
    await client.deleteSpace('spc1');
    await settle();
    assert.deepEqual(removed, ['spc1']);
    assert.equal(space.listenerCount('channelCreated'), 0);
  });

  test('listSpaces answers the list', async () => {
    const { client } = setup({ 'spaces.list': () => ({ spaces: [spaceInfo()] }) });
    assert.deepEqual((await client.listSpaces()).map((s) => s.id), ['spc1']);
  });
});

describe('utilities', () => {
  test('reportEvent sends telemetry and swallows failures', async () => {
    const { client, fake } = setup({
      'telemetry.report': () => new Refusal('rate_limited', 'Slow down'),
    });
    client.reportEvent('opened', 'https://app.example.com/');
    client.reportEvent('closed');
    await settle();
    assert.deepEqual(fake.callsOf('telemetry.report').map((c) => c.input), [
      { event: 'opened', url: 'https://app.example.com/' },
      { event: 'closed' },
    ]);
  });

  test('generateId is 6 alphanumeric characters', () => {
    assert.match(setup().client.generateId(), /^[A-Za-z0-9]{6}$/);
  });

  test('destroy closes spaces, releases the provider and removes listeners', async () => {
    let destroyed = false;
    const provider = new TokenAuthProvider('tok');
    (provider as AuthProvider).destroy = () => destroyed = true;
    const { client } = setup({}, provider);
    const space = await client.openSpace('spc1');
    space.on('channelCreated', () => {});
    client.destroy();
    await settle();
    assert.equal(destroyed, true);
    assert.equal(space.listenerCount('channelCreated'), 0);
    assert.equal(client.listenerCount('authStateChanged'), 0);
  });
});
