/**
 * {@linkcode NodeAuthProvider}: sign-in for CLIs and scripts on Node, Deno
 * and Bun. It opens the login page in a browser, receives the token on a
 * loopback HTTP server, and keeps credentials in a file per deployment.
 *
 * This is the only module of the Rool SDK that needs `node:` built-ins; the
 * client itself (`./rool`) runs on Web APIs alone.
 *
 * @example Sign in from a CLI
 * ```ts ignore
 * import { RoolClient } from '@roj/sdk/rool';
 * import { NodeAuthProvider } from '@roj/sdk/rool/node';
 *
 * const client = new RoolClient({ authProvider: new NodeAuthProvider() });
 * let authenticated = await client.initialize();
 * if (!authenticated) {
 *   await client.login('My CLI Tool');
 *   authenticated = await client.initialize();
 * }
 * if (!authenticated) throw new Error('Login required');
 * ```
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { randomId } from './id.ts';
import { decodeAuthUser, tokenExpiry } from './_jwt.ts';
import type { AuthContext, AuthParams, AuthProvider } from './auth.ts';
import { RoolError } from './errors.ts';
import type { AuthUser } from './types.ts';

/** Options of {@linkcode NodeAuthProvider}. */
export interface NodeAuthProviderOptions {
  /** Where credentials files go; default `~/.config/rool`. Created with mode 0700. */
  configDir?: string;
  /**
   * Opens the login URL; default: `open` (macOS), `start` (Windows) or
   * `xdg-open` (elsewhere), detached. When it fails, the URL is logged as an error
   * so the user can open it by hand.
   */
  openBrowser?: (url: string) => void | Promise<void>;
  /** How long `login` waits for the browser to come back, in ms; default 5 minutes. */
  loginTimeoutMs?: number;
}

/** What a credentials file holds. */
interface StoredCredentials {
  authUrl: string;
  accessToken: string;
  /** Epoch milliseconds; `null` when the token did not say. */
  expiresAt: number | null;
}

/**
 * The credentials file of a deployment: `credentials-<hash>.json` in
 * `configDir`, where `<hash>` is the first 16 hex digits of the SHA-256 of the
 * auth URL, so deployments never share a token.
 *
 * @param authUrl The auth pages' base URL, e.g. `https://rool.dev/auth`.
 * @param configDir The directory; default `~/.config/rool`.
 * @returns The file's path.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { credentialsPath } from './node.ts';
 * assert.match(credentialsPath('https://rool.dev/auth', '/tmp/rool'), /^\/tmp\/rool\/credentials-[0-9a-f]{16}\.json$/);
 * ```
 */
export function credentialsPath(authUrl: string, configDir?: string): string {
  const hash = createHash('sha256').update(authUrl).digest('hex').slice(0, 16);
  return join(configDir ?? join(homedir(), '.config', 'rool'), `credentials-${hash}.json`);
}

/**
 * Signs in through the browser and a loopback server. `login` listens on
 * `127.0.0.1` on a free port, opens `{authUrl}/login?…&redirect_uri=http://127.0.0.1:PORT/callback&response_mode=query`,
 * and waits for the login page to redirect back with `access_token` and the
 * `state` it was sent. The token is written to {@linkcode credentialsPath}
 * with mode 0600; `initialize` reads it back in later runs.
 *
 * @example Test the flow without a browser
 * ```ts ignore
 * const provider = new NodeAuthProvider({
 *   configDir: '/tmp/rool-test',
 *   openBrowser: (url) => void driveLoginPage(url), // e.g. fetch the page and submit its form
 * });
 * ```
 */
export class NodeAuthProvider implements AuthProvider {
  #options: NodeAuthProviderOptions;
  #context: AuthContext | undefined;
  #credentials: StoredCredentials | undefined | null = null; // null: not read yet
  #cancelLogin: (() => void) | undefined;

  /**
   * Creates the provider.
   *
   * @param options The config directory, the browser opener and the login timeout.
   */
  constructor(options: NodeAuthProviderOptions = {}) {
    this.#options = options;
  }

  /**
   * Receives the client's context.
   *
   * @param context The client's context.
   */
  attach(context: AuthContext): void {
    this.#context = context;
    this.#credentials = null;
  }

