/**
 * The docs routes of the mock, public and read-only like `/health`:
 *
 * - `GET /docs`: the page (Swagger UI), with its Content-Security-Policy;
 * - `GET /docs/openapi/roj.json`, `GET /docs/openapi/rool.json`: copies of the two products'
 *   OpenAPI documents with a request example per method, built from the mock's data at each
 *   request (./roj-known.ts, ./rool-known.ts); the documents at `/openapi.json` and
 *   `/rool/openapi.json` stay exactly the generated ones;
 * - `GET /docs/assets/…`: the UI's files (./assets.ts) and the page's script.
 *
 * "Try it" starts authorized with the mock's public development credentials (`roj_dev_key`,
 * alice's `rool_alice_token`) when, and only when, the mock accepts them: a key or token the
 * mock was configured with is never put in the page.
 *
 * @module
 */
import type { Hono } from 'hono';
import rojDocument from '../../src/roj/_generated/openapi.json' with { type: 'json' };
import roolDocument from '../../src/rool/_generated/openapi.json' with { type: 'json' };
import type { MockRuntime } from '../roj/context.ts';
import { authenticate } from '../rool/auth.ts';
import type { RoolMock } from '../rool/mod.ts';
import type { UserRecord } from '../rool/state.ts';
import { defaultRoolUsers } from '../rool/users.ts';
import { faultResponse, RpcFault } from '../rpc/fault.ts';
import { isCloudflareWorker, readUiAsset, uiAssets, UiAssetsMissing } from './assets.ts';
import { type OpenApiDocument, withExamples } from './examples.ts';
import {
  assetsPath,
  docsContentSecurityPolicy,
  docsPage,
  docsPath,
  initScript,
  initScriptName,
  type PageDocument,
} from './page.ts';
import { rojKnownValues, rojOfferOptional } from './roj-known.ts';
import { roolKnownValues } from './rool-known.ts';

/** The mock's development API key (`defaultApiKey` of ../mod.ts), public by design. */
export const devApiKey = 'roj_dev_key';

/** Where the Roj document with examples is served. */
export const rojDocsDocument = `${docsPath}/openapi/roj.json`;
/** Where the Rool document with examples is served. */
export const roolDocsDocument = `${docsPath}/openapi/rool.json`;

/** Options of {@linkcode mountDocs}. */
export interface DocsOptions {
  /** The Roj mock: its state and accepted keys. */
  runtime: MockRuntime;
  /** The Rool mock served beside it, if any: the page then offers its document too. */
  rool?: RoolMock;
  /** Told when a method is left without an example (a bug). */
  onError: (error: unknown, where: string) => void;
  /** The runtime's user agent, to tell a Cloudflare Worker. Default: `navigator.userAgent`. */
  userAgent?: string;
  /** Reads a file of the UI. Default: {@linkcode readUiAsset}, from the npm package. */
  readAsset?: (name: string) => Promise<Uint8Array<ArrayBuffer> | undefined>;
}

/**
 * Adds the docs routes to the Roj mock's app.
 *
 * @param app The app.
 * @param options The mocks whose data the examples use, and error reporting.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { createMockServer } from '../mod.ts';
 * const mock = createMockServer();
 * const page = await mock.fetch('http://mock.test/docs');
 * assert.equal(page.status, 200);
 * assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
 * await page.body?.cancel();
 * ```
 */
export function mountDocs(app: Hono, options: DocsOptions): void {
  const inWorker = isCloudflareWorker(options.userAgent ?? globalThis.navigator?.userAgent);
  const readAsset = options.readAsset ?? readUiAsset;
  const { runtime, rool } = options;
  const reportProblems = (problems: string[], where: string) => {
    if (problems.length > 0) {
      options.onError(new Error(`Methods without an example: ${problems.join('; ')}`), where);
    }
  };

  app.get(docsPath, async () => {
    // A Worker has no files, nor has Deno run from JSR without a node_modules/ folder: the page
    // then loads the UI's files from the pinned CDN, which the browser checks against their hashes.
    const fromCdn = inWorker || await uiMissing(readAsset);
    const documents: PageDocument[] = [{ name: 'Roj platform API', url: rojDocsDocument }];
    const credentials: Record<string, string> = {};
    if (runtime.apiKeys.includes(devApiKey)) credentials.apiKey = devApiKey;
    if (rool) {
      documents.push({ name: 'Rool workspace API', url: roolDocsDocument, fetchWith: 'userToken' });
      const devToken = defaultRoolUsers[0].token;
      const userId = rool.runtime.state.tokens.get(devToken);
      if (userId && !rool.runtime.state.users.get(userId)?.deleted) {
        credentials.userToken = devToken;
      }
    }
    return new Response(docsPage({ documents, credentials, fromCdn }), {
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': docsContentSecurityPolicy(fromCdn),
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
      },
    });
  });
  app.get(`${docsPath}/`, () => redirect(docsPath));

  app.get(rojDocsDocument, () => {
    const { document, problems } = withExamples(rojDocument as OpenApiDocument, {
      known: rojKnownValues(runtime.state),
      offerOptional: rojOfferOptional,
      servers: [{ url: '/', description: 'This mock' }],
    });
    reportProblems(problems, 'docs roj');
    return documentResponse(document);
  });
  if (rool) {
    app.get(roolDocsDocument, async (c) => {
      const { document, problems } = withExamples(roolDocument as OpenApiDocument, {
        ...roolKnownValues(rool.runtime.state, await viewerOf(c.req.raw, rool)),
        servers: [{ url: rool.runtime.basePath || '/', description: 'This mock' }],
      });
      reportProblems(problems, 'docs rool');
      return documentResponse(document);
    });
  }

  app.get(
    `${assetsPath}/${initScriptName}`,
    () => new Response(initScript, { headers: assetHeaders('text/javascript; charset=utf-8') }),
  );
  app.get(`${assetsPath}/:name`, async (c) => {
    const name = c.req.param('name');
    try {
      const bytes = await readAsset(name);
      if (!bytes) {
        return faultResponse(new RpcFault('not_found', 'No such file of the docs page'));
      }
      return new Response(bytes, { headers: assetHeaders(uiAssets[name].contentType) });
    } catch (error) {
      if (!(error instanceof UiAssetsMissing)) throw error;
      // The message names the package and how to install it; it holds no secret.
      return faultResponse(new RpcFault('internal_error', error.message));
    }
  });
}

/** Whether the UI's files cannot be read here. */
async function uiMissing(readAsset: NonNullable<DocsOptions['readAsset']>): Promise<boolean> {
  try {
    await readAsset('swagger-ui-bundle.js');
    return false;
  } catch (error) {
    if (error instanceof UiAssetsMissing) return true;
    throw error;
  }
}

/** The user whose token fetched the document, if any; a bad token is no viewer, not an error. */
async function viewerOf(request: Request, rool: RoolMock): Promise<UserRecord | undefined> {
  if (!request.headers.has('authorization')) return undefined;
  try {
    return (await authenticate(request, rool.runtime, rool.runtime.clock())).user;
  } catch {
    return undefined;
  }
}

function documentResponse(document: OpenApiDocument): Response {
  return Response.json(document, {
    // It lists the mock's records as they are now, and per viewer.
    headers: { 'cache-control': 'no-store', vary: 'Authorization' },
  });
}

function assetHeaders(contentType: string): HeadersInit {
  return {
    'content-type': contentType,
    'x-content-type-options': 'nosniff',
    'cache-control': 'public, max-age=3600',
  };
}

function redirect(location: string): Response {
  return new Response(null, { status: 308, headers: { location } });
}
