/**
 * What the persistence tests share: operations on a mock server through its
 * public API (Roj RPC, instance RPC and uploads; Rool RPC and WebDAV), as
 * fast-check values, so a test builds states the way clients do, with
 * awkward data: keys such as `__proto__` and `$`, shared records (checkpoints,
 * duplicated drives), locks, dead properties, sandbox files.
 *
 * @module
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { defaultApiKey, type MockServer } from '../mod.ts';
import { mockAgentPrompt } from '../rool/_testing.ts';

/** The origin the tests address the mock by. */
export const origin = 'http://mock.test';

/** The Rool users of the tests and their tokens. */
export const roolUsers = [
  { name: 'alice', token: 'rool_alice_token' },
  { name: 'bob', token: 'rool_bob_token' },
];

/** What the operations created so far, so that later ones can address it. */
export interface World {
  /** Roj instances, with a token once minted. */
  instances: { id: string; token?: string }[];
  /** Rool spaces (alice's), each with channel `main` open and collection `body`. */
  spaces: string[];
}

/** One operation on the mock. Indexes pick among what exists, modulo its count. */
export type Operation =
  | { kind: 'instance'; name: string; metadata: Record<string, unknown> }
  | { kind: 'archive' | 'session' | 'token'; i: number }
  | { kind: 'exec'; i: number; command: string }
  | { kind: 'upload'; bytes: Uint8Array; slug: string }
  | { kind: 'space'; name: string }
  | { kind: 'put'; s: number; name: string; body: Record<string, unknown> }
  | { kind: 'delete'; s: number; name: string }
  | { kind: 'metadata'; s: number; key: string; value: unknown }
  | { kind: 'checkpoint' | 'undo' | 'redo' | 'duplicate' | 'dropSpace' | 'member'; s: number }
  | { kind: 'storage'; key: string; value: unknown }
  | { kind: 'signIn'; name: string }
  | { kind: 'prompt'; s: number; name: string }
  | { kind: 'davPut'; s: number; path: string; bytes: Uint8Array }
  | { kind: 'davMkcol' | 'davDelete' | 'lock'; s: number; path: string }
  | { kind: 'davMove' | 'davCopy'; s: number; path: string; to: string }
  | { kind: 'proppatch'; s: number; path: string; value: string };

const name = fc.constantFrom('a', 'b', 'c', 'd');
const drivePath = fc.oneof(
  { weight: 3, arbitrary: name.map((n) => `/rool-drive/${n}`) },
  fc.tuple(name, name).map(([a, b]) => `/rool-drive/${a}/${b}`),
);
const key = fc.constantFrom('__proto__', 'constructor', '$', 'v', 'ünï', '');
const json = fc.jsonValue({ maxDepth: 3 });
const record = fc.dictionary(key, json, { maxKeys: 3 });
const index = fc.nat(7);
const bytes = fc.uint8Array({ maxLength: 64 });

/** An operation: drive and object changes weigh most, as they hold the most structure. */
export const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({
    kind: fc.constant('instance'),
    name: fc.string({ minLength: 1, maxLength: 8 }),
    metadata: record,
  }),
  fc.record({ kind: fc.constantFrom('archive', 'session', 'token'), i: index }),
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('exec'),
      i: index,
      command: fc.constantFrom(
        'mkdir -p a/b',
        'echo hi > a/b/f',
        'echo more >> log.txt',
        'cd a',
        'rm -r a',
      ),
    }),
  },
  fc.record({ kind: fc.constant('upload'), bytes, slug: name }),
  fc.record({ kind: fc.constant('space'), name: fc.string({ minLength: 1, maxLength: 8 }) }),
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('put'), s: index, name, body: record }) },
  fc.record({ kind: fc.constant('delete'), s: index, name }),
  fc.record({ kind: fc.constant('metadata'), s: index, key: name, value: json }),
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constantFrom('checkpoint', 'undo', 'redo'), s: index }),
  },
  fc.record({ kind: fc.constantFrom('duplicate', 'dropSpace', 'member'), s: index }),
  fc.record({ kind: fc.constant('storage'), key: name, value: json }),
  fc.record({ kind: fc.constant('signIn'), name: fc.constantFrom('alice', 'bob', 'zoe', 'yan') }),
  fc.record({ kind: fc.constant('prompt'), s: index, name }),
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('davPut'), s: index, path: drivePath, bytes }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constantFrom('davMkcol', 'davDelete', 'lock'),
      s: index,
      path: drivePath,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constantFrom('davMove', 'davCopy'),
      s: index,
      path: drivePath,
      to: drivePath,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('proppatch'),
      s: index,
      path: drivePath,
      value: fc.string({ maxLength: 8 }),
    }),
  },
);