  /**
   * The credentials file this provider reads and writes.
   *
   * @returns Its path.
   * @throws {RoolError} `unsupported` before a client has attached the provider.
   */
  get credentialsPath(): string {
    return credentialsPath(this.#requireContext().authUrl, this.#options.configDir);
  }

  /**
   * Reads stored credentials.
   *
   * @returns Whether an unexpired token is stored.
   */
  initialize(): Promise<boolean> {
    this.#credentials = this.#read();
    return Promise.resolve(this.#token() !== undefined);
  }

  /**
   * The stored token.
   *
   * @returns The token, or `undefined` when there is none or it has expired.
   */
  getToken(): Promise<string | undefined> {
    return Promise.resolve(this.#token());
  }

  /**
   * The identity in the stored token.
   *
   * @returns The ID, email and name; all `null` when unknown.
   */
  getAuthUser(): AuthUser {
    return decodeAuthUser(this.#token());
  }

  /**
   * Runs the login flow in the browser.
   *
   * @param appName The app's name, shown on the login page.
   * @param params Extra query parameters.
   * @returns Once the credentials are stored.
   * @throws {RoolError} `timeout` when the browser does not come back in time,
   * `auth_failed` when the login page answers with an error, `aborted` when
   * `destroy` interrupts it, `conflict` when a login is already running.
   */
  login(appName: string, params?: AuthParams): Promise<void> {
    return this.#flow(appName, params, false);
  }

  /**
   * Runs the signup flow in the browser (`mode=signup`).
   *
   * @param appName The app's name, shown on the signup page.
   * @param params Extra query parameters.
   * @returns Once the credentials are stored.
   * @throws {RoolError} As for `login`.
   */
  signup(appName: string, params?: AuthParams): Promise<void> {
    return this.#flow(appName, params, true);
  }

  /**
   * Completes email verification with the server.
   *
   * @param token The token from the verification email.
   * @returns Whether the email is now verified.
   * @throws {RoolError} When the call fails.
   */
  verify(token: string): Promise<boolean> {
    return this.#requireContext().verifyEmail(token);
  }

  /** Deletes the credentials file. */
  logout(): void {
    this.#credentials = undefined;
    if (this.#context) rmSync(this.credentialsPath, { force: true });
  }

  /** Stops a login in progress; it rejects with `aborted`. */
  destroy(): void {
    this.#cancelLogin?.();
  }

  async #flow(appName: string, params: AuthParams | undefined, signup: boolean): Promise<void> {
    const context = this.#requireContext();
    if (this.#cancelLogin) {
      throw new RoolError({ type: 'conflict', message: 'A login is already in progress' });
    }
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const redirectUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`;
    const state = randomId(32);
    const url = new URL(`${context.authUrl}/login`);
    for (const [name, value] of Object.entries(params ?? {})) url.searchParams.set(name, value);
    url.searchParams.set('app', appName);
    url.searchParams.set('redirect_uri', redirectUri);
    url.searchParams.set('state', state);
    url.searchParams.set('response_mode', 'query');
    if (signup) url.searchParams.set('mode', 'signup');
    else url.searchParams.delete('mode');

    const timeoutMs = this.#options.loginTimeoutMs ?? 5 * 60_000;
    await new Promise<void>((resolve, reject) => {
      const finish = (error?: RoolError) => {
        clearTimeout(timer);
        this.#cancelLogin = undefined;
        closeServer(server);
        if (error) reject(error);
        else resolve();
      };
      const timer = setTimeout(
        () =>
          finish(
            new RoolError({ type: 'timeout', message: `Login timed out after ${timeoutMs} ms` }),
          ),
        timeoutMs,
      );
      this.#cancelLogin = () =>
        finish(new RoolError({ type: 'aborted', message: 'Login was cancelled' }));
      server.on('request', (request: IncomingMessage, response: ServerResponse) => {
        const outcome = this.#callback(request, redirectUri, state);
        if (outcome === 'ignored') return void page(response, 404, 'Not found');
        if (outcome === 'stranger') {
          return void page(response, 400, 'This answer does not belong to the login in progress.');
        }
        if (outcome instanceof RoolError) {
          return void page(response, 400, `${outcome.message}.`, () => finish(outcome));
        }
        page(response, 200, 'You are signed in. You can close this tab.', () => finish());
      });
      context.logger.info(`Sign in at ${url.href}`);
      Promise.resolve()
        .then(() => (this.#options.openBrowser ?? openInBrowser)(url.href))
        .catch((error) => {
          context.logger.error(
            `Could not open a browser; open this URL to sign in: ${url.href}`,
            error,
          );
        });
    });
  }

  /** Handles one request to the loopback server; `undefined` when credentials were stored. */
  #callback(
    request: IncomingMessage,
    redirectUri: string,
    state: string,
  ): 'ignored' | 'stranger' | RoolError | undefined {
    const url = new URL(request.url ?? '/', redirectUri);
    if (request.method !== 'GET' || url.pathname !== '/callback') return 'ignored';
    // Anything on this machine can reach the port: only the answer to our own request counts.
    if (url.searchParams.get('state') !== state) return 'stranger';
    const error = url.searchParams.get('error');
    if (error) {
      return new RoolError({ type: 'auth_failed', message: `Sign-in was refused: ${error}` });
    }
    const accessToken = url.searchParams.get('access_token');
    if (!accessToken) {
      return new RoolError({ type: 'auth_failed', message: 'Sign-in answer has no access token' });
    }
    const expiresIn = Number(url.searchParams.get('expires_in'));
    const credentials: StoredCredentials = {
      authUrl: this.#requireContext().authUrl,
      accessToken,
      expiresAt: url.searchParams.has('expires_in') && Number.isFinite(expiresIn)
        ? Date.now() + expiresIn * 1000
        : tokenExpiry(accessToken) ?? null,
    };
    try {
      this.#write(credentials);
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      return new RoolError({
        type: 'auth_failed',
        message: `Could not store credentials: ${reason}`,
        cause,
      });
    }
    this.#credentials = credentials;
    return undefined;
  }

  #token(): string | undefined {
    if (this.#credentials === null) this.#credentials = this.#read();
    const credentials = this.#credentials;
    if (!credentials) return undefined;
    if (credentials.expiresAt !== null && credentials.expiresAt <= Date.now()) return undefined;
    return credentials.accessToken;
  }

  #read(): StoredCredentials | undefined {
    if (!this.#context) return undefined;
    let parsed: Partial<StoredCredentials>;
    try {
      parsed = JSON.parse(readFileSync(this.credentialsPath, 'utf8'));
    } catch {
      return undefined; // absent or unreadable: signed out
    }
    if (
      parsed?.authUrl !== this.#context.authUrl || typeof parsed.accessToken !== 'string' ||
      (parsed.expiresAt !== null && typeof parsed.expiresAt !== 'number')
    ) {
      return undefined;
    }
    return parsed as StoredCredentials;
  }

  #write(credentials: StoredCredentials): void {
    const path = this.credentialsPath;
    const dir = join(path, '..');
    if (!existsSync(dir)) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      chmodSync(dir, 0o700); // mkdir's mode is masked by the umask
    }
    // Written aside, then renamed: a crash never leaves a half-written file, and the file
    // is 0600 from its first byte.
    const temporary = `${path}.${randomId(8)}.tmp`;
    writeFileSync(temporary, JSON.stringify(credentials, null, 2), { mode: 0o600 });
    chmodSync(temporary, 0o600);
    renameSync(temporary, path);
  }

  #requireContext(): AuthContext {
    if (!this.#context) {
      throw new RoolError({
        type: 'unsupported',
        message: 'NodeAuthProvider must be given to a RoolClient before use',
      });
    }
    return this.#context;
  }
}

/** Answers with a small HTML page, then calls `done` once it is sent. */
function page(response: ServerResponse, status: number, text: string, done?: () => void): void {
  const html = `<!doctype html><meta charset="utf-8"><title>Rool</title><p>${text}</p>`;
  response.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'close',
  });
  response.end(html, done);
}

function closeServer(server: Server): void {
  server.close();
  // Browsers keep connections alive; without this, close() would wait for them.
  (server as Server & { closeAllConnections?: () => void }).closeAllConnections?.();
}

/** Opens `url` in the default browser, detached from this process. */
function openInBrowser(url: string): Promise<void> {
  const [command, args] = process.platform === 'darwin'
    ? ['open', [url]]
    : process.platform === 'win32'
    // `start` is a cmd built-in; the empty title and the quotes keep `&` in the URL literal.
    ? ['cmd', ['/d', '/s', '/c', `start "" "${url}"`]]
    : ['xdg-open', [url]];
  return new Promise((resolve, reject) => {
    const child = spawn(command as string, args as string[], {
      detached: true,
      stdio: 'ignore',
      windowsVerbatimArguments: process.platform === 'win32',
    });
    child.once('error', reject);
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}
