/// <reference lib="dom" />
// A tiny browser app on the Rool SDK, for the `browser-login` stage of scripts/test.ts: it is
// bundled with the SDK into .tmp/runtime/browser-app.js (`deno bundle --platform browser`), so
// it may use Web APIs only, and test/runtime/browser-login.ts opens it in headless Chromium.
//
// It runs the documented startup: `initialize()`, and when that answers `false`, `login()` (or
// `signup()` when the page's URL has `?signup`), which leaves the page for the login page. Signed
// in, it shows the user and the result of two real calls. Everything the user would notice goes
// into the DOM, under element IDs the test reads:
//
// - `#status`: `starting`, `leaving` (off to the login page), `signed-in`, `signed-out` or `error`
// - `#email`, `#name`: the signed-in user's email and name
// - `#spaces`: how many spaces `listSpaces()` lists after `createSpace('From the browser')`
// - `#problems`: what went wrong, one `<li>` each: SDK errors logged, and a thrown error
//
// The page gives the API URL as `<html data-api-url="…">`. No auth provider is passed: in a
// browser the client's default must be the `BrowserAuthProvider`, and the test shows it is (the
// page is redirected to the login page and back, and the token lands in `localStorage`).
import { type Logger, RoolClient, RoolError } from '../../src/rool/mod.ts';

const appName = 'Browser test';

function element(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (!found) throw new Error(`The page has no #${id}`);
  return found;
}

function setStatus(status: string): void {
  element('status').textContent = status;
  document.documentElement.dataset.status = status;
}

function reportProblem(message: string): void {
  const item = document.createElement('li');
  item.textContent = message;
  element('problems').append(item);
}

function describe(error: unknown): string {
  if (error instanceof RoolError) return `${error.type}: ${error.message}`;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Errors go to the page (and the console); the rest is dropped, as the default logger does. */
const logger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error(...args: unknown[]) {
    console.error(...args);
    reportProblem(args.map((arg) => typeof arg === 'string' ? arg : describe(arg)).join(' '));
  },
};

async function main(): Promise<void> {
  const apiUrl = document.documentElement.dataset.apiUrl;
  if (!apiUrl) throw new Error('The page must give the API URL as <html data-api-url="…">');
  const client = new RoolClient({ apiUrl, logger });
  const problemsBefore = element('problems').childElementCount;
  if (!(await client.initialize())) {
    // A sign-in answer this tab refused: say why, and leave the next attempt to the user rather
    // than sending them straight back to the login page.
    if (element('problems').childElementCount > problemsBefore) {
      setStatus('signed-out');
      return;
    }
    setStatus('leaving');
    if (new URLSearchParams(location.search).has('signup')) await client.signup(appName);
    else await client.login(appName);
    return;
  }
  const user = client.currentUser;
  element('email').textContent = user?.email ?? '';
  element('name').textContent = user?.name ?? '';
  await client.createSpace('From the browser');
  element('spaces').textContent = String((await client.listSpaces()).length);
  setStatus('signed-in');
}

main().catch((error) => {
  reportProblem(describe(error));
  setStatus('error');
});
