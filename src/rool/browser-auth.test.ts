import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AuthContext } from './auth.ts';
import {
  BrowserAuthProvider,
  type HistoryLike,
  type LocationLike,
  type StorageLike,
} from './browser-auth.ts';
import { RoolError } from './errors.ts';
import type { Logger } from './logger.ts';

class MemoryStorage implements StorageLike {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

/** A browser tab: one address bar shared by location and history. */
function tab(href: string) {
  const visited: string[] = [];
  const replaced: { state: unknown; url?: string }[] = [];
  const location: LocationLike & { href: string } = {
    href,
    assign(url: string) {
      visited.push(url);
    },
  };
  const history: HistoryLike = {
    state: { route: 'home' },
    replaceState(state: unknown, _unused: string, url?: string) {
      replaced.push({ state, url });
      if (url) location.href = url;
    },
  };
  return { location, history, visited, replaced };
}

function context(errors: unknown[][] = []): AuthContext {
  const logger: Logger = {
    debug() {},
    info() {},
    warn() {},
    error: (...args) => errors.push(args),
  };
  return {
    authUrl: 'https://rool.dev/auth',
    logger,
    verifyEmail: (token) => Promise.resolve(token === 'good'),
  };
}

function setup(href = 'https://app.example.com/board?x=1#section') {
  const browser = tab(href);
  const localStorage = new MemoryStorage();
  const sessionStorage = new MemoryStorage();
  const errors: unknown[][] = [];
  const provider = new BrowserAuthProvider({
    location: browser.location,
    history: browser.history,
    localStorage,
    sessionStorage,
  });
  provider.attach(context(errors));
  return { provider, browser, localStorage, sessionStorage, errors };
}

/** Follows a login redirect the way the auth page does: back to redirect_uri with a fragment. */
function comeBack(
  browser: ReturnType<typeof tab>,
  fragment: Record<string, string>,
): void {
  const login = new URL(browser.visited.at(-1)!);
  const back = new URL(login.searchParams.get('redirect_uri')!);
  back.hash = new URLSearchParams(fragment).toString();
  browser.location.href = back.href;
}

describe('BrowserAuthProvider', () => {
  test('login redirects to {authUrl}/login with app, redirect_uri, state and response_mode', async () => {
    const { provider, browser, sessionStorage } = setup();
    await provider.login('My App', { email: 'ada@example.com', app: 'ignored' });
    const url = new URL(browser.visited[0]!);
    assert.equal(url.origin + url.pathname, 'https://rool.dev/auth/login');
    assert.equal(url.searchParams.get('app'), 'My App');
    assert.equal(url.searchParams.get('redirect_uri'), 'https://app.example.com/board?x=1');
    assert.equal(url.searchParams.get('response_mode'), 'fragment');
    assert.equal(url.searchParams.get('email'), 'ada@example.com');
    assert.equal(url.searchParams.has('mode'), false);
    const state = url.searchParams.get('state')!;
    assert.match(state, /^[A-Za-z0-9]{32}$/);
    assert.equal(sessionStorage.getItem('rool:auth-state:https://rool.dev/auth'), state);
  });

  test('signup adds mode=signup, and each login gets a fresh state', async () => {
    const { provider, browser } = setup();
    await provider.signup('My App');
    await provider.login('My App');
    const [signup, login] = browser.visited.map((href) => new URL(href).searchParams);
    assert.equal(signup!.get('mode'), 'signup');
    assert.notEqual(signup!.get('state'), login!.get('state'));
  });

  test('initialize takes the token from the fragment, stores it and cleans the URL', async () => {
    const { provider, browser, localStorage, sessionStorage } = setup();
    assert.equal(await provider.initialize(), false);
    await provider.login('My App');
    const state = new URL(browser.visited[0]!).searchParams.get('state')!;
    comeBack(browser, { access_token: 'tok-1', token_type: 'bearer', expires_in: '3600', state });
    assert.equal(await provider.initialize(), true);
    assert.equal(await provider.getToken(), 'tok-1');
    assert.equal(browser.location.href, 'https://app.example.com/board?x=1');
    assert.deepEqual(browser.replaced, [{
      state: { route: 'home' },
      url: 'https://app.example.com/board?x=1',
    }]);
    assert.equal(sessionStorage.items.size, 0, 'the state is used once');
    const stored = JSON.parse(localStorage.getItem('rool:access-token:https://rool.dev/auth')!);
    assert.equal(stored.accessToken, 'tok-1');
    assert.ok(Math.abs(stored.expiresAt - (Date.now() + 3_600_000)) < 5_000);
  });

  test('an answer whose state does not match is ignored, but still removed from the URL', async () => {
    const { provider, browser, localStorage, errors } = setup();
    await provider.login('My App');
    comeBack(browser, { access_token: 'stolen', expires_in: '3600', state: 'forged' });
    assert.equal(await provider.initialize(), false);
    assert.equal(await provider.getToken(), undefined);
    assert.equal(localStorage.items.size, 0);
    assert.equal(new URL(browser.location.href).hash, '');
    assert.match(String(errors[0]![0]), /state/);
  });

  test('an answer nobody asked for (no stored state) is ignored', async () => {
    const { provider, browser } = setup('https://app.example.com/#access_token=t&state=s');
    assert.equal(await provider.initialize(), false);
    assert.equal(browser.location.href, 'https://app.example.com/');
  });

  test('an error answer is logged and stores nothing', async () => {
    const { provider, browser, errors } = setup();
    await provider.login('My App');
    comeBack(browser, { error: 'access_denied', state: 'x' });
    assert.equal(await provider.initialize(), false);
    assert.match(String(errors[0]![0]), /access_denied/);
  });

  test('a fragment that is not an auth answer is left alone', async () => {
    const { provider, browser } = setup('https://app.example.com/#section');
    await provider.initialize();
    assert.deepEqual(browser.replaced, []);
  });

  test('an expired token is no token', async () => {
    const { provider, localStorage } = setup();
    localStorage.setItem(
      'rool:access-token:https://rool.dev/auth',
      JSON.stringify({ accessToken: 'old', expiresAt: Date.now() - 1 }),
    );
    assert.equal(await provider.initialize(), false);
    assert.equal(await provider.getToken(), undefined);
  });

  test('tokens are scoped to the auth URL', async () => {
    const { localStorage, browser } = setup();
    localStorage.setItem(
      'rool:access-token:https://rool.dev/auth',
      JSON.stringify({ accessToken: 'prod', expiresAt: null }),
    );
    const staging = new BrowserAuthProvider({
      location: browser.location,
      localStorage,
      sessionStorage: new MemoryStorage(),
    });
    staging.attach({ ...context(), authUrl: 'https://staging.rool.dev/auth' });
    assert.equal(await staging.getToken(), undefined);
  });

  test('logout removes the token; getAuthUser decodes it', async () => {
    const { provider, localStorage } = setup();
    const payload = btoa(JSON.stringify({ sub: 'usr_ada', email: 'ada@example.com', name: 'Ada' }));
    localStorage.setItem(
      'rool:access-token:https://rool.dev/auth',
      JSON.stringify({ accessToken: `h.${payload}.s`, expiresAt: null }),
    );
    assert.deepEqual(provider.getAuthUser(), {
      id: 'usr_ada',
      email: 'ada@example.com',
      name: 'Ada',
    });
    provider.logout();
    assert.equal(await provider.getToken(), undefined);
    assert.deepEqual(provider.getAuthUser(), { id: null, email: null, name: null });
  });

  test('verify goes to the server through the context', async () => {
    const { provider } = setup();
    assert.equal(await provider.verify('good'), true);
    assert.equal(await provider.verify('bad'), false);
  });

  test('outside a browser login is refused and initialize finds nothing', async () => {
    const provider = new BrowserAuthProvider({
      localStorage: new MemoryStorage(),
      sessionStorage: new MemoryStorage(),
    });
    provider.attach(context());
    // Deno has no `location` without --location; Bun and Node have none at all.
    if ((globalThis as { location?: unknown }).location === undefined) {
      await assert.rejects(provider.login('My App'), (error) => {
        return error instanceof RoolError && error.type === 'unsupported';
      });
    }
    assert.equal(await provider.initialize(), false);
  });

  test('storage that throws counts as empty', async () => {
    const throwing: StorageLike = {
      getItem() {
        throw new Error('SecurityError');
      },
      setItem() {
        throw new Error('SecurityError');
      },
      removeItem() {
        throw new Error('SecurityError');
      },
    };
    const browser = tab('https://app.example.com/');
    const provider = new BrowserAuthProvider({
      location: browser.location,
      history: browser.history,
      localStorage: throwing,
      sessionStorage: throwing,
    });
    provider.attach(context());
    assert.equal(await provider.initialize(), false);
    await provider.login('My App');
    provider.logout();
    assert.equal(browser.visited.length, 1);
  });
});
