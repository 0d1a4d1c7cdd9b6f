/**
 * {@linkcode BrowserAuthProvider}: the default provider, a full-page redirect
 * to the Rool login page and back, with the token kept in `localStorage`.
 *
 * @module
 */
import { randomId } from './id.ts';
import { decodeAuthUser, tokenExpiry } from './_jwt.ts';
import type { AuthContext, AuthParams, AuthProvider } from './auth.ts';
import { RoolError } from './errors.ts';
import type { AuthUser } from './types.ts';

/** The part of the Web Storage API the provider uses (`localStorage`, `sessionStorage`). */
export interface StorageLike {
  /** Reads a key; `null` when absent. */
  getItem(key: string): string | null;
  /** Writes a key. */
  setItem(key: string, value: string): void;
  /** Deletes a key. */
  removeItem(key: string): void;
}

/** The part of `window.location` the provider uses. */
export interface LocationLike {
  /** The current URL. */
  readonly href: string;
  /** Navigates away to `url`. */
  assign(url: string): void;
}

/** The part of `window.history` the provider uses. */
export interface HistoryLike {
  /** The current entry's state, kept when the URL is cleaned. */
  readonly state: unknown;
  /** Replaces the current URL without navigating. */
  replaceState(data: unknown, unused: string, url?: string): void;
}

/** Where the provider finds the browser; each defaults to the global of the same name. */
export interface BrowserAuthProviderOptions {
  /** Default `globalThis.location`. */
  location?: LocationLike;
  /** Default `globalThis.history`. */
  history?: HistoryLike;
  /** Holds the token; default `globalThis.localStorage`. */
  localStorage?: StorageLike;
  /** Holds the login's `state` across the redirect; default `globalThis.sessionStorage`. */
  sessionStorage?: StorageLike;
}

interface StoredToken {
  accessToken: string;
  /** Epoch milliseconds; `null` when the token did not say. */
  expiresAt: number | null;
}

/**
 * Signs in by redirecting to `{authUrl}/login` and reading the token from the
 * URL fragment on the way back (`response_mode=fragment`). A random `state`
 * kept in `sessionStorage` ties the answer to the request; an answer without
 * it is ignored. The token is kept in `localStorage` under a key scoped to
 * the auth URL, so clients of different deployments never mix tokens.
 *
 * @example Start up in a browser app
 * ```ts ignore
 * import { BrowserAuthProvider, RoolClient } from './mod.ts';
 * const client = new RoolClient({ authProvider: new BrowserAuthProvider() });
 * if (!(await client.initialize())) await client.login('My App'); // navigates away
 * ```
 */
export class BrowserAuthProvider implements AuthProvider {
  #options: BrowserAuthProviderOptions;
  #context: AuthContext | undefined;

  /**
   * Creates the provider.
   *
   * @param options Stand-ins for `location`, `history` and the storages (for tests).
   */
  constructor(options: BrowserAuthProviderOptions = {}) {
    this.#options = options;
  }

  /**
   * Receives the client's context.
   *
   * @param context The client's context.
   */
  attach(context: AuthContext): void {
    this.#context = context;
  }

