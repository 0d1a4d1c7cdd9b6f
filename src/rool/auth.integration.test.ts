// Both interactive sign-in flows against the mock's login page (docs/rool-contract.md §2): the
// "browser" submits the form the page shows and follows the 303 back to the SDK.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { createMockServer, type MockServer } from '../../mock-server/mod.ts';
import { BrowserAuthProvider, type StorageLike } from './browser-auth.ts';
import { RoolClient } from './client.ts';
import type { Logger } from './logger.ts';
import { NodeAuthProvider } from './node.ts';

const apiUrl = 'http://mock.test/rool';
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const configRoot = mkdtempSync(join(tmpdir(), 'rool-auth-it-'));
after(() => rmSync(configRoot, { recursive: true, force: true }));

/** Shows the login page at `loginUrl`, submits it as `email`, and answers the 303's target. */
async function submitLogin(mock: MockServer, loginUrl: string, email: string): Promise<string> {
  const page = await mock.fetch(loginUrl);
  assert.equal(page.status, 200, await page.clone().text());
  assert.match(await page.text(), /<form/);
  const url = new URL(loginUrl);
  const form = new URLSearchParams(url.searchParams);
  form.set('email', email);
  const answer = await mock.fetch(`${url.origin}${url.pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
    redirect: 'manual',
  });
  assert.equal(answer.status, 303);
  return answer.headers.get('location')!;
}

class MemoryStorage implements StorageLike {
  items = new Map<string, string>();
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, value);
  removeItem = (key: string) => void this.items.delete(key);
}

describe('sign-in against the mock login page', () => {
  test('NodeAuthProvider: loopback callback, JWT identity, credentials reused', async () => {
    const mock = createMockServer();
    const configDir = join(configRoot, 'node');
    const openBrowser = async (loginUrl: string) => {
      const callback = await submitLogin(mock, loginUrl, 'alice@example.com');
      const page = await fetch(callback); // the loopback server, over real HTTP
      assert.equal(page.status, 200);
      await page.text();
    };
    const client = new RoolClient({
      apiUrl,
      fetch: mock.fetch,
      logger: silent,
      authProvider: new NodeAuthProvider({ configDir, openBrowser }),
    });
    assert.equal(await client.initialize(), false);
    await client.login('My CLI Tool');
    assert.equal(await client.initialize(), true);
    assert.equal(client.currentUser?.id, 'usr_alice');
    assert.deepEqual(client.getAuthUser(), {
      id: 'usr_alice',
      email: 'alice@example.com',
      name: 'Alice',
    });

    const later = new RoolClient({
      apiUrl,
      fetch: mock.fetch,
      logger: silent,
      authProvider: new NodeAuthProvider({ configDir }),
    });
    assert.equal(await later.initialize(), true);
    later.logout();
    assert.equal(await later.initialize(), false);
  });

  test('BrowserAuthProvider: signup redirect, fragment, stored token, clean URL, verify', async () => {
    const notices: string[] = [];
    const mock = createMockServer({ rool: { log: (line) => notices.push(line) } });
    let href = 'http://127.0.0.1:5173/app?tab=1';
    const visited: string[] = [];
    const location = {
      get href() {
        return href;
      },
      assign: (url: string) => void visited.push(url),
    };
    const history = {
      state: null,
      replaceState: (_state: unknown, _unused: string, url?: string) => void (href = url ?? href),
    };
    const provider = () =>
      new BrowserAuthProvider({
        location,
        history,
        localStorage,
        sessionStorage,
      });
    const localStorage = new MemoryStorage();
    const sessionStorage = new MemoryStorage();
    const start = new RoolClient({
      apiUrl,
      fetch: mock.fetch,
      logger: silent,
      authProvider: provider(),
    });
    assert.equal(await start.initialize(), false);
    await start.signup('My App');
    assert.equal(
      new URL(visited[0]!).origin + new URL(visited[0]!).pathname,
      `${apiUrl}/auth/login`,
    );

    // The auth page sends the browser back; the app starts again.
    href = await submitLogin(mock, visited[0]!, 'carol@example.com');
    assert.match(new URL(href).hash, /access_token=/);
    const back = new RoolClient({
      apiUrl,
      fetch: mock.fetch,
      logger: silent,
      authProvider: provider(),
    });
    assert.equal(await back.initialize(), true);
    assert.equal(href, 'http://127.0.0.1:5173/app?tab=1');
    assert.equal(back.currentUser?.email, 'carol@example.com');
    assert.equal(back.getAuthUser().email, 'carol@example.com');
    const verification = notices.join('\n').match(
      /verification token for carol@example\.com: (\S+)/,
    )![1]!;
    assert.equal(await back.verify('not-a-token'), false);
    assert.equal(await back.verify(verification), true);
  });
});
