/**
 * The client ID a request names in its `Rool-Client-Id` header
 * (docs/rool-events.md): the SDK sends one random ID per client on every
 * RPC, WebDAV and event-stream request, so that live events caused by a
 * client reach that client with `source: 'local_user'` and reach everyone
 * else with `remote_user`. The header's name and the ID's pattern are the
 * SDK's own (src/rool/_transport.ts), so the two cannot drift apart.
 *
 * @module
 */
import { clientIdHeader, clientIdPattern } from '../../src/rool/_transport.ts';

export { clientIdHeader };

/**
 * Reads a request's client ID.
 *
 * @param request The request.
 * @returns The ID, or `null` when the header is absent or malformed (8–64 of `A–Z a–z 0–9 _ -`).
 */
export function clientIdOf(request: Request): string | null {
  const value = request.headers.get(clientIdHeader);
  return value !== null && isClientId(value) ? value : null;
}

/**
 * Whether a value is a well-formed client ID: 8–64 of `A–Z a–z 0–9 _ -`.
 *
 * @param value The value.
 * @returns `true` when it is.
 */
export function isClientId(value: string): boolean {
  return clientIdPattern.test(value);
}
