// The mock's /docs page in headless Chromium, offline: Swagger UI, served by the mock itself,
// renders every operation of the Roj and the Rool documents under the page's
// Content-Security-Policy, requesting nothing from outside the mock; a screenshot of it is not
// blank; and "try it" with the generated examples (ids from the mock's own data, the dev
// credentials filled in) creates an instance and a Rool space. That every example succeeds is
// mock-server/docs/try-it.test.ts's to show, in process.
//
// Chromium is Debian's (/usr/bin/chromium), driven by playwright-core: no browser is downloaded.
// Run by the `browser-docs` stage of scripts/test.ts; the name avoids the `*.test.*` globs so
// the unit stages do not run it.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.ts';
import { createMockServer, defaultSeed, type MockServer } from '../../mock-server/mod.ts';

/** How long any one wait in the browser may take, so a broken page fails fast. */
const waitMs = 15_000;
const screenshotPath = fileURLToPath(new URL('../../.tmp/docs-page.png', import.meta.url));

let mock: MockServer;
let server: Deno.HttpServer<Deno.NetAddr>;
let browser: Browser;
let origin: string;

before(async () => {
  mock = createMockServer({ rool: { log: () => {} } });
  server = Deno.serve(
    { hostname: '127.0.0.1', port: 0, onListen() {} },
    (request) => mock.fetch(request),
  );
  origin = `http://127.0.0.1:${server.addr.port}`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  mock?.close();
  await server?.shutdown();
});

interface Operation {
  id: string;
  tag: string;
}

/** Every operation of a document as Swagger UI names its block: `operations-<tag>-<id>`. */
async function operationsOf(path: string): Promise<Operation[]> {
  const document = await (await fetch(`${origin}${path}`)).json();
  const verbs = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
  const operations: Operation[] = [];
  for (const item of Object.values(document.paths) as Record<string, unknown>[]) {
    for (const verb of verbs) {
      const operation = item[verb] as { operationId: string; tags: string[] } | undefined;
      if (operation) operations.push({ id: operation.operationId, tag: operation.tags[0] });
    }
  }
  assert.ok(operations.length > 0, `${path} has no operation`);
  return operations;
}

/** The id of the page's block for an operation. */
function blockOf(operations: Operation[], id: string): string {
  const operation = operations.find((o) => o.id === id);
  assert.ok(operation, `the document has no operation ${id}`);
  return `operations-${operation.tag}-${operation.id}`;
}

/**
 * Waits until the page shows exactly these operations. Polled from here: the page's policy
 * forbids `eval`, which a string predicate in the page would need.
 */
