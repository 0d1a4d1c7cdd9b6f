/**
 * The platform method registry: 17 methods at `POST /api/v1/rpc`, called with
 * an API key. The single source of truth for these methods' types.
 *
 * JSDoc tags such as `@minimum` and `@integer` on fields become JSON Schema
 * keywords in the generated document and validators.
 *
 * @module
 */
import { defineMethods, method, type MethodDef } from '../rpc/definition.ts';
import type { SandboxState } from './sandbox-state.ts';

// ============================================================================
// Instance methods
// ============================================================================

/** Input of `instances.create`. */
export interface CreateInstanceInput {
  /**
   * Slug of the template to create the instance from.
   * @minLength 1
   * @maxLength 100
   */
  templateSlug: string;
  /** Slug of the bundle to deploy; defaults to the template's bundle. */
  bundleSlug?: string;
  /** Bundle revision to deploy; defaults to the bundle's latest revision. */
  bundleRevisionId?: string;
  /**
   * Display name.
   * @minLength 1
   * @maxLength 200
   */
  name: string;
  /** Version control backing the instance's workspace. */
  vcsType?: 'github' | 'gitLocal' | 'none';
  /** Free-form metadata stored with the instance. */
  metadata?: Record<string, unknown>;
  /** Creates a first session along with the instance. */
  autoCreateSession?: {
    /** Preset of the session. */
    presetId: string;
    /** Waits until the session is active. */
    blocking?: boolean;
    /**
     * First prompt sent to the session's agent.
     * @maxLength 100000
     */
    initialPrompt?: string;
    /**
     * Resources mounted into the session.
     * @maxItems 100
     */
    resourceIds?: string[];
    /**
     * Uploaded files mounted into the session.
     * @maxItems 100
     */
    fileIds?: string[];
  };
}

/** Output of `instances.create`. */
export interface CreateInstanceOutput {
  /** The new instance's id. */
  instanceId: string;
  /** Lifecycle status right after creation. */
  status: 'created' | 'initializing' | 'ready';
  /** The auto-created session's id, when one was requested. */
  sessionId?: string;
  /** Token for the auto-created session's WebSocket. */
  wsToken?: string;
}

/** Input of `instances.get`. */
export interface GetInstanceInput {
  /** The instance's id. */
  instanceId: string;
}

/** An instance, as `instances.get` and `instances.list` return it. */
export interface GetInstanceOutput {
  /** The instance's id. */
  instanceId: string;
  /** Display name. */
  name: string;
  /** Lifecycle status: `created`, `initializing`, `ready` or `archived`. */
  status: string;
  /** Slug of the template it was created from. */
  templateSlug: string;
  /** Slug of the deployed bundle. */
  bundleSlug: string;
  /** The deployed bundle revision. */
  bundleRevisionId: string;
  /** Version control backing the workspace. */
  vcsType: string;
  /** Metadata given at creation, or `null`. */
  metadata: Record<string, unknown> | null;
  /** Creation time, ISO 8601. */
  createdAt: string;
}

/** Input of `instances.status`. */
export interface GetInstanceStatusInput {
  /** The instance's id. */
  instanceId: string;
}

/** Output of `instances.status`: the instance's runtime picture. */
export interface GetInstanceStatusOutput {
  /** The instance's id. */
  instanceId: string;
  /** Lifecycle status. */
  status: string;
  /** The current sandbox, or `null` when there is none. */
  sandbox: {
    /** Sandbox lifecycle state. */
    state: SandboxState;
    /** The sandbox provider's id. */
    e2bId?: string;
    /** Last activity time, ISO 8601. */
    lastActivityAt?: string;
  } | null;
  /** The instance's sessions. */
  sessions: Array<{
    /** Session id. */
    id: string;
    /** Preset the session was created with. */
    presetId: string | null;
    /** Session status. */
    status: string;
    /** Creation time, ISO 8601. */
    createdAt: string;
  }>;
  /** Lifecycle events, oldest first; one is appended on every transition. */
  lifecycleEvents: Array<{
    /** Event name, e.g. `instance.ready`. */
    event: string;
    /** Extra detail. */
    detail?: string;
    /** When it happened, ISO 8601. */
    createdAt: string;
  }>;
  /** Services exposed by the instance's sessions. */
  serviceUrls: Array<{
    /** Short code that addresses the service. */
    code: string;
    /** Session exposing it. */
    sessionId: string | null;
    /** Kind of service, e.g. `preview`. */
    serviceType: string | null;
    /** Port inside the sandbox. */
    port: number;
  }>;
}

