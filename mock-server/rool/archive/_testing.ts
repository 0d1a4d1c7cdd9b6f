/**
 * What the archive tests share: a space holding a bit of everything an
 * archive keeps, the two routes called raw, a space read back whole through
 * RPC, and tools that forge hostile zips (renamed entries, lying sizes).
 *
 * @module
 */
import { zipSync } from 'fflate';
import type { RoolBindings } from '../../../src/rool/_generated/bindings.ts';
import { parseXml } from '../../../src/rool/_xml.ts';
import { mockAgentPrompt, type RoolSetup, tokens } from '../_testing.ts';
import type { RoolMock } from '../mod.ts';

/** The objects {@linkcode buildRichSpace} leaves. */
export const richPaths = [
  '/space/note/a.json',
  '/space/note/c.json',
  '/space/person/ada.json',
  '/space/person/grace.json',
] as const;

/**
 * Alice's space with collections, objects (one written by the agent, one ephemerally), metadata,
 * two channels (one renamed), branching trees, a renamed conversation, system instructions, a
 * checkpoint, a member and link access.
 *
 * @param setup The mock.
 * @returns The space's ID.
 */
export async function buildRichSpace(setup: RoolSetup): Promise<string> {
  const { alice, clock } = setup;
  const tick = () => (clock.now += 1000);
  const { id: spaceId } = await alice.spaces.create({ name: 'Source' });
  const main = { spaceId, channelId: 'main' };
  const lab = { spaceId, channelId: 'lab' };
  await alice.channels.open(main);
  tick();
  await alice.channels.open(lab);
  await alice.collections.create({
    ...main,
    name: 'note',
    def: { fields: [{ name: 'title', type: { kind: 'string' } }] },
  });
  await alice.collections.create({
    ...main,
    name: 'person',
    def: {
      fields: [
        { name: 'name', type: { kind: 'string' } },
        { name: 'tags', type: { kind: 'array', inner: { kind: 'enum', values: ['x', 'y'] } } },
      ],
      schemaOrgType: 'Person',
    },
  });
  tick();
  const first = await alice.objects.put({
    ...main,
    path: '/space/note/a.json',
    body: { title: 'A', _private: { deep: [1, 2, { x: null }] }, '1': 'numeric key' },
  });
  tick();
  await alice.objects.put({ ...main, path: '/space/note/b.json', body: { title: 'B' } });
  // A branch: back to the first interaction.
  await alice.objects.move({
    ...main,
    from: '/space/note/b.json',
    to: '/space/note/c.json',
    parentInteractionId: first.interaction!.id,
  });
  await alice.objects.patch({ ...main, path: '/space/note/a.json', data: { title: 'A2' } });
  await alice.metadata.set({ ...main, key: 'theme', value: { dark: true, accents: ['red'] } });
  await alice.metadata.set({ ...main, key: 'zeta', value: 1, ephemeral: true });
  await alice.metadata.set({ ...main, key: 'alpha', value: 'first?' });
  tick();
  await alice.objects.put({
    ...lab,
    conversationId: 'ideas',
    path: '/space/person/ada.json',
    body: { name: 'Ada', tags: ['x'] },
  });
  await alice.conversations.rename({ ...lab, conversationId: 'ideas', name: 'Ideas ✨' });
  await alice.conversations.setSystemInstruction({ ...lab, instruction: 'Answer in French' });
  await alice.conversations.setSystemInstruction({
    ...lab,
    conversationId: 'quiet',
    instruction: 'Be brief',
  });
  await alice.ai.prompt({
    ...lab,
    conversationId: 'ideas',
    text: mockAgentPrompt([{
      name: 'put_object',
      input: { path: '/space/person/grace.json', body: { name: 'Grace', tags: [] } },
    }], 'Added Grace'),
  });
  await alice.objects.put({
    ...lab,
    path: '/space/person/ada.json',
    body: { name: 'Ada L.', tags: ['x', 'y'] },
    ephemeral: true,
  });
  await alice.channels.rename({ ...lab, name: 'Laboratory' });
  await alice.checkpoints.create({ ...main, label: 'Before' });
  await alice.members.add({ spaceId, userId: 'usr_bob', role: 'editor' });
  await alice.spaces.setLinkAccess({ spaceId, linkAccess: 'viewer' });
  fillDrive(setup.mock, spaceId, clock.now);
  return spaceId;
}

