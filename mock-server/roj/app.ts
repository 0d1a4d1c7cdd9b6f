/**
 * The Roj mock as a Hono app: the platform and instance RPC endpoints, the
 * upload, the service pages, the OpenAPI document and the docs page (../docs/),
 * a health route, and the mock-only control endpoint. Routes come from the API
 * definitions, so the paths are written once. The API routes answer CORS
 * preflights and allow any origin (./cors.ts).
 *
 * @module
 */
import { packageVersion } from '../../cli/version.ts';
import { Hono } from 'hono';
import { rojApi } from '../../src/roj/api.ts';
import type { InstanceMethods } from '../../src/roj/instance-methods.ts';
import type { PlatformMethods } from '../../src/roj/methods.ts';
import { instanceValidators, platformValidators } from '../../src/roj/_generated/validators.ts';
import openapi from '../../src/roj/_generated/openapi.json' with { type: 'json' };
import { mountDocs } from '../docs/mount.ts';
import type { RoolMock } from '../rool/mod.ts';
import { rpcEndpoint } from '../rpc/endpoint.ts';
import type { Handlers } from '../rpc/handlers.ts';
import { faultResponse, RpcFault } from '../rpc/fault.ts';
import { requestOrigin } from '../rpc/url.ts';
import { mockAdminApi, type MockAdminMethods } from './admin-api.ts';
import { type AdminContext, adminHandlers } from './admin.ts';
import { adminValidators } from './_generated/validators.ts';
import { requireApiKey, requireInstanceToken } from './auth.ts';
import { allowAnyOrigin, optionsResponse, withAnyOrigin } from './cors.ts';
import { echo } from './domain/echo.ts';
import type { InstanceContext, MockRuntime, PlatformContext } from './context.ts';
import { instanceHandlers } from './instance/mod.ts';
import { platformHandlers } from './platform/mod.ts';
import { servicePage } from './platform/services.ts';
import { uploadFile } from './platform/upload.ts';

/** The mock's version, reported by `/health`: the package's. */
export const mockVersion: string = packageVersion;

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
  /** The Rool mock served beside it: the docs page shows its document too. */
  rool?: RoolMock;
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

  const platformPath = honoPath(rojApi.endpoints.platform.path);
  const instancePath = honoPath(rojApi.endpoints.instance.path);
  const uploadPath = honoPath(rojApi.uploads['files.upload'].path);
  const adminPath = honoPath(mockAdminApi.endpoints.admin.path);
  const upload = (request: Request) => {
    try {
      requireApiKey(request, runtime);
    } catch (error) {
      return faultResponse(error as RpcFault);
    }
    const ctx = {
      state: runtime.state,
      runtime,
      now: runtime.clock(),
      origin: requestOrigin(request.url),
    };
    return uploadFile(request, ctx);
  };

  app.get(
    '/health',
    () => withAnyOrigin(Response.json({ ok: true, service: 'roj-mock', version: mockVersion })),
  );
  app.get('/openapi.json', () => withAnyOrigin(Response.json(openapi)));
  mountDocs(app, { runtime, rool: options.rool, onError: options.onError });
  app.post(platformPath, (c) => allowAnyOrigin(c.req.raw, platform(c.req.raw)));
  app.post(instancePath, (c) => allowAnyOrigin(c.req.raw, instance(c.req.raw, c.req.param())));
  app.post(uploadPath, (c) => allowAnyOrigin(c.req.raw, upload(c.req.raw)));
  app.post(adminPath, (c) => allowAnyOrigin(c.req.raw, admin(c.req.raw)));
  for (const path of [platformPath, instancePath, uploadPath, adminPath]) {
    app.options(path, (c) => optionsResponse(c.req.raw, ['POST']));
  }
  for (const path of ['/health', '/openapi.json']) {
    app.options(path, (c) => optionsResponse(c.req.raw, ['GET', 'HEAD']));
  }
  app.get('/services/:code/*', (c) => servicePage(runtime.state, c.req.param('code')));
  app.get('/services/:code', (c) => servicePage(runtime.state, c.req.param('code')));

  // Pages on other origins read these answers too (a wrong path, a bug), not a network error.
  app.notFound((c) =>
    allowAnyOrigin(
      c.req.raw,
      faultResponse(
        new RpcFault(
          'not_found',
          `No route ${c.req.method} ${new URL(c.req.url).pathname.slice(0, 200)}`,
        ),
      ),
    )
  );
  app.onError((error, c) => {
    options.onError(error, 'app');
    return allowAnyOrigin(
      c.req.raw,
      faultResponse(new RpcFault('internal_error', 'Internal error')),
    );
  });
  return app;
}

// `/api/v1/instances/{instanceId}/rpc` → `/api/v1/instances/:instanceId/rpc`
function honoPath(path: string): string {
  return path.replace(/\{([^}]+)\}/g, ':$1');
}
