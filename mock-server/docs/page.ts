/**
 * The docs page: Swagger UI over the mock's documents, its settings in a JSON data block that
 * the page's own script reads (no inline script, so the Content-Security-Policy can forbid
 * them), and that policy.
 *
 * @module
 */
import { swaggerUiCdn, uiAssets } from './assets.ts';

/** Where the page and its files are served. */
export const docsPath = '/docs';
/** Where the UI files and the page's script are served. */
export const assetsPath = `${docsPath}/assets`;
/** The name of the page's own script under {@linkcode assetsPath}. */
export const initScriptName = 'init.js';

/** A document the page offers. */
export interface PageDocument {
  /** Its name in the page's document picker. */
  name: string;
  /** Its URL, a path on the mock. */
  url: string;
  /**
   * The security scheme whose credential the page sends when it fetches this document (the
   * document then lists that user's own records), if any.
   */
  fetchWith?: string;
}

/** What the page shows and knows. */
export interface PageSettings {
  /** The documents, the first shown first. */
  documents: PageDocument[];
  /**
   * Credentials "try it" starts with, by security scheme name: the mock's public development
   * credentials only, never a configured secret.
   */
  credentials: Record<string, string>;
  /** Load the UI files from the pinned CDN (a Cloudflare Worker has no file system). */
  fromCdn: boolean;
}

/**
 * The docs page.
 *
 * @param settings The documents, the credentials to start with, and where the UI files are.
 * @returns The HTML.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { docsPage } from './page.ts';
 * const html = docsPage({
 *   documents: [{ name: 'Roj', url: '/docs/openapi/roj.json' }],
 *   credentials: {},
 *   fromCdn: false,
 * });
 * assert.match(html, /<script src="\/docs\/assets\/swagger-ui-bundle.js"/);
 * ```
 */
export function docsPage(settings: PageSettings): string {
  const url = (name: string) =>
    settings.fromCdn ? `${swaggerUiCdn}${name}` : `${assetsPath}/${name}`;
  // From the CDN, the browser refuses a file whose hash is not the pinned one (SRI §3.3).
  const checked = (name: string) =>
    settings.fromCdn ? ` integrity="${uiAssets[name].integrity}" crossorigin="anonymous"` : '';
  const script = (name: string) => `<script src="${url(name)}"${checked(name)}></script>`;
  const config = {
    documents: settings.documents.map(({ name, url }) => ({ name, url })),
    credentials: settings.credentials,
    fetchWith: Object.fromEntries(
      settings.documents.flatMap((d) => d.fetchWith ? [[d.url, d.fetchWith]] : []),
    ),
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Roj mock API reference</title>
<link rel="icon" type="image/png" href="${url('favicon-32x32.png')}">
<link rel="stylesheet" href="${url('swagger-ui.css')}"${checked('swagger-ui.css')}>
</head>
<body>
<div id="swagger-ui"></div>
<script id="docs-config" type="application/json">${jsonForScript(config)}</script>
${script('swagger-ui-bundle.js')}
${script('swagger-ui-standalone-preset.js')}
<script src="${assetsPath}/${initScriptName}"></script>
</body>
</html>
`;
}

/**
 * The page's Content-Security-Policy (CSP Level 3): scripts and styles from the mock only (and
 * the pinned CDN when the files come from there), requests to the mock only, no plugins, no
 * framing, no `<base>`. Swagger UI adds `<style>` elements as it renders, hence `'unsafe-inline'`
 * for styles; never for scripts.
 *
 * @param fromCdn Whether the UI files come from the CDN.
 * @returns The header's value.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { docsContentSecurityPolicy } from './page.ts';
 * assert.match(docsContentSecurityPolicy(false), /script-src 'self';/);
 * ```
 */
export function docsContentSecurityPolicy(fromCdn: boolean): string {
  const cdn = fromCdn ? ` ${new URL(swaggerUiCdn).origin}` : '';
  return [
    `default-src 'none'`,
    `script-src 'self'${cdn}`,
    `style-src 'self' 'unsafe-inline'${cdn}`,
    `img-src 'self' data:${cdn}`,
    `font-src 'self' data:`,
    `connect-src 'self'`,
    `form-action 'self'`,
    `base-uri 'none'`,
    `frame-ancestors 'none'`,
  ].join('; ');
}

/** JSON safe inside `<script>`: `<` escaped, so no `</script>` or `<!--` can end the block. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replaceAll('<', '\\u003c');
}

/**
 * The page's script: starts Swagger UI with the settings of the `docs-config` block, fetches
 * each document with the credential it names (its examples then list that user's records) and
 * authorizes "try it" with the development credentials.
 */
export const initScript = `'use strict';
(() => {
  const config = JSON.parse(document.getElementById('docs-config').textContent);
  const schemeOf = (url) => config.fetchWith[new URL(url, location.href).pathname];
  const ui = SwaggerUIBundle({
    urls: config.documents,
    'urls.primaryName': config.documents[0].name,
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
    validatorUrl: null,
    displayRequestDuration: true,
    requestInterceptor(request) {
      const scheme = request.loadSpec ? schemeOf(request.url) : undefined;
      const token = scheme === undefined ? undefined : config.credentials[scheme];
      if (token !== undefined) request.headers.Authorization = 'Bearer ' + token;
      return request;
    },
    onComplete() {
      const authorized = {};
      for (const [name, value] of Object.entries(config.credentials)) {
        authorized[name] = { name, value, schema: { type: 'http', scheme: 'bearer' } };
      }
      if (Object.keys(authorized).length > 0) ui.authActions.authorize(authorized);
    },
  });
  window.ui = ui;
})();
`;
