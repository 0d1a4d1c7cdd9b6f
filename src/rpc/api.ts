/**
 * API definitions: how method registries are exposed over HTTP.
 *
 * A registry says *what* methods exist; an {@linkcode ApiDefinition} says
 * *where* (endpoint paths), *who may call* (auth schemes) and which non-RPC
 * routes exist (multipart uploads). `codegen/` reads one to write the OpenAPI
 * document and bindings; servers read the same one to route and authenticate.
 *
 * @module
 */
import type { MethodRegistry } from './definition.ts';

/** How a caller proves who it is. */
export type AuthScheme =
  | {
    /** `Authorization: Bearer <secret>`. */
    kind: 'bearer';
    /** What the secret is and where it comes from. */
    description: string;
  }
  | {
    /** A cookie carrying the secret. */
    kind: 'cookie';
    /** The cookie's name. */
    name: string;
    /** What the secret is and where it comes from. */
    description: string;
  }
  | {
    /** `Authorization: Basic base64(<user>:<secret>)` (RFC 7617), for clients such as WebDAV. */
    kind: 'basic';
    /** What the user name and the secret are. */
    description: string;
  }
  | {
    /** A query parameter carrying the secret, for clients that cannot send headers. */
    kind: 'query';
    /** The parameter's name. */
    name: string;
    /** What the secret is and where it comes from. */
    description: string;
  };

/** A path parameter of an endpoint, such as `{instanceId}`. */
export interface PathParam {
  /** What the parameter identifies. */
  description: string;
}

/** One RPC endpoint: a registry served at a path. */
export interface EndpointDef<Methods extends MethodRegistry = MethodRegistry> {
  /** The path, with `{name}` placeholders, e.g. `/api/v1/instances/{instanceId}/rpc`. */
  path: string;
  /** One-line summary for the OpenAPI operation. */
  summary: string;
  /** Longer description for the OpenAPI operation. */
  description?: string;
  /** Names of {@linkcode ApiDefinition.auth} schemes; any one of them suffices. */
  auth: readonly string[];
  /** The path parameters, by name. */
  params?: Record<string, PathParam>;
  /** The method registry served here. */
  methods: Methods;
}

/**
 * A multipart upload route. `F` describes the form fields (a `Blob` field is
 * a file part) and `O` the JSON answer.
 */
export interface UploadDef<F = unknown, O = unknown> {
  /** The path, e.g. `/api/v1/files/upload`. */
  path: string;
  /** One-line summary for the OpenAPI operation. */
  summary: string;
  /** Longer description for the OpenAPI operation. */
  description?: string;
  /** Names of {@linkcode ApiDefinition.auth} schemes; any one of them suffices. */
  auth: readonly string[];
  /** Phantom type slot; always `undefined` at runtime. */
  readonly '~types'?: { readonly form: F; readonly output: O };
}

/** A query parameter or request header of a stream or route. */
export interface RequestParam {
  /** What it carries, and when it is needed. */
  description: string;
  /** Whether every request must send it. Default: `false`. */
  required?: boolean;
}

/**
 * A server-sent event stream (HTML Living Standard §9.2): a `GET` answered
 * with `text/event-stream`. `E` maps each event name to the JSON its `data`
 * line carries; codegen describes the events with OpenAPI 3.2's `itemSchema`.
 */
export interface StreamDef<E = unknown> {
  /** The path, with `{name}` placeholders, e.g. `/v1/spaces/{spaceId}/events`. */
  path: string;
  /** One-line summary for the OpenAPI operation. */
  summary: string;
  /** Longer description for the OpenAPI operation. */
  description?: string;
  /** Names of {@linkcode ApiDefinition.auth} schemes; any one of them suffices. */
  auth: readonly string[];
  /** The path parameters, by name. */
  params?: Record<string, PathParam>;
  /** The query parameters, by name. */
  query?: Record<string, RequestParam>;
  /** The request headers, by name. */
  headers?: Record<string, RequestParam>;
  /** HTTP statuses of the refusals, answered with the RPC error envelope instead of a stream. */
  errors: readonly number[];
  /** Phantom type slot; always `undefined` at runtime. */
  readonly '~types'?: { readonly events: E };
}

/** A request body a route method takes. */
export interface RouteBody {
  /** What it holds. */
  description: string;
  /** The media types it may have, e.g. `application/xml`. */
  mediaTypes: readonly string[];
  /** Whether the method needs one. Default: `false`. */
  required?: boolean;
}

/** One answer of a route method. */
export interface RouteResponse {
  /** When it is sent and what it holds. */
  description: string;
  /** The media types of its body; absent when it has none. */
  mediaTypes?: readonly string[];
  /** Response headers that matter to the caller, by name. */
  headers?: Record<string, RequestParam>;
}

