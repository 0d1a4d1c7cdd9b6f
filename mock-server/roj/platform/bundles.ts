/**
 * Handlers of `bundles.*` (docs/roj-contract.md §3): list and delete.
 *
 * @module
 */
import type { DeleteBundleInput } from '../../../src/roj/methods.ts';
import { RpcFault } from '../../rpc/fault.ts';
import type { PlatformContext } from '../context.ts';
import { echo } from '../domain/echo.ts';
import { type BundleRecord, iso } from '../state.ts';
import type { NamespaceHandlers } from './_handlers.ts';
import { pageIds } from './_paging.ts';
import { exactlyOne } from './_exactly-one.ts';

/** Handlers of `bundles.list` and `bundles.delete`. */
export const bundlesHandlers: NamespaceHandlers<'bundles'> = {
  'bundles.list': ({ limit, offset }, { state }) => ({
    bundles: pageIds(state.bundleOrder, { limit, offset }).map((id) => {
      const bundle = state.bundles.get(id)!;
      const latest = bundle.revisions.at(-1);
      return {
        id: bundle.id,
        slug: bundle.slug,
        name: bundle.name,
        description: bundle.description,
        latestRevision: latest
          ? {
            id: latest.id,
            version: latest.version,
            r2Key: latest.r2Key,
            createdAt: iso(latest.createdAt),
          }
          : null,
        createdAt: iso(bundle.createdAt),
      };
    }),
  }),
  'bundles.delete': (input, ctx) => {
    const bundle = findBundle(input, ctx);
    const { state } = ctx;
    state.bundles.delete(bundle.id);
    state.bundleIdBySlug.delete(bundle.slug);
    state.bundleOrder.splice(state.bundleOrder.indexOf(bundle.id), 1);
    return { ok: true };
  },
};

function findBundle(input: DeleteBundleInput, ctx: PlatformContext): BundleRecord {
  const key = exactlyOne(input, { id: 'bundleId', slug: 'bundleSlug' });
  const id = key.by === 'id' ? key.value : ctx.state.bundleIdBySlug.get(key.value);
  const bundle = id === undefined ? undefined : ctx.state.bundles.get(id);
  if (!bundle) throw new RpcFault('not_found', `Bundle ${echo(ctx.runtime, key.value)} not found`);
  return bundle;
}