/** A run of operations: 10 to 40 of them. */
export const operations: fc.Arbitrary<Operation[]> = fc.array(operation, {
  minLength: 10,
  maxLength: 40,
  size: 'max',
});

/** Where every generated run starts: two spaces, and an instance with a token and a sandbox. */
export const setup: readonly Operation[] = [
  { kind: 'space', name: 'One' },
  { kind: 'space', name: 'Two' },
  { kind: 'instance', name: 'box', metadata: {} },
  { kind: 'token', i: 0 },
  { kind: 'exec', i: 0, command: 'mkdir -p a/b' },
];

/**
 * Applies operations in order. A refused operation is fine (it changes nothing); an answer of
 * 500 or more fails the test.
 *
 * @param mock The mock.
 * @param operations The operations.
 * @param world What exists; updated.
 */
export async function applyAll(
  mock: MockServer,
  operations: readonly Operation[],
  world: World = { instances: [], spaces: [] },
): Promise<World> {
  for (const op of operations) await apply(mock, op, world);
  return world;
}

async function apply(mock: MockServer, op: Operation, world: World): Promise<void> {
  const pick = <T>(list: T[], i: number) => list.length === 0 ? undefined : list[i % list.length];
  const roj = (method: string, input: unknown) =>
    rpc(mock, '/api/v1/rpc', defaultApiKey, method, input);
  const rool = (method: string, input: unknown) =>
    rpc(mock, '/rool/v1/rpc', roolUsers[0].token, method, input);
  const dav = (spaceId: string, method: string, path: string, init: RequestInit = {}) =>
    send(mock, `/rool/v1/spaces/${spaceId}/dav${path}`, {
      ...init,
      method,
      headers: { authorization: `Bearer ${roolUsers[0].token}`, ...init.headers },
    }).then((response) => response.body?.cancel());
  const instance = 'i' in op ? pick(world.instances, op.i) : undefined;
  const space = 's' in op ? pick(world.spaces, op.s) : undefined;
  const ref = { spaceId: space, channelId: 'main' };
  switch (op.kind) {
    case 'instance': {
      const created = await roj('instances.create', {
        templateSlug: 'starter',
        name: op.name,
        metadata: op.metadata,
      });
      if (created.ok) world.instances.push({ id: created.value.instanceId });
      return;
    }
    case 'archive':
    case 'session':
    case 'token':
      if (!instance) return;
      if (op.kind === 'archive') await roj('instances.archive', { instanceId: instance.id });
      if (op.kind === 'session') {
        await roj('sessions.create', { instanceId: instance.id, presetId: 'default' });
      }
      if (op.kind === 'token') {
        const minted = await roj('tokens.create', { instanceId: instance.id });
        if (minted.ok) instance.token = minted.value.token;
      }
      return;
    case 'exec':
      if (!instance?.token) return;
      // A conflict when it already has one, which is fine.
      await rpc(mock, `/api/v1/instances/${instance.id}/rpc`, instance.token, 'createSandbox', {});
      await rpc(mock, `/api/v1/instances/${instance.id}/rpc`, instance.token, 'execInSandbox', {
        command: op.command,
      });
      return;
    case 'upload': {
      const form = new FormData();
      form.append('file', new Blob([op.bytes.slice()]), 'f.bin');
      const response = await send(mock, '/api/v1/files/upload', {
        method: 'POST',
        headers: { authorization: `Bearer ${defaultApiKey}` },
        body: form,
      });
      const uploaded = await response.json();
      if (uploaded.ok) {
        await roj('resources.create', { slug: op.slug, fileId: uploaded.fileId });
      }
      return;
    }
    case 'space': {
      const created = await rool('spaces.create', { name: op.name });
      if (!created.ok) return;
      const spaceId = created.value.id;
      await rool('channels.open', { spaceId, channelId: 'main' });
      await rool('collections.create', {
        spaceId,
        channelId: 'main',
        name: 'body',
        def: { fields: [] },
      });
      world.spaces.push(spaceId);
      return;
    }
    case 'storage':
      await rool('storage.set', { key: op.key, value: op.value });
      return;
    case 'signIn': {
      // Signs a seeded user in, or signs a new one up: issued and verification tokens.
      const form = new URLSearchParams({
        app: 'Test',
        state: 's',
        mode: 'signup',
        email: `${op.name}@example.com`,
        redirect_uri: 'http://127.0.0.1:5173/callback',
      });
      await (await send(mock, '/rool/auth/login', { method: 'POST', body: form })).body?.cancel();
      return;
    }
  }
  if (space === undefined) return;
  switch (op.kind) {
    case 'put':
      return void await rool('objects.put', {
        ...ref,
        path: `/space/body/${op.name}.json`,
        body: op.body,
      });
    case 'delete':
      return void await rool('objects.delete', { ...ref, paths: [`/space/body/${op.name}.json`] });
    case 'metadata':
      return void await rool('metadata.set', { ...ref, key: op.key, value: op.value });
    case 'checkpoint':
    case 'undo':
    case 'redo':
      return void await rool(
        op.kind === 'checkpoint' ? 'checkpoints.create' : `checkpoints.${op.kind}`,
        ref,
      );
    case 'duplicate': {
      const copy = await rool('spaces.duplicate', { spaceId: space, name: 'copy' });
      if (!copy.ok) return;
      await rool('channels.open', { spaceId: copy.value.id, channelId: 'main' });
      world.spaces.push(copy.value.id);
      return;
    }
    case 'dropSpace':
      await rool('spaces.delete', { spaceId: space });
      world.spaces = world.spaces.filter((id) => id !== space);
      return;
    case 'member':
      return void await rool('members.add', { spaceId: space, userId: 'usr_bob', role: 'editor' });
    case 'prompt': {
      const text = mockAgentPrompt([{
        name: 'put_object',
        input: { path: `/space/body/${op.name}.json`, body: { by: 'agent' } },
      }], 'Done');
      return void await rool('ai.prompt', { ...ref, text });
    }
    case 'davPut':
      return void await dav(space, 'PUT', op.path, {
        body: op.bytes.slice(),
        headers: { 'content-type': 'text/plain' },
      });
    case 'davMkcol':
    case 'davDelete':
      return void await dav(space, op.kind === 'davMkcol' ? 'MKCOL' : 'DELETE', op.path);
    case 'davMove':
    case 'davCopy':
      return void await dav(space, op.kind === 'davMove' ? 'MOVE' : 'COPY', op.path, {
        headers: { destination: `${origin}/rool/v1/spaces/${space}/dav${op.to}` },
      });
    case 'lock':
      return void await dav(space, 'LOCK', op.path, {
        headers: { timeout: 'Second-600', depth: '0' },
        body:
          '<?xml version="1.0"?><D:lockinfo xmlns:D="DAV:"><D:lockscope><D:shared/></D:lockscope>' +
          '<D:locktype><D:write/></D:locktype><D:owner>me</D:owner></D:lockinfo>',
      });
    case 'proppatch':
      return void await dav(space, 'PROPPATCH', op.path, {
        body:
          '<?xml version="1.0"?><D:propertyupdate xmlns:D="DAV:" xmlns:z="urn:z"><D:set><D:prop>' +
          `<z:p>${op.value.replace(/[<&]/g, '')}</z:p></D:prop></D:set></D:propertyupdate>`,
      });
  }
}

/**
 * Posts an RPC envelope.
 *
 * @param mock The mock.
 * @param path The endpoint.
 * @param token The bearer credential.
 * @param method The method.
 * @param input Its input.
 * @returns The envelope.
 */
export async function rpc(
  mock: MockServer,
  path: string,
  token: string,
  method: string,
  input: unknown,
  // deno-lint-ignore no-explicit-any -- answers of many methods, read loosely by the operations
): Promise<{ ok: boolean; value?: any }> {
  const response = await send(mock, path, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ method, input }),
  });
  return await response.json();
}

async function send(mock: MockServer, path: string, init: RequestInit): Promise<Response> {
  const response = await mock.fetch(new Request(`${origin}${path}`, init));
  if (response.status >= 500) {
    assert.fail(`${init.method} ${path}: ${response.status} ${await response.text()}`);
  }
  return response;
}
