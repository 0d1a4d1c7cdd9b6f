/**
 * Space archives (docs/rool-archive.md): export a space as a zip, import one as a new space.
 *
 * - `GET {apiUrl}/v1/spaces/{spaceId}/archive` answers the zip (`application/zip`); it needs
 *   read access (the viewer role).
 * - `POST {apiUrl}/v1/spaces/import?name=NAME` takes the zip as the body and answers the new
 *   space's `RoolSpaceInfo` with 201. The space is the caller's, with a fresh ID.
 *
 * Both take `Authorization: Bearer <token>` and answer failures with the RPC error envelope.
 *
 * @module
 */
import type { Hono } from 'hono';
import { cors } from 'hono/cors';
import { componentValidators } from '../../../src/rool/_generated/validators.ts';
import { readBytesLimited } from '../../rpc/body.ts';
import { RpcFault } from '../../rpc/fault.ts';
import { clientIdHeader } from '../client-id.ts';
import type { RoolRuntime } from '../context.ts';
import { requestContext } from '../request-context.ts';
import { actorOf } from '../events/actor.ts';
import { notifySpaceAdded } from '../events/notify-client.ts';
import { requireSpace } from '../roles.ts';
import { spaceInfo } from '../views.ts';
import { spaceEntries, zipEntries } from './export.ts';
import { restoreSpace } from './import.ts';
import { readZip } from './zip-reader.ts';

/** The export route, relative to the app's base path. */
const exportPath = '/v1/spaces/:spaceId/archive';

/** The import route, relative to the app's base path. */
const importPath = '/v1/spaces/import';

/** The content types an import body may have. */
const archiveContentTypes: readonly string[] = [
  'application/zip',
  'application/x-zip-compressed',
  'application/octet-stream',
];

/**
 * Adds the routes to the Rool app.
 *
 * @param app The Rool app, its routes relative to `runtime.basePath`.
 * @param runtime The running mock.
 */
export function mountArchive(app: Hono, runtime: RoolRuntime): void {
  // As the RPC endpoint (docs/rool-contract.md §1): any origin, since credentials are bearer
  // tokens a page must already hold.
  const allowCors = cors({
    origin: '*',
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['authorization', 'content-type', clientIdHeader.toLowerCase()],
    exposeHeaders: ['content-disposition'],
    maxAge: 600,
  });
  app.use(exportPath, allowCors);
  app.use(importPath, allowCors);
  // A refusal is thrown as an RpcFault, which the app's error handler answers.
  app.get(exportPath, (c) => exportSpace(c.req.raw, runtime, c.req.param('spaceId')));
  app.post(importPath, (c) => importSpace(c.req.raw, runtime));
}

async function exportSpace(request: Request, runtime: RoolRuntime, spaceId: string) {
  const ctx = await requestContext(request, runtime);
  const { space } = requireSpace(ctx, spaceId, 'viewer');
  const zip = zipEntries(spaceEntries(space));
  return new Response(zip, {
    headers: {
      'content-type': 'application/zip',
      'content-disposition': `attachment; filename="${space.id}.zip"`,
      'cache-control': 'no-store',
    },
  });
}

async function importSpace(request: Request, runtime: RoolRuntime): Promise<Response> {
  const ctx = await requestContext(request, runtime);
  const type = request.headers.get('content-type')?.split(';')[0].trim().toLowerCase() ?? '';
  if (!archiveContentTypes.includes(type)) {
    throw new RpcFault(
      'unsupported_media_type',
      `An archive is sent as ${archiveContentTypes.join(', ')}, not ${ctx.quote(type)}`,
    );
  }
  const name = new URL(request.url).searchParams.get('name');
  if (name === null || !componentValidators.CreateSpaceInput({ name }).ok) {
    throw new RpcFault(
      'validation_error',
      'The query parameter name is required: the name of the new space, 1–200 characters',
      { path: '/name' },
    );
  }
  const { limits } = runtime;
  const zip = await readBytesLimited(request, limits.archiveBytes, runtime.bodyTime.upload);
  const files = readZip(zip, {
    entries: limits.archiveEntries,
    entryBytes: limits.archiveEntryBytes,
    unpackedBytes: limits.archiveUnpackedBytes,
  }, ctx.quote);
  const space = restoreSpace(files, {
    ownerId: ctx.user.id,
    name,
    now: ctx.now,
    runtime,
    quote: ctx.quote,
  });
  // One step, after every check: a refused archive leaves nothing behind.
  ctx.state.spaces.set(space.id, space);
  notifySpaceAdded(runtime, { space, userId: ctx.user.id, actor: actorOf(ctx) });
  return Response.json(spaceInfo(space, ctx.user.id), { status: 201 });
}
