/**
 * What the Rool benchmark servers seed with: RPC calls and WebDAV requests
 * sent to the mock in process (no socket), so seeding takes the same paths a
 * client's requests take, checks, change log and events included.
 *
 * @module
 */
import { type MockServer, roolBasePath } from '../../../mock-server/mod.ts';

/** The seeded development user who owns the benchmark spaces. */
export const ownerToken = 'rool_alice_token';

const origin = 'http://127.0.0.1';

/**
 * Calls a Rool RPC method in process.
 *
 * @param mock The mock.
 * @param method The method, e.g. `spaces.create`.
 * @param input Its input.
 * @param token The caller's bearer token; alice's by default.
 * @returns The call's value.
 * @throws {Error} When the call fails: seeding must not go on from a wrong state.
 */
export async function roolCall(
  mock: MockServer,
  method: string,
  input: unknown,
  token: string = ownerToken,
): Promise<Record<string, unknown>> {
  const response = await mock.fetch(`${origin}${roolBasePath}/v1/rpc`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ method, input }),
  });
  const body = await response.json();
  if (!body.ok) throw new Error(`${method} failed while seeding: ${JSON.stringify(body.error)}`);
  return body.value;
}

/**
 * Sends a WebDAV request in process, as alice.
 *
 * @param mock The mock.
 * @param spaceId The space.
 * @param request The method, the machine path (e.g. `/rool-drive/f1.txt`), headers and body.
 * @returns The answer's status and text.
 */
export async function davCall(
  mock: MockServer,
  spaceId: string,
  request: { method: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; text: string }> {
  const response = await mock.fetch(`${origin}${davRoot(spaceId)}${request.path}`, {
    method: request.method,
    headers: { authorization: `Bearer ${ownerToken}`, ...request.headers },
    body: request.body,
  });
  return { status: response.status, text: await response.text() };
}

/**
 * The path of a space's WebDAV root on the benchmark server.
 *
 * @param spaceId The space.
 * @returns E.g. `/rool/v1/spaces/spc_x/dav`.
 */
export function davRoot(spaceId: string): string {
  return `${roolBasePath}/v1/spaces/${spaceId}/dav`;
}
