// The 3.2 document's `itemSchema` tells the truth: events the Rool mock really sends on its
// client and space streams, turned into the items an SSE parser yields ({event, data, id}),
// fit the item schema, and each `data` fits the `contentSchema` of its event.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { type RoolSetup, setupRool, tokens } from '../../mock-server/rool/_testing.ts';
import { type FrameReader, openStream } from '../../mock-server/rool/events/_testing.ts';

type Json = Record<string, unknown>;

const document = JSON.parse(
  readFileSync(new URL('../../src/rool/_generated/openapi-3.2.json', import.meta.url), 'utf8'),
) as Json & { paths: Record<string, Json>; components: Json };

function itemSchemaOf(path: string): Json {
  const ok = ((document.paths[path].get as Json).responses as Record<string, Json>)['200'];
  return (ok.content as Record<string, Json>)['text/event-stream'].itemSchema as Json;
}

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema({ $id: 'doc', components: document.components });

// Ajv treats contentMediaType/contentSchema as annotations: `data` is checked separately.
function check(path: string, frame: { id: number | null; event: string; data: unknown }) {
  const items = itemSchemaOf(path);
  const item = {
    event: frame.event,
    data: JSON.stringify(frame.data),
    ...(frame.id === null ? {} : { id: String(frame.id) }),
  };
  const validateItem = ajv.getSchema(`item${path}`) ??
    ajv.compile({ ...items, $id: `item${path}` });
  assert.ok(validateItem(item), `${frame.event}: ${ajv.errorsText(validateItem.errors)}`);
  const branch = (items.oneOf as Json[]).find((b) =>
    ((b.properties as Json).event as Json).const === frame.event
  );
  assert.ok(branch, `${path} does not list ${frame.event}`);
  const ref = (((branch.properties as Json).data as Json).contentSchema as Json).$ref as string;
  const validateData = ajv.getSchema(`doc${ref}`)!;
  assert.ok(
    validateData(frame.data),
    `${frame.event} data: ${ajv.errorsText(validateData.errors)}`,
  );
}

describe('events from the mock fit the 3.2 itemSchema', () => {
  let setup: RoolSetup;
  const readers: FrameReader[] = [];
  before(() => {
    setup = setupRool();
  });
  after(async () => {
    for (const reader of readers) await reader.cancel();
  });

  it('client stream: spaceAdded, spaceRenamed, userStorageChanged, spaceRemoved', async () => {
    const stream = await openStream(setup, '/v1/events', { token: tokens.alice });
    readers.push(stream);
    const { id } = await setup.alice.spaces.create({ name: 'Linked' });
    await setup.alice.spaces.rename({ spaceId: id, name: 'Renamed' });
    await setup.alice.storage.set({ key: 'theme', value: 'dark' });
    await setup.alice.spaces.delete({ spaceId: id });
    const events = await stream.events(4);
    assert.deepEqual(events.map((e) => e.event), [
      'spaceAdded',
      'spaceRenamed',
      'userStorageChanged',
      'spaceRemoved',
    ]);
    for (const event of events) check('/v1/events', event);
  });

  it('space stream: channels, conversation, metadata, files', async () => {
    const { spaceId, channelId } = await setup.space('Watched');
    const stream = await openStream(setup, `/v1/spaces/${spaceId}/events`, {
      token: tokens.alice,
    });
    readers.push(stream);
    await setup.alice.channels.open({ spaceId, channelId: 'side' });
    await setup.alice.channels.rename({ spaceId, channelId: 'side', name: 'Side' });
    await setup.alice.metadata.set({ spaceId, channelId, key: 'k', value: 1 });
    const put = await setup.send(`/v1/spaces/${spaceId}/dav/rool-drive/a.txt`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${tokens.alice}` },
      body: 'hello',
    });
    assert.equal(put.status, 201);
    await setup.alice.channels.delete({ spaceId, channelId: 'side' });
    const events = await stream.events(6);
    assert.deepEqual(events.map((e) => e.event), [
      'channelCreated',
      'channelUpdated',
      // metadata.set records an interaction in the channel's conversation first.
      'conversationUpdated',
      'metadataUpdated',
      'filesChanged',
      'channelDeleted',
    ]);
    for (const event of events) check('/v1/spaces/{spaceId}/events', event);
  });

  it('a payload the document does not describe fails the check', () => {
    assert.throws(
      () => check('/v1/events', { id: 1, event: 'spaceRenamed', data: { spaceId: 1 } }),
      /spaceRenamed data/,
    );
    assert.throws(() => check('/v1/events', { id: 1, event: 'unheardOf', data: {} }), /unheardOf/);
  });
});
