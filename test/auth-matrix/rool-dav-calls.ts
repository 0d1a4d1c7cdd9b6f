/**
 * A valid request, and one refused for its content, of every WebDAV method the mock serves
 * (docs/rool-webdav.md §4–§9), on the fixture space's drive file, with the status of each
 * success. `UNLOCK` first takes a lock that the caller may release, or the owner's lock when the
 * caller may not, so the lock exists either way.
 *
 * @module
 */
import type { RouteContext, RouteTarget } from './rool-routes.ts';
import { type SpaceFixture, tokenOf } from './rool-world.ts';

const dav = (fx: SpaceFixture, path = '') => `/v1/spaces/${fx.spaceId}/dav${path}`;
const xml = { 'content-type': 'application/xml; charset=utf-8' };
const lockBody = '<?xml version="1.0" encoding="utf-8"?><D:lockinfo xmlns:D="DAV:">' +
  '<D:lockscope><D:shared/></D:lockscope><D:locktype><D:write/></D:locktype>' +
  '<D:owner>matrix</D:owner></D:lockinfo>';
const syncBody = '<?xml version="1.0" encoding="utf-8"?><D:sync-collection xmlns:D="DAV:">' +
  '<D:sync-token/><D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop>' +
  '</D:sync-collection>';
const propBody = '<?xml version="1.0" encoding="utf-8"?><D:propertyupdate xmlns:D="DAV:" ' +
  'xmlns:Z="urn:matrix"><D:set><D:prop><Z:color>red</Z:color></D:prop></D:set>' +
  '</D:propertyupdate>';

/**
 * Takes a shared lock on the drive file: as the caller when they may unlock it (a lock is
 * unlocked by its owner only), else as the owner, so that the lock exists either way.
 */
async function lockFor(ctx: RouteContext): Promise<string> {
  const { world, fx, kase, succeeds } = ctx;
  const headers = succeeds ? kase.headers(world) : { authorization: `Bearer ${tokenOf('alice')}` };
  const response = await world.send(dav(fx, fx.drivePath), {
    method: 'LOCK',
    headers: { ...headers, ...xml, depth: '0' },
    body: lockBody,
  });
  const token = response.headers.get('lock-token');
  await response.body?.cancel();
  if (!token) throw new Error(`Setup LOCK answered ${response.status}`);
  return token;
}

/** What a WebDAV method's target has of its own. */
export type DavCall = Pick<RouteTarget, 'status' | 'valid' | 'invalid'>;

const copyOrMove = (method: string): DavCall => ({
  status: 201,
  valid: ({ fx }) =>
    Promise.resolve({
      method,
      path: dav(fx, fx.drivePath),
      headers: { destination: `/rool${dav(fx, '/rool-drive/g.txt')}` },
    }),
  // Without a Destination (§5).
  invalid: {
    request: ({ fx }) => Promise.resolve({ method, path: dav(fx, fx.drivePath) }),
    outcome: { status: 400 },
  },
});

const read = (method: string): DavCall => ({
  status: 200,
  valid: ({ fx }) => Promise.resolve({ method, path: dav(fx, fx.drivePath) }),
  // A range past the end (§4).
  invalid: {
    request: ({ fx }) =>
      Promise.resolve({ method, path: dav(fx, fx.drivePath), headers: { range: 'bytes=900-999' } }),
    outcome: { status: 416 },
  },
});

