import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Hono } from 'hono';
import rojDocument from '../../src/roj/_generated/openapi.json' with { type: 'json' };
import roolDocument from '../../src/rool/_generated/openapi.json' with { type: 'json' };
import { createMockServer, defaultApiKey } from '../mod.ts';
import { swaggerUiCdn, UiAssetsMissing } from './assets.ts';
import { devApiKey, mountDocs, rojDocsDocument, roolDocsDocument } from './mount.ts';
import { noSpaceYet } from './rool-known.ts';

const base = 'http://mock.test';

/** The settings the page hands its script. */
function pageConfig(html: string): {
  documents: { name: string; url: string }[];
  credentials: Record<string, string>;
  fetchWith: Record<string, string>;
} {
  const match = html.match(/<script id="docs-config" type="application\/json">(.*?)<\/script>/s);
  assert.ok(match, 'the page has its settings block');
  return JSON.parse(match[1]);
}

async function page(
  mock: { fetch(url: string): Response | Promise<Response> },
): Promise<{ response: Response; html: string }> {
  const response = await mock.fetch(`${base}/docs`);
  return { response, html: await response.text() };
}

/** The `spaceId` of the `spaces.get` example of a Rool document. */
// deno-lint-ignore no-explicit-any
function exampleSpace(document: any): string {
  const media = document.paths['/v1/rpc'].post.requestBody.content['application/json'];
  return media.examples['spaces.get'].value.input.spaceId;
}

describe('the docs routes', () => {
  it('serve the page, public, with a Content-Security-Policy and both documents', async () => {
    const mock = createMockServer();
    const { response, html } = await page(mock);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
    const policy = response.headers.get('content-security-policy') ?? '';
    assert.match(policy, /default-src 'none'/);
    assert.match(policy, /script-src 'self';/);
    assert.match(policy, /connect-src 'self'/);
    assert.match(policy, /frame-ancestors 'none'/);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.deepEqual(pageConfig(html).documents, [
      { name: 'Roj platform API', url: rojDocsDocument },
      { name: 'Rool workspace API', url: roolDocsDocument },
    ]);
    // No inline script: the only script elements are a data block and files.
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
    assert.ok(scripts.every((attributes) => /src=|type="application\/json"/.test(attributes)));
  });

  it('start "try it" with the dev credentials the mock accepts, and no other', async () => {
    assert.equal(devApiKey, defaultApiKey);
    const { html } = await page(createMockServer());
    assert.deepEqual(pageConfig(html).credentials, {
      apiKey: 'roj_dev_key',
      userToken: 'rool_alice_token',
    });

    const configured = createMockServer({
      apiKeys: ['roj_configured_secret_key'],
      rool: { users: [{ name: 'carol', token: 'carol_configured_token' }] },
    });
    const { html: other } = await page(configured);
    assert.deepEqual(pageConfig(other).credentials, {});
    assert.doesNotMatch(other, /roj_configured_secret_key|carol_configured_token/);
  });

  it('keep /openapi.json and /rool/openapi.json the generated documents', async () => {
    const mock = createMockServer();
    assert.deepEqual(await (await mock.fetch(`${base}/openapi.json`)).json(), rojDocument);
    assert.deepEqual(await (await mock.fetch(`${base}/rool/openapi.json`)).json(), roolDocument);
  });

  it('serve the documents with examples, uncached, addressed to this mock', async () => {
    const mock = createMockServer();
    const roj = await mock.fetch(`${base}${rojDocsDocument}`);
    assert.equal(roj.headers.get('cache-control'), 'no-store');
    const document = await roj.json();
    assert.deepEqual(document.servers, [{ url: '/', description: 'This mock' }]);
    const rool = await (await mock.fetch(`${base}${roolDocsDocument}`)).json();
    assert.deepEqual(rool.servers, [{ url: '/rool', description: 'This mock' }]);
  });

  it("name a space only to a member of it: a space's ID is its link", async () => {
    const mock = createMockServer();
    const created = await mock.fetch(`${base}/rool/v1/rpc`, {
      method: 'POST',
      headers: { authorization: 'Bearer rool_alice_token', 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'spaces.create', input: { name: 'Private' } }),
    });
    const { value } = await created.json();
    const as = async (token?: string) => {
      const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      const answer = await mock.fetch(`${base}${roolDocsDocument}`, { headers });
      assert.equal(answer.status, 200);
      return exampleSpace(await answer.json());
    };
    assert.equal(await as('rool_alice_token'), value.id);
    assert.equal(await as(), noSpaceYet);
    assert.equal(await as('rool_bob_token'), noSpaceYet);
    assert.equal(await as('not_a_token_at_all'), noSpaceYet);
  });

  it('serve the UI files from the installed package, and nothing else', async () => {
    const mock = createMockServer();
    const css = await mock.fetch(`${base}/docs/assets/swagger-ui.css`);
    assert.equal(css.status, 200);
    assert.equal(css.headers.get('content-type'), 'text/css; charset=utf-8');
    assert.match(await css.text(), /\.swagger-ui/);
    const script = await mock.fetch(`${base}/docs/assets/init.js`);
    assert.match(await script.text(), /SwaggerUIBundle\(/);
    for (const name of ['package.json', '..%2F..%2Fdeno.json', 'swagger-ui-bundle.js.map']) {
      const refused = await mock.fetch(`${base}/docs/assets/${name}`);
      assert.equal(refused.status, 404, name);
      await refused.body?.cancel();
    }
    const slash = await mock.fetch(`${base}/docs/`);
    assert.equal(slash.status, 308);
    assert.equal(slash.headers.get('location'), '/docs');
  });

  it('load the UI from the pinned CDN, with integrity, in a Cloudflare Worker', async () => {
    const mock = createMockServer();
    const app = new Hono();
    mountDocs(app, {
      runtime: mock.runtime,
      onError: (error) => assert.fail(String(error)),
      userAgent: 'Cloudflare-Workers',
    });
    const { response, html } = await page({ fetch: (url) => app.request(url) });
    const cdn = new URL(swaggerUiCdn).origin;
    assert.match(
      response.headers.get('content-security-policy') ?? '',
      new RegExp(`script-src 'self' ${cdn};`),
    );
    const bundle = html.match(
      /<script src="([^"]+swagger-ui-bundle\.js)" integrity="(sha384-[^"]+)" crossorigin="anonymous">/,
    );
    assert.ok(bundle, html);
    assert.ok(bundle[1].startsWith(swaggerUiCdn));
    // Without the Rool mock, the page offers the Roj document alone.
    assert.deepEqual(pageConfig(html).documents.map((d) => d.name), ['Roj platform API']);
  });

  it('load the UI from the pinned CDN when its files cannot be read here (Deno from JSR)', async () => {
    const mock = createMockServer();
    const app = new Hono();
    mountDocs(app, {
      runtime: mock.runtime,
      onError: (error) => assert.fail(String(error)),
      userAgent: 'Deno/2',
      readAsset: () => Promise.reject(new UiAssetsMissing('Cannot read swagger-ui-dist')),
    });
    const { response, html } = await page({ fetch: (url) => app.request(url) });
    assert.equal(response.status, 200);
    assert.match(
      html,
      new RegExp(`<script src="${swaggerUiCdn}swagger-ui-bundle\\.js" integrity=`),
    );
  });
});
