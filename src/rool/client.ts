/**
 * {@linkcode RoolClient}: the entry point of the Rool SDK. It signs in through
 * an auth provider, caches the user and their storage, and opens spaces.
 *
 * @module
 */
import { unknownAuthUser } from './_jwt.ts';
import type { RoolBindings } from './_generated/bindings.ts';
import type { LiveStream } from './_live.ts';
import { createClientLive } from './_live-client.ts';
import { SpaceDirectory } from './_live-directory.ts';
import { ConnectionStates } from './_live-state.ts';
import { type ArchiveInput, uploadArchive } from './_archive.ts';
import { createClientId, createRoolApi, type RoolRequestContext } from './_transport.ts';
import type { AuthParams, AuthProvider } from './auth.ts';
import { BrowserAuthProvider } from './browser-auth.ts';
import {
  resolveConfig,
  type ResolvedEventsConfig,
  type ResolvedRoolConfig,
  resolveEventsConfig,
  type RoolClientConfig,
} from './config.ts';
import { invalidArgument, RoolError } from './errors.ts';
import { EventEmitter } from './events.ts';
import type { RoolClientEvents } from './event-types.ts';
import { generateId } from './id.ts';
import { defaultLogger, type Logger } from './logger.ts';
import {
  openSpaceHandle,
  type RoolSpace,
  setSpaceHandleName,
  type SpaceClientLink,
} from './space.ts';
import type { AuthUser, CurrentUser, RoolSpaceInfo, UserResult } from './types.ts';
import type { UpdateCurrentUserInput } from './user-methods.ts';
import { UserStorageCache } from './_user-storage.ts';

/** The client stream's key among the streams whose states the client sums up. */
const clientStream = Object.freeze({});

/**
 * The Rool client. Call `initialize()` on startup; when it answers `false`,
 * `login(appName)`. Methods that call the server reject with a `RoolError`.
 *
 * While signed in, the client keeps a live-event stream (docs/rool-events.md)
 * that tells it of spaces added, removed and renamed and of user storage
 * changed elsewhere; each open space keeps one more. Every request names the
 * client with one random `Rool-Client-Id`, so the client's own changes come
 * back marked as its own and are not emitted twice. `connectionStateChanged`
 * sums up the streams: `reconnecting` while any is, else `connected` while any
 * is, else `disconnected`. `destroy()` stops them all.
 *
 * @example Against a stand-in server
 * ```ts
 * import assert from 'node:assert/strict';
 * import { RoolClient, TokenAuthProvider } from './mod.ts';
 *
 * const user = {
 *   id: 'usr_ada', email: 'ada@example.com', name: 'Ada', photoUrl: null, slug: 'ada', plan: 'free',
 *   creditsBalance: 0, totalCreditsUsed: 0, createdAt: '', lastActivity: '', processedAt: '',
 *   storage: { theme: 'dark' },
 * };
 * const client = new RoolClient({
 *   apiUrl: 'https://api.example.com',
 *   authProvider: new TokenAuthProvider('token'),
 *   // A stand-in server: a real client omits `fetch`.
 *   fetch: async () => Response.json({ ok: true, value: user }),
 * });
 * assert.equal(await client.initialize(), true);
 * assert.equal(client.currentUser?.name, 'Ada');
 * assert.equal(client.getUserStorage<string>('theme'), 'dark');
 * ```
 */
export class RoolClient extends EventEmitter<RoolClientEvents> {
  #config: ResolvedRoolConfig;
  #auth: AuthProvider;
  #logger: Logger;
  #api: RoolBindings;
  #currentUser: CurrentUser | null = null;
  #authenticated: boolean | undefined;
  #spaces = new Map<string, Promise<RoolSpace>>();
  // What each cached promise resolved to, so that `close()` forgets its handle at once.
  #handles = new WeakMap<Promise<RoolSpace>, RoolSpace>();
  #storage: UserStorageCache;
  #request: RoolRequestContext;
  #events: ResolvedEventsConfig;
  #live: LiveStream | undefined;
  /** The client stream was refused (401) although the token still works: stay off until asked. */
  #liveRefused = false;
  #directory = new SpaceDirectory();
  #states = new ConnectionStates((state) => this.emit('connectionStateChanged', state));

