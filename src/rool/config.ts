/**
 * The {@linkcode RoolClient}'s configuration: where the API and the auth pages
 * are, how to authenticate, and how to reach the network.
 *
 * @module
 */
import type { ReadRetry } from '../rpc/retry.ts';
import type { FetchFn } from '../rpc/client.ts';
import type { AuthProvider } from './auth.ts';
import { parseHttpUrl, resolveTimeout } from './_config-checks.ts';
import { invalidArgument } from './errors.ts';
import type { Logger } from './logger.ts';

/** The API every client talks to unless told otherwise. */
export const defaultApiUrl = 'https://api.rool.dev';

/** Options of `new RoolClient(config)`; every one is optional. */
export interface RoolClientConfig {
  /** The API's base URL; default `https://api.rool.dev`. Trailing slashes are ignored. */
  apiUrl?: string;
  /**
   * The old name of `apiUrl`, still accepted; `apiUrl` wins when both are given.
   *
   * @deprecated Use `apiUrl`.
   */
  baseUrl?: string;
  /** The auth pages' base URL; default: derived from `apiUrl` by {@linkcode deriveAuthUrl}. */
  authUrl?: string;
  /** The GraphQL endpoint of older servers; stored, default `{apiUrl}/graphql`. */
  graphqlUrl?: string;
  /**
   * How the client signs in and gets its token. Default: a `BrowserAuthProvider`
   * (redirects in a browser). Use `NodeAuthProvider` (from `./rool/node`) for CLIs,
   * or `TokenAuthProvider` for scripts and CI.
   */
  authProvider?: AuthProvider;
  /** Where the SDK logs; default: errors only, to `console.error`. */
  logger?: Logger;
  /** The `fetch` every call uses; default `globalThis.fetch`. Inject one for tests or in-process mocks. */
  fetch?: FetchFn;
  /** Timeout per call in milliseconds; 0 or absent means none (prompts may run for minutes). */
  timeoutMs?: number;
  /**
   * Retries of reads after a network failure, a timeout or a 502/503/504:
   * `retryReads(roolMethods, { attempts: 3 })`. Writes are never retried. Absent: none.
   */
  retry?: ReadRetry;
  /** How the client keeps its live-event streams (docs/rool-events.md); the defaults suit apps. */
  events?: RoolEventsConfig;
}

/**
 * Options of the live-event streams: one per client, one per open space, over
 * `fetch`. After an error or the end of a stream the client reconnects after
 * a jittered delay that doubles with each failed attempt, from
 * `reconnectBaseMs` (or the server's `retry:`, when larger) up to
 * `reconnectMaxMs`, and starts again from the bottom after a healthy connection.
 */
export interface RoolEventsConfig {
  /** Whether the client opens live-event streams at all; default `true`. */
  enabled?: boolean;
  /** The first reconnection delay in milliseconds, before jitter; default 500. */
  reconnectBaseMs?: number;
  /** The longest reconnection delay in milliseconds; default 30 000. */
  reconnectMaxMs?: number;
  /**
   * Milliseconds without a byte (events or the server's 15 s heartbeats) after
   * which a stream counts as dead and is reopened; default 45 000.
   */
  heartbeatTimeoutMs?: number;
}

/** {@linkcode RoolEventsConfig} with every default applied. */
export type ResolvedEventsConfig = Required<RoolEventsConfig>;

/** The defaults of {@linkcode RoolEventsConfig}. */
export const defaultEventsConfig: Readonly<ResolvedEventsConfig> = Object.freeze({
  enabled: true,
  reconnectBaseMs: 500,
  reconnectMaxMs: 30_000,
  heartbeatTimeoutMs: 45_000,
});

/** The longest delay any of the live-event options may name: one hour. */
const maxEventsDelayMs = 3_600_000;

/**
 * Resolves the live-event options.
 *
 * @param config The options given to the client, or none.
 * @returns Every option, with its default where absent.
 * @throws {RoolError} `validation_error` for a delay that is not a number of
 * milliseconds from 1 to 3 600 000, or a `reconnectMaxMs` below `reconnectBaseMs`.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { resolveEventsConfig } from './config.ts';
 * const events = resolveEventsConfig({ heartbeatTimeoutMs: 1000 });
 * assert.deepEqual(events, {
 *   enabled: true, reconnectBaseMs: 500, reconnectMaxMs: 30000, heartbeatTimeoutMs: 1000,
 * });
 * ```
 */
