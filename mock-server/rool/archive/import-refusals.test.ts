// Every hostile or broken archive is refused with a typed error, and leaves no space behind:
// the whole state is the same before and after.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { unzipSync } from 'fflate';
import type { RoolMockOptions } from '../mod.ts';
import { setupRool, tokens } from '../_testing.ts';
import { declareSize, exportZip, importZip, renameEntry, zipOf } from './_testing.ts';

type Entries = Record<string, unknown>;

const hello = new TextEncoder().encode('hello');

/** A small exported space's entries, parsed: the base every case breaks one thing of. */
async function baseEntries(options: RoolMockOptions = {}) {
  const setup = setupRool(options);
  const { spaceId, channelId } = await setup.space();
  const ref = { spaceId, channelId };
  await setup.alice.collections.create({
    ...ref,
    name: 'note',
    def: { fields: [{ name: 'title', type: { kind: 'string' } }] },
  });
  await setup.alice.objects.put({ ...ref, path: '/space/note/a.json', body: { title: 'A' } });
  await setup.alice.metadata.set({ ...ref, key: 'k', value: 1 });
  const { drive } = setup.mock.runtime.state.spaces.get(spaceId)!.files;
  drive.mkcol('/rool-drive/docs', 1);
  drive.putFile('/rool-drive/docs/a.txt', { bytes: hello, contentType: 'text/plain' }, 2);
  const files = unzipSync(await exportZip(setup, spaceId));
  const entries: Entries = {};
  for (const [name, bytes] of Object.entries(files)) {
    entries[name] = name.startsWith('files/') ? bytes : JSON.parse(new TextDecoder().decode(bytes));
  }
  return { setup, entries };
}

/** The base with changes: a value replaces an entry, `undefined` removes it. */
function change(entries: Entries, changes: Entries): Uint8Array<ArrayBuffer> {
  const out: Entries = structuredClone(entries);
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) delete out[name];
    else out[name] = value;
  }
  return zipOf(out);
}

async function refused(
  setup: ReturnType<typeof setupRool>,
  body: BodyInit,
  want: { status: number; type: string; message: RegExp },
  options: Parameters<typeof importZip>[2] = {},
): Promise<void> {
  const before = setup.digest();
  const { status, body: answer } = await importZip(setup, body, options);
  assert.equal(answer.ok, false, JSON.stringify(answer));
  assert.equal(answer.error.type, want.type, answer.error.message);
  assert.equal(status, want.status);
  assert.match(answer.error.message, want.message);
  assert.doesNotMatch(answer.error.message, /rool_\w+_token/);
  assert.equal(setup.digest(), before);
}

const conversation = 'channels/main/conversations/default.json';

function interaction(id: string, parentId: string | null, extra: Entries = {}): Entries {
  return {
    id,
    parentId,
    timestamp: 1,
    userId: 'usr_alice',
    userName: 'Alice',
    operation: 'setMetadata',
    input: 'setMetadata k',
    output: 'Set metadata k',
    status: 'done',
    ai: false,
    modifiedObjectPaths: [],
    toolCalls: [],
    ...extra,
  };
}

function tree(entries: Entries, interactions: Entries[], activeLeaf: string | null): Entries {
  return { ...(entries[conversation] as Entries), interactions, activeLeaf };
}

