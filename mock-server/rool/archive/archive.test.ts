import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { unzipSync } from 'fflate';
import { setupRool, tokens } from '../_testing.ts';
import { buildRichSpace, exportZip, importZip, readDrive, readSpace } from './_testing.ts';

describe('space archives: export and import', () => {
  it('export → import → export gives the same bytes, and the copy reads back equal', async () => {
    const setup = setupRool();
    const source = await buildRichSpace(setup);
    const first = await exportZip(setup, source);
    setup.clock.now += 60_000;
    const imported = await importZip(setup, first, { name: 'Copy', token: tokens.bob });
    assert.equal(imported.status, 201);
    const copy = imported.body;
    assert.notEqual(copy.id, source);
    assert.equal(copy.name, 'Copy');
    assert.equal(copy.role, 'owner');
    assert.equal(copy.ownerId, 'usr_bob');
    assert.equal(copy.memberCount, 1);
    assert.equal(copy.linkAccess, 'none');
    assert.equal(copy.createdAt, new Date(setup.clock.now).toISOString());

    const second = await exportZip(setup, copy.id, tokens.bob);
    assert.deepEqual(second, first);
    assert.deepEqual(await readSpace(setup.bob, copy.id), await readSpace(setup.alice, source));
    assert.deepEqual(readDrive(setup.mock, copy.id), readDrive(setup.mock, source));
  });

  it('the import is announced and listed for its owner only, without the undo stacks', async () => {
    const setup = setupRool();
    const source = await buildRichSpace(setup);
    const { body: copy } = await importZip(setup, await exportZip(setup, source), {
      token: tokens.carol,
    });
    assert.deepEqual(await replayedEvents(setup, tokens.carol), [['spaceAdded', copy.id]]);
    const { spaces } = await setup.carol.spaces.list({});
    assert.deepEqual(spaces.map((s) => s.id), [copy.id]);
    assert.deepEqual(
      (await setup.carol.members.list({ spaceId: copy.id })).members.map((m) => m.id),
      ['usr_carol'],
    );
    const main = { spaceId: copy.id, channelId: 'main' };
    assert.deepEqual(await setup.carol.checkpoints.status(main), {
      canUndo: false,
      canRedo: false,
    });
    await assert.rejects(setup.alice.spaces.get({ spaceId: copy.id }), { type: 'not_found' });
  });

  it('the same content exports the same bytes at any time, sorted, dated 1980', async () => {
    const setup = setupRool();
    const source = await buildRichSpace(setup);
    const first = await exportZip(setup, source);
    setup.clock.now += 3_600_000;
    assert.deepEqual(await exportZip(setup, source), first);
    const names = Object.keys(unzipSync(first));
    assert.deepEqual(names, [...names].sort());
    assert.ok(names.includes('objects/person/grace.json'));
    assert.ok(names.includes('channels/lab/conversations/quiet.json'));
    assert.ok(names.includes('files/docs/read%20me%3A%20%C3%A9.md'));
    assert.ok(names.includes('files/empty.txt'));
    const index = JSON.parse(new TextDecoder().decode(unzipSync(first)['files.json']));
    assert.deepEqual(
      index.entries.filter((e: { kind: string }) => e.kind === 'collection').map((
        e: { path: string },
      ) => e.path),
      [
        '/rool-drive',
        '/rool-drive/docs',
        '/rool-drive/empty',
        '/rool-drive/outer',
        '/rool-drive/outer/inner',
      ],
    );
    const manifest = JSON.parse(new TextDecoder().decode(unzipSync(first)['manifest.json']));
    assert.deepEqual(manifest, { format: 'rool-space-archive', version: 1 });
    // The DOS date of the first local header: 1980-01-01 (year offset 0, month 1, day 1).
    const view = new DataView(first.buffer, first.byteOffset);
    assert.equal(view.getUint16(12, true), (1 << 5) | 1);
  });

  it('a prompt in flight is archived as stopped', async () => {
    const setup = setupRool({ agentDelayMs: 50 });
    const { spaceId, channelId } = await setup.space();
    const prompt = setup.alice.ai.prompt({ spaceId, channelId, text: 'Slow' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    const zip = await exportZip(setup, spaceId);
    await prompt;
    const entry = unzipSync(zip)['channels/main/conversations/default.json'];
    const [interaction] = JSON.parse(new TextDecoder().decode(entry)).interactions;
    assert.equal(interaction.status, 'error');
    assert.equal(interaction.output, 'Stopped');
    assert.equal((await importZip(setup, zip)).status, 201);
  });

  it('export needs read access: 401 without a token, 404 for a stranger, 200 by link', async () => {
    const setup = setupRool();
    const { spaceId } = await setup.space();
    const bare = await setup.send(`/v1/spaces/${spaceId}/archive`);
    assert.equal(bare.status, 401);
    assert.equal((await bare.json()).error.type, 'unauthorized');
    const stranger = await setup.send(`/v1/spaces/${spaceId}/archive`, {
      headers: { authorization: `Bearer ${tokens.bob}` },
    });
    assert.equal(stranger.status, 404);
    assert.equal((await stranger.json()).error.type, 'not_found');
    await setup.alice.spaces.setLinkAccess({ spaceId, linkAccess: 'viewer' });
    assert.ok((await exportZip(setup, spaceId, tokens.bob)).byteLength > 0);
  });

  it('answers CORS preflights on both routes', async () => {
    const setup = setupRool();
    for (const path of ['/v1/spaces/spc_x/archive', '/v1/spaces/import']) {
      const response = await setup.send(path, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://app.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
      await response.body?.cancel();
      assert.equal(response.status, 204);
      assert.equal(response.headers.get('access-control-allow-origin'), '*');
      assert.match(response.headers.get('access-control-allow-headers') ?? '', /authorization/);
    }
  });
});

/** The events a user's client stream replays from the start, as `[name, space ID]`. */
async function replayedEvents(setup: ReturnType<typeof setupRool>, token: string) {
  const response = await setup.send('/v1/events', {
    headers: { authorization: `Bearer ${token}`, 'last-event-id': '0' },
  });
  assert.equal(response.status, 200);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  // Replayed events come at once; a second is plenty before deciding none will.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<{ done: true; value: undefined }>((resolve) => {
    timer = setTimeout(() => resolve({ done: true, value: undefined }), 1000);
  });
  let text = '';
  while (!/event: spaceAdded\ndata: .*\n/.test(text)) {
    const { value, done } = await Promise.race([reader.read(), late]);
    if (done) break;
    text += value;
  }
  clearTimeout(timer);
  await reader.cancel();
  return [...text.matchAll(/event: (\w+)\ndata: (.*)\n/g)].map(([, name, data]) => [
    name,
    JSON.parse(data).space?.id,
  ]);
}
