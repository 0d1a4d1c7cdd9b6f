/**
 * The `207 Multi-Status` body (RFC 4918 §13, §14.16): one `DAV:response` per
 * resource, each with its properties grouped by status (`DAV:propstat`) or a
 * single status. Elements of the `DAV:` namespace use the `D:` prefix and no
 * default namespace is declared, so property elements serialized with their
 * own default namespace (../../../src/rool/_xml.ts) nest safely.
 *
 * @module
 */
import { escapeXml, serializeXml } from '../../../src/rool/_xml.ts';

/** Properties with one status. */
export interface PropStat {
  /** The status, e.g. 200 or 404. */
  status: number;
  /** The property elements, serialized. */
  props: string[];
  /** A `DAV:error` condition for this group (e.g. `cannot-modify-protected-property`). */
  condition?: string;
  /** A human-readable note. */
  description?: string;
}

/** One `DAV:response`. */
export interface MultiStatusResponse {
  /** The resource's href. */
  href: string;
  /** Properties by status (PROPFIND, PROPPATCH). */
  propstats?: PropStat[];
  /** Or one status for the whole resource (a deleted member, a failed member). */
  status?: number;
  /** A `DAV:error` condition for the whole resource. */
  condition?: string;
  /** A human-readable note. */
  description?: string;
}

const reasons: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  423: 'Locked',
  424: 'Failed Dependency',
  507: 'Insufficient Storage',
};

/**
 * An HTTP status line as `DAV:status` carries it.
 *
 * @param status The status.
 * @returns E.g. `HTTP/1.1 404 Not Found`.
 */
export function statusLine(status: number): string {
  return `HTTP/1.1 ${status} ${reasons[status] ?? 'Status'}`;
}

/**
 * A `207 Multi-Status` response.
 *
 * @param responses The responses, in order.
 * @param trailer XML appended inside `DAV:multistatus` after them (`DAV:sync-token`).
 * @returns The response.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { multiStatus } from './multistatus.ts';
 * const response = multiStatus([{ href: '/a', status: 404 }]);
 * assert.equal(response.status, 207);
 * assert.match(await response.text(), /<D:href>\/a<\/D:href><D:status>HTTP\/1.1 404 Not Found</);
 * ```
 */
export function multiStatus(responses: readonly MultiStatusResponse[], trailer = ''): Response {
  const parts = ['<?xml version="1.0" encoding="utf-8"?>\n<D:multistatus xmlns:D="DAV:">'];
  for (const r of responses) {
    parts.push(`<D:response><D:href>${escapeXml(r.href)}</D:href>`);
    for (const ps of r.propstats ?? []) {
      parts.push(`<D:propstat><D:prop>${ps.props.join('')}</D:prop>`);
      parts.push(`<D:status>${statusLine(ps.status)}</D:status>`);
      if (ps.condition) parts.push(`<D:error><D:${ps.condition}/></D:error>`);
      if (ps.description) {
        parts.push(`<D:responsedescription>${escapeXml(ps.description)}</D:responsedescription>`);
      }
      parts.push('</D:propstat>');
    }
    if (r.status !== undefined) parts.push(`<D:status>${statusLine(r.status)}</D:status>`);
    if (r.condition) parts.push(`<D:error><D:${r.condition}/></D:error>`);
    if (r.description) {
      parts.push(`<D:responsedescription>${escapeXml(r.description)}</D:responsedescription>`);
    }
    parts.push('</D:response>');
  }
  parts.push(trailer, '</D:multistatus>');
  return new Response(parts.join(''), {
    status: 207,
    headers: { 'content-type': 'application/xml; charset=utf-8' },
  });
}

/**
 * A property's name as an empty element, as `propname` answers and failed or missing
 * properties are listed (RFC 4918 §14.18).
 *
 * @param name The property's namespace and local name.
 * @returns The serialized element.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { propName } from './multistatus.ts';
 * assert.equal(propName({ ns: 'urn:x', local: 'color' }), '<color xmlns="urn:x"/>');
 * ```
 */
export function propName(name: { ns: string; local: string }): string {
  return serializeXml({ ns: name.ns, local: name.local, attributes: {}, children: [], text: '' });
}
