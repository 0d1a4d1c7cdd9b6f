/**
 * The Roj mock as a Hono app: the platform and instance RPC endpoints, the
 * upload, the service pages, the OpenAPI document and its reference UI, a
 * health route, and the mock-only control endpoint. Routes come from the API
 * definitions, so the paths are written once.
 *
 * @module
 */
import { swaggerUI } from '@hono/swagger-ui';
import { Hono } from 'hono';
import { rojApi } from '../../src/roj/api.ts';
import type { InstanceMethods } from '../../src/roj/instance-methods.ts';
import type { PlatformMethods } from '../../src/roj/methods.ts';
import { instanceValidators, platformValidators } from '../../src/roj/_generated/validators.ts';
import openapi from '../../src/roj/_generated/openapi.json' with { type: 'json' };
import { rpcEndpoint } from '../rpc/endpoint.ts';
import type { Handlers } from '../rpc/handlers.ts';
import { faultResponse, RpcFault } from '../rpc/fault.ts';
import { requestOrigin } from '../rpc/url.ts';
import { mockAdminApi, type MockAdminMethods } from './admin-api.ts';
import { type AdminContext, adminHandlers } from './admin.ts';
import { adminValidators } from './_generated/validators.ts';
import { requireApiKey, requireInstanceToken } from './auth.ts';
import { echo } from './domain/echo.ts';
import type { InstanceContext, MockRuntime, PlatformContext } from './context.ts';
import { instanceHandlers } from './instance/mod.ts';
import { platformHandlers } from './platform/mod.ts';
import { servicePage } from './platform/services.ts';
import { uploadFile } from './platform/upload.ts';

/** The mock's version, reported by `/health`. */
export const mockVersion = '0.1.0';

/** Options of {@linkcode createRojApp}. */
export interface RojAppOptions {
  /** Handlers replacing the mock's own (fault injection, mutants). */
  handlers?: {
    platform?: Partial<Handlers<PlatformMethods, PlatformContext>>;
    instance?: Partial<Handlers<InstanceMethods, InstanceContext>>;
  };
  /** Check every handler output against its schema (a bug becomes `internal_error`). */
  checkOutputs: boolean;
  /** Told about unexpected errors; never about rejected requests. */
  onError: (error: unknown, where: string) => void;
}

/**
 * Builds the app over a running mock.
 *
 * @param runtime The state and settings; handlers see `runtime.state` as it is at each request.
 * @param options Output checks and error reporting.
 * @returns The Hono app.
 */
export function createRojApp(runtime: MockRuntime, options: RojAppOptions): Hono {
  const app = new Hono();
  const platformContext = (request: Request): PlatformContext => {
    requireApiKey(request, runtime);
    return {
      state: runtime.state,
      runtime,
      now: runtime.clock(),
      origin: requestOrigin(request.url),
    };
  };
  const instanceContext = (request: Request, params: Record<string, string>): InstanceContext => {
    const now = runtime.clock();
    const instanceId = params.instanceId;
    const token = requireInstanceToken(request, { instanceId, runtime, now });
    const instance = runtime.state.instances.get(instanceId);
    if (!instance) throw new RpcFault('not_found', `Instance ${instanceId} not found`);
    if (instance.archivedAt !== undefined) {
      throw new RpcFault('conflict', `Instance ${instanceId} is archived`);
    }
    return {
      state: runtime.state,
      runtime,
      now,
      origin: requestOrigin(request.url),
      instance,
      token,
    };
  };
  const onError = (where: string) => (error: unknown, method?: string) =>
    options.onError(error, method ? `${where} ${quote(method)}` : where);
  const quote = (value: string) => echo(runtime, value);

  const platform = rpcEndpoint<PlatformMethods, PlatformContext>({
    validators: platformValidators,
    handlers: { ...platformHandlers, ...options.handlers?.platform },
    context: platformContext,
    maxBodyBytes: runtime.limits.rpcBodyBytes,
    bodyTime: runtime.bodyTime.rpc,
    checkOutputs: options.checkOutputs,
    onError: onError('platform'),
    quote,
  });
  const instance = rpcEndpoint<InstanceMethods, InstanceContext>({
    validators: instanceValidators,
    handlers: { ...instanceHandlers, ...options.handlers?.instance },
    context: instanceContext,
    maxBodyBytes: runtime.limits.rpcBodyBytes,
    bodyTime: runtime.bodyTime.rpc,
    checkOutputs: options.checkOutputs,
    onError: onError('instance'),
    quote,
  });
  const admin = rpcEndpoint<MockAdminMethods, AdminContext>({
    validators: adminValidators,
    handlers: adminHandlers,
    context: (request: Request) => (requireApiKey(request, runtime), { runtime }),
    maxBodyBytes: runtime.limits.uploadBytes,
    bodyTime: runtime.bodyTime.upload,
    checkOutputs: options.checkOutputs,
    onError: onError('admin'),
    quote,
  });

  app.get('/health', (c) => c.json({ ok: true, service: 'roj-mock', version: mockVersion }));
  app.get('/openapi.json', (c) => c.json(openapi));
  app.get('/docs', swaggerUI({ url: '/openapi.json', title: 'Roj mock API reference' }));
  app.post(honoPath(rojApi.endpoints.platform.path), (c) => platform(c.req.raw));
  app.post(honoPath(rojApi.endpoints.instance.path), (c) => instance(c.req.raw, c.req.param()));
  app.post(honoPath(rojApi.uploads['files.upload'].path), (c) => {
    try {
      requireApiKey(c.req.raw, runtime);
    } catch (error) {
      return faultResponse(error as RpcFault);
    }
    const ctx = {
      state: runtime.state,
      runtime,
      now: runtime.clock(),
      origin: requestOrigin(c.req.url),
    };
    return uploadFile(c.req.raw, ctx);
  });
  app.post(honoPath(mockAdminApi.endpoints.admin.path), (c) => admin(c.req.raw));
  app.get('/services/:code/*', (c) => servicePage(runtime.state, c.req.param('code')));
  app.get('/services/:code', (c) => servicePage(runtime.state, c.req.param('code')));

  app.notFound((c) =>
    faultResponse(
      new RpcFault(
        'not_found',
        `No route ${c.req.method} ${new URL(c.req.url).pathname.slice(0, 200)}`,
      ),
    )
  );
  app.onError((error) => {
    options.onError(error, 'app');
    return faultResponse(new RpcFault('internal_error', 'Internal error'));
  });
  return app;
}

// `/api/v1/instances/{instanceId}/rpc` → `/api/v1/instances/:instanceId/rpc`
function honoPath(path: string): string {
  return path.replace(/\{([^}]+)\}/g, ':$1');
}