export function resolveEventsConfig(config: RoolEventsConfig = {}): ResolvedEventsConfig {
  const resolved = { ...defaultEventsConfig, ...withoutUndefined(config) };
  if (typeof resolved.enabled !== 'boolean') {
    throw invalidArgument('Live events option enabled must be true or false');
  }
  for (const name of ['reconnectBaseMs', 'reconnectMaxMs', 'heartbeatTimeoutMs'] as const) {
    const value = resolved[name];
    if (typeof value !== 'number' || !(value >= 1 && value <= maxEventsDelayMs)) {
      throw invalidArgument(
        `Live events option ${name} must be a number of milliseconds from 1 to ${maxEventsDelayMs}`,
      );
    }
  }
  if (resolved.reconnectMaxMs < resolved.reconnectBaseMs) {
    throw invalidArgument('Live events option reconnectMaxMs must not be below reconnectBaseMs');
  }
  return resolved;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, entry]) => entry !== undefined),
  ) as Partial<T>;
}

/** A configuration with every URL resolved. */
export interface ResolvedRoolConfig {
  /** The API's base URL, without trailing slashes. */
  apiUrl: string;
  /** The auth pages' base URL, without trailing slashes. */
  authUrl: string;
  /** The GraphQL endpoint. */
  graphqlUrl: string;
  /** Timeout per call in milliseconds; 0 means none. */
  timeoutMs: number;
}

/**
 * The auth URL that belongs to an API URL: a leading `api.` hostname label is
 * removed and the path becomes `/auth` (`https://api.rool.dev` →
 * `https://rool.dev/auth`); a hostname without it keeps the API URL and
 * appends `/auth` (`http://127.0.0.1:8787/rool` → `http://127.0.0.1:8787/rool/auth`).
 *
 * @param apiUrl An absolute API URL.
 * @returns The auth URL, without a trailing slash.
 * @throws {RoolError} `validation_error` when `apiUrl` is not an absolute http(s) URL.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { deriveAuthUrl } from './config.ts';
 * assert.equal(deriveAuthUrl('https://api.rool.dev'), 'https://rool.dev/auth');
 * assert.equal(deriveAuthUrl('http://127.0.0.1:8787/rool'), 'http://127.0.0.1:8787/rool/auth');
 * ```
 */
export function deriveAuthUrl(apiUrl: string): string {
  const url = parseHttpUrl(apiUrl, 'API URL');
  if (url.hostname.startsWith('api.') && url.hostname.length > 'api.'.length) {
    url.hostname = url.hostname.slice('api.'.length);
    url.pathname = '/auth';
    url.search = '';
    url.hash = '';
    return url.href;
  }
  return `${trimSlashes(apiUrl)}/auth`;
}

/**
 * Resolves a client configuration: `apiUrl` (or the deprecated `baseUrl`),
 * `authUrl` and `graphqlUrl` with their defaults.
 *
 * @param config The configuration given to the client.
 * @returns The resolved URLs and timeout.
 * @throws {RoolError} `validation_error` when a URL is not an absolute http(s)
 * URL or the timeout is negative.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { resolveConfig } from './config.ts';
 * const resolved = resolveConfig({ apiUrl: 'https://api.example.com/' });
 * assert.equal(resolved.apiUrl, 'https://api.example.com');
 * assert.equal(resolved.authUrl, 'https://example.com/auth');
 * assert.equal(resolved.graphqlUrl, 'https://api.example.com/graphql');
 * ```
 */
export function resolveConfig(config: RoolClientConfig = {}): ResolvedRoolConfig {
  const apiUrl = trimSlashes(config.apiUrl ?? config.baseUrl ?? defaultApiUrl);
  parseHttpUrl(apiUrl, 'API URL');
  let authUrl: string;
  if (config.authUrl === undefined) {
    authUrl = deriveAuthUrl(apiUrl);
  } else {
    parseHttpUrl(config.authUrl, 'Auth URL');
    authUrl = trimSlashes(config.authUrl);
  }
  const graphqlUrl = config.graphqlUrl ?? `${apiUrl}/graphql`;
  const timeoutMs = resolveTimeout(config.timeoutMs);
  return { apiUrl, authUrl, graphqlUrl, timeoutMs };
}

function trimSlashes(url: string): string {
  return url.replace(/\/+$/, '');
}
