/**
 * Space archives (docs/rool-archive.md):
 *
 * - `archive.roundTrip`: a space of the run is exported on both sides (the archives compared by
 *   content, ../archive/compare-archive.ts), each side's archive is imported as a new space on
 *   its own side (the answers compared), and the imported spaces are read back through RPC and
 *   WebDAV: schema, metadata, channels, every conversation and object the reference's archive
 *   holds, and the files (`PROPFIND` of the WebDAV root, depth infinity).
 * - `archive.hostile`: each side's own export, spoiled the same way (a zip-slip name, an absolute
 *   name, a backslash, a bad or missing manifest, a body that is no zip), must be refused by both
 *   with the same status and error, and leave no new space (`spaces.list` compared).
 *
 * @module
 */
import fc from 'fast-check';
import { zipSync } from 'fflate';
import { type Call, sym } from '../../call.ts';
import type { ConformanceCommand } from '../../commands/base.ts';
import type { Model, Ref } from '../../model.ts';
import { Divergence, type Pair } from '../../pair.ts';
import type { Exchange } from '../../side.ts';
import { unpackArchive } from '../archive/compare-archive.ts';
import { suiteClientIds } from '../events/space-events.ts';
import { roolRun } from '../run-state.ts';
import { dav } from './_dav.ts';
import {
  ensureWorkspace,
  facts,
  newFacts,
  pickSpace,
  rool,
  roolOp,
  spaceName,
  type Who,
  whoArbitrary,
} from './_rool.ts';

/** The export of a space as a call. */
function exportCall(space: Ref | undefined, who: Who): Call {
  return {
    label: 'spaces.export',
    route: 'archive',
    space: space ?? { literal: 'spc_conformance_unknown' },
    auth: { kind: 'credential', index: who },
    clientId: suiteClientIds[who],
    http: { method: 'GET', binary: true },
  };
}

/** The import of each side's own archive bytes as a new space. */
function importCall(
  model: Model,
  options: { target: Uint8Array; reference: Uint8Array; who: Who },
): Call {
  return {
    label: 'spaces.import',
    route: 'import',
    auth: { kind: 'credential', index: options.who },
    clientId: suiteClientIds[options.who],
    http: {
      method: 'POST',
      path: `?name=${encodeURIComponent(spaceName(model))}`,
      headers: { 'content-type': 'application/zip' },
      body: { perSide: { target: options.target, reference: options.reference } },
    },
  };
}

/**
 * Records the space an import made (201 with the space's info), on both sides or, when the
 * target alone made one, on the target only, so cleanup deletes it. Returns the space when the
 * reference made one.
 */
function recordImported(
  model: Model,
  answers: { target: Exchange; reference: Exchange; owner: Who },
): Ref | undefined {
  const id = (e: Exchange) =>
    e.status === 201 ? (e.body as { id?: unknown })?.id as string | undefined : undefined;
  const [t, r] = [id(answers.target), id(answers.reference)];
  if (t === undefined || (model.ids.hasTarget(t) && r === undefined)) return undefined;
  model.entities.space.push({ target: t, reference: r ?? '' });
  if (r !== undefined) model.ids.pair(t, r);
  const index = model.entities.space.length - 1;
  roolRun(model).spaces[index] = newFacts(answers.owner);
  return r === undefined ? undefined : { kind: 'space', index };
}

/** Sends a call, and records a space the target made when it diverges. */
async function importing(model: Model, pair: Pair, call: Call, owner: Who) {
  try {
    const answers = await pair.exchange(call, model);
    return { ...answers, space: recordImported(model, { ...answers, owner }) };
  } catch (error) {
    if (error instanceof Divergence) recordImported(model, { ...error.step, owner });
    throw error;
  }
}

const decoder = new TextDecoder();

/** What the reference's archive says the space holds, to read it back. */
function contents(entries: Map<string, Uint8Array>) {
  const json = (name: string) => {
    try {
      return JSON.parse(decoder.decode(entries.get(name)));
    } catch {
      return undefined;
    }
  };
  const objects = [...entries.keys()].filter((n) => n.startsWith('objects/'))
    .map((n) => `/space/${n.slice('objects/'.length)}`);
  const channels = (json('channels.json') as string[] | undefined) ?? [];
  const conversations = channels.flatMap((channel) =>
    ((json(`channels/${channel}/channel.json`)?.conversations ?? []) as string[]).map((
      id,
    ) => ({ channel, id }))
  );
  const collections = Object.keys(json('schema.json') ?? {});
  return { objects, channels, conversations, collections };
}

