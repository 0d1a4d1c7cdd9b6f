/**
 * Looking instances up, and the rule that an archived instance accepts no
 * change (docs/roj-contract.md §3, `instances.archive`).
 *
 * @module
 */
import { RpcFault } from '../../rpc/fault.ts';
import type { PlatformContext } from '../context.ts';
import type { InstanceRecord } from '../state.ts';
import { echo } from './echo.ts';

/**
 * The instance with an id.
 *
 * @param ctx The request's context.
 * @param instanceId The id from the input.
 * @returns The instance, archived or not.
 * @throws {RpcFault} `not_found` when there is none.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { findInstance } from './instances.ts';
 * const ctx = { state: { instances: new Map() }, runtime: { apiKeys: [] } } as unknown as Parameters<
 *   typeof findInstance
 * >[0];
 * assert.throws(() => findInstance(ctx, 'ins_000404'), /not found/);
 * ```
 */
export function findInstance(
  ctx: Pick<PlatformContext, 'state' | 'runtime'>,
  instanceId: string,
): InstanceRecord {
  const instance = ctx.state.instances.get(instanceId);
  if (!instance) {
    throw new RpcFault('not_found', `Instance ${echo(ctx.runtime, instanceId)} not found`);
  }
  return instance;
}

/**
 * Refuses a change to an archived instance.
 *
 * @param instance The instance.
 * @throws {RpcFault} `conflict` when it is archived.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { requireNotArchived } from './instances.ts';
 * const archived = { id: 'ins_000001', archivedAt: 0 } as unknown as Parameters<
 *   typeof requireNotArchived
 * >[0];
 * assert.throws(() => requireNotArchived(archived), /archived/);
 * ```
 */
export function requireNotArchived(instance: InstanceRecord): void {
  if (instance.archivedAt !== undefined) {
    throw new RpcFault('conflict', `Instance ${instance.id} is archived`);
  }
}
