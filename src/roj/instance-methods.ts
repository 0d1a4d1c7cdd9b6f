/**
 * The instance method registry: 14 methods at
 * `POST /api/v1/instances/{instanceId}/rpc`, called with an instance token
 * (from `tokens.create`) as a bearer token or cookie. The instance is resolved
 * from the path, so inputs carry no `instanceId`.
 *
 * @module
 */
import { defineMethods, method, type MethodDef } from '../rpc/definition.ts';
import type { GetAgentLogsOutput, PublishSessionOutput } from './methods.ts';

// ============================================================================
// Sandbox methods
// ============================================================================

/** Input of `createSandbox`. */
// deno-lint-ignore ban-types -- the published registry's type: an empty JSON object
export type InstanceCreateSandboxInput = {};
/** Output of `createSandbox`. */
export interface InstanceCreateSandboxOutput {
  /** The new sandbox's id. */
  sandboxId: string;
}

/** Input of `pauseSandbox`. */
export interface InstancePauseSandboxInput {
  /** The sandbox to pause. */
  sandboxId: string;
}

/** Input of `resumeSandbox`; it resumes the instance's current sandbox. */
// deno-lint-ignore ban-types -- the published registry's type: an empty JSON object
export type InstanceResumeSandboxInput = {};

/** Input of `terminateSandbox`. */
export interface InstanceTerminateSandboxInput {
  /** The sandbox to terminate. */
  sandboxId: string;
}

/** Input of `restartAgent`. */
export interface InstanceRestartAgentInput {
  /** The sandbox whose agent to restart. */
  sandboxId: string;
}

/** Input of `getAgentLogs`. */
export interface InstanceGetAgentLogsInput {
  /** The sandbox. */
  sandboxId: string;
  /**
   * How many of the last lines to return.
   * @integer
   * @minimum 1
   * @maximum 10000
   */
  lines?: number;
}

/** Input of `execInSandbox`. */
export interface InstanceExecInSandboxInput {
  /**
   * The shell command line.
   * @minLength 1
   * @maxLength 8192
   */
  command: string;
}

/** Output of `execInSandbox`. */
export interface InstanceExecInSandboxOutput {
  /** Standard output. */
  stdout: string;
  /** Standard error. */
  stderr: string;
  /** `true` when the command exited with status 0. */
  success: boolean;
}

/** Input of `validateSandboxToken`. */
export interface InstanceValidateSandboxTokenInput {
  /** The sandbox. */
  sandboxId: string;
  /** The token to check. */
  token: string;
}

/** Output of `validateSandboxToken`. */
export interface InstanceValidateSandboxTokenOutput {
  /** `true` only for that sandbox's own token. */
  value: boolean;
}

// ============================================================================
// Session methods
// ============================================================================

/** Input of `createSession`. */
export interface InstanceCreateSessionInput {
  /** Preset of the session. */
  presetId: string;
}

/** Output of `createSession`. */
export interface InstanceCreateSessionOutput {
  /** The new session's id. */
  sessionId: string;
}

/** Input of `listSessions`. */
// deno-lint-ignore ban-types -- the published registry's type: an empty JSON object
export type InstanceListSessionsInput = {};
/** Output of `listSessions`. */
export interface InstanceListSessionsOutput {
  /** The instance's sessions. */
  sessions: Array<{
    /** Session id. */
    id: string;
    /** Preset the session was created with. */
    presetId: string | null;
    /** Session status. */
    status: string;
    /** Creation time, milliseconds since the Unix epoch. */
    createdAt: number;
  }>;
}

/** Input of `publishSession`. */
export interface InstancePublishSessionInput {
  /** The session whose work to publish. */
  sessionId: string;
}

// ============================================================================
// Service methods
// ============================================================================

/** Input of `getServiceUrl`. */
export interface InstanceGetServiceUrlInput {
  /** The session exposing the service. */
  sessionId: string;
  /** Kind of service, e.g. `preview`. */
  serviceType: string;
}

/** Output of `getServiceUrl`. */
export interface InstanceGetServiceUrlOutput {
  /** The service's URL, or `null` when the session exposes no such service. */
  url: string | null;
}

/** Input of `getServiceUrls`. */
export interface InstanceGetServiceUrlsInput {
  /** The session. */
  sessionId: string;
}

