/**
 * The snapshot of a mock server's state: one JSON document that holds Roj's
 * and Rool's whole state, so that a mock started from it answers as the one
 * that wrote it did.
 *
 * ```json
 * {"format":"roj-mock-state","version":1,"savedAt":"…","mockVersion":"…",
 *  "secrets":{"roolJwtSecret":"…"},"events":{"highestId":42},"roj":{…},"rool":{…}}
 * ```
 *
 * `roj` and `rool` are `mock.runtime.state` and `mock.rool.runtime.state` in
 * the graph encoding of ./codec.ts, with each Rool space's storage as
 * ./space.ts writes it. `secrets.roolJwtSecret` signs the Rool tokens the
 * login page issues, so they stay valid; `events.highestId` is where the
 * restarted mock's event IDs resume above. What is not saved, and why:
 *
 * - prompts in flight: a restart stops them, as `ai.stop` does (the
 *   interaction ends `error` with output `Stopped`);
 * - open event streams and unused event tickets: clients reconnect, see a
 *   gap, and resynchronise (docs/rool-events.md);
 * - settings (API keys, delays, limits, users to reset to): they come from
 *   the command line each time.
 *
 * The version changes whenever the encoding or the state's shape changes in
 * a way an older mock could not read; a mock refuses a snapshot of another
 * version, or of a shape its state does not have, rather than guess.
 *
 * @module
 */
import { mockVersion } from '../roj/app.ts';
import type { MockServer } from '../mod.ts';
import { defaultSeed } from '../roj/seed.ts';
import { createState, type RojState } from '../roj/state.ts';
import type { RoolRuntime } from '../rool/context.ts';
import { createRoolState, type RoolState, settledInteraction } from '../rool/state.ts';
import { atStep, GraphDecoder, GraphEncoder, type Json, SnapshotFormatError } from './codec.ts';
import { decodeSpace, encodeSpace } from './space.ts';

/** The `format` of a snapshot. */
export const snapshotFormat = 'roj-mock-state';

/** The version of the snapshot format this mock writes and reads. */
export const snapshotVersion = 1;

/** A snapshot that cannot be used: not JSON, another format or version, or a state it cannot hold. */
export class SnapshotError extends Error {
  /** Always `SnapshotError`. */
  override readonly name = 'SnapshotError';
}

/** What a snapshot holds besides the state. */
export interface SnapshotSecrets {
  /** The secret Rool tokens are signed with; see `RoolMockOptions.jwtSecret`. */
  roolJwtSecret?: string;
}

/** A snapshot read from its text, its states not yet decoded. */
export interface ParsedSnapshot {
  /** When it was written (ISO 8601). */
  savedAt: string;
  /** The mock version that wrote it. */
  mockVersion: string;
  /** Its secrets. */
  secrets: SnapshotSecrets;
  /** The rest, for {@linkcode restoreSnapshot}. */
  body: { events: Json; roj: Json; rool: Json };
}

/**
 * Captures a mock's state: the part of the snapshot that changes with the state. Call
 * {@linkcode snapshotText} to make the file's text of it.
 *
 * @param mock The mock.
 * @param secrets What to save beside the state.
 * @returns The state part, as JSON text: equal texts mean equal states.
 * @throws {SnapshotFormatError} When the state holds a value the encoding cannot carry (a bug:
 * a new kind of record that mock-server/persist does not know yet).
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { createMockServer } from '../mod.ts';
 * import { captureState, parseSnapshot, restoreSnapshot, snapshotText } from './snapshot.ts';
 * const mock = createMockServer();
 * await mock.fetch('http://mock.test/api/v1/rpc', {
 *   method: 'POST',
 *   headers: { authorization: 'Bearer roj_dev_key', 'content-type': 'application/json' },
 *   body: JSON.stringify({ method: 'instances.create', input: { templateSlug: 'starter', name: 'kept' } }),
 * });
 * const text = snapshotText(captureState(mock, {}), new Date());
 * const restarted = createMockServer();
 * restoreSnapshot(restarted, parseSnapshot(text, 'mock-state.json'));
 * assert.equal([...restarted.runtime.state.instances.values()][0].name, 'kept');
 * ```
 */
export function captureState(mock: MockServer, secrets: SnapshotSecrets): string {
  const encoder = new GraphEncoder();
  const roj = atStep('roj', () => encoder.encode(mock.runtime.state));
  const rool = atStep('rool', () => encodeRoolState(mock.rool.runtime.state, encoder));
  const events = { highestId: mock.rool.runtime.events.hub.highestId() };
  return JSON.stringify({ secrets, events, roj, rool });
}

/**
 * The text of a snapshot file: the header, then the captured state.
 *
 * @param state What {@linkcode captureState} returned.
 * @param savedAt When it is saved.
 * @returns One line of JSON, with a newline.
 */
export function snapshotText(state: string, savedAt: Date): string {
  const header = JSON.stringify({
    format: snapshotFormat,
    version: snapshotVersion,
    savedAt: savedAt.toISOString(),
    mockVersion,
  });
  return `${header.slice(0, -1)},${state.slice(1)}\n`;
}

/**
 * Reads a snapshot's text and checks its format and version.
 *
 * @param text The file's text.
 * @param file The file's name, for messages.
 * @returns The snapshot, its states still encoded.
 * @throws {SnapshotError} When it is not JSON, not a snapshot, or of another version.
 */
