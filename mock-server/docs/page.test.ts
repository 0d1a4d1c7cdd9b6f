import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { swaggerUiCdn } from './assets.ts';
import { docsContentSecurityPolicy, docsPage, initScript, type PageSettings } from './page.ts';

const settings: PageSettings = {
  documents: [
    { name: 'Roj platform API', url: '/docs/openapi/roj.json' },
    { name: 'Rool workspace API', url: '/docs/openapi/rool.json', fetchWith: 'userToken' },
  ],
  credentials: { apiKey: 'roj_dev_key', userToken: 'rool_alice_token' },
  fromCdn: false,
};

// deno-lint-ignore no-explicit-any
type Options = any;

/** Runs the page's script against a stand-in Swagger UI; answers the options it was given. */
function startPage(html: string): { options: Options; authorized: unknown[] } {
  const config = html.match(/<script id="docs-config" type="application\/json">(.*?)<\/script>/s);
  assert.ok(config);
  const authorized: unknown[] = [];
  let options: Options;
  const SwaggerUIBundle = Object.assign((given: Options) => {
    options = given;
    return { authActions: { authorize: (value: unknown) => authorized.push(value) } };
  }, { presets: { apis: 'apis' } });
  const document = {
    getElementById: (id: string) => id === 'docs-config' ? { textContent: config[1] } : null,
  };
  const window: Record<string, unknown> = {};
  const location = { href: 'http://127.0.0.1:8787/docs' };
  // The script is plain JavaScript for the browser; run it with the globals it uses.
  const run = new Function(
    'document',
    'SwaggerUIBundle',
    'SwaggerUIStandalonePreset',
    'location',
    'window',
    initScript,
  );
  run(document, SwaggerUIBundle, 'standalone', location, window);
  return { options, authorized };
}

describe('the docs page', () => {
  it('hands its settings to its script in a data block that cannot end early', () => {
    const html = docsPage({
      ...settings,
      documents: [{ name: '</script><script>alert(1)</script>', url: '/x.json' }],
    });
    assert.equal(
      html.match(/<\/script>/g)?.length,
      4,
      'one per script element, none from the name',
    );
    const { options } = startPage(html);
    assert.equal(options.urls[0].name, '</script><script>alert(1)</script>');
  });

  it('starts Swagger UI on every document, the first one first, offline', () => {
    const { options } = startPage(docsPage(settings));
    assert.deepEqual(options.urls, settings.documents.map(({ name, url }) => ({ name, url })));
    assert.equal(options['urls.primaryName'], 'Roj platform API');
    assert.equal(options.validatorUrl, null, 'no request to an online validator');
  });

  it('fetches a document with the credential it names, and nothing else with it', () => {
    const { options } = startPage(docsPage(settings));
    const rool = options.requestInterceptor({
      url: 'http://127.0.0.1:8787/docs/openapi/rool.json',
      loadSpec: true,
      headers: {},
    });
    assert.equal(rool.headers.Authorization, 'Bearer rool_alice_token');
    const roj = options.requestInterceptor({
      url: '/docs/openapi/roj.json',
      loadSpec: true,
      headers: {},
    });
    assert.equal(roj.headers.Authorization, undefined);
    // "Try it" calls carry what the Authorize dialog holds; the interceptor adds nothing.
    const call = options.requestInterceptor({ url: '/docs/openapi/rool.json', headers: {} });
    assert.equal(call.headers.Authorization, undefined);
  });

  it('authorizes "try it" with the credentials it was given, and none without', () => {
    const { options, authorized } = startPage(docsPage(settings));
    options.onComplete();
    assert.deepEqual(authorized, [{
      apiKey: { name: 'apiKey', value: 'roj_dev_key', schema: { type: 'http', scheme: 'bearer' } },
      userToken: {
        name: 'userToken',
        value: 'rool_alice_token',
        schema: { type: 'http', scheme: 'bearer' },
      },
    }]);
    const without = startPage(docsPage({ ...settings, credentials: {} }));
    without.options.onComplete();
    assert.deepEqual(without.authorized, []);
  });

  it('loads the UI from the mock, or in a Worker from the pinned CDN with integrity', () => {
    const local = docsPage(settings);
    assert.match(local, /<link rel="stylesheet" href="\/docs\/assets\/swagger-ui.css">/);
    assert.doesNotMatch(local, /https:/);
    const cdn = docsPage({ ...settings, fromCdn: true });
    // A Worker has no files: only the page's own script comes from the mock.
    assert.deepEqual(cdn.match(/\/docs\/assets\/[^"]+/g), ['/docs/assets/init.js']);
    for (
      const name of ['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js']
    ) {
      assert.match(
        cdn,
        new RegExp(`"${swaggerUiCdn}${name}" integrity="sha384-[^"]+" crossorigin="anonymous"`),
      );
    }
  });

  it('allows no inline or evaluated script, and the CDN only when used', () => {
    for (const fromCdn of [false, true]) {
      const policy = docsContentSecurityPolicy(fromCdn);
      const scripts = policy.split('; ').find((d) => d.startsWith('script-src')) ?? '';
      assert.doesNotMatch(scripts, /unsafe/);
      assert.equal(policy.includes(new URL(swaggerUiCdn).origin), fromCdn);
    }
  });
});
