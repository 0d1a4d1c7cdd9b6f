import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { after, describe, test } from 'node:test';
import { createHash } from 'node:crypto';
import type { AuthContext } from './auth.ts';
import { RoolError } from './errors.ts';
import type { Logger } from './logger.ts';
import { credentialsPath, NodeAuthProvider, type NodeAuthProviderOptions } from './node.ts';

const authUrl = 'http://127.0.0.1:8787/rool/auth';
const root = mkdtempSync(join(tmpdir(), 'rool-node-auth-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;

function jwt(payload: Record<string, unknown>): string {
  const part = (value: unknown) => btoa(JSON.stringify(value)).replace(/=+$/, '');
  return `${part({ alg: 'HS256' })}.${part(payload)}.sig`;
}

function setup(options: NodeAuthProviderOptions = {}) {
  const configDir = join(root, `dir-${++dirs}`, 'rool');
  const errors: unknown[][] = [];
  const infos: unknown[][] = [];
  const logger: Logger = {
    debug() {},
    info: (...args) => infos.push(args),
    warn() {},
    error: (...args) => errors.push(args),
  };
  const context: AuthContext = { authUrl, logger, verifyEmail: () => Promise.resolve(true) };
  const provider = new NodeAuthProvider({ configDir, loginTimeoutMs: 5_000, ...options });
  provider.attach(context);
  return { provider, configDir, context, errors, infos };
}

/** A browser that follows the login URL back to the loopback callback with `answer`. */
function browser(
  answers: ((state: string) => Record<string, string>)[],
  seen: { status: number; body: string }[] = [],
) {
  const opened: URL[] = [];
  let done!: () => void;
  // The login may resolve before the browser has read the last page; tests await this too.
  const finished = new Promise<void>((resolve) => done = resolve);
  const openBrowser = async (href: string) => {
    const url = new URL(href);
    opened.push(url);
    for (const answer of answers) {
      const callback = new URL(url.searchParams.get('redirect_uri')!);
      for (const [name, value] of Object.entries(answer(url.searchParams.get('state')!))) {
        callback.searchParams.set(name, value);
      }
      const response = await fetch(callback);
      seen.push({ status: response.status, body: await response.text() });
    }
    done();
  };
  return { openBrowser, opened, seen, finished };
}

describe('credentialsPath', () => {
  test('is credentials-<first 16 hex of SHA-256(authUrl)>.json in the config dir', () => {
    const hash = createHash('sha256').update(authUrl).digest('hex').slice(0, 16);
    assert.equal(credentialsPath(authUrl, '/cfg'), join('/cfg', `credentials-${hash}.json`));
    assert.notEqual(
      credentialsPath('https://rool.dev/auth', '/cfg'),
      credentialsPath(authUrl, '/cfg'),
    );
  });

  test('defaults to ~/.config/rool', () => {
    assert.match(
      credentialsPath(authUrl),
      /[/\\]\.config[/\\]rool[/\\]credentials-[0-9a-f]{16}\.json$/,
    );
  });

  test('the provider reports its own path, and refuses before it is attached', () => {
    const { provider, configDir } = setup();
    assert.equal(provider.credentialsPath, credentialsPath(authUrl, configDir));
    assert.throws(() => new NodeAuthProvider().credentialsPath, RoolError);
  });
});

describe('NodeAuthProvider login', () => {
  test('opens the login page, takes the token from the loopback callback and stores it', async () => {
    const token = jwt({ sub: 'usr_ada', email: 'ada@example.com', name: 'Ada' });
    const { openBrowser, opened, seen, finished } = browser([(state) => ({
      access_token: token,
      token_type: 'bearer',
      expires_in: '3600',
      state,
    })]);
    const { provider, configDir } = setup({ openBrowser });
    assert.equal(await provider.initialize(), false);
    await provider.login('My CLI Tool', { email: 'ada@example.com' });
    await finished;

    const url = opened[0]!;
    assert.equal(url.origin + url.pathname, `${authUrl}/login`);
    assert.equal(url.searchParams.get('app'), 'My CLI Tool');
    assert.equal(url.searchParams.get('response_mode'), 'query');
    assert.equal(url.searchParams.get('email'), 'ada@example.com');
    assert.equal(url.searchParams.has('mode'), false);
    assert.match(url.searchParams.get('redirect_uri')!, /^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    assert.equal(seen[0]!.status, 200);
    assert.match(seen[0]!.body, /close this tab/);

    assert.equal(await provider.getToken(), token);
    assert.deepEqual(provider.getAuthUser(), {
      id: 'usr_ada',
      email: 'ada@example.com',
      name: 'Ada',
    });
    const file = credentialsPath(authUrl, configDir);
    const stored = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(stored.accessToken, token);
    assert.equal(stored.authUrl, authUrl);
    if (process.platform !== 'win32') {
      assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.equal(statSync(configDir).mode & 0o777, 0o700);
    }

    // A later run finds the credentials.
    const later = new NodeAuthProvider({ configDir });
    later.attach(setup().context);
    assert.equal(await later.initialize(), true);
    assert.equal(await later.getToken(), token);
    later.logout();
    assert.equal(existsSync(file), false);
    assert.equal(await later.initialize(), false);
  });

  test('signup sends mode=signup', async () => {
    const { openBrowser, opened, finished } = browser([(state) => ({ access_token: 't', state })]);
    const { provider } = setup({ openBrowser });
    await provider.signup('My CLI Tool');
    await finished;
    assert.equal(opened[0]!.searchParams.get('mode'), 'signup');
  });

  test('a callback with the wrong state is refused and the login goes on waiting', async () => {
    const seen: { status: number; body: string }[] = [];
    const { openBrowser, finished } = browser([
      () => ({ access_token: 'forged', state: 'not-the-state' }),
      (state) => ({ access_token: 'real', state }),
    ], seen);
    const { provider } = setup({ openBrowser });
    await provider.login('My CLI Tool');
    await finished;
    assert.deepEqual(seen.map((s) => s.status), [400, 200]);
    assert.equal(await provider.getToken(), 'real');
  });

  test('an error answer rejects with auth_failed and stores nothing', async () => {
    const { openBrowser, seen, finished } = browser([
      (state) => ({ error: 'access_denied', state }),
    ]);
    const { provider, configDir } = setup({ openBrowser });
    await assert.rejects(provider.login('My CLI Tool'), (error) => {
      return error instanceof RoolError && error.type === 'auth_failed' &&
        /access_denied/.test(error.message);
    });
    await finished;
    assert.equal(seen[0]!.status, 400);
    assert.equal(existsSync(credentialsPath(authUrl, configDir)), false);
  });

  test('times out, and logs the URL when the browser cannot be opened', async () => {
    const { provider, errors } = setup({
      loginTimeoutMs: 50,
      openBrowser: () => {
        throw new Error('no display');
      },
    });
    await assert.rejects(provider.login('My CLI Tool'), (error) => {
      return error instanceof RoolError && error.type === 'timeout';
    });
    assert.match(
      String(errors[0]![0]),
      new RegExp(`open this URL to sign in: ${authUrl}/login\\?`),
    );
  });

  test('destroy cancels a login in progress; a second login meanwhile is a conflict', async () => {
    let opened!: () => void;
    const browserOpened = new Promise<void>((resolve) => opened = resolve);
    const { provider } = setup({ openBrowser: () => opened() });
    const login = provider.login('My CLI Tool');
    await browserOpened;
    await assert.rejects(provider.login('Again'), (error) => {
      return error instanceof RoolError && error.type === 'conflict';
    });
    provider.destroy();
    await assert.rejects(login, (error) => error instanceof RoolError && error.type === 'aborted');
  });

  test('expired, foreign or corrupt credentials count as none', async () => {
    const { provider, configDir } = setup();
    const file = credentialsPath(authUrl, configDir);
    mkdirSync(configDir, { recursive: true });
    const write = (content: string) => writeFileSync(file, content);
    write(JSON.stringify({ authUrl, accessToken: 'old', expiresAt: Date.now() - 1 }));
    assert.equal(await provider.initialize(), false);
    write(
      JSON.stringify({ authUrl: 'https://other.test/auth', accessToken: 'x', expiresAt: null }),
    );
    assert.equal(await provider.initialize(), false);
    write('{not json');
    assert.equal(await provider.initialize(), false);
    write(JSON.stringify({ authUrl, accessToken: 'ok', expiresAt: null }));
    assert.equal(await provider.initialize(), true);
  });
});
