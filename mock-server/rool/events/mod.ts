/**
 * The live-event streams (docs/rool-events.md): `GET /v1/events` per client
 * and `GET /v1/spaces/{id}/events` per space, as server-sent events, and
 * `POST /v1/events/tickets` for `EventSource`, which cannot send a bearer
 * token. What the rest of the mock calls to publish is ./notify.ts and
 * ./notify-client.ts.
 *
 * @module
 */
import type { Hono } from 'hono';
import { cors } from 'hono/cors';
import { clientIdHeader } from '../client-id.ts';
import type { RoolRuntime } from '../context.ts';
import { clientStream, issueTicket, spaceStream } from './routes.ts';

export { type Actor, actorOf, systemActor, type Viewer } from './actor.ts';
export {
  EventHub,
  type EventHubLimits,
  type Farewell,
  type NewEvent,
  type Replay,
  type ScopeKey,
  spaceScope,
  type Subscriber,
  userScope,
} from './hub.ts';
export { createLiveEvents, type LiveEvents, resetLiveEvents } from './live.ts';
export type { SourceStyle, StoredEvent } from './ring.ts';
export { type TicketGrant, TicketStore } from './tickets.ts';

/** The routes, relative to the app's base path. */
export const eventRoutes = Object.freeze({
  client: '/v1/events',
  tickets: '/v1/events/tickets',
  space: '/v1/spaces/:spaceId/events',
});

/**
 * Adds the routes to the Rool app.
 *
 * @param app The Rool app, its routes relative to `runtime.basePath`.
 * @param runtime The running mock.
 */
export function mountEvents(app: Hono, runtime: RoolRuntime): void {
  // Any origin may listen, as it may call RPC: the credential is a token or ticket the page
  // already holds, never a cookie. Nothing is exposed beyond the CORS-safelisted headers.
  const allowCors = cors({
    origin: '*',
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['authorization', 'content-type', 'last-event-id', clientIdHeader.toLowerCase()],
    maxAge: 600,
  });
  for (const path of Object.values(eventRoutes)) app.use(path, allowCors);
  app.post(eventRoutes.tickets, (c) => issueTicket(c.req.raw, runtime));
  app.get(eventRoutes.client, (c) => clientStream(c.req.raw, runtime));
  app.get(eventRoutes.space, (c) => spaceStream(c.req.raw, runtime, c.req.param('spaceId')));
}
