/**
 * For the socket tests of body limits: the mock served (by default on this runtime's own server,
 * Deno.serve or Bun.serve, as `deno task mock` and mock-server/serve/bun.ts serve it) with small
 * size and time limits, and every route that reads a request body, ready to be called.
 *
 * @module
 */
import { createMockServer, type MockServer } from '../mod.ts';
import { filesLimits } from '../rool/files/limits.ts';
import { listenOnBun } from '../serve/bun.ts';
import { listenOnDeno } from '../serve/deno.ts';
import type { Listen, Listening } from '../serve/run.ts';

/** A route that reads a request body. */
export interface BodyRoute {
  /** A short name for test titles. */
  name: string;
  /** The method. */
  method: string;
  /** The path. */
  path: string;
  /** Authorization and content type. */
  headers: Record<string, string>;
  /** The route's size limit in bytes. */
  maxBytes: number;
  /** The status of a body over the route's size limit. */
  tooLargeStatus: number;
  /** The form of a refusal: the RPC error envelope, a WebDAV `DAV:error`, or an HTML page. */
  refusal: 'envelope' | 'dav' | 'html';
  /** A valid start of a body, which a parser reading as it goes waits to see the rest of. */
  opening: string;
}

/** The boundary of the upload route's multipart bodies. */
const boundary = 'b0undary';

/** The time limits the served mock has, in milliseconds. */
export const servedTimes = { bodyIdleMs: 200, rpcBodyMs: 600, uploadBodyMs: 900 } as const;

/** The size limits the served mock has, in bytes. */
export const servedSizes = {
  rpcBodyBytes: 4096,
  uploadBytes: 8192,
  archiveBytes: 8192,
  storageBytesPerSpace: 8192,
  loginFormBytes: 1024,
} as const;

/** A mock served on a free port. */
export interface ServedMock {
  /** The mock. */
  mock: MockServer;
  /** Its port on 127.0.0.1. */
  port: number;
  /** Every route that reads a body. */
  routes: readonly BodyRoute[];
  /** Unexpected errors the mock reported (bugs); a test expects none. */
  errors: unknown[];
  /** Closes the mock, then the server; leaves nothing behind. */
  close(): Promise<void>;
}

/** This runtime's own server: Deno.serve or Bun.serve. */
export const listenNative: Listen = 'Bun' in globalThis ? listenOnBun : listenOnDeno;

/** The name of this runtime's own server, for test titles. */
export const nativeServerName = 'Bun' in globalThis ? 'Bun.serve' : 'Deno.serve';

/**
 * Serves a mock with the limits above, with an instance, its token, a Rool space and a
 * collection to address.
 *
 * @param listen The server. Default: this runtime's own.
 * @returns The served mock.
 */
