/**
 * The Roj mock server: the whole platform contract (docs/roj-contract.md),
 * stateful and in memory, as a Hono app that runs on Deno, Bun, Node and
 * Cloudflare Workers. Use it in process as a `fetch` handler, or run it with
 * `deno task mock`. The same server serves the Rool mock (docs/rool-contract.md)
 * under `/rool`; {@linkcode createRoolMock} builds it alone.
 *
 * @example In-process, as a test double
 * ```ts
 * import assert from 'node:assert/strict';
 * import { createMockServer, defaultApiKey } from './mod.ts';
 * import { createRojClient } from '../mod.ts';
 *
 * const mock = createMockServer();
 * const roj = createRojClient({ url: 'http://mock.test', apiKey: defaultApiKey, fetch: mock.fetch });
 * const { instanceId } = await roj.instances.create({ templateSlug: 'starter', name: 'demo' });
 * assert.equal((await roj.instances.get(instanceId)).name, 'demo');
 * ```
 *
 * @module
 */
import type { InstanceMethods } from '../src/roj/instance-methods.ts';
import { bodyTimes, defaultBodyTimeLimits } from './rpc/body-time.ts';
import type { PlatformMethods } from '../src/roj/methods.ts';
import type { Handlers } from './rpc/handlers.ts';
import { createRojApp } from './roj/app.ts';
import type { InstanceContext, PlatformContext } from './roj/context.ts';
import type { MockLimits, MockRuntime, MockTiming } from './roj/context.ts';
import { defaultSeed, type MockSeed } from './roj/seed.ts';
import { createState } from './roj/state.ts';
import { faultResponse, RpcFault } from './rpc/fault.ts';
import { requestPathname } from './rpc/url.ts';
import { createRoolMock, type RoolMock, type RoolMockOptions } from './rool/mod.ts';

export type {
  InstanceContext,
  MockLimits,
  MockRuntime,
  MockTiming,
  PlatformContext,
} from './roj/context.ts';
export type { Handler, Handlers } from './rpc/handlers.ts';
export type { BodyTime, BodyTimeLimits, BodyTimes } from './rpc/body-time.ts';
export type { SandboxState } from '../src/roj/sandbox-state.ts';
export {
  defaultSeed,
  type MockSeed,
  type SeedBundle,
  type SeedBundleRevision,
  type SeedPreset,
  type SeedService,
  type SeedTemplate,
} from './roj/seed.ts';
export type {
  BundleRecord,
  BundleRevisionRecord,
  FileRecord,
  FsNode,
  InstanceRecord,
  LifecycleEvent,
  ResourceRecord,
  ResourceRevisionRecord,
  RojState,
  SandboxRecord,
  SessionRecord,
  TokenRecord,
} from './roj/state.ts';
export { mockVersion } from './roj/app.ts';
export {
  createRoolMock,
  type RoolMock,
  type RoolMockOptions,
  roolMockVersion,
} from './rool/mod.ts';
export type {
  Credential,
  ProxyFetch,
  RoolContext,
  RoolLimits,
  RoolRuntime,
} from './rool/context.ts';
export type {
  ChannelRecord,
  CheckpointRecord,
  ConversationRecord,
  ObjectRecord,
  RoolState,
  SpaceContent,
  SpaceRecord,
  TelemetryRecord,
  UserRecord,
} from './rool/state.ts';
export { InFlight, type InFlightPrompt } from './rool/inflight.ts';
export {
  type Actor,
  EventHub,
  type EventHubLimits,
  type Farewell,
  type LiveEvents,
  type NewEvent,
  type Replay,
  type ScopeKey,
  type SourceStyle,
  type StoredEvent,
  type Subscriber,
  type TicketGrant,
  TicketStore,
  type Viewer,
} from './rool/events/mod.ts';
export type {
  ChangeEntry,
  ChangeLog,
  ChangesSince,
  CopyOptions,
  DeadProps,
  Drive,
  DriveCollection,
  DriveFile,
  DriveLimits,
  DriveNode,
  Lock,
  LockDepth,
  LockRequest,
  LockScope,
  LockTable,
  SpaceFiles,
  TrackedMap,
  Transfer,
} from './rool/files/mod.ts';
export type { XmlElement } from '../src/rool/_xml.ts';
export type { AllowedHost } from './rool/ssrf.ts';
export type { RoolHandlers } from './rool/handlers/mod.ts';
export {
  type AgentFile,
  type AgentRequest,
  type AgentSession,
  type AgentToolName,
  agentToolNames,
  type RoolAgent,
} from './rool/agent/agent.ts';
export { createMockAgent } from './rool/agent/mock-agent.ts';
export { defaultRoolUsers, type SeedUser } from './rool/users.ts';

