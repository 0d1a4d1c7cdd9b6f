/**
 * The Rool API definition: the registry, where it is served, and how callers
 * authenticate. `codegen/` writes the OpenAPI document from this; the mock
 * routes by it. Paths are relative to the client's `apiUrl` (the mock serves
 * them under `/rool`).
 *
 * Beside `/v1/rpc` it declares the live-event streams (docs/rool-events.md) and
 * WebDAV at `/v1/spaces/{spaceId}/dav/…` (docs/rool-webdav.md), so the OpenAPI
 * documents describe them too.
 *
 * @module
 */
import {
  type AuthScheme,
  defineApi,
  type EndpointDef,
  type RequestParam,
  type RouteDef,
  type ServerDef,
  type StreamDef,
} from '../rpc/api.ts';
import { roolRpcPath } from './_rpc-path.ts';
import { webdavMethods } from './_webdav-routes.ts';
import { type RoolMethods, roolMethods } from './methods.ts';
import type { ChangeSource, ChannelInfo, RoolSpaceInfo, SpaceSchema } from './types.ts';

/**
 * The events of the client stream (`GET /v1/events`) and the JSON each one's
 * `data` carries (docs/rool-events.md, Events and payloads).
 */
export type RoolClientStreamEvents = {
  /** A space was created or duplicated, or the user was made a member of one. */
  spaceAdded: { space: RoolSpaceInfo };
  /** A space was deleted, or the user lost access to it. */
  spaceRemoved: { spaceId: string };
  /** A space was renamed. */
  spaceRenamed: { spaceId: string; name: string };
  /** A user-storage key changed; `value` is absent when the key was deleted. */
  userStorageChanged: { key: string; value?: unknown; source: 'local' | 'remote' };
  /** Events were missed: reread everything. */
  resync: Record<string, never>;
};

/**
 * The events of a space stream (`GET /v1/spaces/{spaceId}/events`) and the
 * JSON each one's `data` carries (docs/rool-events.md, Events and payloads).
 */
export type RoolSpaceStreamEvents = {
  /** A channel was created. */
  channelCreated: { channel: ChannelInfo; source: ChangeSource };
  /** A channel changed, e.g. was renamed. */
  channelUpdated: { channel: ChannelInfo; source: ChangeSource };
  /** A channel was deleted. */
  channelDeleted: { channelId: string; source: ChangeSource };
  /** Files under `/space` or `/rool-drive` changed (epoch milliseconds). */
  filesChanged: { spaceId: string; timestamp: number; source: ChangeSource };
  /** The sync history is gone: sync tokens are void. */
  filesReset: { spaceId: string; timestamp: number; source: ChangeSource };
  /** Space metadata changed: all of it after the change. */
  metadataUpdated: { metadata: Record<string, unknown>; source: ChangeSource };
  /** The schema changed: all of it after the change. */
  schemaUpdated: { schema: SpaceSchema; source: ChangeSource };
  /** A conversation changed, also as tool calls start and finish. */
  conversationUpdated: { conversationId: string; channelId: string; source: ChangeSource };
  /** The space's content was replaced (undo, redo); no channel for the whole space. */
  reset: { channelId?: string | null; source: ChangeSource };
  /** The caller lost access to the space; the stream ends after it. */
  spaceRemoved: { spaceId: string };
  /** Events were missed: reread everything. */
  resync: Record<string, never>;
};

/** The Rool API definition's type. */
export type RoolApi = {
  /** Document metadata. */
  info: {
    title: string;
    version: string;
    description: string;
    license: { name: string; identifier: string };
  };
  /** The auth schemes. */
  auth: Record<'userToken' | 'eventTicket' | 'davBasic', AuthScheme>;
  /** The RPC endpoints. */
  endpoints: { rool: EndpointDef<RoolMethods> };
  /** Where the mock serves it. */
  servers: readonly ServerDef[];
  /** The live-event streams. */
  streams: {
    clientEvents: StreamDef<RoolClientStreamEvents>;
    spaceEvents: StreamDef<RoolSpaceStreamEvents>;
  };
  /** WebDAV: a space's root, and every path below it. */
  routes: { webdavRoot: RouteDef; webdav: RouteDef };
};

