/**
 * The Roj instance client: the instance-scoped methods (sandbox, sessions,
 * services) at `POST /api/v1/instances/{instanceId}/rpc`, called with an
 * instance token from `tokens.create` — as a bearer token from a server or a
 * CLI, or as a cookie from a browser.
 *
 * @module
 */
import { fillPath } from '../rpc/api.ts';
import type { CallOptions, RpcClientOptions } from '../rpc/client.ts';
import { bindInstance } from './_generated/bindings.ts';
import { rojCall, trimOrigin } from './_transport.ts';
import { instanceRpcPath } from './_paths.ts';
import type {
  InstanceCreateSandboxOutput,
  InstanceCreateSessionOutput,
  InstanceEnsureSandboxOutput,
  InstanceExecInSandboxOutput,
  InstanceGetServiceUrlOutput,
  InstanceGetServiceUrlsOutput,
  InstanceListSessionsOutput,
  InstanceMethods,
  InstanceOkOutput,
  InstanceValidateSandboxTokenOutput,
} from './instance-methods.ts';
import type { GetAgentLogsOutput, PublishSessionOutput } from './methods.ts';

/** Options for {@linkcode createRojInstanceClient}. */
export interface RojInstanceClientOptions
  extends
    Pick<RpcClientOptions, 'fetch' | 'timeout' | 'headers' | 'signal' | 'credentials' | 'retry'> {
  /** Platform URL (e.g. https://roj.example.com); trailing slashes are ignored. */
  url: string;
  /** The instance the token was minted for. */
  instanceId: string;
  /**
   * Instance token from `tokens.create`, sent as `Authorization: Bearer <token>`;
   * it wins over `headers`. Omit it in a browser that holds the token as the
   * `roj_instance_token` cookie, and set `credentials: 'include'` when the
   * platform is on another origin.
   */
  token?: string;
}

/**
 * The instance client, grouped like the platform client. A method that takes
 * one id takes it positionally; every method takes {@linkcode CallOptions}
 * last, for a per-call signal, timeout or headers. Every method resolves with
 * the method's output or rejects with a `RojApiError`.
 */
export interface RojInstanceClient {
  /** The instance every call addresses. */
  readonly instanceId: string;
  /** The instance's sandbox. */
  sandbox: {
    /** Creates the sandbox; a `conflict` when a live one exists (`createSandbox`). */
    create(options?: CallOptions): Promise<InstanceCreateSandboxOutput>;
    /** Returns the current sandbox, creating one when there is none (`ensureSandbox`). */
    ensure(options?: CallOptions): Promise<InstanceEnsureSandboxOutput>;
    /** Pauses a running sandbox (`pauseSandbox`). */
    pause(sandboxId: string, options?: CallOptions): Promise<InstanceOkOutput>;
    /** Resumes the instance's paused sandbox (`resumeSandbox`). */
    resume(options?: CallOptions): Promise<InstanceOkOutput>;
    /** Terminates a sandbox (`terminateSandbox`). */
    terminate(sandboxId: string, options?: CallOptions): Promise<InstanceOkOutput>;
    /** Restarts a sandbox's agent (`restartAgent`). */
    restartAgent(sandboxId: string, options?: CallOptions): Promise<InstanceOkOutput>;
    /** Reads the last `lines` lines of the agent's log; the server's default when absent (`getAgentLogs`). */
    getAgentLogs(
      sandboxId: string,
      lines?: number,
      options?: CallOptions,
    ): Promise<GetAgentLogsOutput>;
    /** Runs a shell command line in the sandbox (`execInSandbox`). */
    exec(command: string, options?: CallOptions): Promise<InstanceExecInSandboxOutput>;
    /** Checks whether `token` is that sandbox's own token (`validateSandboxToken`). */
    validateToken(
      sandboxId: string,
      token: string,
      options?: CallOptions,
    ): Promise<InstanceValidateSandboxTokenOutput>;
  };
  /** The instance's sessions. */
  sessions: {
    /** Creates a session with a preset (`createSession`). */
    create(presetId: string, options?: CallOptions): Promise<InstanceCreateSessionOutput>;
    /** Lists the instance's sessions (`listSessions`). */
    list(options?: CallOptions): Promise<InstanceListSessionsOutput>;
    /** Publishes a session's work (`publishSession`). */
    publish(sessionId: string, options?: CallOptions): Promise<PublishSessionOutput>;
  };
  /** Services the sessions expose. */
  services: {
    /** Resolves the URL of one service; `url` is `null` when there is none (`getServiceUrl`). */
    getUrl(
      sessionId: string,
      serviceType: string,
      options?: CallOptions,
    ): Promise<InstanceGetServiceUrlOutput>;
    /** Lists the services a session exposes (`getServiceUrls`). */
    getUrls(sessionId: string, options?: CallOptions): Promise<InstanceGetServiceUrlsOutput>;
  };
}

