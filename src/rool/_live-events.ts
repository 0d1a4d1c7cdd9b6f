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

/**
 * Reads an event of the client stream.
 *
 * @param event The event as parsed from the stream.
 * @returns The event, or `undefined` when it is unknown or malformed.
 */
export function parseClientEvent(event: SseEvent): ClientLiveEvent | undefined {
  const data = parseData(event.data);
  if (!data) return undefined;
  switch (event.event) {
    case 'spaceAdded':
      return isSpaceInfo(data.space) ? { type: 'spaceAdded', space: data.space } : undefined;
    case 'spaceRemoved':
      return isId(data.spaceId) ? { type: 'spaceRemoved', spaceId: data.spaceId } : undefined;
    case 'spaceRenamed':
      return isId(data.spaceId) && typeof data.name === 'string'
        ? { type: 'spaceRenamed', spaceId: data.spaceId, name: data.name }
        : undefined;
    case 'userStorageChanged':
      return typeof data.key === 'string' && data.key !== '' &&
          (data.source === 'local' || data.source === 'remote')
        ? { type: 'userStorageChanged', key: data.key, value: data.value, source: data.source }
        : undefined;
    case 'resync':
      return { type: 'resync' };
    default:
      return undefined;
  }
}

/**
 * Reads an event of a space stream.
 *
 * @param event The event as parsed from the stream.
 * @returns The event, or `undefined` when it is unknown or malformed.
 */
export function parseSpaceEvent(event: SseEvent): SpaceLiveEvent | undefined {
  const data = parseData(event.data);
  if (!data) return undefined;
  const type = event.event;
  if (type === 'resync') return { type };
  if (type === 'spaceRemoved') {
    return isId(data.spaceId) ? { type, spaceId: data.spaceId } : undefined;
  }
  const source = data.source;
  if (!isSource(source)) return undefined;
  switch (type) {
    case 'channelCreated':
    case 'channelUpdated':
      return isChannelInfo(data.channel) ? { type, channel: data.channel, source } : undefined;
    case 'channelDeleted':
      return isId(data.channelId) ? { type, channelId: data.channelId, source } : undefined;
    case 'filesChanged':
    case 'filesReset':
      return isId(data.spaceId) && typeof data.timestamp === 'number'
        ? { type, spaceId: data.spaceId, source, timestamp: data.timestamp }
        : undefined;
    case 'metadataUpdated':
      return isRecord(data.metadata) ? { type, metadata: data.metadata, source } : undefined;
    case 'schemaUpdated':
      return isRecord(data.schema)
        ? { type, schema: data.schema as SpaceSchema, source }
        : undefined;
    case 'conversationUpdated':
      return isId(data.conversationId) && isId(data.channelId)
        ? { type, conversationId: data.conversationId, channelId: data.channelId, source }
        : undefined;
    case 'reset':
      return data.channelId === undefined || data.channelId === null || isId(data.channelId)
        ? { type, channelId: (data.channelId as string | null | undefined) ?? null, source }
        : undefined;
    default:
      return undefined;
  }
}

function parseData(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value !== '' && value.length <= 256;
}

function isSource(value: unknown): value is ChangeSource {
  return sources.has(value);
}

function isSpaceInfo(value: unknown): value is RoolSpaceInfo {
  return isRecord(value) && isId(value.id) && typeof value.name === 'string';
}

function isChannelInfo(value: unknown): value is ChannelInfo {
  return isRecord(value) && isId(value.id) &&
    (value.name === null || typeof value.name === 'string');
}
