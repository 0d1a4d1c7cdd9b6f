// Space archives through the SDK against the in-process mock (docs/rool-archive.md):
// `space.exportArchive()` and `client.importArchive(name, archive)` move bytes; the mock builds
// and checks the zip.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createMockServer } from '../../mock-server/mod.ts';
import type { FetchFn } from '../rpc/client.ts';
import { RoolClient } from './client.ts';
import { RoolError } from './errors.ts';
import type { Logger } from './logger.ts';
import { TokenAuthProvider } from './token-auth.ts';

const apiUrl = 'http://mock.test/rool';
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

interface Sent {
  method: string;
  url: string;
  headers: Headers;
}

function setup(wrap?: (fetch: FetchFn) => FetchFn) {
  const mock = createMockServer();
  const sent: Sent[] = [];
  const recorded: FetchFn = (input, init) => {
    const request = new Request(input, init);
    sent.push({ method: request.method, url: request.url, headers: request.headers });
    return mock.fetch(request);
  };
  const fetch = wrap ? wrap(recorded) : recorded;
  const as = (token: string, timeoutMs = 0) =>
    new RoolClient({
      apiUrl,
      authProvider: new TokenAuthProvider(token),
      fetch,
      logger: silent,
      timeoutMs,
      // Archives are plain requests; live-event streams are another suite's subject.
      events: { enabled: false },
    });
  return { sent, alice: as('rool_alice_token'), bob: as('rool_bob_token'), as };
}

async function sampleSpace(client: RoolClient) {
  const space = await client.createSpace('Field notes');
  const channel = await space.openChannel('main');
  await channel.createCollection('note', [{ name: 'title', type: { kind: 'string' } }]);
  await channel.putObject('/space/note/a.json', { title: 'A', _hidden: true });
  await channel.setMetadata('theme', 'dark');
  await channel.renameConversation('Planning');
  await channel.setSystemInstruction('Be brief');
  return { space, channel };
}

