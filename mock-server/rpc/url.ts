/**
 * The origin and path of a request's URL, read from the string `Request.url`
 * already is. `Request.url` is a serialized absolute URL without credentials
 * (the `Request` constructor refuses those), so the origin is everything
 * before the first `/` after `//`, and parsing it again with `new URL` on
 * every request only costs time.
 *
 * @module
 */

/**
 * The origin of a request URL, as `new URL(url).origin` gives it.
 *
 * @param url A `Request.url` with an `http:` or `https:` scheme.
 * @returns The origin, e.g. `http://127.0.0.1:8787`.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { requestOrigin } from './url.ts';
 * assert.equal(requestOrigin('http://127.0.0.1:8787/api/v1/rpc?x=1'), 'http://127.0.0.1:8787');
 * ```
 */
export function requestOrigin(url: string): string {
  return url.slice(0, pathStart(url));
}

/**
 * The path of a request URL, as `new URL(url).pathname` gives it (still percent-encoded).
 *
 * @param url A `Request.url` with an `http:` or `https:` scheme.
 * @returns The path, `/` at least.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { requestPathname } from './url.ts';
 * assert.equal(requestPathname('http://127.0.0.1:8787/rool/v1/rpc?x=1#y'), '/rool/v1/rpc');
 * ```
 */
export function requestPathname(url: string): string {
  const start = pathStart(url);
  let end = url.length;
  for (let i = start; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 0x3f /* ? */ || c === 0x23 /* # */) {
      end = i;
      break;
    }
  }
  return start === url.length ? '/' : url.slice(start, end);
}

function pathStart(url: string): number {
  const authority = url.indexOf('//') + 2;
  const slash = url.indexOf('/', authority);
  if (slash !== -1) return slash;
  // A serialized http(s) URL always has a path, but be safe with `?` or `#` straight after the host.
  const query = url.search(/[?#]/);
  return query === -1 ? url.length : query;
}