/** A valid request (and an invalid one) of every WebDAV method. */
export const davCalls: Readonly<Record<string, DavCall>> = Object.freeze({
  OPTIONS: {
    status: 200,
    valid: ({ fx }) => Promise.resolve({ method: 'OPTIONS', path: dav(fx, '/') }),
  },
  GET: read('GET'),
  HEAD: read('HEAD'),
  PUT: {
    status: 201,
    valid: ({ fx }) =>
      Promise.resolve({
        method: 'PUT',
        path: dav(fx, '/rool-drive/new.txt'),
        headers: { 'content-type': 'text/plain' },
        body: 'new',
      }),
    // A Content-Range on PUT (§4).
    invalid: {
      request: ({ fx }) =>
        Promise.resolve({
          method: 'PUT',
          path: dav(fx, '/rool-drive/new.txt'),
          headers: { 'content-range': 'bytes 0-2/3' },
          body: 'new',
        }),
      outcome: { status: 400 },
    },
  },
  DELETE: {
    status: 204,
    valid: ({ fx }) => Promise.resolve({ method: 'DELETE', path: dav(fx, fx.drivePath) }),
    // An If-Match that fails (§4).
    invalid: {
      request: ({ fx }) =>
        Promise.resolve({
          method: 'DELETE',
          path: dav(fx, fx.drivePath),
          headers: { 'if-match': '"not-the-etag"' },
        }),
      outcome: { status: 412 },
    },
  },
  PROPFIND: {
    status: 207,
    valid: ({ fx }) =>
      Promise.resolve({ method: 'PROPFIND', path: dav(fx, '/'), headers: { depth: '0' } }),
    invalid: {
      request: ({ fx }) =>
        Promise.resolve({
          method: 'PROPFIND',
          path: dav(fx, '/'),
          headers: { depth: '0', ...xml },
          body: '<not xml',
        }),
      outcome: { status: 400 },
    },
  },
  PROPPATCH: {
    status: 207,
    valid: ({ fx }) =>
      Promise.resolve({
        method: 'PROPPATCH',
        path: dav(fx, fx.drivePath),
        headers: xml,
        body: propBody,
      }),
    invalid: {
      request: ({ fx }) =>
        Promise.resolve({
          method: 'PROPPATCH',
          path: dav(fx, fx.drivePath),
          headers: xml,
          body: '<not xml',
        }),
      outcome: { status: 400 },
    },
  },
  MKCOL: {
    status: 201,
    valid: ({ fx }) => Promise.resolve({ method: 'MKCOL', path: dav(fx, '/rool-drive/dir') }),
    // MKCOL takes no body (§4).
    invalid: {
      request: ({ fx }) =>
        Promise.resolve({
          method: 'MKCOL',
          path: dav(fx, '/rool-drive/dir'),
          headers: { 'content-type': 'text/plain' },
          body: 'x',
        }),
      outcome: { status: 415 },
    },
  },
  COPY: copyOrMove('COPY'),
  MOVE: copyOrMove('MOVE'),
  LOCK: {
    status: 200,
    valid: ({ fx }) =>
      Promise.resolve({
        method: 'LOCK',
        path: dav(fx, fx.drivePath),
        headers: { ...xml, depth: '0' },
        body: lockBody,
      }),
    // Depth 1 (§8).
    invalid: {
      request: ({ fx }) =>
        Promise.resolve({
          method: 'LOCK',
          path: dav(fx, fx.drivePath),
          headers: { ...xml, depth: '1' },
          body: lockBody,
        }),
      outcome: { status: 400 },
    },
  },
  UNLOCK: {
    status: 204,
    valid: async (ctx) => ({
      method: 'UNLOCK',
      path: dav(ctx.fx, ctx.fx.drivePath),
      headers: { 'lock-token': await lockFor(ctx) },
    }),
    // Without a Lock-Token (§8).
    invalid: {
      request: ({ fx }) => Promise.resolve({ method: 'UNLOCK', path: dav(fx, fx.drivePath) }),
      outcome: { status: 400 },
    },
  },
  REPORT: {
    status: 207,
    valid: ({ fx }) =>
      Promise.resolve({
        method: 'REPORT',
        path: dav(fx, '/rool-drive'),
        headers: { ...xml, depth: '0' },
        body: syncBody,
      }),
    invalid: {
      request: ({ fx }) =>
        Promise.resolve({
          method: 'REPORT',
          path: dav(fx, '/rool-drive'),
          headers: { ...xml, depth: '1' },
          body: syncBody,
        }),
      outcome: { status: 400 },
    },
  },
});