/** Input of `instances.archive`. */
export interface ArchiveInstanceInput {
  /** The instance's id. */
  instanceId: string;
}

/** Output of `instances.archive`. */
export interface ArchiveInstanceOutput {
  /** `true` once archived. */
  ok: boolean;
}

/** Input of `instances.list`. */
export interface ListInstancesInput {
  /**
   * Page size.
   * @integer
   * @minimum 1
   * @maximum 100
   */
  limit?: number;
  /**
   * Items to skip.
   * @integer
   * @minimum 0
   */
  offset?: number;
}

/** Output of `instances.list`. */
export interface ListInstancesOutput {
  /** One page of instances, newest first. */
  instances: GetInstanceOutput[];
  /** Count of all matching instances, across pages. */
  total: number;
}

// ============================================================================
// Session methods
// ============================================================================

/** Input of `sessions.create`. */
export interface CreateSessionInput {
  /** The instance to create the session in. */
  instanceId: string;
  /** Preset of the session. */
  presetId: string;
  /** Waits until the session is active. */
  blocking?: boolean;
  /**
   * Origin the session's token is bound to: `scheme://host[:port]`.
   * @maxLength 2048
   */
  origin?: string;
  /**
   * Token TTL in seconds (default 24h, max 7d).
   * @integer
   * @minimum 1
   * @maximum 604800
   */
  expiresIn?: number; // token TTL in seconds (default 24h, max 7d)
}

/** Output of `sessions.create`. */
export interface CreateSessionOutput {
  /** The new session's id. */
  sessionId: string;
  /** `active` when created blocking, else `creating`. */
  status: 'creating' | 'active';
  /** Token for the session's WebSocket. */
  wsToken?: string;
}

/** Input of `sessions.list`. */
export interface ListSessionsInput {
  /** The instance whose sessions to list. */
  instanceId: string;
}

/** Output of `sessions.list`. */
export interface ListSessionsOutput {
  /** The instance's sessions. */
  sessions: Array<{
    /** Session id. */
    id: string;
    /** Preset the session was created with. */
    presetId: string | null;
    /** Session status. */
    status: string;
    /** Creation time, ISO 8601. */
    createdAt: string;
  }>;
}

/** Input of `sessions.publish`. */
export interface PublishSessionInput {
  /** The instance. */
  instanceId: string;
  /** The session whose work to publish. */
  sessionId: string;
}

/** Output of `sessions.publish` and the instance method `publishSession`. */
export interface PublishSessionOutput {
  /** Whether publishing succeeded. */
  ok: boolean;
  /** Whether a commit was pushed (false for `vcsType: 'none'`). */
  pushed: boolean;
  /** The pushed commit, 40 hex characters. */
  commitSha?: string;
  /** Why publishing failed. */
  error?: string;
}

// ============================================================================
// Token methods
// ============================================================================

/** Input of `tokens.create`. */
export interface CreateInstanceTokenInput {
  /** The instance the token grants access to. */
  instanceId: string;
  /**
   * Origin the token is bound to (`scheme://host[:port]`); calls from another `Origin` are refused.
   * @maxLength 2048
   */
  origin?: string;
  /**
   * Token TTL in seconds (default 24h, max 7d).
   * @integer
   * @minimum 1
   * @maximum 604800
   */
  expiresIn?: number; // token TTL in seconds (default 24h, max 7d)
  /** Custom claims propagated to plugin method caller context. */
  meta?: Record<string, unknown>; // custom claims propagated to plugin method caller context
}

/** Output of `tokens.create`. */
export interface CreateInstanceTokenOutput {
  /** The opaque instance token. */
  token: string;
  /** Expiry time, ISO 8601. */
  expiresAt: string;
}

// ============================================================================
// Bundle methods
// ============================================================================

/** Input of `bundles.list`. */
export interface ListBundlesInput {
  /**
   * Page size.
   * @integer
   * @minimum 1
   * @maximum 100
   */
  limit?: number;
  /**
   * Items to skip.
   * @integer
   * @minimum 0
   */
  offset?: number;
}

/** Output of `bundles.list`. */
export interface ListBundlesOutput {
  /** One page of bundles. */
  bundles: Array<{
    /** Bundle id. */
    id: string;
    /** Unique slug. */
    slug: string;
    /** Display name. */
    name: string | null;
    /** Description. */
    description: string | null;
    /** The newest revision, or `null` when there is none. */
    latestRevision: { id: string; version: string | null; r2Key: string; createdAt: string } | null;
    /** Creation time, ISO 8601. */
    createdAt: string;
  }>;
}