export async function serveMock(listen: Listen = listenNative): Promise<ServedMock> {
  const { rpcBodyBytes, uploadBytes, ...roolSizes } = servedSizes;
  const errors: unknown[] = [];
  const mock = createMockServer({
    limits: { rpcBodyBytes, uploadBytes, ...servedTimes },
    rool: { limits: { rpcBodyBytes, ...roolSizes } },
    onError: (error) => errors.push(error),
  });
  const roj = (method: string, input: unknown) =>
    call(mock, '/api/v1/rpc', 'roj_dev_key', method, input);
  const rool = (method: string, input: unknown) =>
    call(mock, '/rool/v1/rpc', 'rool_alice_token', method, input);
  const { instanceId } = await roj('instances.create', { templateSlug: 'starter', name: 'body' });
  const { token } = await roj('tokens.create', { instanceId });
  const { id: spaceId } = await rool('spaces.create', { name: 'Bodies' });
  await rool('channels.open', { spaceId, channelId: 'main' });
  await rool('collections.create', {
    spaceId,
    channelId: 'main',
    name: 'notes',
    def: { fields: [] },
  });

  const server: Listening = await listen((request) => mock.fetch(request), {
    port: 0,
    host: '127.0.0.1',
  });
  const json = 'application/json';
  const xml = 'application/xml';
  const roolAuth = 'Bearer rool_alice_token';
  const dav = `/rool/v1/spaces/${spaceId}/dav`;
  const envelope = (
    name: string,
    path: string,
    authorization: string,
    { type = json, maxBytes = rpcBodyBytes }: { type?: string; maxBytes?: number } = {},
  ) => ({
    name,
    method: 'POST',
    path,
    headers: { authorization, 'content-type': type },
    maxBytes,
    tooLargeStatus: 413,
    refusal: 'envelope' as const,
    opening: '',
  });
  const webdav = (
    name: string,
    method: string,
    path: string,
    { maxBytes = filesLimits.xmlBodyBytes, tooLargeStatus = 413 }: {
      maxBytes?: number;
      tooLargeStatus?: number;
    } = {},
  ) => ({
    name,
    method,
    path: `${dav}${path}`,
    headers: { authorization: roolAuth, 'content-type': xml },
    maxBytes,
    tooLargeStatus,
    refusal: 'dav' as const,
    opening: '',
  });
  const routes: BodyRoute[] = [
    envelope('Roj RPC', '/api/v1/rpc', 'Bearer roj_dev_key'),
    envelope('Roj instance RPC', `/api/v1/instances/${instanceId}/rpc`, `Bearer ${token}`),
    // The admin endpoint takes seeds, as large as uploads.
    envelope('Roj admin RPC', '/_mock/rpc', 'Bearer roj_dev_key', { maxBytes: uploadBytes }),
    {
      ...envelope('Roj upload', '/api/v1/files/upload', 'Bearer roj_dev_key', {
        type: `multipart/form-data; boundary=${boundary}`,
        maxBytes: uploadBytes,
      }),
      // The multipart parser reads as the body arrives: a file part has begun.
      opening:
        `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="a.txt"\r\n` +
        'content-type: text/plain\r\n\r\n',
    },
    envelope('Rool RPC', '/rool/v1/rpc', roolAuth),
    envelope('Rool archive import', '/rool/v1/spaces/import?name=Imported', roolAuth, {
      type: 'application/zip',
      maxBytes: roolSizes.archiveBytes,
    }),
    {
      name: 'Rool login form',
      method: 'POST',
      path: '/rool/auth/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      maxBytes: roolSizes.loginFormBytes,
      tooLargeStatus: 413,
      refusal: 'html',
      opening: '',
    },
    webdav('WebDAV PUT of an object', 'PUT', '/space/notes/a.json', { maxBytes: rpcBodyBytes }),
    // Over the space's storage, a file is refused as 507 (docs/rool-webdav.md).
    webdav('WebDAV PUT of a file', 'PUT', '/rool-drive/a.bin', {
      maxBytes: roolSizes.storageBytesPerSpace,
      tooLargeStatus: 507,
    }),
    // MKCOL takes no body at all (RFC 4918 §9.3): its first byte is refused as 415.
    webdav('WebDAV MKCOL', 'MKCOL', '/rool-drive/folder', { maxBytes: 0, tooLargeStatus: 415 }),
    webdav('WebDAV PROPFIND', 'PROPFIND', '/rool-drive'),
    webdav('WebDAV PROPPATCH', 'PROPPATCH', '/rool-drive'),
    webdav('WebDAV LOCK', 'LOCK', '/rool-drive/locked.txt'),
    webdav('WebDAV REPORT', 'REPORT', '/rool-drive'),
  ];
  return {
    mock,
    port: server.port,
    routes,
    errors,
    async close() {
      mock.close();
      // Answers to bodies the close ended reach the server before it stops (../serve/run.ts).
      await new Promise((resolve) => setTimeout(resolve, 0));
      const closed = server.close();
      mock.close();
      await closed;
    },
  };
}

/** Calls a method in process; the fields used here are all strings. */
async function call(
  mock: MockServer,
  path: string,
  key: string,
  method: string,
  input: unknown,
): Promise<Record<string, string>> {
  const response = await mock.fetch(`http://mock.test${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ method, input }),
  });
  const answer = await response.json();
  if (!answer.ok) throw new Error(`${method}: ${JSON.stringify(answer.error)}`);
  return answer.value;
}
