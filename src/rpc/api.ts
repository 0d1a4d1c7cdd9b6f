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

/** A whole API: metadata, auth schemes, RPC endpoints and uploads. */
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
