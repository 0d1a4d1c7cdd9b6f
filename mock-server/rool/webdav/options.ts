/**
 * OPTIONS (RFC 4918 §10.1, §18): the compliance classes and the methods.
 * `DAV: 1, 2, 3` — class 1 (RFC 4918 resources and properties), class 2
 * (locks) and class 3 (the RFC 4918 revision of RFC 2518); sync-collection is
 * advertised per collection by `DAV:supported-report-set` (RFC 6578 §3.1).
 *
 * @module
 */
import { allowHeader } from './cors.ts';

/** The compliance classes the `DAV` header announces. */
export const davClasses = '1, 2, 3';

/**
 * Answers a (non-preflight) OPTIONS.
 *
 * @returns 200 with `DAV`, `Allow` and `MS-Author-Via: DAV` (for Windows clients).
 */
export function options(): Response {
  return new Response(null, {
    status: 200,
    headers: {
      dav: davClasses,
      allow: allowHeader,
      'ms-author-via': 'DAV',
      'accept-ranges': 'bytes',
      'content-length': '0',
    },
  });
}