/** One HTTP method of a route. */
export interface RouteMethod {
  /** One-line summary for the OpenAPI operation. */
  summary: string;
  /** Longer description for the OpenAPI operation. */
  description?: string;
  /** Request headers this method reads, by name (beyond the route's own). */
  headers?: Record<string, RequestParam>;
  /** Its request body, if it takes one. */
  body?: RouteBody;
  /** Its answers, by HTTP status. */
  responses: Record<string, RouteResponse>;
}

/**
 * An HTTP route served beside the RPC endpoints, such as WebDAV, with the
 * methods it answers. Methods OpenAPI 3.1 has no field for (`PROPFIND`,
 * `MKCOL`, …) appear only in the OpenAPI 3.2 document, as `additionalOperations`.
 */
export interface RouteDef {
  /** The path, with `{name}` placeholders. */
  path: string;
  /** One-line summary of the resource. */
  summary: string;
  /** Longer description of the resource. */
  description?: string;
  /** Names of {@linkcode ApiDefinition.auth} schemes; any one of them suffices. */
  auth: readonly string[];
  /** The path parameters, by name. */
  params?: Record<string, PathParam>;
  /** Request headers every method reads, by name. */
  headers?: Record<string, RequestParam>;
  /** The methods, by uppercase HTTP method name (`GET`, `PROPFIND`, …). */
  methods: Record<string, RouteMethod>;
}

/** A server the API is reached at. */
export interface ServerDef {
  /** Its URL; a relative one (`/rool`) is relative to where the OpenAPI document is served. */
  url: string;
  /** What the server is. */
  description: string;
}

/** A whole API: metadata, auth schemes, RPC endpoints, uploads, event streams and other routes. */
export interface ApiDefinition {
  /** Document metadata. */
  info: {
    /** The API's title. */
    title: string;
    /** The API's version. */
    version: string;
    /** A description, in CommonMark. */
    description?: string;
    /** The license, as an SPDX identifier and name. */
    license?: { name: string; identifier?: string };
  };
  /** Auth schemes by name. */
  auth: Record<string, AuthScheme>;
  /** RPC endpoints by name (used for generated names, e.g. `platform`). */
  endpoints: Record<string, EndpointDef>;
  /** Upload routes by name (e.g. `files.upload`). */
  uploads?: Record<string, UploadDef>;
  /** Where the API is served; OpenAPI tools send requests there. */
  servers?: readonly ServerDef[];
  /** Server-sent event streams by name (e.g. `spaceEvents`). */
  streams?: Record<string, StreamDef>;
  /** Other HTTP routes by name (e.g. `webdav`). */
  routes?: Record<string, RouteDef>;
}

/**
 * Declares an API. Returns its argument unchanged, typed precisely.
 *
 * @param api The definition.
 * @returns The same object.
 *
 * @example Usage
 * ```ts
 * import { defineApi, defineMethods, method } from './mod.ts';
 * const api = defineApi({
 *   info: { title: 'Example', version: '1.0.0' },
 *   auth: { apiKey: { kind: 'bearer', description: 'API key' } },
 *   endpoints: {
 *     main: {
 *       path: '/rpc',
 *       summary: 'Call a method',
 *       auth: ['apiKey'],
 *       methods: defineMethods({ ping: method<{}, { pong: true }>() }),
 *     },
 *   },
 * });
 * ```
 */
export function defineApi<const Api extends ApiDefinition>(api: Api): Api {
  return api;
}

/**
 * Declares a multipart upload route with its form fields `F` and output `O`.
 *
 * @param def Where it lives and who may call it.
 * @returns The definition, typed with `F` and `O`.
 *
 * @example Usage
 * ```ts
 * import { upload } from './api.ts';
 * const files = upload<{ file: Blob }, { fileId: string }>({
 *   path: '/files', summary: 'Upload a file', auth: ['apiKey'],
 * });
 * ```
 */
export function upload<F, O>(def: Omit<UploadDef<F, O>, '~types'>): UploadDef<F, O> {
  return def;
}

/**
 * Fills an endpoint path's `{name}` placeholders.
 *
 * @param path A path template such as `/instances/{instanceId}/rpc`.
 * @param params Values for every placeholder; each is URI-encoded.
 * @returns The concrete path.
 * @throws {TypeError} When a placeholder has no value.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { fillPath } from './api.ts';
 * assert.equal(fillPath('/i/{id}/rpc', { id: 'a b' }), '/i/a%20b/rpc');
 * ```
 */
export function fillPath(path: string, params: Record<string, string>): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`Path parameter ${name} is missing for ${path}`);
    return encodeURIComponent(value);
  });
}