/** Output of `getServiceUrls`. */
export interface InstanceGetServiceUrlsOutput {
  /** The services the session exposes. */
  services: Array<{
    /** Kind of service. */
    serviceType: string;
    /** Short code that addresses the service. */
    code: string;
    /** Port inside the sandbox. */
    port: number;
  }>;
}

/** Output of `ensureSandbox`. */
export interface InstanceEnsureSandboxOutput {
  /** The current (possibly just created) sandbox. */
  sandboxId: string;
  /** Its state. */
  state: string;
}

// ============================================================================
// Shared output for void actions
// ============================================================================

/** Output of sandbox actions. */
export interface InstanceOkOutput {
  /** `true` when the action was applied. */
  ok: boolean;
}

// ============================================================================
// Method registry
// ============================================================================

/** The instance registry, served at `POST /api/v1/instances/{instanceId}/rpc`. */
/**
 * The instance registry's methods and their types, served at `POST /api/v1/instances/{instanceId}/rpc`.
 */
export type InstanceMethods = {
  // Sandbox
  /** Creates the instance's sandbox; a `conflict` when a live one exists. */
  createSandbox: MethodDef<InstanceCreateSandboxInput, InstanceCreateSandboxOutput>;
  /** Pauses a running sandbox. */
  pauseSandbox: MethodDef<InstancePauseSandboxInput, InstanceOkOutput>;
  /** Resumes the instance's paused sandbox. */
  resumeSandbox: MethodDef<InstanceResumeSandboxInput, InstanceOkOutput>;
  /** Terminates a sandbox. */
  terminateSandbox: MethodDef<InstanceTerminateSandboxInput, InstanceOkOutput>;
  /** Restarts a sandbox's agent. */
  restartAgent: MethodDef<InstanceRestartAgentInput, InstanceOkOutput>;
  /** Reads the last lines of a sandbox's agent log. */
  getAgentLogs: MethodDef<InstanceGetAgentLogsInput, GetAgentLogsOutput>;
  /** Runs a command in the sandbox's shell. */
  execInSandbox: MethodDef<InstanceExecInSandboxInput, InstanceExecInSandboxOutput>;
  /** Checks a sandbox token. */
  validateSandboxToken: MethodDef<
    InstanceValidateSandboxTokenInput,
    InstanceValidateSandboxTokenOutput
  >;
  // Sessions
  /** Creates a session. */
  createSession: MethodDef<InstanceCreateSessionInput, InstanceCreateSessionOutput>;
  /** Lists the instance's sessions. */
  listSessions: MethodDef<InstanceListSessionsInput, InstanceListSessionsOutput>;
  /** Publishes a session's work. */
  publishSession: MethodDef<InstancePublishSessionInput, PublishSessionOutput>;
  // Services
  /** Resolves the URL of a service a session exposes. */
  getServiceUrl: MethodDef<InstanceGetServiceUrlInput, InstanceGetServiceUrlOutput>;
  /** Lists the services a session exposes. */
  getServiceUrls: MethodDef<InstanceGetServiceUrlsInput, InstanceGetServiceUrlsOutput>;
  // Idempotent sandbox access
  /** Returns the current sandbox, creating one when there is none. Idempotent. */
  // deno-lint-ignore ban-types -- the published registry's type: an empty JSON object
  ensureSandbox: MethodDef<{}, InstanceEnsureSandboxOutput>;
};

/**
 * The instance registry value; its type is {@linkcode InstanceMethods}.
 * `method({ read: true })` marks the methods that only read, which a client with a retry
 * policy may retry; every other method may change state and is never retried.
 */
export const instanceMethods: InstanceMethods = defineMethods<InstanceMethods>({
  // Sandbox
  createSandbox: method(),
  pauseSandbox: method(),
  resumeSandbox: method(),
  terminateSandbox: method(),
  restartAgent: method(),
  getAgentLogs: method({ read: true }),
  execInSandbox: method(),
  validateSandboxToken: method({ read: true }),
  // Sessions
  createSession: method(),
  listSessions: method({ read: true }),
  publishSession: method(),
  // Services
  getServiceUrl: method({ read: true }),
  getServiceUrls: method({ read: true }),
  // Idempotent sandbox access
  ensureSandbox: method(),
});

/** An instance method name. */
export type InstanceMethodName = keyof InstanceMethods;
