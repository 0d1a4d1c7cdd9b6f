// The Rool browser login flow (docs/rool-contract.md §2), end to end in headless Chromium: the
// app in test/runtime/browser-app.ts, bundled with the SDK into .tmp/runtime/browser-app.js,
// starts up with `initialize()` and `login()`, is redirected to the mock's login page, and comes
// back signed in with the token in the URL fragment, which the SDK's default auth provider (the
// BrowserAuthProvider) checks, stores in localStorage and removes from the address bar.
//
// One loopback server serves the mock (`/rool/…`) and the app (`/app/`), so the app's RPC calls
// are same-origin and its `redirect_uri` is acceptable both as loopback and as same-origin.
// Chromium is Debian's (/usr/bin/chromium), driven by playwright-core: no browser is downloaded.
//
// Run by the `browser-login` stage of scripts/test.ts, which bundles the app first; the name
// avoids the `*.test.*` globs so the unit stages do not run it.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromiumMissing, chromiumPath, launchChromium } from '../helpers/chromium.ts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createMockServer, type MockServer } from '../../mock-server/mod.ts';

/** Where Debian's package puts Chromium; CI's .ci/run installs it. */
const bundlePath = fileURLToPath(new URL('../../.tmp/runtime/browser-app.js', import.meta.url));
const appName = 'Browser test';
/** How long any one wait in the browser may take, so a broken flow fails fast. */
const waitMs = 10_000;

let mock: MockServer;
let server: Deno.HttpServer<Deno.NetAddr>;
let browser: Browser;
/** The server's origin, e.g. `http://127.0.0.1:41234`. */
let origin: string;
/** Every line the mock logged (signups log their verification token). */
const mockLog: string[] = [];

function appPage(apiUrl: string): string {
  const escaped = apiUrl.replaceAll('&', '&amp;').replaceAll('"', '&quot;');
  return `<!doctype html>
<html lang="en" data-api-url="${escaped}">
<head><meta charset="utf-8"><title>${appName}</title></head>
<body>
<h1>${appName}</h1>
<p>Status: <span id="status">loading</span></p>
<p>Email: <span id="email"></span></p>
<p>Name: <span id="name"></span></p>
<p>Spaces: <span id="spaces"></span></p>
<ul id="problems"></ul>
<script type="module" src="/app/browser-app.js"></script>
</body>
</html>
`;
}

before(async () => {
  if (!existsSync(chromiumPath)) throw new Error(chromiumMissing);
  if (!existsSync(bundlePath)) {
    throw new Error(
      `The app bundle ${bundlePath} is missing: run \`deno task test --only browser-login\``,
    );
  }
  const bundle = readFileSync(bundlePath, 'utf8');
  mock = createMockServer({ rool: { log: (line) => mockLog.push(line) } });
  const noStore = { 'cache-control': 'no-store' };
  server = Deno.serve({ hostname: '127.0.0.1', port: 0, onListen() {} }, (request) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/app/') {
      return new Response(appPage(`${origin}/rool`), {
        headers: { ...noStore, 'content-type': 'text/html; charset=utf-8' },
      });
    }
    if (pathname === '/app/browser-app.js') {
      return new Response(bundle, {
        headers: { ...noStore, 'content-type': 'text/javascript; charset=utf-8' },
      });
    }
    return mock.fetch(request);
  });
  origin = `http://127.0.0.1:${server.addr.port}`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.shutdown();
});

/** A tab in a fresh profile (empty storage), with everything it says kept for error messages. */
interface Tab {
  context: BrowserContext;
  page: Page;
  /** Console messages, page errors, and every URL the tab requested. */
  transcript: string[];
}

