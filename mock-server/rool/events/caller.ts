/**
 * Who opens an event stream (docs/rool-events.md): a bearer token as on
 * every route, or, on the two stream routes only, `?ticket=` from
 * `POST /v1/events/tickets`. A stream lives longer than a request, so its
 * credential is checked again before every frame: a logout, a deleted
 * account or an expired token ends it.
 *
 * @module
 */
import { RpcFault } from '../../rpc/fault.ts';
import { authenticate } from '../auth.ts';
import { clientIdHeader, clientIdOf, isClientId } from '../client-id.ts';
import type { RoolRuntime } from '../context.ts';
import type { UserRecord } from '../state.ts';
import type { TicketGrant } from './tickets.ts';

/** The caller of an event route: their user and the credential they came with. */
export interface StreamCaller extends TicketGrant {
  /** The user, as the state held them when the stream opened. */
  user: UserRecord;
}

/**
 * Authenticates an event request by its bearer token.
 *
 * @param request The request.
 * @param runtime The running mock.
 * @param now The clock reading (ms).
 * @returns The caller.
 * @throws {RpcFault} `unauthorized`, as for RPC.
 */
export async function bearerCaller(
  request: Request,
  runtime: RoolRuntime,
  now: number,
): Promise<StreamCaller> {
  const { user, credential } = await authenticate(request, runtime, now);
  const credentialExpiresAt = credential.kind === 'jwt' ? credential.expiresAt : null;
  return { user, userId: user.id, credential, credentialExpiresAt };
}

/**
 * Authenticates a stream request: by `?ticket=` when it has one, else by its bearer token.
 *
 * @param request The request.
 * @param runtime The running mock.
 * @param now The clock reading (ms).
 * @returns The caller.
 * @throws {RpcFault} `unauthorized` for a missing, unknown or expired token or ticket, or one
 * whose credential was revoked.
 */
export async function streamCaller(
  request: Request,
  runtime: RoolRuntime,
  now: number,
): Promise<StreamCaller> {
  const ticket = new URL(request.url).searchParams.get('ticket');
  if (ticket === null) return await bearerCaller(request, runtime, now);
  const grant = ticket.length <= 128 ? runtime.events.tickets.redeem(ticket, now) : undefined;
  if (!grant) {
    throw new RpcFault(
      'unauthorized',
      'Unknown or expired event ticket; get a new one with POST /v1/events/tickets',
    );
  }
  if (!stillAuthorized(runtime, grant, now)) {
    throw new RpcFault('unauthorized', 'The event ticket was issued for a token since revoked');
  }
  return { ...grant, user: runtime.state.users.get(grant.userId)! };
}

/**
 * Whether a caller's credential is still good: their account exists, and the token is neither
 * revoked nor expired.
 *
 * @param runtime The running mock, whose current state is checked.
 * @param grant The caller.
 * @param now The clock reading (ms).
 * @returns `true` while it is.
 */
export function stillAuthorized(runtime: RoolRuntime, grant: TicketGrant, now: number): boolean {
  const { state } = runtime;
  const user = state.users.get(grant.userId);
  if (!user || user.deleted) return false;
  if (grant.credentialExpiresAt !== null && grant.credentialExpiresAt <= now) return false;
  const { credential } = grant;
  const owner = credential.kind === 'opaque'
    ? state.tokens.get(credential.token)
    : state.issuedTokens.get(credential.jti);
  return owner === grant.userId;
}

/**
 * The client ID a stream request names: the `Rool-Client-Id` header, or `?clientId=` for
 * `EventSource`, which cannot send headers.
 *
 * @param request The request.
 * @returns The ID, or `null` when neither is present and well-formed.
 */
export function streamClientId(request: Request): string | null {
  if (request.headers.has(clientIdHeader)) return clientIdOf(request);
  const value = new URL(request.url).searchParams.get('clientId');
  return value !== null && isClientId(value) ? value : null;
}

/**
 * The last event ID a stream request names: the `Last-Event-ID` header (which `EventSource`
 * sends when it reconnects), or `?lastEventId=` for a first connection.
 *
 * @param request The request.
 * @returns The ID; `null` when none is named; `NaN` when the value is not a decimal integer of at
 * most 15 digits, which the stream treats as a gap.
 */
export function lastEventIdOf(request: Request): number | null {
  const value = request.headers.get('last-event-id') ??
    new URL(request.url).searchParams.get('lastEventId');
  if (value === null || value === '') return null;
  return /^\d{1,15}$/.test(value) ? Number(value) : NaN;
}