  /**
   * Creates a client; nothing is sent until a method is called.
   *
   * @param config URLs, auth provider, logger, `fetch`, timeout and live-event options; all
   * optional.
   * @throws {RoolError} `validation_error` for a malformed URL, timeout or live-event option.
   */
  constructor(config: RoolClientConfig = {}) {
    const logger = config.logger ?? defaultLogger;
    super(logger);
    this.#logger = logger;
    this.#config = resolveConfig(config);
    this.#events = resolveEventsConfig(config.events);
    this.#auth = config.authProvider ?? new BrowserAuthProvider();
    this.#request = {
      apiUrl: this.#config.apiUrl,
      fetch: config.fetch,
      clientId: createClientId(),
      getToken: () => this.#auth.getToken(),
    };
    this.#api = createRoolApi({
      ...this.#request,
      timeoutMs: this.#config.timeoutMs,
      retry: config.retry,
      logger,
    });
    this.#storage = new UserStorageCache({
      api: this.#api,
      emit: (event, ...args) => this.emit(event, ...args),
      logger,
    });
    this.#auth.attach({
      authUrl: this.#config.authUrl,
      logger,
      verifyEmail: async (token) => (await this.#api.auth.verify({ token })).verified,
    });
  }

  /** The API's base URL. */
  get apiUrl(): string {
    return this.#config.apiUrl;
  }
  /** The auth pages' base URL. */
  get authUrl(): string {
    return this.#config.authUrl;
  }
  /** The GraphQL endpoint, as configured (stored for older servers; unused by this client). */
  get graphqlUrl(): string {
    return this.#config.graphqlUrl;
  }
  /** The signed-in user's profile as last fetched; `null` before `initialize()` and after logout. */
  get currentUser(): CurrentUser | null {
    return this.#currentUser;
  }

  /**
   * Call on startup: completes a pending sign-in, then fetches the user and
   * their storage, and starts the client's live-event stream. A token the
   * server refuses is forgotten.
   *
   * @returns Whether the client is signed in; `authStateChanged` fires when that changed.
   * @throws {RoolError} When the server cannot be reached or fails (not for a refused token).
   */
  async initialize(): Promise<boolean> {
    if (!(await this.#auth.initialize())) {
      this.#signedOut();
      return false;
    }
    this.#liveRefused = false;
    return await this.#refreshUser();
  }

  /**
   * Starts the login flow (a redirect in a browser; a loopback flow with `NodeAuthProvider`).
   *
   * @param appName The app's name, shown on the login page.
   * @param params Extra query parameters for the login page.
   * @returns When the provider is done; call `initialize()` again after a non-redirect login.
   * @throws {RoolError} When the provider cannot log in or the flow fails.
   */
  login(appName: string, params?: AuthParams): Promise<void> {
    return this.#auth.login(appName, params);
  }

  /**
   * Starts the signup flow.
   *
   * @param appName The app's name, shown on the signup page.
   * @param params Extra query parameters for the signup page.
   * @returns When the provider is done.
   * @throws {RoolError} When the provider cannot sign up or the flow fails.
   */
  signup(appName: string, params?: AuthParams): Promise<void> {
    return this.#auth.signup(appName, params);
  }

  /**
   * Completes email verification.
   *
   * @param token The token from the verification email.
   * @returns Whether the email is now verified; `false` when the provider cannot verify.
   * @throws {RoolError} When the call fails.
   */
  verify(token: string): Promise<boolean> {
    return this.#auth.verify ? this.#auth.verify(token) : Promise.resolve(false);
  }

  /**
   * Signs out: revokes the token on the server (best-effort), forgets it,
   * closes open spaces and clears the user and storage caches.
   */
  logout(): void {
    // Read before the provider forgets it; the revocation is sent with this very token.
    let token: Promise<string | undefined>;
    try {
      token = this.#auth.getToken();
    } catch (error) {
      token = Promise.reject(error);
    }
    this.#auth.logout();
    void token.then(async (value) => {
      if (value === undefined) return;
      await this.#api.auth.logout({}, { headers: { Authorization: `Bearer ${value}` } });
    }).catch((error) => this.#logger.warn('Could not revoke the token on the server', error));
    this.#signedOut();
  }

  /**
   * Checks the token with the server, refreshing `currentUser`. Without a
   * token, or with one the server refuses, the client is signed out.
   *
   * @returns Whether the server accepts the token.
   * @throws {RoolError} When the server cannot be reached or fails.
   */
  async isAuthenticated(): Promise<boolean> {
    if ((await this.#auth.getToken()) === undefined) {
      this.#signedOut();
      return false;
    }
    return await this.#refreshUser();
  }

  /**
   * The identity the token carries, decoded without verifying; fields the
   * token lacks (opaque tokens) come from `currentUser` when known.
   *
   * @returns The user's ID, email and name, each `null` when unknown.
   */
  getAuthUser(): AuthUser {
    const fromToken = this.#auth.getAuthUser();
    const user = this.#currentUser;
    return {
      id: fromToken.id ?? user?.id ?? unknownAuthUser.id,
      email: fromToken.email ?? user?.email ?? unknownAuthUser.email,
      name: fromToken.name ?? user?.name ?? unknownAuthUser.name,
    };
  }

  /**
   * Sets or changes the password.
   *
   * @param password At least 8 characters, with letters and either digits or symbols.
   * @returns When set.
   * @throws {RoolError} `validation_error` for a weak password, or when the call fails.
   */
  async setPassword(password: string): Promise<void> {
    await this.#api.user.setPassword({ password });
  }

  /**
   * Fetches the user's profile and caches it as `currentUser`.
   *
   * @returns The profile.
   * @throws {RoolError} When the call fails.
   */
  async getCurrentUser(): Promise<CurrentUser> {
    return this.#currentUser = await this.#api.user.get({});
  }

  /**
   * Changes the user's `name`, `slug` or `marketingOptIn`.
   *
   * @param input The fields to change.
   * @returns The updated profile, also cached as `currentUser`.
   * @throws {RoolError} `conflict` for a taken slug, or when the call fails.
   */
  async updateCurrentUser(input: UpdateCurrentUserInput): Promise<CurrentUser> {
    return this.#currentUser = await this.#api.user.update(input);
  }

  /**
   * Marks the account for deletion, then signs out.
   *
   * @returns When deleted.
   * @throws {RoolError} When the call fails.
   */
  async deleteCurrentUser(): Promise<void> {
    await this.#api.user.delete({});
    this.#auth.logout(); // the server has revoked the token already
    this.#signedOut();
  }

  /**
   * Finds a user by exact email.
   *
   * @param email The email address.
   * @returns The user, or `null`.
   * @throws {RoolError} When the call fails.
   */
  async searchUser(email: string): Promise<UserResult | null> {
    return (await this.#api.user.search({ email })).user;
  }

  /**
   * The spaces the user is a member of.
   *
   * @returns Spaces, newest first.
   * @throws {RoolError} When the call fails.
   */
  async listSpaces(): Promise<RoolSpaceInfo[]> {
    const { spaces } = await this.#api.spaces.list({});
    this.#directory.listed(spaces);
    return spaces;
  }

  /**
   * Opens a space: the same handle for the same ID until it is closed.
   *
   * @param spaceId The space's ID.
   * @returns The handle.
   * @throws {RoolError} `not_found` when it does not exist or is not visible.
   */
  openSpace(spaceId: string): Promise<RoolSpace> {
    if (typeof spaceId !== 'string' || spaceId === '') {
      return Promise.reject(invalidArgument('Space ID must be a non-empty string'));
    }
    let space = this.#spaces.get(spaceId);
    if (!space) {
      const pending: Promise<RoolSpace> = this.#api.spaces.get({ spaceId }).then((snapshot) => {
        const handle = openSpaceHandle({
          api: this.#api,
          logger: this.#logger,
          apiUrl: this.#config.apiUrl,
          snapshot,
          client: this.#spaceLink,
          request: this.#request,
          events: this.#events,
          timeoutMs: this.#config.timeoutMs,
        });
        this.#handles.set(pending, handle);
        return handle;
      });
      space = pending;
      this.#spaces.set(spaceId, space);
      space.catch(() => {
        if (this.#spaces.get(spaceId) === space) this.#spaces.delete(spaceId);
      });
    }
    return space;
  }

  /**
   * Creates a space and opens it; emits `spaceAdded`.
   *
   * @param name The space's name.
   * @returns The open space.
   * @throws {RoolError} When the call fails.
   */
  async createSpace(name: string): Promise<RoolSpace> {
    const info = await this.#api.spaces.create({ name });
    this.#spaceAdded(info);
    return await this.openSpace(info.id);
  }

  /**
   * Copies a space's objects, schema, metadata and channels into a new space; emits `spaceAdded`.
   *
   * @param sourceId The space to copy.
   * @param name The copy's name.
   * @returns The open copy.
   * @throws {RoolError} When the call fails.
   */
  async duplicateSpace(sourceId: string, name: string): Promise<RoolSpace> {
    const info = await this.#api.spaces.duplicate({ spaceId: sourceId, name });
    this.#spaceAdded(info);
    return await this.openSpace(info.id);
  }

  /**
   * Deletes a space for good (owner role), closes its handle, emits `spaceRemoved`.
   *
   * @param spaceId The space.
   * @returns When deleted.
   * @throws {RoolError} When the call fails.
   */
  async deleteSpace(spaceId: string): Promise<void> {
    await this.#api.spaces.delete({ spaceId });
    const open = this.#spaces.get(spaceId);
    this.#spaces.delete(spaceId);
    open?.then((space) => space.close(), () => {});
    if (this.#directory.local('spaceRemoved', spaceId)) this.emit('spaceRemoved', spaceId);
  }

  /**
   * Imports a zip archive (from `space.exportArchive()`) as a new space the user owns, and opens
   * it; emits `spaceAdded`. The server checks the whole archive first: a refused one creates
   * nothing (docs/rool-archive.md).
   *
   * @param name The new space's name, 1–200 characters.
   * @param archive The zip.
   * @returns The open space.
   * @throws {RoolError} `validation_error` (status 0) for a bad name or archive argument;
   * `validation_error` (400) for an archive the server refuses, `payload_too_large` (413) for one
   * over its limits, or when the transfer fails.
   */
  async importArchive(name: string, archive: ArchiveInput): Promise<RoolSpace> {
    const transfer = { context: this.#request, timeoutMs: this.#config.timeoutMs };
    const info = await uploadArchive(transfer, name, archive);
    this.#spaceAdded(info);
    return await this.openSpace(info.id);
  }

  /**
   * Reads a user-storage value from the cache.
   *
   * @param key The key.
   * @returns The value, or `undefined`.
   */
  getUserStorage<T = unknown>(key: string): T | undefined {
    return this.#storage.get(key) as T | undefined;
  }

  /**
   * Sets a user-storage value, fire-and-forget: the cache changes at once and
   * `userStorageChanged` fires; a refused write is rolled back and emitted as `error`.
   *
   * @param key The key.
   * @param value The value; `null` or `undefined` deletes the key.
   * @throws {RoolError} `validation_error` for an empty key.
   */
  setUserStorage(key: string, value: unknown): void {
    this.#storage.set(key, value);
  }

  /**
   * All cached user storage.
   *
   * @returns A copy.
   */
  getAllUserStorage(): Record<string, unknown> {
    return this.#storage.all();
  }

  /**
   * Records a telemetry event, fire-and-forget (failures are logged as warnings).
   *
   * @param event The event name.
   * @param url The page it happened on.
   */
  reportEvent(event: string, url?: string): void {
    this.#api.telemetry.report(url === undefined ? { event } : { event, url }).catch((error) =>
      this.#logger.warn(`Could not report event ${event}`, error)
    );
  }

  /**
   * Stops the live-event streams, closes open spaces, releases the provider's
   * resources and removes every listener.
   */
  destroy(): void {
    this.#stopLive();
    this.#closeSpaces();
    this.#auth.destroy?.();
    this.removeAllListeners();
  }

  /**
   * A 6-character alphanumeric ID, e.g. for object names.
   *
   * @returns The ID.
   */
  generateId(): string {
    return generateId();
  }

  get #spaceLink(): SpaceClientLink {
    return {
      closed: (space) => {
        // At once: an `openSpace` right after `close()` must not hand out the closed handle.
        const cached = this.#spaces.get(space.id);
        if (cached && this.#handles.get(cached) === space) this.#spaces.delete(space.id);
      },
      renamed: (spaceId, name) => {
        if (this.#directory.local('spaceRenamed', spaceId, name)) {
          this.emit('spaceRenamed', spaceId, name);
        }
      },
      deleteSpace: (spaceId) => this.deleteSpace(spaceId),
      channelEvent: (event, spaceId, channel) => {
        if (event === 'channelDeleted') this.emit(event, spaceId, channel as string);
        else this.emit(event, spaceId, channel as Exclude<typeof channel, string>);
      },
      liveState: (space, state) => this.#states.set(space, state),
      // The handle stays open (and cached) until closed: its stream is over, its caches remain.
      gone: (space) => {
        if (this.#directory.remote('spaceRemoved', space.id)) this.emit('spaceRemoved', space.id);
      },
      unauthorized: () => this.#liveUnauthorized(),
    };
  }

  #spaceAdded(info: RoolSpaceInfo): void {
    if (this.#directory.local('spaceAdded', info.id, info.name)) this.emit('spaceAdded', info);
  }

  /** Starts the client stream, unless it runs, is turned off, or was refused. */
  #startLive(): void {
    if (!this.#events.enabled || this.#liveRefused || this.#live?.active) return;
    this.#live ??= createClientLive({
      directory: this.#directory,
      storage: this.#storage,
      emit: (event, ...args) => this.emit(event, ...args),
      renameOpenSpace: (spaceId, name) =>
        this.#spaces.get(spaceId)?.then((space) => setSpaceHandleName(space, name), () => {}),
      resync: () => void this.#resync(),
      stateChanged: (state) => this.#states.set(clientStream, state),
      unauthorized: () => this.#liveUnauthorized(),
    }, { request: this.#request, settings: this.#events, logger: this.#logger });
    this.#directory.expectEchoes(true);
    this.#storage.countEchoes(true);
    this.#live.start();
  }

  /** Stops the client stream; the next one starts without a resume point (another user). */
  #stopLive(): void {
    this.#live?.close();
    this.#live = undefined;
    this.#directory.expectEchoes(false);
    this.#storage.countEchoes(false);
  }

  /** Events were missed: rereads the user, their storage, and the open spaces. */
  async #resync(): Promise<void> {
    try {
      const user = await this.#api.user.get({});
      this.#currentUser = user;
      this.#storage.resync(user.storage ?? {});
    } catch (error) {
      this.#logger.warn('Could not reread the user after missed events', error);
    }
    for (const pending of [...this.#spaces.values()]) {
      pending.then((space) => space.refresh()).catch((error) =>
        this.#logger.warn('Could not refresh a space after missed events', error)
      );
    }
  }

  /** A stream was refused as unauthorized: ask the server whether the token still works. */
  #liveUnauthorized(): void {
    this.#liveRefused = true;
    this.isAuthenticated().then(
      (authenticated) => {
        if (authenticated) {
          this.#logger.warn('Live events refused the token that RPC accepts; they stay off');
        }
      },
      (error) => this.#logger.warn('Could not check the token after live events refused it', error),
    );
  }

  /** Fetches the user (and their storage); a refused token signs the client out. */
  async #refreshUser(): Promise<boolean> {
    try {
      const user = await this.#api.user.get({});
      this.#currentUser = user;
      this.#storage.replace(user.storage ?? {});
    } catch (error) {
      if (!(error instanceof RoolError) || error.type !== 'unauthorized') throw error;
      this.#logger.warn('The server refused the stored token; signing out');
      this.#auth.logout();
      this.#signedOut();
      return false;
    }
    this.#setAuthenticated(true);
    this.#startLive();
    return true;
  }

  #signedOut(): void {
    this.#stopLive();
    this.#liveRefused = false;
    this.#closeSpaces();
    this.#currentUser = null;
    this.#storage.replace({});
    this.#setAuthenticated(false);
  }

  #setAuthenticated(authenticated: boolean): void {
    if (this.#authenticated === authenticated) return;
    this.#authenticated = authenticated;
    this.emit('authStateChanged', authenticated);
  }

  #closeSpaces(): void {
    const spaces = [...this.#spaces.values()];
    this.#spaces.clear();
    for (const space of spaces) space.then((open) => open.close(), () => {});
  }
}
