/**
 * A Roj mock holding one of everything the matrix's calls refer to, built through the API: an
 * instance with a session, a sandbox in the state a method needs, an uploaded file, a resource,
 * a second instance, an archived one, and the tokens of each credential case (one bound to an
 * origin, one already expired on the injected clock).
 *
 * @module
 */
import { createMockServer, type MockServer } from '../../mock-server/mod.ts';

/** The origin requests are addressed to. */
export const rojOrigin = 'http://roj.test';

/** The origin the bound token is minted for. */
export const boundOrigin = 'https://app.example';

/** The clock's start: 2026-11-21T07:13:00.000Z. */
export const rojT0: number = Date.parse('2026-11-21T07:13:00.000Z');

/** The state the instance's sandbox is left in. */
export type SandboxSetup = 'none' | 'running' | 'paused';

/** What a matrix call may refer to. */
export interface RojFixture {
  /** The mock. */
  mock: MockServer;
  /** The mock's clock. */
  clock: { now: number };
  /** The one API key the mock accepts. */
  apiKey: string;
  /** The instance every call addresses. */
  instanceId: string;
  /** Its session. */
  sessionId: string;
  /** Its sandbox, when it has one. */
  sandboxId: string;
  /** An uploaded file. */
  fileId: string;
  /** A resource. */
  resourceId: string;
  /** A second instance. */
  otherInstanceId: string;
  /** An archived instance. */
  archivedInstanceId: string;
  /** Instance tokens, each minted by `tokens.create`. */
  tokens: {
    /** For `instanceId`, bound to no origin. */
    plain: string;
    /** For `instanceId`, bound to {@linkcode boundOrigin}. */
    bound: string;
    /** For `instanceId`, expired: the clock stands at its `expiresAt`. */
    expired: string;
    /** For `otherInstanceId`. */
    otherInstance: string;
    /** For `archivedInstanceId`, minted before it was archived. */
    archived: string;
    /** The session's WebSocket token (`rjw_…`), not an instance token. */
    webSocket: string;
  };
  /**
   * Sends a request to the mock.
   *
   * @param path The path.
   * @param init The request's options.
   * @returns The answer.
   */
  send(path: string, init: RequestInit): Promise<Response>;
}

/**
 * Builds a fixture on a new mock.
 *
 * @param sandbox The state the instance's sandbox is left in.
 * @returns The fixture, the clock standing 1 s after it began.
 * @throws {Error} When a setup call fails.
 */
export async function createRojFixture(sandbox: SandboxSetup = 'running'): Promise<RojFixture> {
  const clock = { now: rojT0 };
  const apiKey = 'roj_matrix_api_key';
  const mock = createMockServer({
    apiKeys: [apiKey],
    clock: () => clock.now,
    onError: (error) => {
      throw error;
    },
  });
  const send = (path: string, init: RequestInit) =>
    mock.fetch(new Request(`${rojOrigin}${path}`, init));
  const platform = (method: string, input: unknown) =>
    expectValue(send, '/api/v1/rpc', method, input, apiKey);
  const instance = (id: string, token: string, method: string, input: unknown) =>
    expectValue(send, `/api/v1/instances/${id}/rpc`, method, input, token);

  const create = async (name: string) =>
    (await platform('instances.create', { templateSlug: 'starter', name })).instanceId as string;
  const mint = async (instanceId: string, extra: Record<string, unknown> = {}) =>
    (await platform('tokens.create', { instanceId, ...extra })).token as string;

  const instanceId = await create('matrix');
  const otherInstanceId = await create('other');
  const archivedInstanceId = await create('archived');
  const session = await platform('sessions.create', { instanceId, presetId: 'default' });
  const tokens = {
    plain: await mint(instanceId),
    bound: await mint(instanceId, { origin: boundOrigin }),
    expired: await mint(instanceId, { expiresIn: 1 }),
    otherInstance: await mint(otherInstanceId),
    archived: await mint(archivedInstanceId),
    webSocket: session.wsToken as string,
  };
  await platform('instances.archive', { instanceId: archivedInstanceId });

  const upload = await send('/api/v1/files/upload', {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}` },
    body: uploadForm(),
  });
  const fileId = (await upload.json()).fileId as string;
  const resource = await platform('resources.create', { slug: 'matrix-res', fileId });

  let sandboxId = '';
  if (sandbox !== 'none') {
    sandboxId = (await instance(instanceId, tokens.plain, 'createSandbox', {})).sandboxId;
    if (sandbox === 'paused') {
      await instance(instanceId, tokens.plain, 'pauseSandbox', { sandboxId });
    }
  }
  // `expiresIn: 1` expires one second after it was minted: the request time is at `expiresAt`.
  clock.now += 1000;
  return {
    mock,
    clock,
    apiKey,
    instanceId,
    sessionId: session.sessionId,
    sandboxId,
    fileId,
    resourceId: resource.resourceId,
    otherInstanceId,
    archivedInstanceId,
    tokens,
    send,
  };
}

/**
 * A multipart body with one small `file` part.
 *
 * @returns The form.
 */
export function uploadForm(): FormData {
  const form = new FormData();
  form.append('file', new Blob(['hello'], { type: 'text/plain' }), 'hello.txt');
  return form;
}

// deno-lint-ignore no-explicit-any
type Value = any;

async function expectValue(
  send: RojFixture['send'],
  path: string,
  method: string,
  input: unknown,
  token: string,
): Promise<Value> {
  const response = await send(path, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ method, input }),
  });
  const body = await response.json();
  if (!body.ok) throw new Error(`Setup call ${method} failed: ${JSON.stringify(body.error)}`);
  return body.value;
}
