import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redirectProblem } from './login.ts';
import { origin, setupRool } from './_testing.ts';

const query = {
  app: 'My <App>',
  redirect_uri: 'http://127.0.0.1:5173/callback',
  state: 'st"ate',
};

function form(fields: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  };
}

describe('GET /auth/login', () => {
  it('shows the form with the query carried as escaped hidden inputs', async () => {
    const { send } = setupRool({ basePath: '/rool' });
    const response = await send(`/rool/auth/login?${new URLSearchParams(query)}`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type')!, /^text\/html; charset=utf-8$/);
    assert.match(response.headers.get('content-security-policy')!, /default-src 'none'/);
    const html = await response.text();
    assert.ok(html.includes('My &lt;App&gt; wants to use your Rool account'));
    assert.ok(!html.includes('<App>'));
    assert.ok(html.includes('<input type="hidden" name="state" value="st&quot;ate">'));
    assert.ok(
      html.includes(
        '<input type="hidden" name="redirect_uri" value="http://127.0.0.1:5173/callback">',
      ),
    );
    assert.ok(html.includes('<form method="post" action="/rool/auth/login">'));
    assert.ok(!/<(script|link|img)\b/.test(html), 'no external assets or scripts');
  });

  it('asks for a name in signup mode', async () => {
    const { send } = setupRool();
    const html =
      await (await send(`/auth/login?${new URLSearchParams({ ...query, mode: 'signup' })}`))
        .text();
    assert.ok(html.includes('Create a Rool account'));
    assert.ok(html.includes('name="name"'));
  });

  it('refuses, without the form, a redirect_uri that would make it an open redirect', async () => {
    const { send } = setupRool();
    for (
      const redirect_uri of [
        'https://evil.example/cb',
        'http://evil.example/cb',
        'https://127.0.0.1/cb',
        'http://127.0.0.2/cb',
        'http://localhost.evil.example/cb',
        'http://user@127.0.0.1/cb',
        'http://127.0.0.1/cb#frag',
        '//127.0.0.1/cb',
        '/relative',
        'javascript:alert(1)',
        '',
      ]
    ) {
      const response = await send(`/auth/login?${new URLSearchParams({ ...query, redirect_uri })}`);
      assert.equal(response.status, 400, redirect_uri);
      const html = await response.text();
      assert.ok(!html.includes('<form'), redirect_uri);
      assert.match(html, /Parameter redirect_uri must/, redirect_uri);
    }
  });

  it('accepts loopback hosts on any port, and the server own origin', () => {
    for (
      const uri of [
        'http://127.0.0.1/cb',
        'http://127.0.0.1:65535/x?y=1',
        'http://[::1]:8080/cb',
        'http://localhost:3000/',
        `${origin}/app/done`,
      ]
    ) {
      assert.equal(redirectProblem(uri, origin), undefined, uri);
    }
  });

  it('refuses a missing state or app and unknown modes', async () => {
    const { send } = setupRool();
    for (
      const [change, message] of [
        [{ state: '' }, /Parameter state must be 1–512 characters/],
        [{ app: '' }, /Parameter app must be 1–100 characters/],
        [{ response_mode: 'form_post' }, /Parameter response_mode must be fragment or query/],
        [{ mode: 'admin' }, /Parameter mode must be login or signup/],
      ] as const
    ) {
      const response = await send(`/auth/login?${new URLSearchParams({ ...query, ...change })}`);
      assert.equal(response.status, 400);
      assert.match(await response.text(), message);
    }
  });
});

describe('POST /auth/login', () => {
  it('redirects with the token in the fragment by default', async () => {
    const { send, client } = setupRool();
    const response = await send('/auth/login', form({ ...query, email: 'Alice@Example.com' }));
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const location = new URL(response.headers.get('location')!);
    assert.equal(`${location.origin}${location.pathname}`, 'http://127.0.0.1:5173/callback');
    assert.equal(location.search, '');
    const answer = new URLSearchParams(location.hash.slice(1));
    assert.equal(answer.get('token_type'), 'bearer');
    assert.equal(answer.get('expires_in'), '86400');
    assert.equal(answer.get('state'), 'st"ate');
    assert.match(answer.get('access_token')!, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    assert.equal((await client(answer.get('access_token')!).user.get({})).id, 'usr_alice');
  });

  it('puts the token in the query with response_mode=query, keeping the query there', async () => {
    const { send } = setupRool();
    const response = await send(
      '/auth/login',
      form({
        ...query,
        redirect_uri: 'http://localhost:8000/cb?x=1',
        response_mode: 'query',
        email: 'bob@example.com',
      }),
    );
    assert.equal(response.status, 303);
    const location = new URL(response.headers.get('location')!);
    assert.equal(location.hash, '');
    assert.equal(location.searchParams.get('x'), '1');
    assert.equal(location.searchParams.get('state'), 'st"ate');
    assert.ok(location.searchParams.get('access_token'));
  });

  it('re-renders the form with 400 for an unknown email at login', async () => {
    const { send, digest } = setupRool();
    const before = digest();
    const response = await send('/auth/login', form({ ...query, email: 'nobody@example.com' }));
    assert.equal(response.status, 400);
    const html = await response.text();
    assert.ok(html.includes('No account has this email; create one instead'));
    assert.ok(html.includes('value="nobody@example.com"'));
    assert.equal(digest(), before);
  });

  it('signs up an unknown email, logging a verification token auth.verify accepts once', async () => {
    const { send, client, logs, alice } = setupRool();
    const response = await send(
      '/auth/login',
      form({ ...query, mode: 'signup', email: 'Erin.X@example.com', name: 'Erin' }),
    );
    assert.equal(response.status, 303);
    const token = new URLSearchParams(new URL(response.headers.get('location')!).hash.slice(1))
      .get('access_token')!;
    const erin = client(token);
    const user = await erin.user.get({});
    assert.deepEqual([user.id, user.email, user.name, user.slug], [
      'usr_000001',
      'Erin.X@example.com',
      'Erin',
      'erin-x',
    ]);
    assert.equal(logs.length, 1);
    const match = logs[0].match(/^rool-mock: verification token for Erin\.X@example\.com: (\S+)$/);
    assert.ok(match, logs[0]);
    assert.deepEqual(await alice.auth.verify({ token: 'rvt_wrong' }), { verified: false });
    assert.deepEqual(await erin.auth.verify({ token: match[1] }), { verified: true });
    assert.deepEqual(await erin.auth.verify({ token: match[1] }), { verified: false });
  });

  it('needs the password once one is set, and re-renders the form for a wrong one', async () => {
    const { send, alice, digest } = setupRool();
    await alice.user.setPassword({ password: 'secret-pass-1' });
    const before = digest();
    for (const password of ['', 'wrong-pass-1']) {
      const response = await send(
        '/auth/login',
        form({ ...query, email: 'alice@example.com', password }),
      );
      assert.equal(response.status, 400);
      const html = await response.text();
      assert.ok(html.includes('Wrong email or password'));
      assert.ok(!html.includes('wrong-pass-1'), 'the password is not echoed');
    }
    assert.equal(digest(), before);
    const ok = await send(
      '/auth/login',
      form({ ...query, email: 'alice@example.com', password: 'secret-pass-1' }),
    );
    assert.equal(ok.status, 303);
  });

  it('holds a signup password to the password rule', async () => {
    const { send, mock } = setupRool();
    const response = await send(
      '/auth/login',
      form({ ...query, mode: 'signup', email: 'f@example.com', password: 'short' }),
    );
    assert.equal(response.status, 400);
    assert.match(await response.text(), /A password must be at least 8 characters/);
    assert.equal(mock.runtime.state.users.size, 3);
  });

  it('refuses a bad redirect_uri, another content type, and an oversized form', async () => {
    const { send } = setupRool();
    const bad = await send(
      '/auth/login',
      form({ ...query, redirect_uri: 'https://evil.example/', email: 'alice@example.com' }),
    );
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.get('location'), null);
    const json = await send('/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(json.status, 415);
    const large = await send(
      '/auth/login',
      form({ ...query, email: 'alice@example.com', name: 'x'.repeat(20_000) }),
    );
    assert.equal(large.status, 413);
    assert.match(await large.text(), /exceeds the limit of 16384 bytes/);
  });
});
