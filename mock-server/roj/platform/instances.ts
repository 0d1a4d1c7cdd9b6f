/**
 * Handlers of `instances.*` (docs/roj-contract.md §3): create, get, list,
 * status and archive.
 *
 * @module
 */
import type {
  CreateInstanceInput,
  CreateInstanceOutput,
  GetInstanceOutput,
  GetInstanceStatusOutput,
} from '../../../src/roj/methods.ts';
import { nextSandboxState } from '../../../src/roj/sandbox-state.ts';
import { RpcFault } from '../../rpc/fault.ts';
import type { PlatformContext } from '../context.ts';
import { echo } from '../domain/echo.ts';
import { findInstance } from '../domain/instances.ts';
import { appendEvent, instanceStatus, lifecycleEvents } from '../domain/lifecycle.ts';
import { servicesOf } from '../domain/services.ts';
import { createSession, findPreset, sessionsOf, sessionStatus } from '../domain/sessions.ts';
import { appendLog } from '../instance/agent-log.ts';
import { type BundleRecord, type InstanceRecord, iso, nextId } from '../state.ts';
import type { NamespaceHandlers } from './_handlers.ts';
import { pageIds } from './_paging.ts';

/** Handlers of `instances.create`, `get`, `list`, `status` and `archive`. */
export const instancesHandlers: NamespaceHandlers<'instances'> = {
  'instances.create': createInstance,
  'instances.get': ({ instanceId }, ctx) => instanceOutput(findInstance(ctx, instanceId), ctx.now),
  'instances.list': ({ limit, offset }, ctx) => {
    const ids = pageIds(ctx.state.liveInstanceOrder, { limit, offset, newestFirst: true });
    return {
      instances: ids.map((id) => instanceOutput(ctx.state.instances.get(id)!, ctx.now)),
      total: ctx.state.liveInstanceOrder.length,
    };
  },
  'instances.status': ({ instanceId }, ctx) =>
    instanceStatusOutput(findInstance(ctx, instanceId), ctx),
  'instances.archive': ({ instanceId }, ctx) => {
    archiveInstance(findInstance(ctx, instanceId), ctx);
    return { ok: true };
  },
};

function createInstance(input: CreateInstanceInput, ctx: PlatformContext): CreateInstanceOutput {
  const { state, runtime, now } = ctx;
  // Every rule first, in the contract's order: nothing is created unless all pass.
  const template = state.templates.get(input.templateSlug);
  if (!template) {
    throw new RpcFault('not_found', `Template ${echo(runtime, input.templateSlug)} not found`);
  }
  const bundle = findLiveBundle(ctx, input.bundleSlug ?? template.bundleSlug);
  const revisionId = bundleRevision(ctx, { bundle, revisionId: input.bundleRevisionId });
  const auto = input.autoCreateSession;
  if (auto) {
    findPreset(ctx, auto.presetId);
    for (const id of auto.resourceIds ?? []) {
      if (!state.resources.has(id)) {
        throw new RpcFault('not_found', `Resource ${echo(runtime, id)} not found`);
      }
    }
    for (const id of auto.fileIds ?? []) {
      if (!state.files.has(id)) {
        throw new RpcFault('not_found', `File ${echo(runtime, id)} not found`);
      }
    }
  }

  // The mock has nothing to wait for: a blocking create is ready when it answers.
  const blocking = auto?.blocking === true;
  const instance: InstanceRecord = {
    id: nextId(state, 'ins'),
    name: input.name,
    templateSlug: template.slug,
    bundleSlug: bundle.slug,
    bundleRevisionId: revisionId,
    vcsType: input.vcsType ?? 'none',
    metadata: input.metadata === undefined ? null : structuredClone(input.metadata),
    createdAt: now,
    readyAt: blocking ? now : now + runtime.timing.instanceReadyMs,
    events: [],
    sessionIds: [],
  };
  state.instances.set(instance.id, instance);
  state.liveInstanceOrder.push(instance.id);
  // `instance.created` and `instance.initializing` are derived from `createdAt` (lifecycleEvents).
  if (!auto) return { instanceId: instance.id, status: 'created' };
  const { session, wsToken } = createSession(ctx, { instance, presetId: auto.presetId, blocking });
  return {
    instanceId: instance.id,
    status: blocking ? 'ready' : 'created',
    sessionId: session.id,
    wsToken,
  };
}

