// The examples of the docs page, sent as "try it" sends them, succeed against the mock whose
// data they were built from: on a fresh mock in the order a user would run them, and after a
// reload of the page once records exist.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { instanceMethods } from '../../src/roj/instance-methods.ts';
import { platformMethods } from '../../src/roj/methods.ts';
import { roolMethods } from '../../src/rool/methods.ts';
import { createMockServer, type MockServer } from '../mod.ts';
import { devApiKey, rojDocsDocument, roolDocsDocument } from './mount.ts';

const base = 'http://mock.test';
const alice = 'rool_alice_token';
const bob = 'rool_bob_token';

interface Answer {
  ok: boolean;
  // deno-lint-ignore no-explicit-any
  value?: any;
  error?: { type: string; message: string };
}
// deno-lint-ignore no-explicit-any
type Document = any;

async function load(mock: MockServer, path: string, token?: string): Promise<Document> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const answer = await mock.fetch(`${base}${path}`, { headers });
  assert.equal(answer.status, 200);
  return await answer.json();
}

/** The example `method` of the operation at `path`, as its request body. */
function example(document: Document, path: string, method: string): unknown {
  const media = document.paths[path].post.requestBody.content['application/json'];
  assert.ok(media.examples[method], `${path} has no example for ${method}`);
  return media.examples[method].value;
}

