/**
 * The answers of the live-event routes (docs/rool-events.md, Streams):
 * `POST /v1/events/tickets`, `GET /v1/events` (the signed-in user's client
 * stream) and `GET /v1/spaces/{spaceId}/events` (a space's stream, for
 * anyone with read access). Refusals are the JSON error envelope of RPC.
 *
 * @module
 */
import type { RoolRuntime } from '../context.ts';
import { roolContext } from '../request-context.ts';
import { effectiveRole, requireSpace } from '../roles.ts';
import {
  bearerCaller,
  lastEventIdOf,
  stillAuthorized,
  type StreamCaller,
  streamCaller,
  streamClientId,
} from './caller.ts';
import { type ScopeKey, spaceScope, userScope } from './hub.ts';
import { openEventStream, streamHeaders } from './stream.ts';

/**
 * Issues an event ticket to a bearer-authenticated caller.
 *
 * @param request The request.
 * @param runtime The running mock.
 * @returns `{ ticket, expiresAt }` (epoch ms), or the error envelope: 401 without a valid
 * token, 429 when the user holds too many tickets.
 */
export async function issueTicket(request: Request, runtime: RoolRuntime): Promise<Response> {
  const now = runtime.clock();
  const { userId, credential, credentialExpiresAt } = await bearerCaller(request, runtime, now);
  const issued = runtime.events.tickets.issue({ userId, credential, credentialExpiresAt }, now);
  return Response.json(issued, { headers: { 'cache-control': 'no-store' } });
}

/**
 * Opens the caller's client stream.
 *
 * @param request The request.
 * @param runtime The running mock.
 * @returns The stream, or the error envelope: 401, or 429 past the stream limits.
 */
export async function clientStream(request: Request, runtime: RoolRuntime): Promise<Response> {
  const caller = await streamCaller(request, runtime, runtime.clock());
  return stream(request, runtime, caller, {
    scope: userScope(caller.userId),
    spaceId: null,
    hasAccess: () => true,
  });
}

/**
 * Opens a space's stream for a caller with read access.
 *
 * @param request The request.
 * @param runtime The running mock.
 * @param spaceId The space, from the path.
 * @returns The stream, or the error envelope: 401; 404 when the space does not exist for the
 * caller, as for RPC; 429 past the stream limits.
 */
export async function spaceStream(
  request: Request,
  runtime: RoolRuntime,
  spaceId: string,
): Promise<Response> {
  const now = runtime.clock();
  const caller = await streamCaller(request, runtime, now);
  // Only to check access: the stream's own client ID is read when it opens.
  requireSpace(roolContext(runtime, caller, now, null), spaceId, 'viewer');
  return stream(request, runtime, caller, {
    scope: spaceScope(spaceId),
    spaceId,
    // A backstop: removals and deletions end the stream themselves, with a last spaceRemoved.
    hasAccess: () => {
      const space = runtime.state.spaces.get(spaceId);
      return space !== undefined && effectiveRole(space, caller.userId) !== undefined;
    },
  });
}

function stream(
  request: Request,
  runtime: RoolRuntime,
  caller: StreamCaller,
  where: { scope: ScopeKey; spaceId: string | null; hasAccess: () => boolean },
): Response {
  const { hub } = runtime.events;
  hub.admit(where.scope, caller.userId);
  const body = openEventStream(runtime.events, {
    scope: where.scope,
    spaceId: where.spaceId,
    userId: caller.userId,
    clientId: streamClientId(request),
    lastEventId: lastEventIdOf(request),
    signal: request.signal,
    authorized: () => stillAuthorized(runtime, caller, runtime.clock()) && where.hasAccess(),
    clock: runtime.clock,
  });
  return new Response(body, { headers: streamHeaders });
}
