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
import { Utf8Writer } from './utf8-writer.ts';
import { xmlText } from './xml-text.ts';

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

// Written once per propstat, thousands of times per answer.
const statusLines = new Map<number, string>();
for (const [status, reason] of Object.entries(reasons)) {
  statusLines.set(Number(status), `HTTP/1.1 ${status} ${reason}`);
}

/**
 * An HTTP status line as `DAV:status` carries it.
 *
 * @param status The status.
 * @returns E.g. `HTTP/1.1 404 Not Found`.
 */
export function statusLine(status: number): string {
  return statusLines.get(status) ?? `HTTP/1.1 ${status} ${reasons[status] ?? 'Status'}`;
}

/**
 * A `207 Multi-Status` answer written as it is built: one response at a time, straight into
 * UTF-8 (./utf8-writer.ts), so an answer of thousands of resources keeps none of their strings
 * alive until the end.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { MultiStatusWriter } from './multistatus.ts';
 * const out = new MultiStatusWriter();
 * out.add({ href: '/a', status: 404 });
 * const response = out.response('<D:sync-token>urn:x:1</D:sync-token>');
 * assert.equal(response.status, 207);
 * assert.match(await response.text(), /<\/D:response><D:sync-token>urn:x:1<\/D:sync-token><\/D:multistatus>$/);
 * ```
 */
export class MultiStatusWriter {
  #out = new Utf8Writer(64 * 1024);

  /** Starts the `DAV:multistatus` element. */
  constructor() {
    this.#out.write('<?xml version="1.0" encoding="utf-8"?>\n<D:multistatus xmlns:D="DAV:">');
  }

  /**
   * Writes one `DAV:response`.
   *
   * @param r The response.
   */
  add(r: MultiStatusResponse): void {
    const out = this.#out;
    out.write(`<D:response><D:href>${xmlText(r.href)}</D:href>`);
    for (const ps of r.propstats ?? []) {
      out.write(
        `<D:propstat><D:prop>${ps.props.length === 1 ? ps.props[0] : ps.props.join('')}</D:prop>` +
          `<D:status>${statusLine(ps.status)}</D:status>`,
      );
      if (ps.condition) out.write(`<D:error><D:${ps.condition}/></D:error>`);
      if (ps.description) {
        out.write(`<D:responsedescription>${escapeXml(ps.description)}</D:responsedescription>`);
      }
      out.write('</D:propstat>');
    }
    if (r.status !== undefined) out.write(`<D:status>${statusLine(r.status)}</D:status>`);
    if (r.condition) out.write(`<D:error><D:${r.condition}/></D:error>`);
    if (r.description) {
      out.write(`<D:responsedescription>${escapeXml(r.description)}</D:responsedescription>`);
    }
    out.write('</D:response>');
  }

  /**
   * Ends the element and gives the answer; write nothing more after.
   *
   * @param trailer XML appended inside `DAV:multistatus` after the responses (`DAV:sync-token`).
   * @returns The `207` response.
   */
  response(trailer = ''): Response {
    this.#out.write(`${trailer}</D:multistatus>`);
    return new Response(this.#out.bytes(), {
      status: 207,
      headers: { 'content-type': 'application/xml; charset=utf-8' },
    });
  }
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
  const out = new MultiStatusWriter();
  for (const r of responses) out.add(r);
  return out.response(trailer);
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