/**
 * Creates a client for one instance's endpoint,
 * `POST ${url}/api/v1/instances/${encodeURIComponent(instanceId)}/rpc`.
 *
 * @param options The platform URL, the instance, its token (or `credentials`
 * for cookie auth), and optionally `fetch`, a timeout per call in
 * milliseconds, extra headers and a signal that aborts every call.
 * @returns The client. Its methods reject with `RojApiError`.
 * @throws {TypeError} When `instanceId` is empty.
 *
 * @example Run a command in the sandbox
 * ```ts
 * import assert from 'node:assert/strict';
 * import { createRojInstanceClient } from './mod.ts';
 *
 * const instance = createRojInstanceClient({
 *   url: 'https://roj.example.com',
 *   instanceId: 'inst_1',
 *   token: 'it_secret',
 *   // A stand-in server: a real client omits `fetch`.
 *   fetch: async () => Response.json({ ok: true, value: { stdout: 'hi\n', stderr: '', success: true } }),
 * });
 *
 * const { stdout } = await instance.sandbox.exec('echo hi', { timeout: 30_000 });
 * assert.equal(stdout, 'hi\n');
 * ```
 */
export function createRojInstanceClient(options: RojInstanceClientOptions): RojInstanceClient {
  const { instanceId } = options;
  if (typeof instanceId !== 'string' || instanceId === '') {
    throw new TypeError('Instance ID must be a non-empty string');
  }
  const headers = options.token === undefined
    ? options.headers
    : { ...options.headers, Authorization: `Bearer ${options.token}` };
  const api = bindInstance(
    rojCall<InstanceMethods>(
      `${trimOrigin(options.url)}${fillPath(instanceRpcPath, { instanceId })}`,
      {
        fetch: options.fetch,
        timeout: options.timeout,
        headers,
        signal: options.signal,
        credentials: options.credentials,
        // `retryReads(instanceMethods, policy)`: reads only, and only when asked for.
        retry: options.retry,
      },
    ),
  );

  return {
    instanceId,
    sandbox: {
      create: (call) => api.createSandbox({}, call),
      ensure: (call) => api.ensureSandbox({}, call),
      pause: (sandboxId, call) => api.pauseSandbox({ sandboxId }, call),
      resume: (call) => api.resumeSandbox({}, call),
      terminate: (sandboxId, call) => api.terminateSandbox({ sandboxId }, call),
      restartAgent: (sandboxId, call) => api.restartAgent({ sandboxId }, call),
      getAgentLogs: (sandboxId, lines, call) =>
        api.getAgentLogs(lines === undefined ? { sandboxId } : { sandboxId, lines }, call),
      exec: (command, call) => api.execInSandbox({ command }, call),
      validateToken: (sandboxId, token, call) =>
        api.validateSandboxToken({ sandboxId, token }, call),
    },
    sessions: {
      create: (presetId, call) => api.createSession({ presetId }, call),
      list: (call) => api.listSessions({}, call),
      publish: (sessionId, call) => api.publishSession({ sessionId }, call),
    },
    services: {
      getUrl: (sessionId, serviceType, call) => api.getServiceUrl({ sessionId, serviceType }, call),
      getUrls: (sessionId, call) => api.getServiceUrls({ sessionId }, call),
    },
  };
}