/** Input of `bundles.delete`: exactly one of `bundleId` and `bundleSlug`. */
export interface DeleteBundleInput {
  /** The bundle's id. */
  bundleId?: string;
  /** The bundle's slug. */
  bundleSlug?: string;
}

/** Output of `bundles.delete`. */
export interface DeleteBundleOutput {
  /** `true` once deleted. */
  ok: boolean;
}

// ============================================================================
// Resource methods
// ============================================================================

/** Input of `resources.create`. */
export interface CreateResourceInput {
  /**
   * Unique slug: lowercase letters, digits and dashes, starting with a letter or digit.
   * @pattern ^[a-z0-9][a-z0-9-]{0,62}$
   */
  slug: string;
  /**
   * Display name.
   * @maxLength 200
   */
  name?: string;
  /**
   * Description.
   * @maxLength 2000
   */
  description?: string;
  /** Uploaded file of the first revision. */
  fileId: string;
  /**
   * Label of the first revision.
   * @maxLength 200
   */
  label?: string;
}

/** Output of `resources.create`. */
export interface CreateResourceOutput {
  /** The new resource's id. */
  resourceId: string;
  /** Its first revision's id. */
  revisionId: string;
}

/** Input of `resources.addRevision`: the resource by id or by slug. */
export interface AddResourceRevisionInput {
  /** The resource's id. */
  resourceId?: string;
  /** The resource's slug. */
  resourceSlug?: string;
  /** Uploaded file of the new revision. */
  fileId: string;
  /**
   * Label of the new revision.
   * @maxLength 200
   */
  label?: string;
}

/** Output of `resources.addRevision`. */
export interface AddResourceRevisionOutput {
  /** The new revision's id. */
  revisionId: string;
}

/** Input of `resources.get`: the resource by id or by slug. */
export interface GetResourceInput {
  /** The resource's id. */
  resourceId?: string;
  /** The resource's slug. */
  resourceSlug?: string;
}

/** A resource, as `resources.get` and `resources.list` return it. */
export interface GetResourceOutput {
  /** Resource id. */
  id: string;
  /** Unique slug. */
  slug: string;
  /** Display name. */
  name: string | null;
  /** Description. */
  description: string | null;
  /** The newest revision with its file, or `null`. */
  latestRevision: {
    /** Revision id. */
    id: string;
    /** Revision label. */
    label: string | null;
    /** The revision's file. */
    file: { id: string; filename: string; mimeType: string; size: number };
    /** Creation time, ISO 8601. */
    createdAt: string;
  } | null;
  /** Creation time, ISO 8601. */
  createdAt: string;
}

/** Input of `resources.list`. */
export interface ListResourcesInput {
  /**
   * Page size.
   * @integer
   * @minimum 1
   * @maximum 100
   */
  limit?: number;
  /**
   * Items to skip.
   * @integer
   * @minimum 0
   */
  offset?: number;
}

/** Output of `resources.list`. */
export interface ListResourcesOutput {
  /** One page of resources. */
  resources: GetResourceOutput[];
}

/** Input of `resources.delete`. */
export interface DeleteResourceInput {
  /** The resource's id. */
  resourceId: string;
}

/** Output of `resources.delete`. */
export interface DeleteResourceOutput {
  /** `true` once deleted. */
  ok: boolean;
}

// ============================================================================
// Sandbox methods (admin/debug). Declared for the published client's users;
// the platform registry does not serve them (the instance registry does).
// ============================================================================

/** Input of a platform-side sandbox pause. */
export interface PauseSandboxInput {
  /** The instance. */
  instanceId: string;
  /** The sandbox. */
  sandboxId: string;
}

/** Input of a platform-side sandbox resume. */
export interface ResumeSandboxInput {
  /** The instance. */
  instanceId: string;
  /** The sandbox. */
  sandboxId: string;
}

/** Input of a platform-side sandbox termination. */
export interface TerminateSandboxInput {
  /** The instance. */
  instanceId: string;
  /** The sandbox. */
  sandboxId: string;
}

/** Input of a platform-side agent restart. */
export interface RestartAgentInput {
  /** The instance. */
  instanceId: string;
  /** The sandbox. */
  sandboxId: string;
}

/** Input of a platform-side agent log read. */
export interface GetAgentLogsInput {
  /** The instance. */
  instanceId: string;
  /** The sandbox. */
  sandboxId: string;
  /** How many of the last lines to return. */
  lines?: number;
}

