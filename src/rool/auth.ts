/**
 * How a {@linkcode RoolClient} signs in: the {@linkcode AuthProvider}
 * interface the built-in providers implement (`BrowserAuthProvider`,
 * `TokenAuthProvider`, and `NodeAuthProvider` from `./rool/node`), and what
 * the client tells a provider when it takes it.
 *
 * @module
 */
import type { Logger } from './logger.ts';
import type { AuthUser } from './types.ts';

/**
 * Extra query parameters for the login page, e.g. `{ email: 'ada@example.com' }`
 * as a hint. They never replace `app`, `redirect_uri`, `state`,
 * `response_mode` or `mode`, which the provider sets.
 */
export type AuthParams = Record<string, string>;

/** What the client tells its provider when it takes it. */
export interface AuthContext {
  /** The auth pages' base URL, e.g. `https://rool.dev/auth`. */
  authUrl: string;
  /** The client's logger. */
  logger: Logger;
  /**
   * Completes email verification with the server (`auth.verify`).
   *
   * @param token The token from the verification email.
   * @returns Whether the token was valid.
   */
  verifyEmail(token: string): Promise<boolean>;
}

/**
 * A way of signing in. The client calls `attach` once, then `initialize` from
 * its own `initialize()`, and asks `getToken()` before every call.
 */
export interface AuthProvider {
  /**
   * Receives the auth URL, the logger and server helpers; called once, by the
   * client's constructor, before any other method.
   *
   * @param context The client's context.
   */
  attach(context: AuthContext): void;
  /**
   * Completes a pending sign-in (e.g. a redirect back from the login page) and
   * loads stored credentials.
   *
   * @returns Whether a token is available now.
   */
  initialize(): Promise<boolean>;
  /**
   * The access token to send as `Authorization: Bearer <token>`. It must read
   * the token before its first `await`, so that `logout()` right after it
   * cannot clear the token first.
   *
   * @returns The token, or `undefined` when signed out or expired.
   */
  getToken(): Promise<string | undefined>;
  /**
   * The identity the current token carries, decoded without verifying it.
   *
   * @returns The user's ID, email and name, each `null` when unknown.
   */
  getAuthUser(): AuthUser;
  /**
   * Starts the login flow.
   *
   * @param appName The app's name, shown on the login page.
   * @param params Extra query parameters for the login page.
   * @returns When the flow is done (or, for redirects, once the page is leaving).
   */
  login(appName: string, params?: AuthParams): Promise<void>;
  /**
   * Starts the signup flow.
   *
   * @param appName The app's name, shown on the signup page.
   * @param params Extra query parameters for the signup page.
   * @returns When the flow is done (or, for redirects, once the page is leaving).
   */
  signup(appName: string, params?: AuthParams): Promise<void>;
  /**
   * Completes email verification; providers that cannot verify leave it out.
   *
   * @param token The token from the verification email.
   * @returns Whether the email is now verified.
   */
  verify?(token: string): Promise<boolean>;
  /** Forgets the stored credentials. */
  logout(): void;
  /** Releases what the provider holds open (e.g. a pending login's loopback server). */
  destroy?(): void;
}
