/**
 * CORS for the Roj mock (Fetch Standard §3.2), so that a web page on any origin can call it, as
 * the client does in a browser. Credentials are bearer tokens, never cookies, so any origin may
 * call: a page can only use a key or token it already holds. That is why the answer is
 * `Access-Control-Allow-Origin: *` and never `Allow-Credentials`: the instance endpoint's cookie
 * (`roj_instance_token`) is for same-origin pages and is not sent across origins.
 *
 * A request without `Origin` (every non-browser client) pays nothing: the POST routes add the
 * header only when one is present. The GET routes always send it, so that a cached answer
 * serves every origin.
 *
 * @module
 */

/** The request headers the client sends that are not CORS-safelisted. */
export const corsAllowedHeaders: readonly string[] = ['Authorization', 'Content-Type'];

/** How long a browser may keep a preflight's answer, in seconds. */
const maxAgeSeconds = 600;

/**
 * Whether a request is a CORS preflight.
 *
 * @param request The request.
 * @returns `true` for `OPTIONS` with `Origin` and `Access-Control-Request-Method`.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { isPreflight } from './cors.ts';
 * const headers = { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' };
 * assert.equal(isPreflight(new Request('http://mock.test/api/v1/rpc', { method: 'OPTIONS', headers })), true);
 * ```
 */
export function isPreflight(request: Request): boolean {
  return request.method === 'OPTIONS' && request.headers.has('origin') &&
    request.headers.has('access-control-request-method');
}

/**
 * The answer to an `OPTIONS` request on a route: a preflight's, or else the route's `Allow`
 * (RFC 9110 §9.3.7).
 *
 * @param request The request.
 * @param methods The route's methods, e.g. `['POST']`.
 * @returns A 204 response.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { optionsResponse } from './cors.ts';
 * const headers = { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' };
 * const request = new Request('http://mock.test/api/v1/rpc', { method: 'OPTIONS', headers });
 * const answer = optionsResponse(request, ['POST']);
 * assert.equal(answer.headers.get('access-control-allow-origin'), '*');
 * ```
 */
export function optionsResponse(request: Request, methods: readonly string[]): Response {
  const allow = [...methods, 'OPTIONS'].join(', ');
  if (!isPreflight(request)) return new Response(null, { status: 204, headers: { allow } });
  return new Response(null, {
    status: 204,
    headers: {
      'access-control-allow-origin': '*',
      'access-control-allow-methods': allow,
      'access-control-allow-headers': corsAllowedHeaders.join(', '),
      'access-control-max-age': String(maxAgeSeconds),
    },
  });
}

/**
 * Adds `Access-Control-Allow-Origin: *` to an answer when the request came from a page (it has
 * `Origin`); otherwise leaves it alone, at no cost.
 *
 * @param request The request.
 * @param answer The route's answer, or its promise.
 * @returns The same answer.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { allowAnyOrigin } from './cors.ts';
 * const request = new Request('http://mock.test/', { headers: { origin: 'http://localhost' } });
 * const answer = allowAnyOrigin(request, new Response('{}'));
 * assert.equal((answer as Response).headers.get('access-control-allow-origin'), '*');
 * ```
 */
export function allowAnyOrigin(
  request: Request,
  answer: Response | Promise<Response>,
): Response | Promise<Response> {
  if (!request.headers.has('origin')) return answer;
  return 'then' in answer ? answer.then(withAnyOrigin) : withAnyOrigin(answer);
}

/**
 * Adds `Access-Control-Allow-Origin: *` to an answer, whoever asked.
 *
 * @param answer The answer; its headers must be mutable (built by the mock, not fetched).
 * @returns The same answer.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { withAnyOrigin } from './cors.ts';
 * assert.equal(withAnyOrigin(new Response('')).headers.get('access-control-allow-origin'), '*');
 * ```
 */
export function withAnyOrigin(answer: Response): Response {
  answer.headers.set('access-control-allow-origin', '*');
  return answer;
}
