/**
 * What the WebDAV tests share: a mock with alice, bob and carol (../_testing.ts),
 * alice's space with a `body` collection, and a request helper addressing the
 * space's WebDAV root.
 *
 * @module
 */
import assert from 'node:assert/strict';
import { child, children, childText, parseXml, type XmlElement } from '../../../src/rool/_xml.ts';
import { type RoolSetup, setupRool, tokens } from '../_testing.ts';
import type { RoolMockOptions } from '../mod.ts';

/** What {@linkcode setupDav} returns. */
export interface DavSetup extends RoolSetup {
  /** Alice's space and channel. */
  ref: { spaceId: string; channelId: string };
  /** The WebDAV root's path, e.g. `/v1/spaces/spc_…/dav`. */
  root: string;
  /**
   * Sends a WebDAV request as alice (or as `token`) to a machine path.
   *
   * @param method The method.
   * @param path The path after the WebDAV root, e.g. `/rool-drive/a` (encoded as given).
   * @param init Headers, body and the token to use.
   */
  dav(
    method: string,
    path: string,
    init?: { headers?: Record<string, string>; body?: BodyInit; token?: string | null },
  ): Promise<Response>;
}

/**
 * A mock with alice's space (collection `body` created) and a WebDAV request helper.
 *
 * @param options Mock options.
 * @returns The setup.
 */
export async function setupDav(options: RoolMockOptions = {}): Promise<DavSetup> {
  const setup = setupRool(options);
  const ref = await setup.space();
  await setup.alice.collections.create({ ...ref, name: 'body', def: { fields: [] } });
  const root = `/v1/spaces/${ref.spaceId}/dav`;
  return {
    ...setup,
    ref,
    root,
    dav(method, path, init = {}) {
      const token = init.token === undefined ? tokens.alice : init.token;
      const headers: Record<string, string> = { ...init.headers };
      if (token !== null) headers.authorization ??= `Bearer ${token}`;
      return setup.send(`${root}${path}`, { method, headers, body: init.body });
    },
  };
}

/** One `DAV:response` of a multistatus, read for assertions. */
export interface ReadResponse {
  /** The href. */
  href: string;
  /** The whole-resource status code, if given. */
  status?: number;
  /** Properties by status code: each property's Clark key → its element. */
  props: Record<number, Record<string, XmlElement>>;
  /** The `DAV:error` condition names of the response. */
  errors: string[];
}

/**
 * Reads a 207 answer: checks the status and content type, parses the XML with ../../../src/rool/_xml.ts.
 *
 * @param response The answer.
 * @returns Its responses in order, and the sync token if any.
 */
export async function readMultiStatus(
  response: Response,
): Promise<{ responses: ReadResponse[]; syncToken?: string }> {
  const text = await response.text();
  assert.equal(response.status, 207, text);
  assert.match(response.headers.get('content-type') ?? '', /^application\/xml/);
  const root = parseXml(text);
  assert.equal(`${root.ns} ${root.local}`, 'DAV: multistatus');
  const code = (line: string | undefined) => Number(line?.split(' ')[1]);
  const responses = children(root, 'DAV:', 'response').map((r) => {
    const props: ReadResponse['props'] = {};
    for (const ps of children(r, 'DAV:', 'propstat')) {
      const status = code(childText(ps, 'DAV:', 'status'));
      for (const p of child(ps, 'DAV:', 'prop')?.children ?? []) {
        (props[status] ??= {})[`{${p.ns}}${p.local}`] = p;
      }
    }
    const status = childText(r, 'DAV:', 'status');
    const errors = [
      ...(child(r, 'DAV:', 'error')?.children ?? []),
      ...children(r, 'DAV:', 'propstat').flatMap((ps) =>
        child(ps, 'DAV:', 'error')?.children ?? []
      ),
    ].map((e) => e.local);
    return {
      href: childText(r, 'DAV:', 'href')!,
      ...(status === undefined ? {} : { status: code(status) }),
      props,
      errors,
    };
  });
  const syncToken = childText(root, 'DAV:', 'sync-token');
  return syncToken === undefined ? { responses } : { responses, syncToken };
}

/**
 * Reads an XML error answer: the status, the `DAV:` condition and the message.
 *
 * @param response The answer.
 * @returns What it says.
 */
export async function readError(
  response: Response,
): Promise<{ status: number; condition?: string; hrefs: string[]; message: string }> {
  const root = parseXml(await response.text());
  assert.equal(`${root.ns} ${root.local}`, 'DAV: error');
  const condition = root.children.find((c) => c.ns === 'DAV:');
  return {
    status: response.status,
    ...(condition ? { condition: condition.local } : {}),
    hrefs: condition ? children(condition, 'DAV:', 'href').map((h) => h.text) : [],
    message: childText(root, 'urn:rool:webdav', 'message') ?? '',
  };
}

/** A PROPFIND body naming `DAV:` properties. */
export function propfindBody(...names: string[]): string {
  return `<D:propfind xmlns:D="DAV:"><D:prop>${names.map((n) => `<D:${n}/>`).join('')}` +
    '</D:prop></D:propfind>';
}
