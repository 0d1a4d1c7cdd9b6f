// The WebDAV methods of docs/rool-webdav.md §4, as route methods of the Rool API definition
// (./api.ts): codegen describes GET, PUT, DELETE, HEAD and OPTIONS in the OpenAPI 3.1 document and
// every method, PROPFIND, MKCOL, LOCK and the rest included, in the 3.2 one.
import type { RequestParam, RouteMethod, RouteResponse } from '../rpc/api.ts';

/**
 * The WebDAV methods served on every path of a space's WebDAV root. Built by a call marked pure,
 * so that a bundle which never reads them (the Rool client's) drops the whole table.
 */
export const webdavMethods: Record<string, RouteMethod> = /* @__PURE__ */ buildWebdavMethods();

function buildWebdavMethods(): Record<string, RouteMethod> {
  const xml = ['application/xml', 'text/xml'] as const;
  const anyBytes = ['application/octet-stream', 'application/json', 'text/plain'] as const;

  // Refusals carry a `DAV:error` XML body naming the failed condition (rool-webdav.md §11).
  function refusal(description: string): RouteResponse {
    return { description, mediaTypes: ['application/xml'] };
  }

  // Every method can meet these (rool-webdav.md §2): bad path, no credentials, no such space.
  const common: Record<string, RouteResponse> = {
    '400': refusal('A malformed path, header or body'),
    '401': refusal('Missing or invalid credentials'),
    '404': refusal('No such space for the caller, or no such resource'),
  };

  const multistatus: RouteResponse = {
    description: 'A `DAV:multistatus` body with one response per resource (RFC 4918 §13)',
    mediaTypes: ['application/xml'],
  };

  const ifHeader: RequestParam = {
    description: 'Lock tokens and entity tags the request is conditional on (RFC 4918 §10.4)',
  };
  const ifMatch: RequestParam = { description: 'Entity tags that must match (RFC 9110 §13.1.1)' };
  const ifNoneMatch: RequestParam = {
    description: 'Entity tags that must not match; `*` makes a PUT create-only (RFC 9110 §13.1.2)',
  };
  const depth: RequestParam = { description: '`0`, `1` or `infinity` (RFC 4918 §10.2)' };
  const destination: RequestParam = {
    description: 'Where to copy or move to: an absolute URL or path in the same WebDAV root',
    required: true,
  };
  const overwrite: RequestParam = {
    description: '`T` (default) replaces an existing destination; `F` refuses with 412',
  };
  const etag: RequestParam = { description: 'The strong entity tag of the stored content' };

  const copyOrMove = (verb: string): RouteMethod => ({
    summary: `${verb} a resource`,
    description: `${verb} a resource to \`Destination\` in the same space (rool-webdav.md §5).`,
    headers: { Destination: destination, Overwrite: overwrite, Depth: depth, If: ifHeader },
    responses: {
      '201': { description: 'The destination was created' },
      '204': { description: 'The destination was replaced' },
      ...common,
      '403': refusal('The source, a root or another space as destination'),
      '409': refusal("The destination's parent does not exist"),
      '412': refusal('`Overwrite: F` onto an existing destination, or `If` failed'),
      '423': refusal('A lock covers the source or destination'),
      '502': refusal('The destination is on another host'),
      '507': refusal("The copy would exceed the space's storage"),
    },
  });

  return {
    OPTIONS: {
      summary: 'Discover WebDAV support',
      description: 'Answers `DAV: 1, 2, 3` and `Allow` with every method served.',
      responses: {
        '200': {
          description: 'The compliance classes and methods',
          headers: { DAV: { description: '`1, 2, 3`' }, Allow: { description: 'The methods' } },
        },
        ...common,
      },
    },
    GET: {
      summary: 'Read a file, an object or a collection listing',
      description: "A file's bytes, an object's JSON, or a collection's members one per line " +
        '(collections end with `/`). One byte range is honoured.',
      headers: {
        Range: { description: 'One byte range, e.g. `bytes=0-99` (RFC 9110 §14.2)' },
        'If-Match': ifMatch,
        'If-None-Match': ifNoneMatch,
      },
      responses: {
        '200': { description: 'The content', mediaTypes: anyBytes, headers: { ETag: etag } },
        '206': { description: 'The requested range', mediaTypes: anyBytes },
        '304': { description: '`If-None-Match` matched' },
        ...common,
        '412': refusal('`If-Match` did not match'),
        '416': refusal('The range is past the end'),
      },
    },
    HEAD: {
      summary: 'Read the headers of a GET',
      responses: {
        '200': { description: 'The headers of the content', headers: { ETag: etag } },
        '304': { description: '`If-None-Match` matched' },
        '400': { description: 'A malformed path or header' },
        '401': { description: 'Missing or invalid credentials' },
        '404': { description: 'No such space for the caller, or no such resource' },
      },
    },
    PUT: {
      summary: 'Create or replace a file or an object',
      description:
        'Under `/rool-drive` any bytes; under `/space` a JSON object (rool-webdav.md §6)',
      headers: { 'If-Match': ifMatch, 'If-None-Match': ifNoneMatch, If: ifHeader },
      body: { description: 'The new content', mediaTypes: anyBytes, required: true },
      responses: {
        '201': { description: 'Created', headers: { ETag: etag } },
        '204': { description: 'Replaced', headers: { ETag: etag } },
        ...common,
        '403': refusal('Not an object path under `/space`, or a viewer writing'),
        '405': refusal('A collection is there'),
        '409': refusal('The parent collection does not exist'),
        '412': refusal('A precondition failed'),
        '413': refusal('The body is too large'),
        '415': refusal('A media type an object cannot take'),
        '423': refusal('A lock covers the resource'),
        '507': refusal("The content would exceed the space's storage"),
      },
    },
    DELETE: {
      summary: 'Delete a file, an object or a drive collection',
      headers: { 'If-Match': ifMatch, If: ifHeader, Depth: depth },
      responses: {
        '204': { description: 'Deleted' },
        ...common,
        '403': refusal('A root or a schema collection'),
        '412': refusal('A precondition failed'),
        '423': refusal('A lock covers the resource'),
      },
    },
    PROPFIND: {
      summary: 'Read properties',
      description: 'Live and dead properties (rool-webdav.md §7); an empty body is `allprop`.',
      headers: { Depth: depth },
      body: { description: 'A `DAV:propfind` element', mediaTypes: xml },
      responses: {
        '207': multistatus,
        ...common,
        '403': refusal('`Depth: infinity` over more than 10 000 resources'),
      },
    },
    PROPPATCH: {
      summary: 'Set and remove dead properties',
      description: 'All or nothing, in document order (rool-webdav.md §7).',
      headers: { If: ifHeader },
      body: { description: 'A `DAV:propertyupdate` element', mediaTypes: xml, required: true },
      responses: {
        '207': multistatus,
        ...common,
        '412': refusal('`If` failed'),
        '423': refusal('A lock covers the resource'),
      },
    },
    MKCOL: {
      summary: 'Create a drive collection',
      headers: { If: ifHeader },
      responses: {
        '201': { description: 'Created' },
        ...common,
        '403': refusal('Outside `/rool-drive`'),
        '405': refusal('Something is there already'),
        '409': refusal('The parent collection does not exist'),
        '415': refusal('MKCOL takes no body'),
        '423': refusal('A lock covers the parent'),
        '507': refusal('Too many drive entries'),
      },
    },
    COPY: copyOrMove('Copy'),
    MOVE: copyOrMove('Move'),
    LOCK: {
      summary: 'Take or refresh a write lock',
      description: 'Exclusive or shared, depth 0 or infinity; without a body and with an `If` ' +
        'header naming a lock token, refreshes that lock (rool-webdav.md §8).',
      headers: {
        Depth: depth,
        Timeout: { description: '`Second-N` or `Infinite`; at most 3 600 s' },
        If: ifHeader,
      },
      body: { description: 'A `DAV:lockinfo` element', mediaTypes: xml },
      responses: {
        '200': {
          description: "The lock's `DAV:lockdiscovery`",
          mediaTypes: ['application/xml'],
          headers: { 'Lock-Token': { description: 'The new lock token, `<opaquelocktoken:…>`' } },
        },
        '201': {
          description: 'An empty file was created under the lock',
          mediaTypes: ['application/xml'],
          headers: { 'Lock-Token': { description: 'The new lock token, `<opaquelocktoken:…>`' } },
        },
        ...common,
        '409': refusal('The parent does not exist'),
        '412': refusal('A refresh without the token of a covering lock'),
        '413': refusal('The lock owner is too large'),
        '423': refusal('A conflicting lock'),
        '507': refusal('Too many locks in the space'),
      },
    },
    UNLOCK: {
      summary: 'Release a lock',
      headers: {
        'Lock-Token': { description: 'The lock token, `<opaquelocktoken:…>`', required: true },
      },
      responses: {
        '204': { description: 'Released' },
        ...common,
        '403': refusal('Another user owns the lock'),
        '409': refusal('No lock with that token covers the resource'),
      },
    },
    REPORT: {
      summary: 'Synchronise a collection',
      description: '`DAV:sync-collection` (RFC 6578): what changed since a sync token.',
      headers: { Depth: depth },
      body: { description: 'A `DAV:sync-collection` element', mediaTypes: xml, required: true },
      responses: {
        '207': multistatus,
        ...common,
        '403': refusal('An unknown or expired sync token, or another report'),
        '507': refusal('More changes than `DAV:limit` allows'),
      },
    },
  };
}
