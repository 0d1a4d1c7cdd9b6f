/**
 * The object writes of docs/rool-contract.md §4, shared by the `objects.*`
 * handlers and the agent's tools. Each `prepare…` function checks everything
 * and changes nothing; the function it returns makes the change, stamped with
 * who made it where, and cannot fail. So a refused write changes nothing.
 *
 * @module
 */
import type { RoolObject, RoolObjectStat } from '../../src/rool/types.ts';
import { RpcFault } from '../rpc/fault.ts';
import type { RoolContext } from './context.ts';
import { requireJsonDepth } from '../rpc/json-depth.ts';
import { collectionOf, requireObjectPath } from './paths.ts';
import type { ObjectRecord, SpaceRecord } from './state.ts';

/** The audit stamp of a change: a stat without the path. */
export type Stamp = Omit<RoolObjectStat, 'path'>;

/** One object written, as the answer shows it. */
export interface Written {
  /** The object as stored. */
  object: RoolObject;
  /** Its stat. */
  stat: RoolObjectStat;
  /** The confirmation message. */
  message: string;
  /** The paths changed. */
  paths: string[];
}

/**
 * Checks that a collection exists.
 *
 * @param ctx The call's context.
 * @param space The space.
 * @param name The collection.
 * @param pointer Where the path was in the input.
 * @throws {RpcFault} `validation_error` otherwise.
 */
export function requireCollection(
  ctx: RoolContext,
  space: SpaceRecord,
  name: string,
  pointer: string,
): void {
  if (!space.schema.has(name)) {
    throw new RpcFault(
      'validation_error',
      `Collection ${ctx.quote(name)} does not exist; create it first`,
      { path: pointer },
    );
  }
}

function requireObject(ctx: RoolContext, space: SpaceRecord, path: string): ObjectRecord {
  const record = space.objects.get(path);
  if (!record) throw new RpcFault('not_found', `Object ${ctx.quote(path)} not found`);
  return record;
}

function store(space: SpaceRecord, path: string, body: Record<string, unknown>, stamp: Stamp) {
  const record: ObjectRecord = { body, stat: { path, ...stamp } };
  space.objects.set(path, record);
  return { object: { path, body }, stat: record.stat };
}

/**
 * Checks an `objects.put`: the collection exists, and a new object fits the space's limit.
 *
 * @param ctx The call's context.
 * @param space The space.
 * @param path The object path (schema-checked).
 * @param body The body.
 * @returns The write.
 */
export function preparePut(
  ctx: RoolContext,
  space: SpaceRecord,
  path: string,
  body: Record<string, unknown>,
): (stamp: Stamp) => Written {
  requireCollection(ctx, space, collectionOf(path), '/path');
  requireJsonDepth(body, '/body');
  const exists = space.objects.has(path);
  if (!exists) requireRoom(ctx, space, 1);
  return (stamp) => ({
    ...store(space, path, body, stamp),
    message: `${exists ? 'Updated' : 'Created'} ${path}`,
    paths: [path],
  });
}

/**
 * Checks an `objects.patch`: the object exists. `null` values delete fields.
 *
 * @param ctx The call's context.
 * @param space The space.
 * @param path The object path.
 * @param data The fields to set or delete.
 * @returns The write.
 */
export function preparePatch(
  ctx: RoolContext,
  space: SpaceRecord,
  path: string,
  data: Record<string, unknown>,
): (stamp: Stamp) => Written {
  const { body } = requireObject(ctx, space, path);
  requireJsonDepth(data, '/data');
  return (stamp) => {
    const patched = { ...body };
    for (const [key, value] of Object.entries(data)) {
      if (value === null) delete patched[key];
      else patched[key] = value;
    }
    return { ...store(space, path, patched, stamp), message: `Updated ${path}`, paths: [path] };
  };
}

/**
 * Checks an `objects.move`: the source exists, nothing is at the target, and the target's
 * collection exists.
 *
 * @param ctx The call's context.
 * @param space The space.
 * @param move `from`, `to`, and the `body` replacing the moved one, if any.
 * @returns The write.
 */
export function prepareMove(
  ctx: RoolContext,
  space: SpaceRecord,
  move: { from: string; to: string; body?: Record<string, unknown> },
): (stamp: Stamp) => Written {
  const { from, to } = move;
  const source = requireObject(ctx, space, from);
  if (space.objects.has(to)) {
    throw new RpcFault('conflict', `An object already exists at ${ctx.quote(to)}; delete it first`);
  }
  requireCollection(ctx, space, collectionOf(to), '/to');
  if (move.body) requireJsonDepth(move.body, '/body');
  return (stamp) => {
    space.objects.delete(from);
    return {
      ...store(space, to, move.body ?? source.body, stamp),
      message: `Moved ${from} to ${to}`,
      paths: [from, to],
    };
  };
}

/**
 * Checks an `objects.delete`: every path is an object path and every object exists. All or
 * nothing.
 *
 * @param ctx The call's context.
 * @param space The space.
 * @param paths The paths.
 * @returns The deletion, answering the paths deleted.
 */
export function prepareDelete(
  ctx: RoolContext,
  space: SpaceRecord,
  paths: readonly string[],
): () => string[] {
  paths.forEach((path, i) => requireObjectPath(path, `/paths/${i}`));
  for (const path of paths) {
    if (!space.objects.has(path)) {
      throw new RpcFault('not_found', `Object ${ctx.quote(path)} not found; nothing was deleted`);
    }
  }
  const unique = [...new Set(paths)];
  return () => {
    for (const path of unique) space.objects.delete(path);
    return unique;
  };
}

/**
 * Checks that a space has room for more objects.
 *
 * @param ctx The call's context.
 * @param space The space.
 * @param count How many objects would be added.
 * @throws {RpcFault} `conflict` when the space would hold more than the limit.
 */
export function requireRoom(ctx: RoolContext, space: SpaceRecord, count: number): void {
  const limit = ctx.runtime.limits.objectsPerSpace;
  if (space.objects.size + count > limit) {
    throw new RpcFault(
      'conflict',
      `Space ${ctx.quote(space.id)} holds ${space.objects.size} objects, the most allowed is ` +
        `${limit}; delete some first`,
    );
  }
}