async function rendered(tab: Page, operations: Operation[]): Promise<void> {
  const want = operations.map((o) => `operations-${o.tag}-${o.id}`).sort();
  const deadline = Date.now() + waitMs;
  let shown: string[] = [];
  while (Date.now() < deadline) {
    shown = (await tab.locator('.opblock').evaluateAll((blocks) => blocks.map((b) => b.id))).sort();
    if (JSON.stringify(shown) === JSON.stringify(want)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.deepEqual(shown, want, `the page did not show every operation within ${waitMs} ms`);
}

/**
 * How much of a screenshot is not its background: the share of pixels that differ from the
 * commonest colour, and how many colours there are. Measured by the browser itself, on a blank
 * page of its own.
 */
async function inkOf(
  context: BrowserContext,
  png: Uint8Array,
): Promise<{ ink: number; colors: number }> {
  const tab = await context.newPage();
  try {
    const base64 = btoa(Array.from(png, (byte) => String.fromCharCode(byte)).join(''));
    // Browser code, as a string: this file is type-checked without the DOM library.
    return await tab.evaluate(`(async () => {
      const image = new Image();
      image.src = 'data:image/png;base64,${base64}';
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const drawing = canvas.getContext('2d');
      drawing.drawImage(image, 0, 0);
      const pixels = drawing.getImageData(0, 0, image.width, image.height).data;
      const counts = new Map();
      for (let i = 0; i < pixels.length; i += 4) {
        const colour = (pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2];
        counts.set(colour, (counts.get(colour) ?? 0) + 1);
      }
      const commonest = Math.max(...counts.values());
      return { ink: 1 - commonest / (image.width * image.height), colors: counts.size };
    })()`) as { ink: number; colors: number };
  } finally {
    await tab.close();
  }
}

/**
 * Runs one example of an operation as a user does: expand the operation, "Try it out", pick the
 * example, "Execute". Answers the request body sent, and the response's status and body.
 */
async function tryIt(
  tab: Page,
  operation: string,
  example: string,
): Promise<{ status: string; body: string; request: string }> {
  const block = tab.locator(`#${operation}`);
  await block.locator('.opblock-summary').first().click();
  await block.locator('button.try-out__btn').click();
  await block.locator('select.examples-select-element').selectOption(example);
  const request = await block.locator('textarea.body-param__text').inputValue();
  await block.locator('button.execute').click();
  const response = block.locator('.live-responses-table .response');
  await response.first().waitFor({ timeout: waitMs });
  return {
    status: (await response.locator('.response-col_status').first().innerText()).trim(),
    body: await response.locator('.response-col_description').first().innerText(),
    request,
  };
}

describe('the /docs page in headless Chromium', () => {
  test('renders every operation of both documents, offline, and "try it" succeeds', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const outside: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${origin}/`)) return route.continue();
      outside.push(url);
      return route.abort();
    });
    await context.addInitScript(`
      window.violations = [];
      document.addEventListener('securitypolicyviolation', (event) => {
        window.violations.push(event.violatedDirective + ' ' + event.blockedURI);
      });
    `);
    const tab = await context.newPage();
    const problems: string[] = [];
    tab.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    tab.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
    });

    const roj = await operationsOf('/docs/openapi/roj.json');
    await tab.goto(`${origin}/docs`);
    await rendered(tab, roj);

    mkdirSync(fileURLToPath(new URL('../../.tmp/', import.meta.url)), { recursive: true });
    const png = await tab.screenshot({ path: screenshotPath });
    const { ink, colors } = await inkOf(context, png);
    assert.ok(
      ink > 0.05 && colors > 16,
      `the screenshot looks blank: ink ${ink}, ${colors} colours`,
    );

    // "Try it": the instances.create example names the seeded template, and the call succeeds.
    const platform = blockOf(roj, 'platformRpc');
    const created = await tryIt(tab, platform, 'instances.create');
    assert.match(
      created.request,
      new RegExp(`"templateSlug": "${defaultSeed().templates[0].slug}"`),
    );
    assert.equal(created.status, '200', created.body);
    assert.match(created.body, /"ok": true/);
    const [instanceId] = mock.runtime.state.instances.keys();
    assert.ok(instanceId, 'the instance exists on the mock');
    assert.match(created.body, new RegExp(`"instanceId": "${instanceId}"`));
    assert.equal(mock.runtime.state.instances.get(instanceId)?.name, 'Example');

    // The Rool document: picked from the top bar, rendered whole, and tried as alice.
    const rool = await operationsOf('/docs/openapi/rool.json');
    await tab.locator('.topbar select').selectOption({ label: 'Rool workspace API' });
    await rendered(tab, rool);
    const space = await tryIt(tab, blockOf(rool, 'roolRpc'), 'spaces.create');
    assert.equal(space.status, '200', space.body);
    assert.match(space.body, /"ok": true/);
    const spaces = [...mock.rool.runtime.state.spaces.values()];
    assert.deepEqual(spaces.map((s) => [s.name, s.ownerId]), [['Example', 'usr_alice']]);

    assert.deepEqual(outside, [], 'the page requested nothing outside the mock');
    assert.deepEqual(await tab.evaluate('violations'), [], 'no Content-Security-Policy violation');
    assert.deepEqual(problems, []);
    await context.close();
  });
});