describe('importing a hostile zip', () => {
  it('the base archive is accepted, so each case below fails for its own reason', async () => {
    const { setup, entries } = await baseEntries();
    assert.equal((await importZip(setup, change(entries, {}))).status, 201);
  });

  for (
    const name of [
      '../manifest.json',
      '/manifest.json',
      'objects\\note\\b.json',
      'C:/manifest.json',
      'objects/C:evil.json',
      'a\u0000b.json',
      'objects/./note/b.json',
      'objects//note/b.json',
      'x'.repeat(4097),
    ]
  ) {
    it(`refuses the entry name ${JSON.stringify(name).slice(0, 40)}`, async () => {
      const { setup, entries } = await baseEntries();
      await refused(setup, change(entries, { [name]: {} }), {
        status: 400,
        type: 'validation_error',
        message: /has an unsafe name/,
      });
    });
  }

  it('refuses a name that appears twice', async () => {
    const { setup, entries } = await baseEntries();
    const zip = renameEntry(change(entries, { 'schema.jsoo': {} }), 'schema.jsoo', 'schema.json');
    await refused(setup, zip, {
      status: 400,
      type: 'validation_error',
      message: /"schema\.json" appears twice/,
    });
  });

  it('refuses data whose local name is not in the central directory', async () => {
    const { setup, entries } = await baseEntries();
    const zip = renameEntry(change(entries, {}), 'schema.json', 'schema.jsoo', { central: false });
    await refused(setup, zip, {
      status: 400,
      type: 'validation_error',
      message: /"schema\.jsoo" is in the archive's data but not/,
    });
  });

  it('refuses more entries than allowed (413)', async () => {
    const { setup, entries } = await baseEntries({ limits: { archiveEntries: 9 } });
    assert.equal(Object.keys(entries).length, 9);
    await refused(setup, change(entries, { 'objects/note/b.json': {} }), {
      status: 413,
      type: 'payload_too_large',
      message: /more than 9 entries/,
    });
  });

  it('refuses a body over the upload limit, declared or streamed (413)', async () => {
    const { setup, entries } = await baseEntries({ limits: { archiveBytes: 4096 } });
    const noise = [...crypto.getRandomValues(new Uint8Array(8192))].map((b) => b.toString(16));
    const big = change(entries, { 'metadata.json': { k: noise.join('') } });
    assert.ok(big.byteLength > 4096);
    await refused(setup, big, {
      status: 413,
      type: 'payload_too_large',
      message: /exceeds the limit of 4096 bytes/,
    });
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        if (pulled > 1000) controller.close();
        else controller.enqueue(new Uint8Array(1024));
      },
    });
    await refused(setup, endless, {
      status: 413,
      type: 'payload_too_large',
      message: /exceeds the limit of 4096 bytes/,
    });
    assert.ok(pulled < 20, `the server read ${pulled} KiB before refusing`);
  });

  it('refuses declared sizes over the limits, per entry and in total (413)', async () => {
    const perEntry = await baseEntries({ limits: { archiveEntryBytes: 1000 } });
    await refused(
      perEntry.setup,
      change(perEntry.entries, { 'metadata.json': { k: 'x'.repeat(2000) } }),
      {
        status: 413,
        type: 'payload_too_large',
        message: /"metadata\.json" unpacks to 20\d\d bytes/,
      },
    );
    const total = await baseEntries({ limits: { archiveUnpackedBytes: 3000 } });
    await refused(
      total.setup,
      change(total.entries, { 'metadata.json': { k: 'x'.repeat(2000) } }),
      { status: 413, type: 'payload_too_large', message: /unpacks to more than 3000 bytes/ },
    );
  });

  it('stops a zip bomb at its declared size while inflating', async () => {
    const { setup, entries } = await baseEntries();
    const bomb = change(entries, { 'metadata.json': `{"k":"${'0'.repeat(8 << 20)}"}` });
    assert.ok(bomb.byteLength < 64 * 1024);
    await refused(setup, declareSize(bomb, 'metadata.json', 100), {
      status: 400,
      type: 'validation_error',
      message: /"metadata\.json" unpacks to more than the 100 bytes it declares/,
    });
    await refused(setup, declareSize(change(entries, {}), 'schema.json', 5000), {
      status: 400,
      type: 'validation_error',
      message: /"schema\.json" unpacks to \d+ bytes, not the 5000 it declares/,
    });
  });

  it('refuses what is not a zip, a truncated zip, and unknown compression', async () => {
    const { setup, entries } = await baseEntries();
    const notZip = new TextEncoder().encode('PK? no, a text file'.repeat(10));
    await refused(setup, notZip, {
      status: 400,
      type: 'validation_error',
      message: /not a readable zip file/,
    });
    const zip = change(entries, {});
    await refused(setup, zip.slice(0, zip.byteLength - 30), {
      status: 400,
      type: 'validation_error',
      message: /not a readable zip file/,
    });
    const bzip = zip.slice();
    const view = new DataView(bzip.buffer);
    let central = bzip.byteLength - 22;
    central = view.getUint32(central + 16, true);
    view.setUint16(central + 10, 12, true);
    await refused(setup, bzip, {
      status: 400,
      type: 'validation_error',
      message: /compression method 12/,
    });
  });
});