/** Where {@linkcode createMockServer} serves the Rool mock. */
export const roolBasePath = '/rool';

/** The development API key the mock accepts when none is configured. Never use it elsewhere. */
export const defaultApiKey = 'roj_dev_key';

/** Options of {@linkcode createMockServer}. */
export interface MockServerOptions {
  /** Accepted API keys. Default: `[defaultApiKey]`. */
  apiKeys?: string[];
  /** Seed data. Default: {@linkcode defaultSeed}. */
  seed?: MockSeed;
  /** The clock in epoch milliseconds. Default: `Date.now`. Inject one to test expiry. */
  clock?: () => number;
  /** Simulated lifecycle delays. Default: 0 (immediate). */
  timing?: Partial<MockTiming>;
  /**
   * Size and time limits. Default: 1 MiB per RPC body, 25 MiB per upload; a request body may
   * pause at most 10 s between chunks and take at most 15 s in all for RPC, 60 s for an upload
   * (answered `408 request_timeout` past that). The time limits apply to the Rool mock too,
   * unless `rool.limits` sets its own.
   */
  limits?: Partial<MockLimits>;
  /** Check every handler output against its schema. Default: `true`. */
  checkOutputs?: boolean;
  /** Told about unexpected errors (bugs). Default: `console.error`. */
  onError?: (error: unknown, where: string) => void;
  /**
   * Replaces method handlers: inject faults into your own tests, or build a
   * deliberately deviating mock (the conformance suite's mutants do).
   */
  handlers?: HandlerOverrides;
  /**
   * Options of the Rool mock served under `/rool` (users, agent delay, fetch allowlist…). Its
   * clock, output checks and error reporting are the server's.
   */
  rool?: Omit<RoolMockOptions, 'basePath' | 'clock' | 'checkOutputs' | 'onError'>;
}

/** Handlers that replace the mock's own, by endpoint and method. */
export interface HandlerOverrides {
  /** Platform method handlers. */
  platform?: Partial<Handlers<PlatformMethods, PlatformContext>>;
  /** Instance method handlers. */
  instance?: Partial<Handlers<InstanceMethods, InstanceContext>>;
}

/** A mock server, ready to answer requests in process. */
export interface MockServer {
  /**
   * Answers one request, with `fetch`'s signature: pass it as a client's `fetch`
   * to use the mock in process, serve it (`Deno.serve((req) => mock.fetch(req))`),
   * or mount it in your own Hono app (`app.mount('/roj', mock.fetch)`).
   */
  fetch: (input: Request | string | URL, init?: RequestInit) => Promise<Response>;
  /** The state and settings. */
  runtime: MockRuntime;
  /** The Rool mock served under `/rool`. */
  rool: RoolMock;
  /** Forgets everything created through the API, Roj's and Rool's; keeps the seed and the seeded users. */
  reset(): void;
  /**
   * Lets go of everything that would keep a server from stopping, and keeps the state: ends
   * every request body still arriving with `408 request_timeout`, and closes the Rool mock
   * ({@linkcode RoolMock.close}: prompts in flight, event streams, tickets). Afterwards the mock
   * holds no timer and no stream. Call it when the server stops; a second call ends what opened
   * since the first.
   *
   * @example Stop a served mock
   * ```ts ignore
   * const server = Deno.serve((request) => mock.fetch(request));
   * // …
   * mock.close(); // ends event streams and slow bodies, which `shutdown()` would wait for
   * await new Promise((resolve) => setTimeout(resolve, 0)); // their answers reach the server
   * await server.shutdown();
   * ```
   */
  close(): void;
}