/**
 * Writes a drive through the files model: text and binary files, an empty file, empty and
 * nested empty collections, dead properties on the root, a collection and a file.
 *
 * @param mock The mock.
 * @param spaceId The space.
 * @param now The clock reading to start from (ms).
 */
export function fillDrive(mock: RoolMock, spaceId: string, now: number): void {
  const { drive } = mock.runtime.state.spaces.get(spaceId)!.files;
  const prop = (xml: string) => parseXml(xml);
  drive.mkcol('/rool-drive/docs', now + 1);
  drive.putFile('/rool-drive/docs/read me: é.md', {
    bytes: new TextEncoder().encode('# Hello\n'),
    contentType: 'text/markdown; charset=utf-8',
  }, now + 2);
  const binary = Uint8Array.from({ length: 512 }, (_, i) => (i * 7) % 256);
  const { file } = drive.putFile('/rool-drive/docs/blob.bin', { bytes: binary }, now + 3);
  file.props.set(prop('<color xmlns="urn:x:">red &amp; <b>bold</b></color>'));
  drive.putFile(
    '/rool-drive/empty.txt',
    { bytes: new Uint8Array(0), contentType: 'text/plain' },
    now + 4,
  );
  drive.mkcol('/rool-drive/empty', now + 5);
  drive.mkcol('/rool-drive/outer', now + 6);
  drive.mkcol('/rool-drive/outer/inner', now + 7);
  drive.get('/rool-drive/docs')!.props.set(
    prop('<D:displayname xmlns:D="DAV:">Docs</D:displayname>'),
  );
  drive.get('/rool-drive')!.props.set(prop('<note xmlns="urn:y" lang="en">root</note>'));
}

/**
 * A space's drive as the files model holds it: every entry's metadata, and every file's bytes.
 *
 * @param mock The mock.
 * @param spaceId The space.
 * @returns The drive's digest and the files' bytes by path.
 */
export function readDrive(mock: RoolMock, spaceId: string): unknown {
  const { drive } = mock.runtime.state.spaces.get(spaceId)!.files;
  const bytes = drive.entries().flatMap(([path, node]) =>
    node.kind === 'file' ? [[path, [...node.bytes]]] : []
  );
  return { entries: JSON.parse(JSON.stringify(drive)), bytes, used: drive.usedBytes };
}

/**
 * Everything a client can read of a space through RPC, but its identity (ID, name, role,
 * members, link access, times of the space itself).
 *
 * @param client The reading client.
 * @param spaceId The space.
 * @returns Schema, metadata, objects with stats, channels, conversations and trees, size.
 */
export async function readSpace(client: RoolBindings, spaceId: string): Promise<unknown> {
  const { space, channels } = await client.spaces.get({ spaceId });
  const { schema } = await client.schema.get({ spaceId });
  const { metadata } = await client.metadata.get({ spaceId });
  const objects = [];
  for (const path of richPaths) {
    const { object } = await client.objects.get({ spaceId, path });
    const { stat } = await client.objects.stat({ spaceId, path });
    objects.push({ object, stat });
  }
  const trees = [];
  for (const channel of channels) {
    const ref = { spaceId, channelId: channel.id };
    const { conversations } = await client.conversations.list(ref);
    for (const { id } of conversations) {
      const { conversation } = await client.conversations.get({ ...ref, conversationId: id });
      trees.push(conversation);
    }
    trees.push({ channel: channel.id, conversations });
  }
  return {
    size: space.size,
    schema,
    metadata,
    metadataOrder: Object.keys(metadata),
    objects,
    channels,
    trees,
  };
}

/**
 * Exports a space through the route.
 *
 * @param setup The mock.
 * @param spaceId The space.
 * @param token Whose token; alice's by default.
 * @returns The zip.
 * @throws {Error} When the route does not answer 200 with a zip.
 */
