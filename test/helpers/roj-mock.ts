/**
 * A Roj mock in process, with clients wired to it, for tests. No port is opened.
 *
 * @module
 */
import { createRojClient, type RojClient } from '../../src/roj/client.ts';
import { createRojInstanceClient, type RojInstanceClient } from '../../src/roj/instance-client.ts';
import {
  createMockServer,
  defaultApiKey,
  type MockServer,
  type MockServerOptions,
} from '../../mock-server/mod.ts';

/** The origin tests address the mock by. */
export const mockOrigin = 'http://mock.test';

/** What {@linkcode setupMock} returns. */
export interface MockSetup {
  /** The mock. */
  mock: MockServer;
  /** A platform client using the default API key. */
  roj: RojClient;
  /** An instance client for `instanceId`, with `token`. */
  instanceClient(
    instanceId: string,
    token: string,
    headers?: Record<string, string>,
  ): RojInstanceClient;
  /** Sends a raw request; `path` is relative to the mock's origin. */
  send(path: string, init?: RequestInit): Promise<Response>;
  /** Posts an RPC envelope as JSON and returns the status and the parsed body. */
  rpc(
    path: string,
    body: unknown,
    headers?: Record<string, string>,
  ): Promise<
    {
      status: number;
      body: {
        ok: boolean;
        value?: unknown;
        error?: { type: string; message: string; path?: string };
      };
    }
  >;
  /** Creates an instance from the default seed and mints a token for it. */
  instanceWithToken(): Promise<{ instanceId: string; token: string; client: RojInstanceClient }>;
}

/**
 * Creates a mock and clients for it.
 *
 * @param options Mock options (clock, timing, limits, keys, seed).
 * @returns The mock and helpers.
 */
export function setupMock(options: MockServerOptions = {}): MockSetup {
  const mock = createMockServer({
    onError: (error) => {
      throw error;
    },
    ...options,
  });
  const apiKey = options.apiKeys?.[0] ?? defaultApiKey;
  const fetch = (input: Request | string | URL, init?: RequestInit) =>
    mock.fetch(new Request(input, init));
  const roj = createRojClient({ url: mockOrigin, apiKey, fetch });
  const instanceClient = (instanceId: string, token: string, headers?: Record<string, string>) =>
    createRojInstanceClient({ url: mockOrigin, instanceId, token, fetch, headers });
  const send = (path: string, init?: RequestInit) =>
    mock.fetch(new Request(`${mockOrigin}${path}`, init));
  return {
    mock,
    roj,
    instanceClient,
    send,
    async rpc(path, body, headers = { authorization: `Bearer ${apiKey}` }) {
      const response = await send(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    },
    async instanceWithToken() {
      const { instanceId } = await roj.instances.create({ templateSlug: 'starter', name: 'test' });
      const { token } = await roj.tokens.create({ instanceId });
      return { instanceId, token, client: instanceClient(instanceId, token) };
    },
  };
}
