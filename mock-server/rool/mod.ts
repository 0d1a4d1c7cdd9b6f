/**
 * The Rool mock server: the whole Rool contract (docs/rool-contract.md),
 * stateful and in memory, as a `fetch` handler on Web APIs only, so it runs on
 * Deno, Bun, Node and Cloudflare Workers. `createMockServer` (../mod.ts)
 * serves it under `/rool` beside Roj; use it alone in process as a test
 * double.
 *
 * @module
 */
import { bodyTimes } from '../rpc/body-time.ts';
import { hmacKey } from './jwt.ts';
import { createRoolApp, roolMockVersion } from './app.ts';
import type { RoolAgent } from './agent/agent.ts';
import { createMockAgent } from './agent/mock-agent.ts';
import {
  defaultRoolLimits,
  type ProxyFetch,
  type RoolLimits,
  type RoolRuntime,
} from './context.ts';
import type { RoolHandlers } from './handlers/mod.ts';
import { createLiveEvents, resetLiveEvents } from './events/live.ts';
import { InFlight } from './inflight.ts';
import { parseAllowedHost } from './ssrf.ts';
import { createRoolState } from './state.ts';
import { defaultRoolUsers, parseUserSpecs, type SeedUser } from './users.ts';

export { roolMockVersion };

/** Options of {@linkcode createRoolMock}. */
export interface RoolMockOptions {
  /** The seeded users and their bearer tokens. Default: alice and bob ({@linkcode defaultRoolUsers}). */
  users?: readonly SeedUser[];
  /** Milliseconds the agent waits before each step, so a prompt can be stopped. Default 0. */
  agentDelayMs?: number;
  /** `HOST:PORT` entries `proxy.fetch` may reach although loopback or private. Default none. */
  fetchAllowlist?: readonly string[];
  /** What `proxy.fetch` fetches with. Default: the global `fetch`, looked up at call time. */
  fetch?: ProxyFetch;
  /** The agent. Default: the deterministic mock agent. */
  agent?: RoolAgent;
  /** A secret to sign issued tokens with, so they survive a restart. Default: a random key. */
  jwtSecret?: string;
  /** Lifetime of issued tokens in seconds. Default 86 400 (a day). */
  tokenTtlSeconds?: number;
  /** The clock in epoch milliseconds. Default: `Date.now`. */
  clock?: () => number;
  /** Limits. Default: those of the contract ({@linkcode defaultRoolLimits}). */
  limits?: Partial<RoolLimits>;
  /** The path the routes are served under, e.g. `/rool`. Default `''` (the root). */
  basePath?: string;
  /** Check every handler output against its schema. Default `true`. */
  checkOutputs?: boolean;
  /** Told about unexpected errors (bugs). Default: `console.error`. */
  onError?: (error: unknown, where: string) => void;
  /** Where notices go (the verification token of a signup). Default: `console.log`. */
  log?: (line: string) => void;
  /** Milliseconds between heartbeat comments on event streams. Default 15 000. */
  heartbeatMs?: number;
  /** Handlers replacing the mock's own: inject faults into your own tests. */
  handlers?: Partial<RoolHandlers>;
}

/** A Rool mock, ready to answer requests in process. */
export interface RoolMock {
  /** Answers one request, with `fetch`'s signature. */
  fetch: (input: Request | string | URL, init?: RequestInit) => Promise<Response>;
  /** The state and settings. */
  runtime: RoolRuntime;
  /**
   * Forgets everything created through the API, stops prompts in flight and ends every event
   * stream; keeps the seeded users.
   */
  reset(): void;
  /**
   * Lets go of everything that would keep a server from stopping, and keeps the state: stops
   * prompts in flight, ends every event stream and forgets the tickets, and ends every request
   * body still arriving with `408 request_timeout`. Afterwards the mock holds no timer and no
   * stream. Call it when the server stops; a second call ends what opened since the first.
   */
  close(): void;
}

/**
 * Creates a Rool mock. It opens no port.
 *
 * @param options Users, agent delay, fetch allowlist, clock, limits.
 * @returns The mock.
 * @throws {Error} For a bad user, allowlist entry, delay, heartbeat interval, body time limit or
 * base path.
 *
 * @example Sign in as a seeded user and create a space
 * ```ts
 * import assert from 'node:assert/strict';
 * import { createRoolMock } from './mod.ts';
 *
 * const rool = createRoolMock();
 * const response = await rool.fetch('http://mock.test/v1/rpc', {
 *   method: 'POST',
 *   headers: { authorization: 'Bearer rool_alice_token', 'content-type': 'application/json' },
 *   body: JSON.stringify({ method: 'spaces.create', input: { name: 'Notes' } }),
 * });
 * const { value } = await response.json();
 * assert.equal(value.role, 'owner');
 * ```
 */
export function createRoolMock(options: RoolMockOptions = {}): RoolMock {
  const users = parseUserSpecs(
    (options.users ?? defaultRoolUsers).map((u) => `${u.name}:${u.token}`),
  );
  const agentDelayMs = options.agentDelayMs ?? 0;
  if (!Number.isSafeInteger(agentDelayMs) || agentDelayMs < 0) {
    throw new Error(`The agent delay must be an integer of at least 0, not ${agentDelayMs}`);
  }
  const basePath = options.basePath ?? '';
  if (basePath !== '' && !/^(\/[A-Za-z0-9_-]+)+$/.test(basePath)) {
    throw new Error('The base path must be empty or like /rool, without a trailing slash');
  }
  const clock = options.clock ?? Date.now;
  const limits = { ...defaultRoolLimits, ...options.limits };
  const closing = new AbortController();
  const runtime: RoolRuntime = {
    state: createRoolState(users, clock()),
    users,
    clock,
    agent: options.agent ?? createMockAgent(),
    agentDelayMs,
    fetchAllowlist: (options.fetchAllowlist ?? []).map(parseAllowedHost),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    jwtKey: hmacKey(options.jwtSecret),
    tokenTtlSeconds: options.tokenTtlSeconds ?? 86_400,
    log: options.log ?? ((line) => console.log(line)),
    limits,
    bodyTime: bodyTimes(limits, closing.signal),
    inFlight: new InFlight(),
    basePath,
    events: createLiveEvents(limits, options.heartbeatMs),
  };
  const app = createRoolApp(runtime, {
    handlers: options.handlers,
    checkOutputs: options.checkOutputs ?? true,
    onError: options.onError ??
      ((error, where) => console.error(`rool-mock: unexpected error in ${where}:`, error)),
  });
  return {
    fetch: async (input, init) =>
      await app.fetch(
        init === undefined && input instanceof Request ? input : new Request(input, init),
      ),
    runtime,
    reset() {
      runtime.inFlight.stop(() => true);
      runtime.state = createRoolState(runtime.users, clock());
      // Streams of the old state end; clients reconnect and resynchronise (docs/rool-events.md).
      resetLiveEvents(runtime.events);
    },
    close() {
      closing.abort();
      runtime.inFlight.stop(() => true);
      resetLiveEvents(runtime.events);
    },
  };
}
