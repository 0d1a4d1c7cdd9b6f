/**
 * The login page's HTML (docs/rool-contract.md §2): a small form, with the
 * query's fields carried as hidden inputs, and an error page for requests the
 * form must not be shown for. Every interpolated value is escaped; the page
 * loads nothing from elsewhere.
 *
 * @module
 */

/** The login request's fields, from the query or the form. */
export interface LoginParams {
  /** The app asking, shown to the user. */
  app: string;
  /** Where to send the token. */
  redirectUri: string;
  /** The app's state, returned as is. */
  state: string;
  /** Where the token goes in the redirect. */
  responseMode: 'fragment' | 'query';
  /** Sign in, or create an account. */
  mode: 'login' | 'signup';
}

/** What the form shows besides the fields. */
export interface LoginFormView {
  /** Where the form posts. */
  action: string;
  /** The error of a failed attempt. */
  error?: string;
  /** The email entered before. */
  email?: string;
  /** The name entered before. */
  name?: string;
}

/**
 * Escapes text for HTML content and quoted attribute values.
 *
 * @param text The text.
 * @returns It with `& < > " '` escaped.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { escapeHtml } from './login-page.ts';
 * assert.equal(escapeHtml('<a href="x">\'&'), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

const style =
  'body{font:16px system-ui,sans-serif;max-width:24rem;margin:3rem auto;padding:0 1rem}' +
  'label{display:block;margin:.75rem 0}input{display:block;width:100%;padding:.4rem;' +
  'box-sizing:border-box}button{margin-top:1rem;padding:.5rem 1rem}.error{color:#b00020}';

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/**
 * The login or signup form.
 *
 * @param params The request's fields, carried as hidden inputs.
 * @param view Where it posts, and a previous attempt's error and entries.
 * @returns The HTML.
 */
export function loginFormHtml(params: LoginParams, view: LoginFormView): string {
  const signup = params.mode === 'signup';
  const hidden = ([
    ['app', params.app],
    ['redirect_uri', params.redirectUri],
    ['state', params.state],
    ['response_mode', params.responseMode],
    ['mode', params.mode],
  ] as const).map(([name, value]) =>
    `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`
  ).join('\n');
  const nameField = signup
    ? `<label>Name <input name="name" autocomplete="name" maxlength="200" value="${
      escapeHtml(view.name ?? '')
    }"></label>`
    : '';
  const title = signup ? 'Create a Rool account' : 'Sign in to Rool';
  return page(
    title,
    `<h1>${title}</h1>
<p>${escapeHtml(params.app)} wants to use your Rool account. This is the Rool mock server: ` +
      `a development stand-in.</p>
${view.error ? `<p class="error" role="alert">${escapeHtml(view.error)}</p>` : ''}
<form method="post" action="${escapeHtml(view.action)}">
${hidden}
<label>Email <input name="email" type="email" autocomplete="email" required maxlength="320" value="${
        escapeHtml(view.email ?? '')
      }"></label>
${nameField}
<label>Password <input name="password" type="password" maxlength="256" autocomplete="${
        signup ? 'new-password' : 'current-password'
      }"></label>
<button type="submit">${signup ? 'Create account' : 'Sign in'}</button>
</form>`,
  );
}

/**
 * The page for a request the form is not shown for.
 *
 * @param message What was wrong and what is allowed.
 * @returns The HTML.
 */
export function loginErrorHtml(message: string): string {
  return page(
    'Sign-in request refused',
    `<h1>Sign-in request refused</h1>\n<p class="error">${escapeHtml(message)}</p>`,
  );
}
