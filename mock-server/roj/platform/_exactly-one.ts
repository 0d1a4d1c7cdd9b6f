/**
 * The "give exactly one of an id and a slug" rule of `bundles.delete` and
 * `resources.*` (docs/roj-contract.md §3).
 *
 * @module
 */
import { RpcFault } from '../../rpc/fault.ts';

/**
 * Which of two alternative fields an input gives.
 *
 * @param input The validated input.
 * @param fields The names of the id field and the slug field.
 * @returns Whether the input names the entity by id or by slug, and the value.
 * @throws {RpcFault} `validation_error` at `''` unless exactly one of the two is present.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { exactlyOne } from './_exactly-one.ts';
 * const fields = { id: 'bundleId', slug: 'bundleSlug' } as const;
 * assert.deepEqual(exactlyOne({ bundleSlug: 'starter' }, fields), { by: 'slug', value: 'starter' });
 * assert.throws(() => exactlyOne({}, fields), /exactly one of bundleId and bundleSlug/);
 * ```
 */
export function exactlyOne<Id extends string, Slug extends string>(
  input: { [K in Id | Slug]?: string },
  fields: { id: Id; slug: Slug },
): { by: 'id' | 'slug'; value: string } {
  const id = input[fields.id];
  const slug = input[fields.slug];
  if ((id === undefined) === (slug === undefined)) {
    throw new RpcFault(
      'validation_error',
      `Give exactly one of ${fields.id} and ${fields.slug}`,
      { path: '' },
    );
  }
  return id !== undefined ? { by: 'id', value: id } : { by: 'slug', value: slug! };
}