describe('importing an archive with bad content', () => {
  const cases: [string, (e: Entries) => Entries, RegExp, number?][] = [
    ['no manifest', () => ({ 'manifest.json': undefined }), /has no manifest\.json/],
    [
      'another format',
      () => ({ 'manifest.json': { format: 'other', version: 1 } }),
      /"manifest\.json" at \/format: expected rool-space-archive/,
    ],
    [
      'an unknown version',
      () => ({ 'manifest.json': { format: 'rool-space-archive', version: 2 } }),
      /Archive version 2 is not supported; this server reads version 1/,
    ],
    ['an unknown entry', () => ({ 'notes.txt': 'hi' }), /"notes\.txt" is not part of a version 1/],
    ['an entry that is not JSON', () => ({ 'schema.json': '{nope' }), /not UTF-8 JSON/],
    [
      'a bad object path',
      () => ({ 'objects/note/a.b.json': { body: {}, stat: {} } }),
      /"objects\/note\/a\.b\.json" is not part/,
    ],
    [
      'an object whose collection is not in the schema',
      (e) => ({ 'objects/memo/a.json': e['objects/note/a.json'] }),
      /collection "memo" is not in schema\.json/,
    ],
    [
      'an object body that is not an object',
      (e) => ({ 'objects/note/a.json': { ...(e['objects/note/a.json'] as Entries), body: [] } }),
      /at \/body: expected a JSON object/,
    ],
    [
      'an object body nested too deeply',
      (e) => ({
        'objects/note/a.json': { ...(e['objects/note/a.json'] as Entries), body: nest(70) },
      }),
      /at \/body: the value nests deeper than 64 levels/,
    ],
    [
      'a bad stat',
      (e) => ({
        'objects/note/a.json': {
          ...(e['objects/note/a.json'] as Entries),
          stat: { modifiedAt: 'yesterday' },
        },
      }),
      /at \/stat\/modifiedAt: Expected number/,
    ],
    [
      'JSON nested past the entry limit',
      () => ({ 'metadata.json': { k: nest(200) } }),
      /nests deeper than 136/,
    ],
    [
      'an invalid schema',
      () => ({ 'schema.json': { note: { fields: [{ name: 'x', type: { kind: 'bogus' } }] } } }),
      /"schema\.json" at \/note\/fields\/0\/type/,
    ],
    [
      'a field defined twice',
      () => ({
        'schema.json': {
          note: {
            fields: [{ name: 'x', type: { kind: 'string' } }, {
              name: 'x',
              type: { kind: 'number' },
            }],
          },
        },
      }),
      /at \/note\/fields\/1\/name: field names must be unique/,
    ],
    ['a null metadata value', () => ({ 'metadata.json': { k: null } }), /cannot be null/],
    [
      'a metadata key like a token, redacted in the message',
      () => ({ 'metadata.json': { rool_alice_token: null } }),
      /^Entry "metadata\.json" at "<redacted>": a metadata value cannot be null$/,
    ],
    [
      'a channel ID like a token, redacted in the message',
      () => ({ 'channels.json': ['main', 'rool_bob_token'] }),
      /^Channel "<redacted>" is listed in channels\.json but has no "<redacted>"$/,
    ],
    [
      'a channel listed without its entry',
      () => ({ 'channels.json': ['main', 'other'] }),
      /Channel "other" is listed in channels\.json but has no "channels\/other\/channel\.json"/,
    ],
    [
      'a channel entry not listed',
      (e) => ({
        'channels/extra/channel.json': {
          ...(e['channels/main/channel.json'] as Entries),
          id: 'extra',
        },
      }),
      /"channels\/extra\/channel\.json" is not listed in "channels\.json"/,
    ],
    [
      'a channel without default',
      (e) => ({
        'channels/main/channel.json': {
          ...(e['channels/main/channel.json'] as Entries),
          conversations: [],
        },
      }),
      /every channel has a default conversation/,
    ],
    [
      'a conversation not listed',
      (e) => ({
        'channels/main/conversations/x.json': { ...(e[conversation] as Entries), id: 'x' },
      }),
      /"channels\/main\/conversations\/x\.json" is not listed in "channels\/main\/channel\.json"/,
    ],
    [
      'an ID that is not the entry name',
      (e) => ({ [conversation]: { ...(e[conversation] as Entries), id: 'other' } }),
      /at \/id: expected "default", as the entry's name says/,
    ],
    [
      'a parent outside the conversation',
      (e) => ({ [conversation]: tree(e, [interaction('int_a', 'int_zz')], null) }),
      /\/interactions\/0\/parentId: the parent must be an interaction of the same conversation/,
    ],
    [
      'interactions whose parents loop',
      (e) => ({
        [conversation]: tree(e, [
          interaction('int_r', null),
          interaction('int_a', 'int_b'),
          interaction('int_b', 'int_a'),
        ], 'int_r'),
      }),
      /the interactions do not form a tree: this chain of parents loops/,
    ],
    [
      'an interaction that is its own parent',
      (e) => ({ [conversation]: tree(e, [interaction('int_a', 'int_a')], null) }),
      /this chain of parents loops/,
    ],
    [
      'an interaction ID used twice in the space',
      (e) => ({
        'channels/main/channel.json': {
          ...(e['channels/main/channel.json'] as Entries),
          conversations: ['default', 'two'],
        },
        [conversation]: tree(e, [interaction('int_a', null)], null),
        'channels/main/conversations/two.json': {
          ...tree(e, [interaction('int_a', null)], null),
          id: 'two',
        },
      }),
      /this interaction ID is used twice in the space/,
    ],
    [
      'an interaction in flight',
      (e) => ({
        [conversation]: tree(e, [interaction('int_a', null, { status: 'streaming' })], null),
      }),
      /only finished interactions \(done or error\), not streaming/,
    ],
    [
      'an active leaf outside the tree',
      (e) => ({ [conversation]: tree(e, [interaction('int_a', null)], 'int_b') }),
      /at \/activeLeaf: the active leaf must be an interaction of the tree/,
    ],
    [
      'an interaction that is not one',
      (e) => ({ [conversation]: tree(e, [{ id: 'int_a' }], null) }),
      /at \/interactions\/0\/parentId: Missing required property/,
    ],
  ];
  const index = (e: Entries) => (e['files.json'] as { entries: Entries[] }).entries;
  const withIndex = (entries: Entries[]) => ({ 'files.json': { entries } });
  cases.push(
    [
      'a file whose bytes do not match its ETag',
      () => ({ 'files/docs/a.txt': new TextEncoder().encode('hellO') }),
      /"files\.json" at \/entries\/2\/etag: entry "files\/docs\/a\.txt" does not match it/,
    ],
    [
      'a file without its bytes',
      () => ({ 'files/docs/a.txt': undefined }),
      /at \/entries\/2: the file's bytes, entry "files\/docs\/a\.txt", are missing/,
    ],
    [
      'bytes no file lists',
      () => ({ 'files/docs/b.txt': hello }),
      /"files\/docs\/b\.txt" is not the bytes of any file files\.json lists/,
    ],
    [
      'a member listed before its collection',
      (e) => withIndex([index(e)[0], index(e)[2], index(e)[1]]),
      /at \/entries\/1: its parent collection must be listed before it/,
    ],
    [
      'a path listed twice',
      (e) => withIndex([...index(e), index(e)[1]]),
      /at \/entries\/3\/path: listed twice/,
    ],
    [
      'a drive without its root first',
      (e) => withIndex(index(e).slice(1)),
      /at \/entries\/0\/path: the first entry, and only it, is \/rool-drive/,
    ],
    [
      'a path outside the drive',
      (e) => withIndex([...index(e), { ...index(e)[1], path: '/space/docs' }]),
      /at \/entries\/3: the drive root cannot be written/,
    ],
    [
      'a path the drive refuses',
      (e) => withIndex([...index(e), { ...index(e)[1], path: '/rool-drive/docs/../x' }]),
      /at \/entries\/3: a path must not have empty, \. or \.\. segments/,
    ],
    [
      'a property that is not XML',
      (e) =>
        withIndex([
          { ...index(e)[0], props: { '{urn:x}a': '<a xmlns="urn:x">' } },
          ...index(e).slice(1),
        ]),
      /at \/entries\/0\/props: property "\{urn:x\}a" is not well-formed XML/,
    ],
    [
      'a property declaring a DOCTYPE',
      (e) =>
        withIndex([{
          ...index(e)[0],
          props: { '{}a': '<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>' },
        }, ...index(e).slice(1)]),
      /property "\{\}a" is not well-formed XML/,
    ],
    [
      'a property under another name',
      (e) =>
        withIndex([
          { ...index(e)[0], props: { '{urn:x}a': '<b xmlns="urn:x"/>' } },
          ...index(e).slice(1),
        ]),
      /property "\{urn:x\}a" holds an element of another name/,
    ],
    [
      'a bad media type',
      (e) => withIndex([...index(e).slice(0, 2), { ...index(e)[2], contentType: 'text' }]),
      /at \/entries\/2\/contentType: expected a media type/,
    ],
  );
  for (const [what, changes, message] of cases) {
    it(`refuses ${what}`, async () => {
      const { setup, entries } = await baseEntries();
      await refused(setup, change(entries, changes(entries)), {
        status: 400,
        type: 'validation_error',
        message,
      });
    });
  }

  it("refuses files over the space's storage or drive entries (413)", async () => {
    const { entries } = await baseEntries();
    const small = setupRool({ limits: { storageBytesPerSpace: 4 } });
    await refused(small, change(entries, {}), {
      status: 413,
      type: 'payload_too_large',
      message: /"files\.json" at \/entries\/2: the space's storage would exceed 4 bytes/,
    });
    const few = setupRool({ limits: { driveEntriesPerSpace: 1 } });
    await refused(few, change(entries, {}), {
      status: 413,
      type: 'payload_too_large',
      message: /at \/entries\/2: the drive holds at most 1 files and collections/,
    });
  });

  it('refuses more objects or interactions than a space holds (413)', async () => {
    const objects = await baseEntries({ limits: { objectsPerSpace: 1 } });
    await refused(
      objects.setup,
      change(objects.entries, {
        'objects/note/b.json': objects.entries['objects/note/a.json'],
      }),
      {
        status: 413,
        type: 'payload_too_large',
        message: /holds 2 objects; a space holds at most 1/,
      },
    );
    const history = await baseEntries({ limits: { interactionsPerConversation: 2 } });
    const three = [interaction('i1', null), interaction('i2', 'i1'), interaction('i3', 'i2')];
    await refused(
      history.setup,
      change(history.entries, { [conversation]: tree(history.entries, three, 'i3') }),
      {
        status: 413,
        type: 'payload_too_large',
        message: /at \/interactions: 3 interactions; a conversation holds at most 2/,
      },
    );
  });

  it('checks the caller, the content type and the name first (401, 415, 400)', async () => {
    const { setup, entries } = await baseEntries();
    const zip = change(entries, {});
    await refused(setup, zip, { status: 401, type: 'unauthorized', message: /Invalid access/ }, {
      token: 'nope',
    });
    await refused(setup, zip, {
      status: 415,
      type: 'unsupported_media_type',
      message: /not "text\/plain"/,
    }, { headers: { 'content-type': 'text/plain' } });
    await refused(setup, zip, {
      status: 400,
      type: 'validation_error',
      message: /The query parameter name is required/,
    }, { name: '' });
    assert.equal((await importZip(setup, zip, { token: tokens.bob })).status, 201);
  });
});

function nest(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { v: value };
  return value;
}
