// The Roj client in headless Chromium, across origins: a page served from one origin imports the
// client (mod.ts, bundled by the `browser-docs` stage with `deno bundle --platform browser`) and
// calls the mock on another, so every call is a CORS request, preflight included. It creates an
// instance, reads it, uploads a file, and sees a refused call as the typed error, not as a
// network failure.
//
// Chromium is Debian's (/usr/bin/chromium), driven by playwright-core: no browser is downloaded.
// Run by the `browser-docs` stage of scripts/test.ts; the name avoids the `*.test.*` globs so
// the unit stages do not run it.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.ts';
import { createMockServer, defaultApiKey, type MockServer } from '../../mock-server/mod.ts';

const bundlePath = fileURLToPath(new URL('../../.tmp/runtime/roj-browser.js', import.meta.url));

/** The page: `run(url, apiKey)` runs the scenario with the client and answers what it saw. */
const page = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Roj client</title></head>
<body>
<script type="module">
import { createRojClient, RojApiError } from './roj-browser.js';
window.run = async (url, apiKey) => {
  const roj = createRojClient({ url, apiKey });
  const { instanceId } = await roj.instances.create({ templateSlug: 'starter', name: 'From Chromium' });
  const instance = await roj.instances.get(instanceId);
  const file = await roj.files.upload(new Blob(['hello from the browser']), 'hello.txt');
  let refused;
  try {
    await createRojClient({ url, apiKey: 'roj_wrong_key' }).instances.list();
  } catch (error) {
    refused = error instanceof RojApiError
      ? { type: error.type, status: error.status }
      : { unexpected: String(error) };
  }
  return { pageOrigin: location.origin, instanceId, name: instance.name, file, refused };
};
window.ready = true;
</script>
</body>
</html>
`;

interface Seen {
  method: string;
  path: string;
  origin: string | null;
  requestHeaders: string | null;
}

let mock: MockServer;
let mockServer: Deno.HttpServer<Deno.NetAddr>;
let pageServer: Deno.HttpServer<Deno.NetAddr>;
let browser: Browser;
const seen: Seen[] = [];

before(async () => {
  if (!existsSync(bundlePath)) {
    throw new Error(`${bundlePath} is missing: run \`deno task test --only browser-docs\``);
  }
  const bundle = readFileSync(bundlePath, 'utf8');
  mock = createMockServer();
  mockServer = Deno.serve({ hostname: '127.0.0.1', port: 0, onListen() {} }, (request) => {
    seen.push({
      method: request.method,
      path: new URL(request.url).pathname,
      origin: request.headers.get('origin'),
      requestHeaders: request.headers.get('access-control-request-headers'),
    });
    return mock.fetch(request);
  });
  // Another port is another origin (RFC 6454 §4).
  pageServer = Deno.serve({ hostname: '127.0.0.1', port: 0, onListen() {} }, (request) => {
    const { pathname } = new URL(request.url);
    const [body, type] = pathname === '/roj-browser.js'
      ? [bundle, 'text/javascript']
      : [page, 'text/html'];
    return new Response(body, {
      headers: { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' },
    });
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await mockServer?.shutdown();
  await pageServer?.shutdown();
});

describe('the Roj client in headless Chromium, on another origin', () => {
  test('creates and reads an instance and uploads a file through CORS', async () => {
    const context = await browser.newContext();
    const tab = await context.newPage();
    const problems: string[] = [];
    tab.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    const pageOrigin = `http://127.0.0.1:${pageServer.addr.port}`;
    const apiUrl = `http://127.0.0.1:${mockServer.addr.port}`;
    await tab.goto(`${pageOrigin}/`);
    await tab.waitForFunction('window.ready === true', null, { timeout: 10_000 });

    const result = await tab.evaluate(
      ([url, key]) =>
        (globalThis as unknown as { run(url: string, key: string): Promise<unknown> }).run(
          url,
          key,
        ),
      [apiUrl, defaultApiKey],
    ) as {
      pageOrigin: string;
      instanceId: string;
      name: string;
      file: { fileId: string; filename: string; size: number };
      refused: unknown;
    };

    assert.equal(result.pageOrigin, pageOrigin);
    assert.notEqual(new URL(apiUrl).origin, pageOrigin);
    assert.equal(result.name, 'From Chromium');
    assert.equal(mock.runtime.state.instances.get(result.instanceId)?.name, 'From Chromium');
    assert.equal(result.file.filename, 'hello.txt');
    assert.equal(mock.runtime.state.files.get(result.file.fileId)?.size, 22);
    // The refusal reaches the page as the mock's typed error, readable across origins.
    assert.deepEqual(result.refused, { type: 'unauthorized', status: 401 });

    // Chromium asked first (the key and the JSON body are not CORS-safelisted), then called.
    const preflights = seen.filter((s) => s.method === 'OPTIONS');
    assert.ok(preflights.some((s) => s.path === '/api/v1/rpc'), JSON.stringify(seen));
    assert.ok(preflights.some((s) => s.path === '/api/v1/files/upload'), JSON.stringify(seen));
    for (const preflight of preflights) {
      assert.equal(preflight.origin, pageOrigin);
      assert.match(preflight.requestHeaders ?? '', /authorization/);
    }
    const calls = seen.filter((s) => s.method === 'POST');
    assert.equal(calls.length, 4, JSON.stringify(seen));
    assert.ok(calls.every((s) => s.origin === pageOrigin));
    assert.deepEqual(problems, []);
    await context.close();
  });
});
