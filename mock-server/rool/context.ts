/**
 * What a Rool handler gets: the running mock (state, settings, agent, the
 * prompts in flight), the request's clock reading, and the signed-in user with
 * the credential they called with.
 *
 * @module
 */
import type { RoolAgent } from './agent/agent.ts';
import type { InFlight } from './inflight.ts';
import type { AllowedHost } from './ssrf.ts';
import type { RoolState, UserRecord } from './state.ts';
import type { SeedUser } from './users.ts';

/** The Rool mock's limits. */
export interface RoolLimits {
  /** Largest RPC body in bytes (1 MiB). */
  rpcBodyBytes: number;
  /** Largest login form body in bytes. */
  loginFormBytes: number;
  /** Objects per space (10 000). */
  objectsPerSpace: number;
  /** Checkpoints per channel and stack (100). */
  checkpointsPerChannel: number;
  /** Interactions per conversation (200). */
  interactionsPerConversation: number;
  /** User storage per user in bytes (10 MB). */
  storageBytesPerUser: number;
  /** Largest `proxy.fetch` answer in bytes (5 MB). */
  proxyAnswerBytes: number;
  /** `proxy.fetch` timeout in milliseconds. */
  proxyTimeoutMs: number;
}

/** The limits of docs/rool-contract.md. */
export const defaultRoolLimits: Readonly<RoolLimits> = Object.freeze({
  rpcBodyBytes: 1024 * 1024,
  loginFormBytes: 16 * 1024,
  objectsPerSpace: 10_000,
  checkpointsPerChannel: 100,
  interactionsPerConversation: 200,
  storageBytesPerUser: 10 * 1024 * 1024,
  proxyAnswerBytes: 5 * 1024 * 1024,
  proxyTimeoutMs: 30_000,
});

/** A `fetch` function, as `proxy.fetch` uses it. */
export type ProxyFetch = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/** The running Rool mock: its state (replaced on reset) and fixed settings. */
export interface RoolRuntime {
  /** The current state. */
  state: RoolState;
  /** The seeded users; `reset` brings them back with their tokens. */
  readonly users: readonly SeedUser[];
  /** The clock, in epoch milliseconds. */
  readonly clock: () => number;
  /** The agent `ai.prompt` runs. */
  readonly agent: RoolAgent;
  /** Milliseconds the agent waits before each step. */
  readonly agentDelayMs: number;
  /** Hosts and ports `proxy.fetch` may reach although they are loopback or private. */
  readonly fetchAllowlist: readonly AllowedHost[];
  /** What `proxy.fetch` fetches with; looked up at call time when absent. */
  readonly fetch?: ProxyFetch;
  /** The HMAC key issued tokens are signed with. */
  readonly jwtKey: Promise<CryptoKey>;
  /** Lifetime of issued tokens in seconds. */
  readonly tokenTtlSeconds: number;
  /** Where the mock's notices (verification tokens) go. */
  readonly log: (line: string) => void;
  /** Limits. */
  readonly limits: RoolLimits;
  /** The prompts in flight, which `ai.stop` and `ai.stopInteraction` stop. */
  readonly inFlight: InFlight;
  /** The path the app is served under, e.g. `/rool`; `''` at the root. */
  readonly basePath: string;
}

/** How the caller authenticated. */
export type Credential =
  | { kind: 'opaque'; token: string }
  | { kind: 'jwt'; jti: string };

/** The context of a Rool method. */
export interface RoolContext {
  /** The running mock. */
  runtime: RoolRuntime;
  /** The current state. */
  state: RoolState;
  /** The clock, read once when the request arrived (ms). */
  now: number;
  /** The signed-in user. */
  user: UserRecord;
  /** The credential the call carried, for `auth.logout`. */
  credential: Credential;
  /** Quotes a request value for an error message, redacting anything that looks like a token. */
  quote: (value: string) => string;
  /** The `Rool-Client-Id` the request named (./client-id.ts), or `null`. */
  clientId: string | null;
}