function findLiveBundle(ctx: PlatformContext, slug: string): BundleRecord {
  const id = ctx.state.bundleIdBySlug.get(slug);
  const bundle = id === undefined ? undefined : ctx.state.bundles.get(id);
  if (!bundle) throw new RpcFault('not_found', `Bundle ${echo(ctx.runtime, slug)} not found`);
  return bundle;
}

function bundleRevision(
  ctx: PlatformContext,
  options: { bundle: BundleRecord; revisionId: string | undefined },
): string {
  const { bundle, revisionId } = options;
  if (revisionId !== undefined) {
    if (!bundle.revisions.some((r) => r.id === revisionId)) {
      throw new RpcFault(
        'not_found',
        `Bundle revision ${echo(ctx.runtime, revisionId)} not found in bundle ${bundle.slug}`,
      );
    }
    return revisionId;
  }
  const latest = bundle.revisions.at(-1);
  if (!latest) throw new RpcFault('conflict', `Bundle ${bundle.slug} has no revisions to deploy`);
  return latest.id;
}

function instanceOutput(instance: InstanceRecord, now: number): GetInstanceOutput {
  return {
    instanceId: instance.id,
    name: instance.name,
    status: instanceStatus(instance, now),
    templateSlug: instance.templateSlug,
    bundleSlug: instance.bundleSlug,
    bundleRevisionId: instance.bundleRevisionId,
    vcsType: instance.vcsType,
    metadata: instance.metadata === null ? null : structuredClone(instance.metadata),
    createdAt: iso(instance.createdAt),
  };
}

function instanceStatusOutput(
  instance: InstanceRecord,
  ctx: PlatformContext,
): GetInstanceStatusOutput {
  const { state, now } = ctx;
  const sandbox = instance.sandboxId === undefined
    ? undefined
    : state.sandboxes.get(instance.sandboxId);
  const sessions = sessionsOf(state, instance);
  return {
    instanceId: instance.id,
    status: instanceStatus(instance, now),
    sandbox: sandbox
      ? { state: sandbox.state, e2bId: sandbox.e2bId, lastActivityAt: iso(sandbox.lastActivityAt) }
      : null,
    sessions: sessions.map((s) => ({
      id: s.id,
      presetId: s.presetId,
      status: sessionStatus(s, now),
      createdAt: iso(s.createdAt),
    })),
    lifecycleEvents: lifecycleEvents(instance, now),
    serviceUrls: sessions.flatMap((s) =>
      servicesOf(state, s).map((service) => ({
        code: service.code,
        sessionId: s.id,
        serviceType: service.serviceType,
        port: service.port,
      }))
    ),
  };
}

function archiveInstance(instance: InstanceRecord, ctx: PlatformContext): void {
  if (instance.archivedAt !== undefined) return;
  const { state, now } = ctx;
  const sandbox = instance.sandboxId === undefined
    ? undefined
    : state.sandboxes.get(instance.sandboxId);
  const terminated = sandbox && nextSandboxState(sandbox.state, 'terminate');
  if (sandbox && terminated) {
    sandbox.state = terminated;
    sandbox.lastActivityAt = now;
    // The same log line as the instance method `terminateSandbox` writes.
    appendLog(sandbox, { line: 'sandbox terminated', runtime: ctx.runtime });
    appendEvent(instance, { event: 'sandbox.terminated', detail: sandbox.id, at: now });
  }
  instance.archivedAt = now;
  appendEvent(instance, { event: 'instance.archived', at: now });
  // Archiving is rare and listing is hot, so the O(n) removal is paid here.
  const live = state.liveInstanceOrder;
  const at = live.lastIndexOf(instance.id);
  if (at !== -1) live.splice(at, 1);
}
