// A loopback Roj RPC server for the runtime tests. Plain ESM JavaScript on `node:http` so that
// Node 20 (no TypeScript) and Deno (driving Miniflare) can both start it.
//
// It answers the way the platform does, so a client that passes here sends what a real server
// needs: the bearer key, a JSON `{method, input}` envelope, and a well-formed input. Errors use
// the statuses of src/rpc/error-types.ts. Paths under `/bad-gateway/` answer like a proxy whose
// upstream is down: an HTML 502 page, which the client must report as `transport_error`.
import { createServer } from 'node:http';

/** The instance `instances.get` knows. Tests compare against this exact object. */
export const knownInstance = Object.freeze({
  instanceId: 'inst_1',
  name: 'Runtime test instance',
  status: 'ready',
  templateSlug: 'blank',
  bundleSlug: 'blank',
  bundleRevisionId: 'rev_1',
  vcsType: 'git',
  metadata: null,
  createdAt: '2026-01-01T00:00:00.000Z',
});

const rpcPath = '/api/v1/rpc';

const badGatewayPage = '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>' +
  '<body><h1>502 Bad Gateway</h1><p>The upstream server is unavailable.</p></body></html>\n';

/**
 * @typedef {object} RecordedRequest
 * @property {string} method The HTTP method.
 * @property {string} path The request path.
 * @property {string | undefined} authorization The `Authorization` header.
 * @property {string | undefined} contentType The `Content-Type` header.
 * @property {string} body The raw request body.
 */

/**
 * @typedef {object} RpcTestServer
 * @property {string} url The server's origin, e.g. `http://127.0.0.1:40123`.
 * @property {RecordedRequest[]} requests Every request received, in order.
 * @property {() => Promise<void>} close Stops the server and drops open connections.
 */

/**
 * Starts the server on 127.0.0.1 with an ephemeral port.
 *
 * @param {{ apiKey: string }} options The API key the server accepts.
 * @returns {Promise<RpcTestServer>} The running server.
 */
export async function startRpcServer(options) {
  /** @type {RecordedRequest[]} */
  const requests = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      requests.push({
        method: req.method ?? '',
        path,
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        body,
      });
      const answer = answerRequest(options.apiKey, req.method, path, req.headers, body);
      res.writeHead(answer.status, { 'content-type': answer.contentType });
      res.end(answer.body);
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(undefined));
  });
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('Test server has no TCP address');
  }
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Decides the answer to one request.
 *
 * @param {string} apiKey
 * @param {string | undefined} method
 * @param {string} path
 * @param {import('node:http').IncomingHttpHeaders} headers
 * @param {string} body
 * @returns {{ status: number, contentType: string, body: string }}
 */
function answerRequest(apiKey, method, path, headers, body) {
  if (path.startsWith('/bad-gateway/')) {
    return { status: 502, contentType: 'text/html; charset=utf-8', body: badGatewayPage };
  }
  if (path !== rpcPath) return failure('not_found', `No route for ${path}`, 404);
  if (method !== 'POST') return failure('invalid_request', 'RPC calls must use POST', 405);
  if (headers.authorization !== `Bearer ${apiKey}`) {
    return failure('unauthorized', 'Missing or invalid API key', 401);
  }
  if (!headers['content-type']?.startsWith('application/json')) {
    return failure('unsupported_media_type', 'Content-Type must be application/json', 415);
  }
  let envelope;
  try {
    envelope = JSON.parse(body);
  } catch {
    return failure('invalid_request', 'Body is not JSON', 400);
  }
  if (typeof envelope?.method !== 'string' || !('input' in envelope)) {
    return failure('invalid_request', 'Body must be an envelope {method, input}', 400);
  }
  if (envelope.method !== 'instances.get') {
    return failure('method_not_found', `Unknown method ${envelope.method}`, 404);
  }
  const instanceId = envelope.input?.instanceId;
  if (typeof instanceId !== 'string' || instanceId === '') {
    return failure('validation_error', 'instanceId must be a non-empty string', 400, '/instanceId');
  }
  if (instanceId !== knownInstance.instanceId) {
    return failure('not_found', `Instance ${instanceId} not found`, 404);
  }
  return json(200, { ok: true, value: knownInstance });
}

/**
 * @param {string} type
 * @param {string} message
 * @param {number} status
 * @param {string} [path]
 */
function failure(type, message, status, path) {
  const error = path === undefined ? { type, message } : { type, message, path };
  return json(status, { ok: false, error });
}

/**
 * @param {number} status
 * @param {unknown} data
 */
function json(status, data) {
  return { status, contentType: 'application/json', body: JSON.stringify(data) };
}