/** Reads an imported space back, every read compared. */
async function readBack(
  model: Model,
  pair: Pair,
  options: { space: Ref; entries: Map<string, Uint8Array>; who: Who },
): Promise<void> {
  const { space, who } = options;
  const held = contents(options.entries);
  const f = facts(model, space);
  held.channels.forEach((c) => f.channels.add(c));
  held.collections.forEach((c) => f.collections.add(c));
  held.objects.forEach((o) => f.objects.add(o));
  const spaceId = sym(space);
  for (const method of ['spaces.get', 'schema.get', 'metadata.get', 'channels.list']) {
    await pair.exchange(rool(method, { spaceId }, who), model);
  }
  for (let i = 0; i < held.objects.length; i += 500) {
    const paths = held.objects.slice(i, i + 500);
    await pair.exchange(rool('objects.getMany', { spaceId, paths }, who), model);
  }
  for (const { channel, id } of held.conversations.slice(0, 20)) {
    await pair.exchange(
      rool('conversations.get', { spaceId, channelId: channel, conversationId: id }, who),
      model,
    );
  }
  await pair.exchange(
    dav('PROPFIND', { space, path: '/', who, headers: { depth: 'infinity' } }),
    model,
  );
}

/** How an archive is spoiled. */
type Spoil =
  | 'zipSlip'
  | 'absolute'
  | 'backslash'
  | 'nul'
  | 'badVersion'
  | 'noManifest'
  | 'manifestNotJson'
  | 'notZip';

const spoils: readonly Spoil[] = [
  'zipSlip',
  'absolute',
  'backslash',
  'nul',
  'badVersion',
  'noManifest',
  'manifestNotJson',
  'notZip',
];

/**
 * An archive spoiled in one way. It is unpacked with the suite's limits (an archive the suite
 * cannot read is spoiled as `notZip`: a body that is no zip).
 *
 * @param bytes A valid archive.
 * @param spoil How to spoil it: `zipSlip`, `absolute`, `backslash`, `nul`, `badVersion`,
 * `noManifest`, `manifestNotJson` or `notZip`.
 * @returns The spoiled archive.
 */
export function spoilArchive(bytes: Uint8Array, spoil: Spoil): Uint8Array {
  const encoder = new TextEncoder();
  const unpacked = spoil === 'notZip' ? undefined : unpackArchive(bytes);
  if (!unpacked || 'error' in unpacked) return encoder.encode('This is not a zip archive.');
  const entries: Record<string, Uint8Array> = Object.fromEntries(unpacked);
  const extra = encoder.encode('{"body":{"evil":true},"stat":{}}\n');
  switch (spoil) {
    case 'zipSlip':
      entries['objects/../../evil.json'] = extra;
      break;
    case 'absolute':
      entries['/objects/notes/evil.json'] = extra;
      break;
    case 'backslash':
      entries['objects\\notes\\evil.json'] = extra;
      break;
    case 'nul':
      entries['objects/notes/evil\0.json'] = extra;
      break;
    case 'badVersion':
      entries['manifest.json'] = encoder.encode('{"format":"rool-space-archive","version":99}\n');
      break;
    case 'noManifest':
      delete entries['manifest.json'];
      break;
    case 'manifestNotJson':
      entries['manifest.json'] = encoder.encode('not json');
      break;
  }
  return zipSync(entries, { level: 6 });
}

/** Exports a space on both sides; both archives when both sides answered one. */
async function exportBoth(model: Model, pair: Pair, space: Ref | undefined, who: Who) {
  const { target, reference } = await pair.exchange(exportCall(space, who), model);
  return target.bytes && reference.bytes
    ? { target: target.bytes, reference: reference.bytes }
    : undefined;
}

/**
 * The archive commands.
 *
 * @returns The commands.
 */
export function archiveCommands(): ConformanceCommand[] {
  return [
    roolOp({
      name: 'archive.roundTrip',
      weight: 0.5,
      args: fc.record({ space: fc.nat(), who: whoArbitrary }),
      prepare: async (model, pair, { space, who }) => {
        await ensureWorkspace(model, pair, space);
        const ref = pickSpace(model, space);
        const archives = await exportBoth(model, pair, ref, who);
        if (!archives) return;
        const imported = await importing(model, pair, importCall(model, { ...archives, who }), who);
        const entries = unpackArchive(archives.reference);
        if (imported.space && !('error' in entries)) {
          await readBack(model, pair, { space: imported.space, entries, who });
        }
      },
      // Then the imported space again, as the next export would see it.
      build: (model, { who }) => {
        const last = model.entities.space.length - 1;
        const ref = last >= 0 && !model.entities.space[last].gone
          ? { kind: 'space' as const, index: last }
          : undefined;
        return { call: exportCall(ref, who) };
      },
    }),
    roolOp({
      name: 'archive.hostile',
      weight: 0.3,
      args: fc.record({ space: fc.nat(), spoil: fc.constantFrom(...spoils) }),
      prepare: async (model, pair, { space, spoil }) => {
        await ensureWorkspace(model, pair, space);
        const archives = await exportBoth(model, pair, pickSpace(model, space), 0);
        if (!archives) return;
        const spoilt = {
          target: spoilArchive(archives.target, spoil),
          reference: spoilArchive(archives.reference, spoil),
        };
        await importing(model, pair, importCall(model, { ...spoilt, who: 0 }), 0);
      },
      // No space was left behind: the run's own spaces, and only them, are listed.
      build: () => ({ call: rool('spaces.list', {}, 0) }),
    }),
  ];
}
