/**
 * CORS for WebDAV (the SDK calls it from web pages). An `OPTIONS` request
 * carrying `Origin` and `Access-Control-Request-Method` is a preflight and is
 * answered here, without authentication; any other `OPTIONS` is the WebDAV
 * method. Credentials are bearer tokens, never cookies, so any origin may
 * call: a page can only use a token it already holds.
 *
 * @module
 */
import { clientIdHeader } from '../client-id.ts';

/** The methods the WebDAV routes serve. */
export const davMethods = [
  'OPTIONS',
  'GET',
  'HEAD',
  'PUT',
  'DELETE',
  'PROPFIND',
  'PROPPATCH',
  'MKCOL',
  'COPY',
  'MOVE',
  'LOCK',
  'UNLOCK',
  'REPORT',
] as const;

/** The `Allow` header of every WebDAV resource. */
export const allowHeader: string = davMethods.join(', ');

const allowedHeaders = [
  'Authorization',
  'Content-Type',
  'Depth',
  'Destination',
  'Overwrite',
  'If',
  'If-Match',
  'If-None-Match',
  'If-Range',
  'Lock-Token',
  'Timeout',
  'Range',
  clientIdHeader,
];

const exposedHeaders = [
  'ETag',
  'DAV',
  'Lock-Token',
  'Content-Range',
  'Content-Length',
  'Location',
  'Last-Modified',
  'Allow',
  'WWW-Authenticate',
];

/**
 * Whether a request is a CORS preflight.
 *
 * @param request The request.
 * @returns `true` for `OPTIONS` with `Origin` and `Access-Control-Request-Method`.
 */
export function isPreflight(request: Request): boolean {
  return request.method === 'OPTIONS' && request.headers.has('origin') &&
    request.headers.has('access-control-request-method');
}

/**
 * The answer to a preflight: every WebDAV method, the headers WebDAV requests carry.
 *
 * @returns A 204 response.
 */
export function preflightResponse(): Response {
  return new Response(null, {
    status: 204,
    headers: {
      'access-control-allow-origin': '*',
      'access-control-allow-methods': allowHeader,
      'access-control-allow-headers': allowedHeaders.join(', '),
      'access-control-max-age': '600',
      vary: 'Origin',
    },
  });
}

/**
 * Adds the CORS headers of an actual (non-preflight) answer.
 *
 * @param response The answer.
 * @returns The same response, its headers extended.
 */
export function withCors(response: Response): Response {
  response.headers.set('access-control-allow-origin', '*');
  response.headers.set('access-control-expose-headers', exposedHeaders.join(', '));
  return response;
}