async function openTab(): Promise<Tab> {
  const context = await browser.newContext();
  context.setDefaultTimeout(waitMs);
  const page = await context.newPage();
  const transcript: string[] = [];
  page.on('console', (message) => transcript.push(`console.${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => transcript.push(`pageerror: ${error.message}`));
  page.on('request', (request) => transcript.push(`${request.method()} ${request.url()}`));
  return { context, page, transcript };
}

/** The app's address. */
function appUrl(query = ''): string {
  return `${origin}/app/${query}`;
}

/** What the app shows once it has settled (signed in, signed out, or failed). */
interface AppView {
  status: string;
  email: string;
  name: string;
  spaces: string;
  problems: string[];
}

async function settledApp(tab: Tab): Promise<AppView> {
  const { page } = tab;
  try {
    await page.locator(
      'html[data-status="signed-in"], html[data-status="signed-out"], html[data-status="error"]',
    ).waitFor({ state: 'attached' });
  } catch (error) {
    throw new Error(
      `The app did not settle at ${page.url()}: ${error}\n${tab.transcript.join('\n')}`,
    );
  }
  return {
    status: await page.locator('#status').innerText(),
    email: await page.locator('#email').innerText(),
    name: await page.locator('#name').innerText(),
    spaces: await page.locator('#spaces').innerText(),
    problems: await page.locator('#problems li').allInnerTexts(),
  };
}

/** Waits for the mock's login page and checks it is the one the app asked for. */
async function onLoginPage(tab: Tab, mode: 'login' | 'signup'): Promise<URL> {
  const { page } = tab;
  try {
    await page.waitForURL((url) => url.pathname === '/rool/auth/login');
  } catch (error) {
    throw new Error(`Never reached the login page: ${error}\n${tab.transcript.join('\n')}`);
  }
  const url = new URL(page.url());
  assert.equal(url.origin, origin);
  assert.equal(url.searchParams.get('app'), appName);
  assert.equal(url.searchParams.get('response_mode'), 'fragment');
  assert.ok(url.searchParams.get('state'), 'the login request carries a state');
  assert.equal(url.searchParams.get('mode'), mode === 'signup' ? 'signup' : null);
  const heading = mode === 'signup' ? 'Create a Rool account' : 'Sign in to Rool';
  assert.equal(await page.locator('h1').innerText(), heading);
  assert.match(await page.locator('body').innerText(), /Browser test wants to use your Rool/);
  return url;
}

/** What the tab's origin keeps in localStorage. */
async function localStorageOf(tab: Tab): Promise<Map<string, string>> {
  const { origins } = await tab.context.storageState();
  const entries = origins.find((o) => o.origin === origin)?.localStorage ?? [];
  return new Map(entries.map(({ name, value }) => [name, value]));
}

/** The token the SDK stored for the mock's auth URL, if any. */
async function storedToken(tab: Tab): Promise<string | undefined> {
  const raw = (await localStorageOf(tab)).get(`rool:access-token:${origin}/rool/auth`);
  return raw === undefined ? undefined : JSON.parse(raw).accessToken;
}

/** The payload of a JWT, decoded without checking it. */
function jwtPayload(token: string): Record<string, unknown> {
  const part = token.split('.')[1] ?? '';
  return JSON.parse(atob(part.replaceAll('-', '+').replaceAll('_', '/')));
}

/** Calls the mock's RPC endpoint as a user, from outside the browser. */
async function rpc(method: string, input: unknown, token: string): Promise<unknown> {
  const response = await fetch(`${origin}/rool/v1/rpc`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ method, input }),
  });
  const body = await response.json();
  assert.equal(body.ok, true, `${method} failed: ${JSON.stringify(body)}`);
  return body.value;
}

describe('Rool browser login in headless Chromium', () => {
  let tab: Tab;
  let spacesAfterLogin: number;

  test('an app without a token goes to the login page and comes back signed in', async () => {
    tab = await openTab();
    const { page } = tab;
    await page.goto(appUrl());
    const login = await onLoginPage(tab, 'login');
    assert.equal(login.searchParams.get('redirect_uri'), appUrl());

    await page.locator('input[name="email"]').fill('alice@example.com');
    await page.locator('button[type="submit"]').click();
    const view = await settledApp(tab);

    assert.deepEqual(view.problems, [], tab.transcript.join('\n'));
    assert.equal(view.status, 'signed-in');
    assert.equal(view.email, 'alice@example.com');
    assert.equal(view.name, 'Alice');
    // Back on the app, and the token is out of the address bar.
    assert.equal(page.url(), appUrl());
    assert.equal(await page.evaluate('location.hash'), '');
    // The token is kept in localStorage: an issued JWT for alice, which the server accepts.
    const token = await storedToken(tab);
    assert.ok(token, `no token in localStorage: ${[...(await localStorageOf(tab)).keys()]}`);
    assert.equal(jwtPayload(token).email, 'alice@example.com');
    const { spaces } = await rpc('spaces.list', {}, token) as { spaces: { name: string }[] };
    spacesAfterLogin = Number(view.spaces);
    assert.equal(spacesAfterLogin, spaces.length);
    assert.ok(spaces.some((space) => space.name === 'From the browser'));
    // The pending login's state is used up.
    const session = await page.evaluate('JSON.stringify(Object.keys(sessionStorage))');
    assert.equal(session, '[]');
  });

  test('a reload keeps the user signed in, without the login page', async () => {
    assert.ok(tab, 'needs the previous test');
    const { page } = tab;
    const before = tab.transcript.length;
    await page.reload();
    const view = await settledApp(tab);

    assert.deepEqual(view.problems, []);
    assert.equal(view.status, 'signed-in');
    assert.equal(view.email, 'alice@example.com');
    assert.equal(Number(view.spaces), spacesAfterLogin + 1, 'the reload made one more space');
    assert.equal(page.url(), appUrl());
    const requests = tab.transcript.slice(before).filter((line) => line.includes('/auth/login'));
    assert.deepEqual(requests, [], 'the reload did not go to the login page');
    await tab.context.close();
  });

  test('a callback whose state was tampered with is refused, and the app says why', async () => {
    const tab = await openTab();
    const { page } = tab;
    await page.goto(appUrl());
    await onLoginPage(tab, 'login');
    // The form carries the state back to the callback; change it, as a forged answer would.
    await page.evaluate(`document.querySelector('input[name="state"]').value = 'forged-state'`);
    await page.locator('input[name="email"]').fill('alice@example.com');
    await page.locator('button[type="submit"]').click();
    const view = await settledApp(tab);

    assert.equal(view.status, 'signed-out', tab.transcript.join('\n'));
    assert.equal(view.email, '');
    assert.equal(view.problems.length, 1, `problems: ${view.problems.join(' | ')}`);
    assert.match(view.problems[0]!, /state does not match/);
    // The app stayed put rather than bouncing back to the login page, with the refused token
    // neither stored nor left in the address bar.
    assert.equal(page.url(), appUrl());
    assert.equal(await storedToken(tab), undefined);
    await tab.context.close();
  });

  test('a sign-in link this tab did not start is refused (no pending login)', async () => {
    const tab = await openTab();
    const { page } = tab;
    // Someone else's valid token, handed over in a link: a login CSRF.
    await page.goto(`${appUrl()}#access_token=rool_bob_token&token_type=bearer&state=guess`);
    const view = await settledApp(tab);

    assert.equal(view.status, 'signed-out', tab.transcript.join('\n'));
    assert.equal(view.email, '');
    assert.match(view.problems.join('\n'), /state does not match/);
    assert.equal(page.url(), appUrl());
    assert.equal(await storedToken(tab), undefined);
    await tab.context.close();
  });

  test('signup creates a new user and signs them in', async () => {
    const email = 'dana.browser@example.com';
    const search = await rpc('user.search', { email }, 'rool_alice_token') as { user: unknown };
    assert.equal(search.user, null, 'the user must not exist before the signup');

    const tab = await openTab();
    const { page } = tab;
    await page.goto(appUrl('?signup'));
    const signup = await onLoginPage(tab, 'signup');
    assert.equal(signup.searchParams.get('redirect_uri'), appUrl('?signup'));
    await page.locator('input[name="email"]').fill(email);
    await page.locator('input[name="name"]').fill('Dana Browser');
    await page.locator('button[type="submit"]').click();
    const view = await settledApp(tab);

    assert.deepEqual(view.problems, [], tab.transcript.join('\n'));
    assert.equal(view.status, 'signed-in');
    assert.equal(view.email, email);
    assert.equal(view.name, 'Dana Browser');
    assert.equal(view.spaces, '1', 'a new user has only the space the app just made');
    assert.equal(page.url(), appUrl('?signup'));
    const token = await storedToken(tab);
    assert.ok(token);
    assert.equal(jwtPayload(token).email, email);
    const found = await rpc('user.search', { email }, 'rool_alice_token') as { user: unknown };
    assert.notEqual(found.user, null, 'the mock knows the new user');
    assert.ok(mockLog.some((line) => line.includes(`verification token for ${email}`)));
    await tab.context.close();
  });
});
