/**
 * What a Rool handler gets: the running mock (state, settings, agent, the
 * prompts in flight), the request's clock reading, and the signed-in user with
 * the credential they called with.
 *
 * @module
 */
import { type BodyTimeLimits, type BodyTimes, defaultBodyTimeLimits } from '../rpc/body-time.ts';
import type { RoolAgent } from './agent/agent.ts';
import type { LiveEvents } from './events/live.ts';
import type { InFlight } from './inflight.ts';
import type { AllowedHost } from './ssrf.ts';
import type { RoolState, UserRecord } from './state.ts';
import type { SeedUser } from './users.ts';

/**
 * The Rool mock's limits, with the time limits on request bodies (`bodyIdleMs`, `rpcBodyMs`,
 * `uploadBodyMs`: see ../rpc/body-time.ts). Archive imports and WebDAV file PUTs are uploads.
 */
export interface RoolLimits extends BodyTimeLimits {
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
  /** Live events kept per space and per user for `Last-Event-ID` replay (1 000). */
  eventsKeptPerScope: number;
  /**
   * Bytes of event frames (without `source`) kept per space and per user for replay (4 MiB, as
   * one stream's buffer: a longer replay could not be sent, the client would resync anyway).
   */
  eventBytesKeptPerScope: number;
  /** Open event streams per user (100). */
  eventStreamsPerUser: number;
  /** Open event streams per space (1 000). */
  eventStreamsPerSpace: number;
  /** Unexpired event tickets per user (20). */
  eventTicketsPerUser: number;
  /** Bytes queued for one slow event stream before it is dropped (4 MiB). */
  eventStreamBufferBytes: number;
  /** Milliseconds an event stream stays open before the mock ends it; the client reconnects (30 min). */
  eventStreamLifetimeMs: number;
  /** Largest space archive upload in bytes, as sent (compressed; 160 MiB). */
  archiveBytes: number;
  /** Entries per space archive (30 000: objects, drive entries, conversations and the rest). */
  archiveEntries: number;
  /** Largest archive entry in bytes, unpacked (100 MiB: a drive file may fill a space). */
  archiveEntryBytes: number;
  /** Largest space archive in bytes, all entries unpacked (256 MiB). */
  archiveUnpackedBytes: number;
  /** Bytes of `/rool-drive` file content per space (100 MiB; docs/rool-webdav.md). */
  storageBytesPerSpace: number;
  /** Files and collections under `/rool-drive` per space (10 000). */
  driveEntriesPerSpace: number;
  /** Changes a space's WebDAV change log keeps before older sync tokens expire (10 000). */
  syncChangesKept: number;
}

/** The limits of docs/rool-contract.md. */
export const defaultRoolLimits: Readonly<RoolLimits> = Object.freeze({
  ...defaultBodyTimeLimits,
  rpcBodyBytes: 1024 * 1024,
  loginFormBytes: 16 * 1024,
  objectsPerSpace: 10_000,
  checkpointsPerChannel: 100,
  interactionsPerConversation: 200,
  storageBytesPerUser: 10 * 1024 * 1024,
  proxyAnswerBytes: 5 * 1024 * 1024,
  proxyTimeoutMs: 30_000,
  eventsKeptPerScope: 1000,
  eventBytesKeptPerScope: 4 * 1024 * 1024,
  eventStreamsPerUser: 100,
  eventStreamsPerSpace: 1000,
  eventTicketsPerUser: 20,
  eventStreamBufferBytes: 4 * 1024 * 1024,
  eventStreamLifetimeMs: 30 * 60 * 1000,
  archiveBytes: 160 * 1024 * 1024,
  archiveEntries: 30_000,
  archiveEntryBytes: 100 * 1024 * 1024,
  archiveUnpackedBytes: 256 * 1024 * 1024,
  storageBytesPerSpace: 100 * 1024 * 1024,
  driveEntriesPerSpace: 10_000,
  syncChangesKept: 10_000,
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
  /** The time limits of body reads, with the signal that ends them when the mock is closed. */
  readonly bodyTime: BodyTimes;
  /** The prompts in flight, which `ai.stop` and `ai.stopInteraction` stop. */
  readonly inFlight: InFlight;
  /** The path the app is served under, e.g. `/rool`; `''` at the root. */
  readonly basePath: string;
  /** Live events: the hub, tickets and stream settings (./events/live.ts). */
  readonly events: LiveEvents;
}

/** How the caller authenticated. */
export type Credential =
  | { kind: 'opaque'; token: string }
  | { kind: 'jwt'; jti: string; expiresAt: number };

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
