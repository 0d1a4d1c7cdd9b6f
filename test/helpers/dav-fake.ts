/**
 * A stand-in for a space's WebDAV storage, for SDK unit tests that upload
 * files but need no real server: MKCOL and PUT (with `If-None-Match: *`) on
 * an in-memory tree, every request recorded, and any other request passed on
 * to the RPC fake.
 *
 * @module
 */
import type { FetchFn } from '../../src/rpc/client.ts';

/** One WebDAV request the fake received. */
export interface DavCall {
  /** The method. */
  method: string;
  /** The decoded machine path (`/rool-drive/a b`). */
  path: string;
  /** The request's headers. */
  headers: Headers;
}

/** A stored file. */
export interface DavFile {
  /** Its bytes. */
  bytes: Uint8Array;
  /** Its `Content-Type`, as sent. */
  contentType: string | null;
}

/** The fake: its `fetch`, what it stores and what it was asked. */
export interface DavFake {
  /** Give it to the client as `fetch`. */
  fetch: FetchFn;
  /** Files by machine path. */
  files: Map<string, DavFile>;
  /** Collections by machine path (`/`, `/space` and `/rool-drive` exist from the start). */
  collections: Set<string>;
  /** Every WebDAV request, in order. */
  calls: DavCall[];
  /** When set, answers every WebDAV request instead of the tree. */
  override?: (call: DavCall) => Response | Promise<Response> | undefined;
}

/**
 * Creates the fake.
 *
 * @param rpc The `fetch` of requests that are not WebDAV (`/dav/` absent from the URL).
 * @returns The fake.
 */
export function davFake(rpc: FetchFn): DavFake {
  const fake: DavFake = {
    files: new Map(),
    collections: new Set(['/', '/space', '/rool-drive']),
    calls: [],
    fetch: async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const at = url.pathname.indexOf('/dav/');
      if (at < 0) return await rpc(input, init);
      const rest = url.pathname.slice(at + '/dav'.length).replace(/\/$/, '');
      const path = rest === '' ? '/' : rest.split('/').map(decodeURIComponent).join('/');
      const call: DavCall = {
        method: init?.method ?? 'GET',
        path,
        headers: new Headers(init?.headers),
      };
      fake.calls.push(call);
      const overridden = await fake.override?.(call);
      if (overridden) return overridden;
      const parent = path.slice(0, path.lastIndexOf('/')) || '/';
      const exists = fake.files.has(path) || fake.collections.has(path);
      if (call.method === 'MKCOL') {
        if (exists) return new Response(null, { status: 405 });
        if (!fake.collections.has(parent)) return new Response(null, { status: 409 });
        fake.collections.add(path);
        return new Response(null, { status: 201 });
      }
      if (call.method === 'PUT') {
        if (!fake.collections.has(parent)) return new Response(null, { status: 409 });
        if (exists && call.headers.get('If-None-Match') === '*') {
          return new Response(null, { status: 412 });
        }
        const bytes = new Uint8Array(await new Response(init?.body).arrayBuffer());
        fake.files.set(path, { bytes, contentType: call.headers.get('Content-Type') });
        return new Response(null, {
          status: exists ? 204 : 201,
          headers: { ETag: `"${bytes.length}"` },
        });
      }
      return new Response(null, { status: 405 });
    },
  };
  return fake;
}
