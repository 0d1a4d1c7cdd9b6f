/**
 * Emits the server-sent event streams of an API definition as `GET`
 * operations answering `text/event-stream`. OpenAPI 3.1 can only call the
 * stream a string, so its document lists the events in the description; the
 * 3.2 document adds `itemSchema` (OpenAPI 3.2, Media Type Object, for
 * sequential media types): one item per event, its `data` a JSON string whose
 * `contentSchema` is the event's data type.
 *
 * @module
 */
import type { ApiDefinition } from '../../src/rpc/api.ts';
import { ref } from '../read/api.ts';
import type { ReadEvent, ReadStream } from '../read/streams.ts';
import { errorResponses } from './errors.ts';
import { namedOperationId } from './operation-ids.ts';
import { parameters } from './parameters.ts';

/** The tag every stream operation is listed under. */
export const streamTag = {
  name: 'events',
  description: 'Live events over server-sent events',
};

/** What {@linkcode streamPaths} needs. */
export interface StreamPathsInput {
  /** The definition, for each stream's path, auth and parameters. */
  api: ApiDefinition;
  /** The streams' events, as read from their types. */
  streams: readonly ReadStream[];
  /** Which document: 3.2 adds `itemSchema`. */
  version: '3.1' | '3.2';
  /** The failure envelope's component name. */
  failure: string;
  /** Error type → HTTP status. */
  errorStatus: Readonly<Record<string, number>>;
}

/**
 * Builds the path items of the streams.
 *
 * @param input The definition, the read events, the document version and the error table.
 * @returns Path Item Objects keyed by path.
 */
export function streamPaths(input: StreamPathsInput): Record<string, Record<string, unknown>> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const stream of input.streams) {
    const def = input.api.streams?.[stream.name];
    if (!def) continue;
    const media: Record<string, unknown> = input.version === '3.2'
      ? { itemSchema: itemSchema(stream.events) }
      : { schema: { type: 'string', description: 'Server-sent events, one per frame' } };
    paths[def.path] = {
      get: {
        operationId: namedOperationId(stream.name),
        tags: [streamTag.name],
        summary: def.summary,
        description: [def.description ?? '', eventTable(stream.events, input.version)]
          .filter(Boolean).join('\n\n'),
        parameters: [
          ...parameters('path', def.params),
          ...parameters('query', def.query),
          ...parameters('header', def.headers),
        ],
        security: def.auth.map((scheme) => ({ [scheme]: [] })),
        responses: {
          '200': {
            description: 'The stream: `retry`, the replay, then live events and heartbeats',
            content: { 'text/event-stream': media },
          },
          ...errorResponses(input.errorStatus, {
            failure: input.failure,
            statuses: def.errors,
          }),
        },
      },
    };
  }
  return paths;
}

// The fields of an event as the SSE parser yields them (HTML Living Standard §9.2.6); a
// `retry`-only frame and `:` comments dispatch no event, so they are no item.
function itemSchema(events: readonly ReadEvent[]): Record<string, unknown> {
  return {
    type: 'object',
    required: ['event', 'data'],
    properties: {
      event: { type: 'string', description: 'The event name' },
      data: { type: 'string', description: 'One line of JSON' },
      id: {
        type: 'string',
        description: 'The event ID, absent on events outside the sequence; send the last one ' +
          'back as `Last-Event-ID` to resume',
      },
      retry: { type: 'integer', description: 'Reconnection delay in milliseconds' },
    },
    oneOf: events.map((event) => ({
      title: event.name,
      ...(event.description ? { description: event.description } : {}),
      required: ['event', 'data'],
      properties: {
        event: { const: event.name },
        data: { contentMediaType: 'application/json', contentSchema: ref(event.data) },
      },
    })),
  };
}

// The 3.1 document has no data components to name: its table names the events only.
function eventTable(events: readonly ReadEvent[], version: '3.1' | '3.2'): string {
  if (version === '3.1') {
    const rows = events.map((e) => `| \`${e.name}\` | ${e.description ?? ''} |`);
    return ['| Event | When |', '| --- | --- |', ...rows].join('\n');
  }
  const rows = events.map((e) => `| \`${e.name}\` | ${e.description ?? ''} | \`${e.data}\` |`);
  return ['| Event | When | Data |', '| --- | --- | --- |', ...rows].join('\n');
}