  /**
   * Completes a redirect back from the login page: reads `access_token`,
   * `expires_in` and `state` from the fragment, checks `state`, stores the
   * token and removes the fragment from the address bar.
   *
   * @returns Whether a valid token is stored now.
   */
  initialize(): Promise<boolean> {
    const location = this.#location();
    if (location) this.#completeRedirect(location);
    return Promise.resolve(this.#readToken() !== undefined);
  }

  /**
   * The stored token, read afresh each time so a login in another tab counts.
   *
   * @returns The token, or `undefined` when there is none or it has expired.
   */
  getToken(): Promise<string | undefined> {
    return Promise.resolve(this.#readToken());
  }

  /**
   * The identity in the stored token.
   *
   * @returns The ID, email and name; all `null` when unknown.
   */
  getAuthUser(): AuthUser {
    return decodeAuthUser(this.#readToken());
  }

  /**
   * Navigates to the login page.
   *
   * @param appName The app's name, shown on the page.
   * @param params Extra query parameters.
   * @returns Once navigation has started.
   * @throws {RoolError} `unsupported` when there is no `location` (not a browser).
   */
  login(appName: string, params?: AuthParams): Promise<void> {
    return this.#redirect(appName, params, false);
  }

  /**
   * Navigates to the signup page (`mode=signup`).
   *
   * @param appName The app's name, shown on the page.
   * @param params Extra query parameters.
   * @returns Once navigation has started.
   * @throws {RoolError} `unsupported` when there is no `location` (not a browser).
   */
  signup(appName: string, params?: AuthParams): Promise<void> {
    return this.#redirect(appName, params, true);
  }

  /**
   * Completes email verification with the server.
   *
   * @param token The token from the verification email.
   * @returns Whether the email is now verified.
   * @throws {RoolError} When the call fails.
   */
  verify(token: string): Promise<boolean> {
    if (!this.#context) return Promise.resolve(false);
    return this.#context.verifyEmail(token);
  }

  /** Removes the stored token. */
  logout(): void {
    safely(() => this.#storage('localStorage')?.removeItem(this.#key('access-token')));
  }

  #redirect(appName: string, params: AuthParams | undefined, signup: boolean): Promise<void> {
    const location = this.#location();
    if (!location || !this.#context) {
      return Promise.reject(
        new RoolError({
          type: 'unsupported',
          message: 'BrowserAuthProvider needs window.location; outside a browser pass ' +
            'authProvider: new NodeAuthProvider() (./rool/node) or new TokenAuthProvider(token)',
        }),
      );
    }
    const state = randomId(32);
    safely(() => this.#storage('sessionStorage')?.setItem(this.#key('auth-state'), state));
    const back = new URL(location.href);
    back.hash = '';
    const url = new URL(`${this.#context.authUrl}/login`);
    for (const [name, value] of Object.entries(params ?? {})) url.searchParams.set(name, value);
    url.searchParams.set('app', appName);
    url.searchParams.set('redirect_uri', back.href);
    url.searchParams.set('state', state);
    url.searchParams.set('response_mode', 'fragment');
    if (signup) url.searchParams.set('mode', 'signup');
    else url.searchParams.delete('mode');
    location.assign(url.href);
    return Promise.resolve();
  }

  #completeRedirect(location: LocationLike): void {
    const url = new URL(location.href);
    const fragment = new URLSearchParams(url.hash.slice(1));
    const accessToken = fragment.get('access_token');
    const error = fragment.get('error');
    if (!accessToken && !error) return;
    // The token must not stay in the address bar, the history or a bookmark, whatever else
    // happens (OAuth 2.0 Security BCP, RFC 9700 §4.3).
    url.hash = '';
    safely(() => {
      const history = this.#options.history ?? (globalThis as BrowserGlobals).history;
      history?.replaceState(history.state, '', url.href);
    });
    const sessionStorage = this.#storage('sessionStorage');
    const expected = safely(() => sessionStorage?.getItem(this.#key('auth-state')));
    safely(() => sessionStorage?.removeItem(this.#key('auth-state')));
    const logger = this.#context?.logger;
    if (error) {
      logger?.error(`Sign-in was refused: ${error}`);
      return;
    }
    if (!expected || fragment.get('state') !== expected) {
      logger?.error('Sign-in answer ignored: its state does not match the login this tab started');
      return;
    }
    const expiresIn = Number(fragment.get('expires_in'));
    const stored: StoredToken = {
      accessToken: accessToken!,
      expiresAt: fragment.has('expires_in') && Number.isFinite(expiresIn)
        ? Date.now() + expiresIn * 1000
        : tokenExpiry(accessToken!) ?? null,
    };
    safely(() =>
      this.#storage('localStorage')?.setItem(this.#key('access-token'), JSON.stringify(stored))
    );
  }

  #readToken(): string | undefined {
    const raw = safely(() => this.#storage('localStorage')?.getItem(this.#key('access-token')));
    if (!raw) return undefined;
    let stored: StoredToken;
    try {
      stored = JSON.parse(raw);
    } catch {
      return undefined;
    }
    if (typeof stored?.accessToken !== 'string') return undefined;
    if (typeof stored.expiresAt === 'number' && stored.expiresAt <= Date.now()) return undefined;
    return stored.accessToken;
  }

  #key(name: 'access-token' | 'auth-state'): string {
    return `rool:${name}:${this.#context?.authUrl ?? ''}`;
  }

  #location(): LocationLike | undefined {
    // Deno without --location throws on reading `location`.
    return this.#options.location ?? safely(() => (globalThis as BrowserGlobals).location);
  }

  #storage(which: 'localStorage' | 'sessionStorage'): StorageLike | undefined {
    return this.#options[which] ?? safely(() => (globalThis as BrowserGlobals)[which]);
  }
}

/** The browser globals the provider falls back on; none exists outside a browser. */
type BrowserGlobals = { [K in keyof BrowserAuthProviderOptions]?: BrowserAuthProviderOptions[K] };

// Storage throws in some browsers (Safari private mode, blocked third-party storage) and
// `location` throws in Deno without --location: both mean "not available".
function safely<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
