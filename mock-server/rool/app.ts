/**
 * The Rool mock as a Hono app (docs/rool-contract.md §1): the RPC endpoint
 * (authentication, then the shared endpoint's checks, then the handlers), the
 * login page, the OpenAPI document and a health route. Only the last three
 * are served without a token.
 *
 * @module
 */
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { roolApi } from '../../src/rool/api.ts';
import type { RoolMethods } from '../../src/rool/methods.ts';
import { roolValidators } from '../../src/rool/_generated/validators.ts';
import openapi from '../../src/rool/_generated/openapi.json' with { type: 'json' };
import { rpcEndpoint } from '../rpc/endpoint.ts';
import { faultResponse, RpcFault } from '../rpc/fault.ts';
import { quoteValue } from './auth.ts';
import type { RoolContext, RoolRuntime } from './context.ts';
import { type RoolHandlers, roolHandlers } from './handlers/mod.ts';
import { showLogin, submitLogin } from './login.ts';
import { clientIdHeader } from './client-id.ts';
import { requestContext } from './request-context.ts';
import { mountArchive } from './archive/mod.ts';
import { mountEvents } from './events/mod.ts';
import { mountWebdav } from './webdav/mod.ts';

/** The Rool mock's version, reported by `/health`. */
export const roolMockVersion = '0.1.0';

/** Options of {@linkcode createRoolApp}. */
export interface RoolAppOptions {
  /** Handlers replacing the mock's own (fault injection, mutants). */
  handlers?: Partial<RoolHandlers>;
  /** Check every handler output against its schema (a bug becomes `internal_error`). */
  checkOutputs: boolean;
  /** Told about unexpected errors; never about refused requests. */
  onError: (error: unknown, where: string) => void;
}

/**
 * Builds the app over a running Rool mock, its routes under `runtime.basePath`.
 *
 * @param runtime The state and settings; handlers see `runtime.state` as it is at each request.
 * @param options Handler overrides, output checks and error reporting.
 * @returns The Hono app.
 */
export function createRoolApp(runtime: RoolRuntime, options: RoolAppOptions): Hono {
  const app = runtime.basePath === '' ? new Hono() : new Hono().basePath(runtime.basePath);
  const quote = (value: string) => quoteValue(runtime, value);
  const context = (request: Request) => requestContext(request, runtime);
  const rpc = rpcEndpoint<RoolMethods, RoolContext>({
    validators: roolValidators,
    handlers: { ...roolHandlers, ...options.handlers },
    context,
    maxBodyBytes: runtime.limits.rpcBodyBytes,
    bodyTime: runtime.bodyTime.rpc,
    checkOutputs: options.checkOutputs,
    onError: (error, method) => options.onError(error, method ? `rool ${quote(method)}` : 'rool'),
    quote,
  });

  app.get('/health', (c) => c.json({ ok: true, service: 'rool-mock', version: roolMockVersion }));
  app.get('/openapi.json', (c) => c.json(openapi));
  // Browser apps call the API from their own origin. Credentials are bearer tokens, never
  // cookies, so any origin may call it: a page can only use a token it already holds.
  // WebDAV answers its own preflights: there `OPTIONS` is also a WebDAV method.
  app.use(
    roolApi.endpoints.rool.path,
    cors({
      origin: '*',
      allowMethods: ['POST', 'GET', 'OPTIONS'],
      allowHeaders: ['authorization', 'content-type', clientIdHeader.toLowerCase()],
      maxAge: 600,
    }),
  );
  app.post(roolApi.endpoints.rool.path, (c) => rpc(c.req.raw));
  mountEvents(app, runtime);
  mountWebdav(app, runtime, options);
  mountArchive(app, runtime);
  app.get('/auth/login', (c) => showLogin(c.req.raw, runtime));
  app.post('/auth/login', (c) => submitLogin(c.req.raw, runtime));

  app.notFound((c) =>
    faultResponse(
      new RpcFault(
        'not_found',
        `No route ${c.req.method} ${new URL(c.req.url).pathname.slice(0, 200)}`,
      ),
    )
  );
  // Routes outside the RPC endpoint (events, archives) refuse a request by throwing an RpcFault:
  // it is answered with the error envelope, as the endpoint answers its own.
  app.onError((error) => {
    if (error instanceof RpcFault) return faultResponse(error);
    options.onError(error, 'rool app');
    return faultResponse(new RpcFault('internal_error', 'Internal error'));
  });
  return app;
}
