/**
 * Handlers of `collections.*` and `schema.get` (docs/rool-contract.md §4):
 * the schema is a map of collection name → definition; `drop` deletes the
 * collection's objects too. Changes are recorded like object writes.
 *
 * @module
 */
import type { CollectionDef } from '../../../src/rool/types.ts';
import { RpcFault } from '../../rpc/fault.ts';
import type { RoolContext } from '../context.ts';
import { actorOf } from '../events/actor.ts';
import { notifySchemaUpdated } from '../events/notify.ts';
import { commitMutation } from '../mutation.ts';
import { collectionOf } from '../paths.ts';
import { requireSpace, requireSpaceChannel, type SpaceAccess } from '../roles.ts';
import type { ChannelRecord, SpaceRecord } from '../state.ts';
import type { NamespaceHandlers } from './_types.ts';

/** Handlers of the collection methods and `schema.get`. */
export const collectionsHandlers: NamespaceHandlers<'collections' | 'schema'> = {
  'collections.create': (input, ctx) => {
    const where = requireSpaceChannel(ctx, input, 'editor');
    if (where.space.schema.has(input.name)) {
      throw new RpcFault(
        'conflict',
        `Collection ${ctx.quote(input.name)} already exists; alter it instead`,
      );
    }
    checkFields(ctx, input.def);
    return setCollection(ctx, where, input, 'createCollection', 'Created');
  },
  'collections.alter': (input, ctx) => {
    const where = requireSpaceChannel(ctx, input, 'editor');
    requireCollection(ctx, where.space, input.name);
    checkFields(ctx, input.def);
    return setCollection(ctx, where, input, 'alterCollection', 'Altered');
  },
  'collections.drop': (input, ctx) => {
    const where = requireSpaceChannel(ctx, input, 'editor');
    requireCollection(ctx, where.space, input.name);
    const { space } = where;
    const { interaction } = commitMutation(
      ctx,
      where,
      input,
      { operation: 'dropCollection', input: `dropCollection ${input.name}` },
      () => {
        const paths = [...space.objects.keys()].filter((p) => collectionOf(p) === input.name);
        for (const path of paths) space.objects.delete(path);
        space.schema.delete(input.name);
        const objects = paths.length === 1 ? '1 object' : `${paths.length} objects`;
        return {
          result: undefined,
          output: `Dropped collection ${input.name} and its ${objects}`,
          paths,
        };
      },
    );
    notifySchemaUpdated(ctx.runtime, { space, actor: actorOf(ctx) });
    return { collection: null, schema: Object.fromEntries(space.schema), interaction };
  },
  'schema.get': ({ spaceId }, ctx) => {
    const { space } = requireSpace(ctx, spaceId, 'viewer');
    return { schema: Object.fromEntries(space.schema) };
  },
};

function requireCollection(ctx: RoolContext, space: SpaceRecord, name: string): void {
  if (!space.schema.has(name)) {
    throw new RpcFault('not_found', `Collection ${ctx.quote(name)} not found`);
  }
}

/** Field names must be unique within a collection. */
function checkFields(ctx: RoolContext, def: CollectionDef): void {
  const seen = new Set<string>();
  def.fields.forEach((field, i) => {
    if (seen.has(field.name)) {
      throw new RpcFault(
        'validation_error',
        `Field ${ctx.quote(field.name)} is defined twice; field names must be unique`,
        { path: `/def/fields/${i}/name` },
      );
    }
    seen.add(field.name);
  });
}

function setCollection(
  ctx: RoolContext,
  where: SpaceAccess & { channel: ChannelRecord },
  input: Parameters<NamespaceHandlers<'collections'>['collections.create']>[0],
  operation: 'createCollection' | 'alterCollection',
  verb: string,
) {
  const { interaction } = commitMutation(
    ctx,
    where,
    input,
    { operation, input: `${operation} ${input.name}` },
    () => {
      where.space.schema.set(input.name, input.def);
      return { result: undefined, output: `${verb} collection ${input.name}`, paths: [] };
    },
  );
  notifySchemaUpdated(ctx.runtime, { space: where.space, actor: actorOf(ctx) });
  return {
    collection: input.def,
    schema: Object.fromEntries(where.space.schema),
    interaction,
  };
}