export function parseSnapshot(text: string, file: string): ParsedSnapshot {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SnapshotError(
      `The snapshot ${file} is not JSON (${(error as Error).message}): it is damaged or was not ` +
        'written by the mock',
    );
  }
  const snapshot = json as Record<string, Json> | null;
  if (
    typeof snapshot !== 'object' || snapshot === null || Array.isArray(snapshot) ||
    snapshot.format !== snapshotFormat
  ) {
    throw new SnapshotError(
      `The snapshot ${file} is not a mock state snapshot (no "format": "${snapshotFormat}")`,
    );
  }
  if (snapshot.version !== snapshotVersion) {
    throw new SnapshotError(
      `The snapshot ${file} has format version ${JSON.stringify(snapshot.version)}; this mock ` +
        `reads version ${snapshotVersion} only`,
    );
  }
  const secrets = snapshot.secrets as Record<string, Json> | undefined;
  const jwt = secrets?.roolJwtSecret;
  if (
    typeof snapshot.savedAt !== 'string' || typeof snapshot.mockVersion !== 'string' ||
    typeof secrets !== 'object' || secrets === null ||
    (jwt !== undefined && typeof jwt !== 'string') ||
    !('events' in snapshot && 'roj' in snapshot && 'rool' in snapshot)
  ) {
    throw new SnapshotError(`The snapshot ${file} lacks a field of version ${snapshotVersion}`);
  }
  return {
    savedAt: snapshot.savedAt,
    mockVersion: snapshot.mockVersion,
    secrets: jwt === undefined ? {} : { roolJwtSecret: jwt },
    body: { events: snapshot.events, roj: snapshot.roj, rool: snapshot.rool },
  };
}

/**
 * Makes a new mock hold a snapshot's state. Prompts that were in flight end as stopped.
 *
 * @param mock A mock that has served nothing yet (its event hub must be fresh).
 * @param snapshot The snapshot.
 * @throws {SnapshotError} When the state is not one this mock's state can be: a field missing or
 * extra, a record of the wrong kind, a storage the drive could not hold.
 */
export function restoreSnapshot(mock: MockServer, snapshot: ParsedSnapshot): void {
  const decoder = new GraphDecoder();
  let roj: RojState;
  let rool: RoolState;
  try {
    roj = atStep('roj', () => checkShape(decoder.decode(snapshot.body.roj), freshRojState()));
    rool = atStep('rool', () => decodeRoolState(snapshot.body.rool, decoder, mock.rool.runtime));
  } catch (error) {
    if (!(error instanceof SnapshotFormatError)) throw error;
    throw new SnapshotError(`The snapshot's state cannot be restored: ${error.message}`);
  }
  const events = snapshot.body.events as { highestId?: unknown } | null;
  const highestId = events?.highestId;
  if (typeof highestId !== 'number' || !Number.isSafeInteger(highestId) || highestId < 0) {
    throw new SnapshotError("The snapshot's events.highestId must be an integer of at least 0");
  }
  stopPrompts(rool);
  mock.runtime.state = roj;
  mock.rool.runtime.state = rool;
  mock.rool.runtime.events.hub.resumeAbove(highestId);
}

function encodeRoolState(state: RoolState, encoder: GraphEncoder): Json {
  const out: Record<string, Json> = {};
  for (const key of Object.keys(state) as (keyof RoolState)[]) {
    out[key] = atStep(
      key,
      () =>
        key === 'spaces'
          ? [...state.spaces].map(([id, space], i) => [
            id,
            atStep(i, () => encodeSpace(space, encoder)),
          ])
          : encoder.encode(state[key]),
    );
  }
  return out;
}

function decodeRoolState(json: Json, decoder: GraphDecoder, runtime: RoolRuntime): RoolState {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new SnapshotFormatError('The state must be an object');
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(json)) {
    out[key] = atStep(key, () => {
      const value = json[key];
      if (key !== 'spaces') return decoder.decode(value);
      if (!Array.isArray(value)) throw new SnapshotFormatError('Spaces must be a list');
      return new Map(value.map((pair, i) => {
        if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string') {
          throw new SnapshotFormatError('A space must be saved as [id, space]').under(i);
        }
        return [pair[0], atStep(i, () => decodeSpace(pair[1], decoder, runtime))];
      }));
    });
  }
  return checkShape(out, createRoolState([], 0));
}

function freshRojState(): RojState {
  return createState(defaultSeed(), 0);
}

/** The decoded state, once it has the fields of a fresh one, each of the same kind. */
function checkShape<T extends object>(decoded: unknown, fresh: T): T {
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) {
    throw new SnapshotFormatError('The state must be an object');
  }
  const expected = Object.keys(fresh);
  const given = Object.keys(decoded);
  const missing = expected.filter((key) => !given.includes(key));
  const extra = given.filter((key) => !expected.includes(key));
  if (missing.length > 0 || extra.length > 0) {
    throw new SnapshotFormatError(
      `The state's fields differ from this mock's: ${
        [...missing.map((k) => `${k} missing`), ...extra.map((k) => `${k} unknown`)].join(', ')
      }`,
    );
  }
  for (const key of expected) {
    const want = kindOf((fresh as Record<string, unknown>)[key]);
    const got = kindOf((decoded as Record<string, unknown>)[key]);
    if (want !== got) {
      throw new SnapshotFormatError(`Expected a ${want}, found a ${got}`).under(key);
    }
  }
  return decoded as T;
}

function kindOf(value: unknown): string {
  if (value instanceof Map) return 'map';
  if (Array.isArray(value)) return 'list';
  return value === null ? 'null' : typeof value;
}

/** Prompts in flight died with the process that ran them: they end as `ai.stop` ends them. */
function stopPrompts(state: RoolState): void {
  for (const space of state.spaces.values()) {
    for (const channel of space.channels.values()) {
      for (const conversation of channel.conversations.values()) {
        for (const [id, interaction] of conversation.interactions) {
          const settled = settledInteraction(interaction);
          if (settled !== interaction) conversation.interactions.set(id, settled);
        }
      }
    }
  }
}
