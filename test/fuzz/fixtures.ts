/**
 * What the fuzzed requests act on: on Roj, two instances with tokens (one
 * bound to an origin, one expired), a sandbox, a session, a file and a
 * resource; on Rool, alice's space with a channel, a collection, an object,
 * bob as a viewer, a drive file, a drive collection and a locked file, bob's
 * own space, alice's password and an issued token. Built through the API, as
 * a user would.
 *
 * @module
 */
import type { MockServer } from '../../mock-server/mod.ts';
import { defaultApiKey } from '../../mock-server/mod.ts';
import { issueToken } from '../../mock-server/rool/auth.ts';
import { defaultRoolUsers } from '../../mock-server/rool/users.ts';

/** The origin fixtures and fuzzed requests address the mock by. */
export const fuzzOrigin = 'http://mock.test';

/** The origin one instance token is bound to. */
export const boundOrigin = 'http://app.test';

/** Alice's password, set on her account: a secret no response may hold. */
export const alicePassword = 'Fuzz-passw0rd!';

/** Fixture values by name, as `ref()` references in fuzzed requests name them. */
export type Fixtures = Record<string, string>;

/** Where the clock stands, and how to move it while fixtures are made. */
export interface MovableClock {
  /** The reading (ms). */
  now: number;
}

/**
 * Builds the Roj fixtures on a mock whose Roj state is fresh.
 *
 * @param mock The mock.
 * @param clock Its clock, to mint an already expired token; left as it was.
 * @returns The fixture values.
 * @throws {Error} When a call fails: the fixtures are broken, not the fuzzed requests.
 */
export async function buildRojFixtures(mock: MockServer, clock: MovableClock): Promise<Fixtures> {
  const roj = (method: string, input: unknown) =>
    call(mock, '/api/v1/rpc', `Bearer ${defaultApiKey}`, method, input);
  const f: Fixtures = { apiKey: defaultApiKey, origin: boundOrigin };
  f.instanceId = (await roj('instances.create', { templateSlug: 'starter', name: 'fuzz' }))
    .instanceId;
  f.otherInstanceId = (await roj('instances.create', { templateSlug: 'starter', name: 'other' }))
    .instanceId;
  f.token = (await roj('tokens.create', { instanceId: f.instanceId })).token;
  f.otherToken = (await roj('tokens.create', { instanceId: f.otherInstanceId })).token;
  f.originToken = (await roj('tokens.create', { instanceId: f.instanceId, origin: boundOrigin }))
    .token;
  const now = clock.now;
  clock.now = now - 7 * 24 * 3600 * 1000;
  try {
    f.expiredToken = (await roj('tokens.create', { instanceId: f.instanceId, expiresIn: 1 }))
      .token;
  } finally {
    clock.now = now;
  }
  const instance = (method: string, input: unknown) =>
    call(mock, `/api/v1/instances/${f.instanceId}/rpc`, `Bearer ${f.token}`, method, input);
  f.sandboxId = (await instance('createSandbox', {})).sandboxId;
  f.sandboxToken = mock.runtime.state.sandboxes.get(f.sandboxId)!.token;
  f.sessionId = (await roj('sessions.create', { instanceId: f.instanceId, presetId: 'default' }))
    .sessionId;
  f.fileId = await upload(mock, 'fixture.txt', 'fixture bytes');
  f.resourceSlug = 'fuzz-resource';
  f.resourceId = (await roj('resources.create', { slug: f.resourceSlug, fileId: f.fileId }))
    .resourceId;
  return f;
}

/**
 * Builds the Rool fixtures on a mock whose Rool state is fresh.
 *
 * @param mock The mock.
 * @param now The clock reading, for the issued token.
 * @param passwordHash Alice's password hash, computed once (PBKDF2 is slow), set on her account.
 * @returns The fixture values.
 * @throws {Error} When a call fails: the fixtures are broken, not the fuzzed requests.
 */
export async function buildRoolFixtures(
  mock: MockServer,
  now: number,
  passwordHash: string,
): Promise<Fixtures> {
  const [alice, bob] = defaultRoolUsers;
  const f: Fixtures = {
    aliceToken: alice.token,
    // WebDAV clients send the token as a Basic password, any user name (docs/rool-webdav.md §2).
    aliceBasic: btoa(`alice:${alice.token}`),
    bobToken: bob.token,
    password: alicePassword,
  };
  const rool = (token: string, method: string, input: unknown) =>
    call(mock, '/rool/v1/rpc', `Bearer ${token}`, method, input);
  f.spaceId = (await rool(alice.token, 'spaces.create', { name: 'Fuzz' })).id;
  f.channelId = 'main';
  const at = { spaceId: f.spaceId, channelId: f.channelId };
  await rool(alice.token, 'channels.open', at);
  f.collection = 'notes';
  await rool(alice.token, 'collections.create', {
    ...at,
    name: f.collection,
    def: { fields: [{ name: 'title', type: { kind: 'string' } }] },
  });
  f.objectPath = `/space/${f.collection}/first.json`;
  await rool(alice.token, 'objects.put', { ...at, path: f.objectPath, body: { title: 'First' } });
  f.userId = 'usr_alice';
  f.bobId = 'usr_bob';
  await rool(alice.token, 'members.add', { spaceId: f.spaceId, userId: f.bobId, role: 'viewer' });
  f.otherSpaceId = (await rool(bob.token, 'spaces.create', { name: 'Bob' })).id;
  await dav(mock, f.spaceId, 'PUT', '/rool-drive/a.txt', alice.token, 'drive bytes');
  await dav(mock, f.spaceId, 'MKCOL', '/rool-drive/dir', alice.token);
  const lock = await dav(mock, f.spaceId, 'LOCK', '/rool-drive/locked.txt', alice.token, lockBody);
  f.lockToken = lock.headers.get('lock-token')!.replace(/^<|>$/g, '');
  const user = mock.rool.runtime.state.users.get(f.userId)!;
  user.passwordHash = passwordHash;
  f.jwt = (await issueToken(mock.rool.runtime, user, now)).token;
  return f;
}

const lockBody = '<?xml version="1.0" encoding="utf-8"?><D:lockinfo xmlns:D="DAV:">' +
  '<D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype>' +
  '<D:owner>fuzz</D:owner></D:lockinfo>';

// deno-lint-ignore no-explicit-any
type Value = any;

async function call(
  mock: MockServer,
  path: string,
  authorization: string,
  method: string,
  input: unknown,
): Promise<Value> {
  const response = await mock.fetch(`${fuzzOrigin}${path}`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ method, input }),
  });
  const body = await response.json();
  if (!body.ok) throw new Error(`Fixture ${method} failed: ${JSON.stringify(body.error)}`);
  return body.value;
}

async function upload(mock: MockServer, filename: string, content: string): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([content], { type: 'text/plain' }), filename);
  const response = await mock.fetch(`${fuzzOrigin}/api/v1/files/upload`, {
    method: 'POST',
    headers: { authorization: `Bearer ${defaultApiKey}` },
    body: form,
  });
  const body = await response.json();
  if (!body.ok) throw new Error(`Fixture upload failed: ${JSON.stringify(body.error)}`);
  return body.fileId;
}

async function dav(
  mock: MockServer,
  spaceId: string,
  method: string,
  path: string,
  token: string,
  body?: string,
): Promise<Response> {
  const response = await mock.fetch(`${fuzzOrigin}/rool/v1/spaces/${spaceId}/dav${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/xml' },
    body,
  });
  await response.body?.cancel();
  if (response.status >= 300) throw new Error(`Fixture ${method} ${path}: ${response.status}`);
  return response;
}
