/**
 * The login page's routes (docs/rool-contract.md §2): `GET /auth/login` shows
 * the form, `POST /auth/login` signs in or signs up and answers `303 See
 * Other` to the `redirect_uri` with an issued token in the fragment or the
 * query. The `redirect_uri` must be a loopback `http:` URL or on this server's
 * own origin, so the page is no open redirect.
 *
 * @module
 */
import { findFault, readTextLimited } from '../rpc/body.ts';
import { issueToken } from './auth.ts';
import type { RoolRuntime } from './context.ts';
import { loginErrorHtml, loginFormHtml, type LoginParams } from './login-page.ts';
import { checkPassword, hashPassword, meetsPasswordRule, passwordRule } from './password.ts';
import { createUser, findUserByEmail, newVerificationToken } from './signup.ts';

const headers = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
};

function html(body: string, status: number): Response {
  return new Response(body, { status, headers });
}

/**
 * Answers `GET /auth/login`.
 *
 * @param request The request.
 * @param runtime The running mock.
 * @returns The form, or a 400 page when the query is not acceptable.
 */
export function showLogin(request: Request, runtime: RoolRuntime): Response {
  const url = new URL(request.url);
  const params = readParams(url.searchParams, url.origin);
  if (typeof params === 'string') return html(loginErrorHtml(params), 400);
  return html(loginFormHtml(params, { action: `${runtime.basePath}/auth/login` }), 200);
}

/**
 * Answers `POST /auth/login`.
 *
 * @param request The request.
 * @param runtime The running mock.
 * @returns A 303 to the `redirect_uri` with the token, the form again with an error (400), or an
 * error page (400, 408, 413, 415).
 */
export async function submitLogin(request: Request, runtime: RoolRuntime): Promise<Response> {
  const type = request.headers.get('content-type')?.split(';')[0].trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    return html(loginErrorHtml('The form must be sent as application/x-www-form-urlencoded'), 415);
  }
  let form: URLSearchParams;
  try {
    const { loginFormBytes } = runtime.limits;
    form = new URLSearchParams(
      await readTextLimited(request, loginFormBytes, runtime.bodyTime.rpc),
    );
  } catch (error) {
    const fault = findFault(error);
    if (!fault) throw error;
    const page = html(loginErrorHtml(fault.message), fault.status);
    for (const [name, value] of Object.entries(fault.headers ?? {})) page.headers.set(name, value);
    return page;
  }
  const origin = new URL(request.url).origin;
  const params = readParams(form, origin);
  if (typeof params === 'string') return html(loginErrorHtml(params), 400);
  const email = (form.get('email') ?? '').trim();
  const name = (form.get('name') ?? '').trim();
  const password = form.get('password') ?? '';
  const again = (error: string) =>
    html(
      loginFormHtml(params, { action: `${runtime.basePath}/auth/login`, error, email, name }),
      400,
    );
  if (!/^[^\s@]{1,64}@[^\s@]{1,255}$/.test(email)) return again('Enter a valid email address');
  if (name.length > 200 || password.length > 256) {
    return again('The name may have at most 200 characters and the password 256');
  }
  const now = runtime.clock();
  let user = findUserByEmail(runtime.state, email);
  if (user?.passwordHash !== undefined) {
    if (!await checkPassword(password, user.passwordHash)) return again('Wrong email or password');
  } else if (!user && params.mode !== 'signup') {
    return again('No account has this email; create one instead');
  } else if (!user) {
    if (password !== '' && !meetsPasswordRule(password)) return again(passwordRule);
    user = createUser(runtime.state, { email, name: name === '' ? null : name, now });
    if (password !== '') user.passwordHash = await hashPassword(password);
    const verification = newVerificationToken(runtime.state, user.id);
    runtime.log(`rool-mock: verification token for ${email}: ${verification}`);
  }
  user.lastActivity = now;
  const { token, expiresIn } = await issueToken(runtime, user, now);
  const answer = new URLSearchParams({
    access_token: token,
    token_type: 'bearer',
    expires_in: String(expiresIn),
    state: params.state,
  });
  const target = new URL(params.redirectUri);
  if (params.responseMode === 'query') {
    for (const [key, value] of answer) target.searchParams.append(key, value);
  } else target.hash = answer.toString();
  return new Response(null, {
    status: 303,
    headers: {
      location: target.href,
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    },
  });
}

/** The request's fields, or what is wrong with them. */
function readParams(source: URLSearchParams, origin: string): LoginParams | string {
  const app = source.get('app') ?? '';
  const redirectUri = source.get('redirect_uri') ?? '';
  const state = source.get('state') ?? '';
  const responseMode = source.get('response_mode') ?? 'fragment';
  const mode = source.get('mode') ?? 'login';
  if (app.length < 1 || app.length > 100) return 'Parameter app must be 1–100 characters';
  if (state.length < 1 || state.length > 512) return 'Parameter state must be 1–512 characters';
  if (responseMode !== 'fragment' && responseMode !== 'query') {
    return 'Parameter response_mode must be fragment or query';
  }
  if (mode !== 'login' && mode !== 'signup') return 'Parameter mode must be login or signup';
  const problem = redirectProblem(redirectUri, origin);
  if (problem) return problem;
  return { app, redirectUri, state, responseMode, mode };
}

const loopbackHosts = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * What is wrong with a `redirect_uri`, if anything.
 *
 * @param uri The `redirect_uri`.
 * @param origin This server's origin.
 * @returns The problem, or `undefined` when it is acceptable.
 */
export function redirectProblem(uri: string, origin: string): string | undefined {
  const rule =
    'Parameter redirect_uri must be an http: URL on a loopback host (127.0.0.1, [::1] or ' +
    "localhost) or a URL on this server's origin";
  if (uri.length > 2048 || !URL.canParse(uri)) return rule;
  const url = new URL(uri);
  if (url.username !== '' || url.password !== '') {
    return 'Parameter redirect_uri must not hold credentials';
  }
  if (uri.includes('#')) return 'Parameter redirect_uri must not have a fragment';
  if (url.origin === origin) return undefined;
  if (url.protocol !== 'http:' || !loopbackHosts.has(url.hostname)) return rule;
  return undefined;
}