async function send(mock: MockServer, path: string, token: string, body: unknown): Promise<Answer> {
  const answer = await mock.fetch(`${base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return await answer.json();
}

/** Where and how "try it" sends the examples of one operation. */
interface Target {
  document: Document;
  /** The operation's path in the document. */
  operation: string;
  /** Where it sends them: the operation's path, parameters filled, and the mock's prefix. */
  url: string;
  token: string;
}

/** Runs the examples in order; answers every one that failed, as `method: type message`. */
async function runAll(mock: MockServer, target: Target, methods: string[]): Promise<string[]> {
  const failed: string[] = [];
  for (const method of methods) {
    const body = example(target.document, target.operation, method);
    const answer = await send(mock, target.url, target.token, body);
    if (!answer.ok) failed.push(`${method}: ${answer.error?.type} ${answer.error?.message}`);
  }
  return failed;
}

const platformOrder = [
  'instances.create',
  'instances.get',
  'instances.status',
  'instances.list',
  'sessions.create',
  'sessions.list',
  'services.getUrl',
  'sessions.publish',
  'bundles.list',
  'resources.create',
  'resources.addRevision',
  'resources.get',
  'resources.list',
  'resources.delete',
];
const platformLast = ['instances.archive', 'bundles.delete'];
const instanceOrder = [
  'createSandbox',
  'execInSandbox',
  'getAgentLogs',
  'restartAgent',
  'pauseSandbox',
  'resumeSandbox',
  'validateSandboxToken',
  'createSession',
  'listSessions',
  'getServiceUrl',
  'getServiceUrls',
  'publishSession',
  'ensureSandbox',
  'terminateSandbox',
];

describe('the docs examples, tried', () => {
  it('every Roj example succeeds on a fresh mock, in the order a user runs them', async () => {
    const mock = createMockServer();
    // One load of the page, before anything exists: the ids are the ones the mock gives next.
    const document = await load(mock, rojDocsDocument);
    assert.deepEqual(
      [...platformOrder, 'tokens.create', ...platformLast].sort(),
      Object.keys(platformMethods).sort(),
    );
    assert.deepEqual([...instanceOrder].sort(), Object.keys(instanceMethods).sort());

    const form = new FormData();
    form.append('file', new Blob(['hello']), 'hello.txt');
    const upload = await mock.fetch(`${base}/api/v1/files/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${devApiKey}` },
      body: form,
    });
    assert.equal(upload.status, 200);
    await upload.body?.cancel();

    const platform = '/api/v1/rpc';
    const asPlatform = { document, operation: platform, url: platform, token: devApiKey };
    assert.deepEqual(await runAll(mock, asPlatform, platformOrder), []);
    const minted = await send(
      mock,
      platform,
      devApiKey,
      example(document, platform, 'tokens.create'),
    );
    assert.ok(minted.ok);
    const instance = '/api/v1/instances/{instanceId}/rpc';
    const parameter = document.paths[instance].post.parameters
      .find((p: { name: string }) => p.name === 'instanceId');
    const instancePath = instance.replace('{instanceId}', parameter.example);
    const asInstance = {
      document,
      operation: instance,
      url: instancePath,
      token: minted.value.token,
    };
    assert.deepEqual(await runAll(mock, asInstance, instanceOrder), []);
    assert.deepEqual(await runAll(mock, asPlatform, platformLast), []);
    assert.equal(mock.runtime.state.instances.get(parameter.example)?.name, 'Example');
  });

  it('a reload names the newest records', async () => {
    const mock = createMockServer();
    const platform = '/api/v1/rpc';
    for (let n = 0; n < 2; n++) {
      const document = await load(mock, rojDocsDocument);
      assert.ok(
        (await send(mock, platform, devApiKey, example(document, platform, 'instances.create'))).ok,
      );
    }
    const document = await load(mock, rojDocsDocument);
    const get = example(document, platform, 'instances.get') as { input: { instanceId: string } };
    assert.equal(get.input.instanceId, mock.runtime.state.liveInstanceOrder.at(-1));
    assert.equal(get.input.instanceId, 'ins_000002');
  });

  it('every Rool example succeeds for alice once she has a space', async () => {
    const mock = createMockServer({
      rool: { fetch: () => Promise.resolve(new Response('proxied')), log: () => {} },
    });
    const rpc = '/v1/rpc';
    const path = `/rool${rpc}`;
    let document = await load(mock, roolDocsDocument, alice);
    assert.ok((await send(mock, path, alice, example(document, rpc, 'spaces.create'))).ok);
    // The page reloads after `spaces.create`, as its example tells.
    document = await load(mock, roolDocsDocument, alice);
    const spaceId = (example(document, rpc, 'spaces.get') as { input: { spaceId: string } }).input
      .spaceId;
    assert.equal(mock.rool.runtime.state.spaces.get(spaceId)?.ownerId, 'usr_alice');

    const before = [
      'spaces.get',
      'spaces.rename',
      'channels.open',
      'channels.list',
      'channels.rename',
      'collections.create',
      'collections.alter',
      'schema.get',
      'objects.put',
      'objects.get',
      'objects.getMany',
      'objects.stat',
      'objects.patch',
      'metadata.set',
      'metadata.get',
      'conversations.list',
      'conversations.get',
      'conversations.rename',
      'conversations.setSystemInstruction',
      'checkpoints.create',
      'checkpoints.status',
      'checkpoints.history',
      'checkpoints.undo',
      'checkpoints.redo',
      'checkpoints.clear',
      'members.add',
      'members.list',
      'members.remove',
      'spaces.setLinkAccess',
      'spaces.duplicate',
      'ai.prompt',
      'ai.stop',
      'ai.stopInteraction',
      'proxy.fetch',
      'user.get',
      'user.update',
      'user.search',
      'storage.get',
      'storage.set',
      'telemetry.report',
      'auth.verify',
      'user.setPassword',
      'spaces.list',
      'objects.move',
    ];
    const as = (token: string) => ({ document, operation: rpc, url: path, token });
    assert.deepEqual(await runAll(mock, as(alice), before), []);
    // Moved away: after a reload, the examples name the object where it is now.
    document = await load(mock, roolDocsDocument, alice);
    // The default conversation is the one there is, and it cannot be deleted: the example shows
    // the call, and the answer says why.
    assert.deepEqual(await runAll(mock, as(alice), ['conversations.delete']), [
      'conversations.delete: conflict The default conversation cannot be deleted',
    ]);
    const after = ['objects.delete', 'collections.drop', 'channels.delete', 'spaces.delete'];
    assert.deepEqual(await runAll(mock, as(alice), after), []);
    // Deleting the account and signing out end the session: bob deletes his, alice signs out.
    assert.deepEqual(await runAll(mock, as(bob), ['user.delete']), []);
    assert.deepEqual(await runAll(mock, as(alice), ['auth.logout']), []);
    const tried = [
      ...before,
      ...after,
      'spaces.create',
      'conversations.delete',
      'user.delete',
      'auth.logout',
    ];
    assert.deepEqual(tried.sort(), Object.keys(roolMethods).sort());
    mock.close();
  });
});
