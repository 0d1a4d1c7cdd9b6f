// The live events of docs/rool-events.md as typed values: each frame's `data` is parsed and
// checked for the members the SDK relies on; a frame that is unknown or malformed yields
// `undefined`, so a newer server's events, or a broken one's, are skipped rather than trusted.
import { isRecord } from '../rpc/_envelope.ts';
import type { SseEvent } from './_sse.ts';
import type { ChangeSource, ChannelInfo, RoolSpaceInfo, SpaceSchema } from './types.ts';

/** An event of the client stream. */
export type ClientLiveEvent =
  | { type: 'spaceAdded'; space: RoolSpaceInfo }
  | { type: 'spaceRemoved'; spaceId: string }
  | { type: 'spaceRenamed'; spaceId: string; name: string }
  | { type: 'userStorageChanged'; key: string; value: unknown; source: 'local' | 'remote' }
  | { type: 'resync' };

/** An event of a space stream. */
export type SpaceLiveEvent =
  | { type: 'channelCreated' | 'channelUpdated'; channel: ChannelInfo; source: ChangeSource }
  | { type: 'channelDeleted'; channelId: string; source: ChangeSource }
  | {
    type: 'filesChanged' | 'filesReset';
    spaceId: string;
    source: ChangeSource;
    timestamp: number;
  }
  | { type: 'metadataUpdated'; metadata: Record<string, unknown>; source: ChangeSource }
  | { type: 'schemaUpdated'; schema: SpaceSchema; source: ChangeSource }
  | {
    type: 'conversationUpdated';
    conversationId: string;
    channelId: string;
    source: ChangeSource;
  }
  | { type: 'reset'; channelId: string | null; source: ChangeSource }
  | { type: 'spaceRemoved'; spaceId: string }
  | { type: 'resync' };

const sources = new Set<unknown>(['local_user', 'remote_user', 'remote_agent', 'system']);

/** What an event's data must hold: each member the SDK relies on, with its check. */
type Shape = Record<string, (value: unknown) => boolean>;

const isString = (value: unknown) => typeof value === 'string';
const isSource = (value: unknown) => sources.has(value);

const clientShapes: Record<string, Shape> = {
  spaceAdded: {
    space: (value) => isRecord(value) && isId(value.id) && isString(value.name),
  },
  spaceRemoved: { spaceId: isId },
  spaceRenamed: { spaceId: isId, name: isString },
  userStorageChanged: {
    key: (value) => isString(value) && value !== '',
    value: () => true,
    source: (value) => value === 'local' || value === 'remote',
  },
  resync: {},
};

const channel = (value: unknown) =>
  isRecord(value) && isId(value.id) && (value.name === null || isString(value.name));
const files: Shape = { spaceId: isId, source: isSource, timestamp: (v) => typeof v === 'number' };

const spaceShapes: Record<string, Shape> = {
  channelCreated: { channel, source: isSource },
  channelUpdated: { channel, source: isSource },
  channelDeleted: { channelId: isId, source: isSource },
  filesChanged: files,
  filesReset: files,
  metadataUpdated: { metadata: isRecord, source: isSource },
  schemaUpdated: { schema: isRecord, source: isSource },
  conversationUpdated: { conversationId: isId, channelId: isId, source: isSource },
  // A reset of the whole space has no channel: `null`.
  reset: {
    channelId: (value) => value === undefined || value === null || isId(value),
    source: isSource,
  },
  spaceRemoved: { spaceId: isId },
  resync: {},
};

/**
 * Reads an event of the client stream.
 *
 * @param event The event as parsed from the stream.
 * @returns The event, or `undefined` when it is unknown or malformed.
 */
export function parseClientEvent(event: SseEvent): ClientLiveEvent | undefined {
  return parseEvent(event, clientShapes) as ClientLiveEvent | undefined;
}

/**
 * Reads an event of a space stream.
 *
 * @param event The event as parsed from the stream.
 * @returns The event, or `undefined` when it is unknown or malformed.
 */
export function parseSpaceEvent(event: SseEvent): SpaceLiveEvent | undefined {
  const parsed = parseEvent(event, spaceShapes);
  if (parsed?.type === 'reset') parsed.channelId ??= null;
  return parsed as SpaceLiveEvent | undefined;
}

// The event's type and the members its shape names, when its data is a JSON object that passes
// every check.
function parseEvent(event: SseEvent, shapes: Record<string, Shape>) {
  const shape = Object.hasOwn(shapes, event.event) ? shapes[event.event] : undefined;
  let data: unknown;
  try {
    data = JSON.parse(event.data);
  } catch {
    return undefined;
  }
  if (!shape || !isRecord(data)) return undefined;
  const parsed: Record<string, unknown> = { type: event.event };
  for (const [key, check] of Object.entries(shape)) {
    if (!check(data[key])) return undefined;
    parsed[key] = data[key];
  }
  return parsed;
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value !== '' && value.length <= 256;
}