export { roolRpcPath };

const clientId: RequestParam = {
  description: 'The client, as on its RPC and WebDAV requests: 8–64 of `A–Z a–z 0–9 _ -`',
};
const streamQuery: Record<string, RequestParam> = {
  clientId: { description: '`Rool-Client-Id` for `EventSource`, which cannot send headers' },
  lastEventId: {
    description: '`Last-Event-ID` for a first connection; the header wins when both are sent',
  },
};
const streamHeaders: Record<string, RequestParam> = {
  'Rool-Client-Id': clientId,
  'Last-Event-ID': { description: 'Replay every event after this ID, then go on live' },
};
const davParams = { spaceId: { description: 'The space' } };

/** The Rool API definition. */
export const roolApi: RoolApi = /* @__PURE__ */ defineApi<RoolApi>({
  info: {
    title: 'Rool workspace API',
    version: '0.11.0',
    description: 'Spaces, channels, conversations, objects, schema, AI prompts and undo/redo. ' +
      'The RPC endpoint takes a JSON envelope `{method, input}` and answers ' +
      '`{ok: true, value}` or `{ok: false, error: {type, message}}`.',
    license: { name: 'MIT', identifier: 'MIT' },
  },
  auth: {
    userToken: {
      kind: 'bearer',
      description: "A user's access token from the login flow: `Authorization: Bearer <token>`",
    },
    eventTicket: {
      kind: 'query',
      name: 'ticket',
      description: 'An event ticket from `POST /v1/events/tickets`, for `EventSource`; ' +
        'accepted only on the event streams',
    },
    davBasic: {
      kind: 'basic',
      description: 'For WebDAV clients: any user name, and the access token as the password',
    },
  },
  endpoints: {
    rool: {
      path: roolRpcPath,
      summary: 'Call a Rool method',
      description: 'Every Rool method, authenticated with a user token.',
      auth: ['userToken'],
      methods: roolMethods,
    },
  },
  servers: [{ url: '/rool', description: 'The mock, which serves Rool under `/rool`' }],
  streams: {
    clientEvents: {
      path: '/v1/events',
      summary: "The signed-in user's live events",
      description: 'Server-sent events about the spaces and user storage of the signed-in ' +
        'user. The stream starts with `retry: 1000`, replays what followed `Last-Event-ID`, ' +
        'then goes on live, with a `: heartbeat` comment every 15 s.',
      auth: ['userToken', 'eventTicket'],
      query: streamQuery,
      headers: streamHeaders,
      errors: [401, 429],
    },
    spaceEvents: {
      path: '/v1/spaces/{spaceId}/events',
      summary: "A space's live events",
      description: 'Server-sent events about one space, for anyone who may read it. It ends ' +
        'with `spaceRemoved` when the caller loses access.',
      auth: ['userToken', 'eventTicket'],
      params: { spaceId: { description: 'The space' } },
      query: streamQuery,
      headers: streamHeaders,
      errors: [401, 404, 429],
    },
  },
  routes: {
    webdavRoot: {
      path: '/v1/spaces/{spaceId}/dav',
      summary: "A space's WebDAV root",
      description: 'Holds two collections: `/space` (objects as JSON) and `/rool-drive` ' +
        '(files). RFC 4918 classes 1, 2 and 3, RFC 6578 sync and RFC 4331 quota.',
      auth: ['userToken', 'davBasic'],
      params: davParams,
      headers: { 'Rool-Client-Id': clientId },
      methods: webdavMethods,
    },
    webdav: {
      path: '/v1/spaces/{spaceId}/dav/{path}',
      summary: 'A file, object or collection in WebDAV',
      description: 'Anything under `/space` or `/rool-drive`. `path` is a machine path of ' +
        'one or more percent-encoded segments joined by `/` (rool-webdav.md §1); OpenAPI ' +
        'path templates match one segment, so tools see one level.',
      auth: ['userToken', 'davBasic'],
      params: {
        spaceId: { description: 'The space' },
        path: { description: 'The machine path below the root, e.g. `rool-drive/notes.md`' },
      },
      headers: { 'Rool-Client-Id': clientId },
      methods: webdavMethods,
    },
  },
});