/**
 * Creates a mock server. It opens no port: serve `fetch` with any runtime, or
 * call it directly.
 *
 * @param options Keys, seed, clock, timing, limits.
 * @returns The server.
 * @throws {Error} For a body time limit that is not an integer from 1 to 2 147 483 647 ms, and
 * for bad Rool options.
 *
 * @example Usage
 * ```ts
 * import { createMockServer } from './mod.ts';
 * const mock = createMockServer({ apiKeys: ['test-key'], timing: { instanceReadyMs: 100 } });
 * const response = await mock.fetch(new Request('http://mock.test/health'));
 * ```
 */
export function createMockServer(options: MockServerOptions = {}): MockServer {
  const clock = options.clock ?? Date.now;
  const checkOutputs = options.checkOutputs ?? true;
  const limits: MockLimits = {
    rpcBodyBytes: 1024 * 1024,
    uploadBytes: 25 * 1024 * 1024,
    ...defaultBodyTimeLimits,
    ...options.limits,
  };
  const closing = new AbortController();
  const { bodyIdleMs, rpcBodyMs, uploadBodyMs } = limits;
  const rool = createRoolMock({
    ...options.rool,
    // One server, one time policy for request bodies, unless Rool's own limits say otherwise.
    limits: { bodyIdleMs, rpcBodyMs, uploadBodyMs, ...options.rool?.limits },
    basePath: roolBasePath,
    clock,
    checkOutputs,
    onError: options.onError ??
      ((error, where) => console.error(`rool-mock: unexpected error in ${where}:`, error)),
  });
  const runtime: MockRuntime = {
    state: createState(options.seed ?? defaultSeed(), clock()),
    apiKeys: options.apiKeys?.length ? [...options.apiKeys] : [defaultApiKey],
    timing: { instanceReadyMs: 0, sessionActiveMs: 0, ...options.timing },
    limits,
    bodyTime: bodyTimes(limits, closing.signal),
    clock,
    onReset: () => rool.reset(),
  };
  const app = createRojApp(runtime, {
    handlers: options.handlers,
    checkOutputs,
    rool,
    onError: options.onError ??
      ((error, where) => console.error(`roj-mock: unexpected error in ${where}:`, error)),
  });
  const urls = new UrlCheck();
  return {
    fetch: (input, init) => {
      try {
        const request = init === undefined && input instanceof Request
          ? input
          : new Request(input, init);
        // Bun's server gives a request without a valid Host a URL that does not parse (`/api`,
        // `http://[::1/x`); every route reads the URL, so refuse it here, as Deno's server does.
        if (!urls.parses(request.url)) return Promise.resolve(invalidUrl());
        const pathname = requestPathname(request.url);
        const forRool = pathname === roolBasePath || pathname.startsWith(`${roolBasePath}/`);
        // Not an async function: an RPC call pays for no promise of its own here.
        return Promise.resolve(forRool ? rool.fetch(request) : app.fetch(request));
      } catch (error) {
        return Promise.reject(error);
      }
    },
    runtime,
    rool,
    reset() {
      runtime.state = createState(runtime.state.seed, clock());
      rool.reset();
    },
    close() {
      closing.abort();
      rool.close();
    },
  };
}

/**
 * Tells whether request URLs parse, remembering the last origin that did: every request would
 * otherwise pay for `URL.canParse` (a quarter of a microsecond), and a server's requests share
 * one origin. Only scheme, host and port can make a request URL unparsable; the parser
 * percent-encodes whatever its path holds.
 */
class UrlCheck {
  #parsedOrigin = '';

  /** Whether `url` parses. */
  parses(url: string): boolean {
    const end = url.indexOf('/', url.indexOf('//') + 2);
    if (end > 0 && url.startsWith(this.#parsedOrigin) && end === this.#parsedOrigin.length) {
      return true;
    }
    if (!URL.canParse(url)) return false;
    if (end > 0) this.#parsedOrigin = url.slice(0, end);
    return true;
  }
}

function invalidUrl(): Response {
  return faultResponse(
    new RpcFault('invalid_request', 'The request URL is not absolute: send a valid Host header'),
  );
}