/** Agent logs: the last lines asked for. */
export interface GetAgentLogsOutput {
  /** The log lines, joined with `\n`. */
  logs: string;
  /** `true` when older lines were left out. */
  truncated: boolean;
}

/** Output of a sandbox action. */
export interface SandboxActionOutput {
  /** `true` when the action was applied. */
  ok: boolean;
}

// ============================================================================
// Services
// ============================================================================

/** Input of `services.getUrl`. */
export interface GetServiceUrlInput {
  /** The instance. */
  instanceId: string;
  /** The session exposing the service. */
  sessionId: string;
  /** Kind of service, e.g. `preview`. */
  serviceType: string;
}

/** Output of `services.getUrl`. */
export interface GetServiceUrlOutput {
  /** The service's URL, or `null` when the session exposes no such service. */
  url: string | null;
}

// ============================================================================
// Method registry
// ============================================================================

/** The platform registry, served at `POST /api/v1/rpc` with an API key. */
/**
 * The platform registry's methods and their types, served at `POST /api/v1/rpc` with an API key.
 */
export type PlatformMethods = {
  // Instances
  /** Creates an instance from a template, optionally with a first session. */
  'instances.create': MethodDef<CreateInstanceInput, CreateInstanceOutput>;
  /** Reads an instance. */
  'instances.get': MethodDef<GetInstanceInput, GetInstanceOutput>;
  /** Lists instances, newest first, one page at a time. */
  'instances.list': MethodDef<ListInstancesInput, ListInstancesOutput>;
  /** Reads an instance's sandbox, sessions, lifecycle events and services. */
  'instances.status': MethodDef<GetInstanceStatusInput, GetInstanceStatusOutput>;
  /** Archives an instance. */
  'instances.archive': MethodDef<ArchiveInstanceInput, ArchiveInstanceOutput>;
  // Sessions
  /** Creates a session in an instance. */
  'sessions.create': MethodDef<CreateSessionInput, CreateSessionOutput>;
  /** Lists an instance's sessions. */
  'sessions.list': MethodDef<ListSessionsInput, ListSessionsOutput>;
  /** Publishes a session's work to the instance's version control. */
  'sessions.publish': MethodDef<PublishSessionInput, PublishSessionOutput>;
  // Tokens
  /** Mints an instance token for the instance-scoped endpoint. */
  'tokens.create': MethodDef<CreateInstanceTokenInput, CreateInstanceTokenOutput>;
  // Services
  /** Resolves the URL of a service a session exposes. */
  'services.getUrl': MethodDef<GetServiceUrlInput, GetServiceUrlOutput>;
  // Bundles
  /** Lists bundles. */
  'bundles.list': MethodDef<ListBundlesInput, ListBundlesOutput>;
  /** Deletes a bundle by id or slug. */
  'bundles.delete': MethodDef<DeleteBundleInput, DeleteBundleOutput>;
  // Resources
  /** Creates a resource from an uploaded file. */
  'resources.create': MethodDef<CreateResourceInput, CreateResourceOutput>;
  /** Adds a revision to a resource, by id or slug. */
  'resources.addRevision': MethodDef<AddResourceRevisionInput, AddResourceRevisionOutput>;
  /** Reads a resource, by id or slug, with its latest revision's file. */
  'resources.get': MethodDef<GetResourceInput, GetResourceOutput>;
  /** Lists resources. */
  'resources.list': MethodDef<ListResourcesInput, ListResourcesOutput>;
  /** Deletes a resource. */
  'resources.delete': MethodDef<DeleteResourceInput, DeleteResourceOutput>;
};

/**
 * The platform registry value; its type is {@linkcode PlatformMethods}.
 * `method({ read: true })` marks the methods that only read, which a client with a retry
 * policy may retry; every other method may change state and is never retried.
 */
export const platformMethods: PlatformMethods = defineMethods<PlatformMethods>({
  // Instances
  'instances.create': method(),
  'instances.get': method({ read: true }),
  'instances.list': method({ read: true }),
  'instances.status': method({ read: true }),
  'instances.archive': method(),
  // Sessions
  'sessions.create': method(),
  'sessions.list': method({ read: true }),
  'sessions.publish': method(),
  // Tokens
  'tokens.create': method(),
  // Services
  'services.getUrl': method({ read: true }),
  // Bundles
  'bundles.list': method({ read: true }),
  'bundles.delete': method(),
  // Resources
  'resources.create': method(),
  'resources.addRevision': method(),
  'resources.get': method({ read: true }),
  'resources.list': method({ read: true }),
  'resources.delete': method(),
});

/** A platform method name. */
export type PlatformMethodName = keyof PlatformMethods;
