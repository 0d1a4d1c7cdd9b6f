/**
 * Handlers of `resources.*` (docs/roj-contract.md §3): versioned files,
 * created from uploads and addressed by id or slug.
 *
 * @module
 */
import type { GetResourceInput, GetResourceOutput } from '../../../src/roj/methods.ts';
import { RpcFault } from '../../rpc/fault.ts';
import type { PlatformContext } from '../context.ts';
import { echo } from '../domain/echo.ts';
import { iso, nextId, type ResourceRecord, type RojState } from '../state.ts';
import type { NamespaceHandlers } from './_handlers.ts';
import { exactlyOne } from './_exactly-one.ts';
import { pageIds } from './_paging.ts';

/** Handlers of `resources.create`, `addRevision`, `get`, `list` and `delete`. */
export const resourcesHandlers: NamespaceHandlers<'resources'> = {
  'resources.create': (input, ctx) => {
    const { state, now } = ctx;
    if (state.resourceIdBySlug.has(input.slug)) {
      throw new RpcFault('conflict', `A resource with slug ${input.slug} already exists`);
    }
    requireFile(ctx, input.fileId);
    const resource: ResourceRecord = {
      id: nextId(state, 'res'),
      slug: input.slug,
      name: input.name ?? null,
      description: input.description ?? null,
      createdAt: now,
      revisions: [],
    };
    const revisionId = addRevision(ctx, { resource, fileId: input.fileId, label: input.label });
    state.resources.set(resource.id, resource);
    state.resourceIdBySlug.set(resource.slug, resource.id);
    state.resourceOrder.push(resource.id);
    return { resourceId: resource.id, revisionId };
  },
  'resources.addRevision': (input, ctx) => {
    const resource = findResource(input, ctx);
    requireFile(ctx, input.fileId);
    return { revisionId: addRevision(ctx, { resource, fileId: input.fileId, label: input.label }) };
  },
  'resources.get': (input, ctx) => resourceOutput(findResource(input, ctx), ctx.state),
  'resources.list': ({ limit, offset }, { state }) => ({
    resources: pageIds(state.resourceOrder, { limit, offset, newestFirst: true }).map((id) =>
      resourceOutput(state.resources.get(id)!, state)
    ),
  }),
  'resources.delete': ({ resourceId }, ctx) => {
    const resource = findResource({ resourceId }, ctx);
    const { state } = ctx;
    state.resources.delete(resource.id);
    state.resourceIdBySlug.delete(resource.slug);
    state.resourceOrder.splice(state.resourceOrder.lastIndexOf(resource.id), 1);
    return { ok: true };
  },
};

function findResource(input: GetResourceInput, ctx: PlatformContext): ResourceRecord {
  const key = exactlyOne(input, { id: 'resourceId', slug: 'resourceSlug' });
  const id = key.by === 'id' ? key.value : ctx.state.resourceIdBySlug.get(key.value);
  const resource = id === undefined ? undefined : ctx.state.resources.get(id);
  if (!resource) {
    throw new RpcFault('not_found', `Resource ${echo(ctx.runtime, key.value)} not found`);
  }
  return resource;
}

function requireFile(ctx: PlatformContext, fileId: string): void {
  if (!ctx.state.files.has(fileId)) {
    throw new RpcFault('not_found', `File ${echo(ctx.runtime, fileId)} not found`);
  }
}

function addRevision(
  ctx: PlatformContext,
  options: { resource: ResourceRecord; fileId: string; label: string | undefined },
): string {
  const id = nextId(ctx.state, 'rrv');
  options.resource.revisions.push({
    id,
    label: options.label ?? null,
    fileId: options.fileId,
    createdAt: ctx.now,
  });
  return id;
}

function resourceOutput(resource: ResourceRecord, state: RojState): GetResourceOutput {
  const latest = resource.revisions.at(-1);
  const file = latest && state.files.get(latest.fileId)!;
  return {
    id: resource.id,
    slug: resource.slug,
    name: resource.name,
    description: resource.description,
    latestRevision: latest && file
      ? {
        id: latest.id,
        label: latest.label,
        file: { id: file.id, filename: file.filename, mimeType: file.mimeType, size: file.size },
        createdAt: iso(latest.createdAt),
      }
      : null,
    createdAt: iso(resource.createdAt),
  };
}
