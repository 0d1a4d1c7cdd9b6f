/**
 * {@linkcode TokenAuthProvider}: signs in with a token you already have, for
 * scripts, CI and tests.
 *
 * @module
 */
import { decodeAuthUser } from './_jwt.ts';
import type { AuthContext, AuthProvider } from './auth.ts';
import { RoolError } from './errors.ts';
import type { AuthUser } from './types.ts';

/**
 * Authenticates every call with a fixed access token. It cannot run a login
 * flow: `login` and `signup` reject with a `RoolError` of type `unsupported`.
 * `logout` forgets the token.
 *
 * @example Use a token from the environment
 * ```ts ignore
 * import { RoolClient, TokenAuthProvider } from './mod.ts';
 * const client = new RoolClient({ authProvider: new TokenAuthProvider(Deno.env.get('ROOL_TOKEN')!) });
 * if (!(await client.initialize())) throw new Error('ROOL_TOKEN is not valid');
 * ```
 */
export class TokenAuthProvider implements AuthProvider {
  #token: string | undefined;
  #context: AuthContext | undefined;

  /**
   * Creates the provider.
   *
   * @param token The access token, sent as `Authorization: Bearer <token>`.
   * @throws {RoolError} `validation_error` when `token` is empty.
   */
  constructor(token: string) {
    if (typeof token !== 'string' || token === '') {
      throw new RoolError({
        type: 'validation_error',
        message: 'Token must be a non-empty string',
      });
    }
    this.#token = token;
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
   * Nothing to complete: the token is there unless `logout` forgot it.
   *
   * @returns Whether there is a token.
   */
  initialize(): Promise<boolean> {
    return Promise.resolve(this.#token !== undefined);
  }

  /**
   * The token.
   *
   * @returns The token, or `undefined` after `logout`.
   */
  getToken(): Promise<string | undefined> {
    return Promise.resolve(this.#token);
  }

  /**
   * The identity in the token, when it is a JWT.
   *
   * @returns The ID, email and name; all `null` for an opaque token.
   */
  getAuthUser(): AuthUser {
    return decodeAuthUser(this.#token);
  }

  /**
   * Refuses: a fixed token cannot log in.
   *
   * @returns Never; it rejects.
   * @throws {RoolError} `unsupported`, always.
   */
  login(): Promise<void> {
    return Promise.reject(unsupported('log in'));
  }

  /**
   * Refuses: a fixed token cannot sign up.
   *
   * @returns Never; it rejects.
   * @throws {RoolError} `unsupported`, always.
   */
  signup(): Promise<void> {
    return Promise.reject(unsupported('sign up'));
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

  /** Forgets the token. */
  logout(): void {
    this.#token = undefined;
  }
}

function unsupported(what: string): RoolError {
  return new RoolError({
    type: 'unsupported',
    message: `TokenAuthProvider cannot ${what}: it uses the token it was given. ` +
      'use BrowserAuthProvider in a browser or NodeAuthProvider (./rool/node) in a CLI',
  });
}