export async function exportZip(
  setup: RoolSetup,
  spaceId: string,
  token: string = tokens.alice,
): Promise<Uint8Array<ArrayBuffer>> {
  const response = await setup.send(`/v1/spaces/${spaceId}/archive`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (response.status !== 200) throw new Error(`Export answered ${await response.text()}`);
  if (response.headers.get('content-type') !== 'application/zip') {
    throw new Error(`Export answered ${response.headers.get('content-type')}`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * Imports a zip through the route.
 *
 * @param setup The mock.
 * @param body The zip (or any body).
 * @param options The name, token and extra headers.
 * @returns The status and the parsed JSON answer.
 */
export async function importZip(
  setup: RoolSetup,
  body: BodyInit,
  options: { name?: string; token?: string; headers?: Record<string, string> } = {},
  // deno-lint-ignore no-explicit-any
): Promise<{ status: number; body: any }> {
  const name = options.name ?? 'Imported';
  const response = await setup.send(`/v1/spaces/import?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${options.token ?? tokens.alice}`,
      'content-type': 'application/zip',
      ...options.headers,
    },
    body,
  });
  return { status: response.status, body: await response.json() };
}

/**
 * A zip of the given entries, with fflate's defaults but a fixed time.
 *
 * @param entries Entry name → text, bytes, or a value to write as JSON.
 * @returns The zip.
 */
export function zipOf(entries: Record<string, unknown>): Uint8Array<ArrayBuffer> {
  const files: Record<string, Uint8Array> = {};
  for (const [name, value] of Object.entries(entries)) {
    files[name] = value instanceof Uint8Array
      ? value
      : new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));
  }
  return zipSync(files, { mtime: new Date(1980, 0, 1, 12) });
}

/** One entry as the central directory and its local header place it. */
interface Located {
  name: string;
  central: number;
  local: number;
}

function locate(zip: Uint8Array): Located[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let end = zip.byteLength - 22;
  while (view.getUint32(end, true) !== 0x06054b50) end--;
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const out: Located[] = [];
  for (let i = 0; i < count; i++) {
    const nameLength = view.getUint16(at + 28, true);
    const extra = view.getUint16(at + 30, true);
    const comment = view.getUint16(at + 32, true);
    const name = new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength));
    out.push({ name, central: at, local: view.getUint32(at + 42, true) });
    at += 46 + nameLength + extra + comment;
  }
  return out;
}

/**
 * Renames an entry in place, in its local header and the central directory, to a name of the
 * same UTF-8 length: names fflate would never write (`..`, duplicates) can then be tested.
 *
 * @param zip The zip; a changed copy is returned.
 * @param from The entry's name.
 * @param to The new name, as long as the old one in bytes.
 * @param where Which records to change; both by default.
 * @returns The forged zip.
 */
export function renameEntry(
  zip: Uint8Array,
  from: string,
  to: string,
  where: { local?: boolean; central?: boolean } = {},
): Uint8Array<ArrayBuffer> {
  const out = zip.slice();
  const bytes = new TextEncoder().encode(to);
  const entry = locate(out).find((e) => e.name === from);
  if (!entry || bytes.length !== new TextEncoder().encode(from).length) {
    throw new Error(`Cannot rename ${from} to ${to}`);
  }
  if (where.local ?? true) out.set(bytes, entry.local + 30);
  if (where.central ?? true) out.set(bytes, entry.central + 46);
  return out;
}

/**
 * Sets the unpacked size an entry declares, in its local header and the central directory: a
 * zip bomb's lie.
 *
 * @param zip The zip; a changed copy is returned.
 * @param name The entry.
 * @param size The size to declare.
 * @returns The forged zip.
 */
export function declareSize(
  zip: Uint8Array,
  name: string,
  size: number,
): Uint8Array<ArrayBuffer> {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  const entry = locate(out).find((e) => e.name === name);
  if (!entry) throw new Error(`No entry ${name}`);
  view.setUint32(entry.local + 22, size, true);
  view.setUint32(entry.central + 24, size, true);
  return out;
}
