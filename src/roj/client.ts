/**
 * The Roj platform client: the API-key side of Roj (instances, sessions,
 * tokens, bundles, files, resources), shaped exactly like the published 0.0.2
 * client so code written against it compiles and behaves the same.
 *
 * @module
 */
import type { RpcClientOptions } from '../rpc/client.ts';
import { mergeHeaders } from '../rpc/_exchange.ts';
import { bindPlatform } from './_generated/bindings.ts';
import { rojCall, trimOrigin } from './_transport.ts';
import { uploadFile } from './_upload.ts';
import { platformRpcPath, uploadPath } from './_paths.ts';
import type { UploadFileOutput } from './files.ts';
import type {
  AddResourceRevisionInput,
  AddResourceRevisionOutput,
  ArchiveInstanceOutput,
  CreateInstanceInput,
  CreateInstanceOutput,
  CreateInstanceTokenInput,
  CreateInstanceTokenOutput,
  CreateResourceInput,
  CreateResourceOutput,
  CreateSessionInput,
  CreateSessionOutput,
  DeleteBundleInput,
  DeleteBundleOutput,
  DeleteResourceOutput,
  GetInstanceOutput,
  GetInstanceStatusOutput,
  GetResourceInput,
  GetResourceOutput,
  ListBundlesInput,
  ListBundlesOutput,
  ListInstancesInput,
  ListInstancesOutput,
  ListResourcesInput,
  ListResourcesOutput,
  ListSessionsOutput,
  PlatformMethods,
  PublishSessionInput,
  PublishSessionOutput,
} from './methods.ts';

/**
 * Options for {@linkcode createRojClient}: the published `{url, apiKey}`, plus
 * the transport settings every call of the client shares.
 */
export interface RojClientOptions
  extends Pick<RpcClientOptions, 'fetch' | 'timeout' | 'headers' | 'signal' | 'retry'> {
  /** Platform URL (e.g. https://roj.example.com); trailing slashes are ignored. */
  url: string;
  /** Platform API key, sent as `Authorization: Bearer <apiKey>`; it wins over `headers`. */
  apiKey: string;
}

/**
 * The platform client. Every method resolves with the method's output or
 * rejects with a `RojApiError`: server errors keep their `type`, `status` and
 * `path`; network failures, timeouts and non-JSON answers are
 * `transport_error`, `timeout` and `aborted` errors with the status seen (0
 * when none).
 */
export interface RojClient {
  /** Instances: create, read, list and archive. */
  instances: {
    /** Creates an instance from a template (`instances.create`). */
    create(input: CreateInstanceInput): Promise<CreateInstanceOutput>;
    /** Reads an instance (`instances.get`). */
    get(instanceId: string): Promise<GetInstanceOutput>;
    /** Reads an instance's sandbox, sessions, events and services (`instances.status`). */
    getStatus(instanceId: string): Promise<GetInstanceStatusOutput>;
    /** Lists instances, newest first (`instances.list`); no input means the first page. */
    list(input?: ListInstancesInput): Promise<ListInstancesOutput>;
    /** Archives an instance (`instances.archive`). */
    archive(instanceId: string): Promise<ArchiveInstanceOutput>;
  };
  /** Sessions of an instance. */
  sessions: {
    /** Creates a session (`sessions.create`). */
    create(input: CreateSessionInput): Promise<CreateSessionOutput>;
    /** Lists an instance's sessions (`sessions.list`). */
    list(instanceId: string): Promise<ListSessionsOutput>;
    /** Publishes a session's work (`sessions.publish`). */
    publish(input: PublishSessionInput): Promise<PublishSessionOutput>;
  };
  /** Instance tokens, for the instance endpoint (see `createRojInstanceClient`). */
  tokens: {
    /** Mints an instance token (`tokens.create`). */
    create(input: CreateInstanceTokenInput): Promise<CreateInstanceTokenOutput>;
  };
  /** Bundles. */
  bundles: {
    /** Lists bundles (`bundles.list`). */
    list(input?: ListBundlesInput): Promise<ListBundlesOutput>;
    /** Deletes a bundle by id or slug (`bundles.delete`). */
    delete(input: DeleteBundleInput): Promise<DeleteBundleOutput>;
  };
  /** Uploaded files, referenced by resources and sessions. */
  files: {
    /**
     * Uploads one file as multipart form data (`POST /api/v1/files/upload`).
     * `filename` defaults to the `File`'s own name, or `blob` for a `Blob`.
     */
    upload(file: File | Blob, filename?: string): Promise<UploadFileOutput>;
  };
  /** Resources: versioned files mounted into sessions. */
  resources: {
    /** Creates a resource from an uploaded file (`resources.create`). */
    create(input: CreateResourceInput): Promise<CreateResourceOutput>;
    /** Adds a revision, by resource id or slug (`resources.addRevision`). */
    addRevision(input: AddResourceRevisionInput): Promise<AddResourceRevisionOutput>;
    /** Reads a resource by id or slug (`resources.get`). */
    get(input: GetResourceInput): Promise<GetResourceOutput>;
    /** Lists resources (`resources.list`). */
    list(input?: ListResourcesInput): Promise<ListResourcesOutput>;
    /** Deletes a resource (`resources.delete`). */
    delete(resourceId: string): Promise<DeleteResourceOutput>;
  };
}