describe('Rool SDK: space archives', () => {
  test('exportArchive then importArchive gives an equal space the importer owns', async () => {
    const { alice, bob } = setup();
    const { space, channel } = await sampleSpace(alice);
    const archive = await space.exportArchive();
    assert.ok(archive instanceof Blob);
    assert.equal(archive.type, 'application/zip');
    const head = new Uint8Array(await archive.slice(0, 4).arrayBuffer());
    assert.deepEqual([...head], [0x50, 0x4b, 0x03, 0x04]);

    const added: string[] = [];
    bob.on('spaceAdded', (info) => added.push(info.name));
    const imported = await bob.importArchive('Imported Data', archive);
    assert.equal(imported.name, 'Imported Data');
    assert.equal(imported.role, 'owner');
    assert.notEqual(imported.id, space.id);
    assert.deepEqual(added, ['Imported Data']);
    assert.deepEqual((await bob.listSpaces()).map((s) => s.id), [imported.id]);

    const copy = await imported.openChannel('main');
    assert.deepEqual(await copy.getObject('/space/note/a.json'), {
      path: '/space/note/a.json',
      body: { title: 'A', _hidden: true },
    });
    assert.deepEqual(copy.getSchema(), channel.getSchema());
    assert.deepEqual(copy.getAllMetadata(), channel.getAllMetadata());
    assert.equal(copy.getSystemInstruction(), 'Be brief');
    assert.deepEqual(copy.getInteractions(), channel.getInteractions());
    assert.deepEqual(copy.getConversations(), channel.getConversations());

    const again = await imported.exportArchive();
    assert.deepEqual(
      new Uint8Array(await again.arrayBuffer()),
      new Uint8Array(await archive.arrayBuffer()),
    );
    space.close();
    imported.close();
  });

  test('importArchive takes an ArrayBuffer or a Uint8Array too', async () => {
    const { alice } = setup();
    const { space } = await sampleSpace(alice);
    const bytes = new Uint8Array(await (await space.exportArchive()).arrayBuffer());
    const fromBuffer = await alice.importArchive('From buffer', bytes.slice().buffer);
    const fromBytes = await alice.importArchive('From bytes', bytes);
    assert.deepEqual(
      (await alice.listSpaces()).map((s) => s.name),
      ['From bytes', 'From buffer', 'Field notes'],
    );
    for (const opened of [space, fromBuffer, fromBytes]) opened.close();
  });

  test('both requests carry the token and the Rool-Client-Id the RPC calls carry', async () => {
    const { alice, sent } = setup();
    const { space } = await sampleSpace(alice);
    await alice.importArchive('Copy', await space.exportArchive());
    const rpc = sent.find((s) => s.url.endsWith('/v1/rpc'))!;
    const clientId = rpc.headers.get('rool-client-id');
    assert.match(clientId ?? '', /^[A-Za-z0-9_-]{8,64}$/);
    const archive = sent.filter((s) => /\/v1\/spaces\/[^/]+\/archive$|\/import\?/.test(s.url));
    assert.deepEqual(archive.map((s) => s.method), ['GET', 'POST']);
    for (const request of archive) {
      assert.equal(request.headers.get('authorization'), 'Bearer rool_alice_token');
      assert.equal(request.headers.get('rool-client-id'), clientId);
    }
    assert.equal(archive[1].url, `${apiUrl}/v1/spaces/import?name=Copy`);
    assert.equal(archive[1].headers.get('content-type'), 'application/zip');
    space.close();
  });

  test("a refused archive is the server's RoolError, and creates no space", async () => {
    const { alice } = setup();
    const junk = new TextEncoder().encode('not a zip at all');
    await assert.rejects(alice.importArchive('Junk', junk), (error) => {
      assert.ok(error instanceof RoolError);
      assert.equal(error.type, 'validation_error');
      assert.equal(error.status, 400);
      assert.equal(error.message, 'The archive is not a readable zip file');
      return true;
    });
    assert.deepEqual(await alice.listSpaces(), []);
  });

  test('a bad name or archive argument is refused before any request', async () => {
    const { alice, sent } = setup();
    const zip = new Blob([new Uint8Array(4)]);
    for (const [name, archive] of [['', zip], ['x'.repeat(201), zip], ['Ok', 'text']] as const) {
      await assert.rejects(
        alice.importArchive(name, archive as Blob),
        (error) =>
          error instanceof RoolError && error.type === 'validation_error' && error.status === 0,
      );
    }
    assert.equal(sent.length, 0);
  });

  test('exporting a space the user can no longer read is not_found (404)', async () => {
    const { alice, bob } = setup();
    const { space } = await sampleSpace(alice);
    await space.setLinkAccess('viewer');
    const seen = await bob.openSpace(space.id);
    await space.setLinkAccess('none');
    await assert.rejects(seen.exportArchive(), {
      name: 'RoolError',
      type: 'not_found',
      status: 404,
    });
    space.close();
    seen.close();
  });

  test('the client timeout applies, and a non-zip answer is a transport_error', async () => {
    const stall = (fetch: FetchFn): FetchFn => (input, init) => {
      if (!String(input instanceof Request ? input.url : input).endsWith('/archive')) {
        return fetch(input, init);
      }
      return new Promise((_, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal!.reason), { once: true });
      });
    };
    const slow = setup(stall).as('rool_alice_token', 50);
    const { space } = await sampleSpace(slow);
    await assert.rejects(space.exportArchive(), { name: 'RoolError', type: 'timeout' });
    space.close();

    const html = (fetch: FetchFn): FetchFn => (input, init) =>
      String(input instanceof Request ? input.url : input).endsWith('/archive')
        ? Promise.resolve(new Response('<html>Bad gateway</html>', { status: 502 }))
        : fetch(input, init);
    const proxied = setup(html).as('rool_alice_token');
    const other = (await sampleSpace(proxied)).space;
    await assert.rejects(other.exportArchive(), {
      name: 'RoolError',
      type: 'transport_error',
      status: 502,
    });
    other.close();
  });
});