/**
 * Creates a platform client that calls `POST ${url}/api/v1/rpc` with the API key.
 *
 * @param options The platform URL and API key, and optionally `fetch`, a
 * timeout per call in milliseconds, extra headers and a signal that aborts
 * every call.
 * @returns The client. Its methods reject with `RojApiError`; creating it never throws.
 *
 * @example Read an instance
 * ```ts
 * import assert from 'node:assert/strict';
 * import { createRojClient, RojApiError } from './mod.ts';
 *
 * const roj = createRojClient({
 *   url: 'https://roj.example.com',
 *   apiKey: 'rk_test',
 *   // A stand-in server: a real client omits `fetch`.
 *   fetch: async (_url, init) => {
 *     const { input } = JSON.parse(String(init?.body));
 *     if (input.instanceId === 'missing') {
 *       return Response.json({ ok: false, error: { type: 'not_found', message: 'No such instance' } }, { status: 404 });
 *     }
 *     return Response.json({ ok: true, value: { instanceId: input.instanceId, name: 'Demo' } });
 *   },
 * });
 *
 * const instance = await roj.instances.get('inst_1');
 * assert.equal(instance.name, 'Demo');
 * await assert.rejects(roj.instances.get('missing'), (error) => {
 *   return error instanceof RojApiError && error.type === 'not_found' && error.status === 404;
 * });
 * ```
 */
export function createRojClient(options: RojClientOptions): RojClient {
  const headers = { ...options.headers, Authorization: `Bearer ${options.apiKey}` };
  const transport = { fetch: options.fetch, timeout: options.timeout, signal: options.signal };
  const origin = trimOrigin(options.url);
  const api = bindPlatform(
    rojCall<PlatformMethods>(`${origin}${platformRpcPath}`, {
      ...transport,
      headers,
      // `retryReads(platformMethods, policy)`: reads only, and only when asked for.
      retry: options.retry,
    }),
  );
  const uploadUrl = `${origin}${uploadPath}`;

  return {
    instances: {
      create: (input) => api.instances.create(input),
      get: (instanceId) => api.instances.get({ instanceId }),
      getStatus: (instanceId) => api.instances.status({ instanceId }),
      list: (input) => api.instances.list(input ?? {}),
      archive: (instanceId) => api.instances.archive({ instanceId }),
    },
    sessions: {
      create: (input) => api.sessions.create(input),
      list: (instanceId) => api.sessions.list({ instanceId }),
      publish: (input) => api.sessions.publish(input),
    },
    tokens: {
      create: (input) => api.tokens.create(input),
    },
    bundles: {
      list: (input) => api.bundles.list(input ?? {}),
      delete: (input) => api.bundles.delete(input),
    },
    files: {
      upload: (file, filename) =>
        uploadFile(file, filename, {
          ...transport,
          url: uploadUrl,
          headers: mergeHeaders({ Accept: 'application/json' }, headers),
        }),
    },
    resources: {
      create: (input) => api.resources.create(input),
      addRevision: (input) => api.resources.addRevision(input),
      get: (input) => api.resources.get(input),
      list: (input) => api.resources.list(input ?? {}),
      delete: (resourceId) => api.resources.delete({ resourceId }),
    },
  };
}
