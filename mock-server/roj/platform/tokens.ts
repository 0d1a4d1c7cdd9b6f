/**
 * Handler of `tokens.create` (docs/roj-contract.md §3): mints an instance
 * token for the instance endpoint.
 *
 * @module
 */
import { findInstance, requireNotArchived } from '../domain/instances.ts';
import { checkOrigin, mintInstanceToken } from '../domain/origin.ts';
import type { NamespaceHandlers } from './_handlers.ts';

/** Handler of `tokens.create`. */
export const tokensHandlers: NamespaceHandlers<'tokens'> = {
  'tokens.create': ({ instanceId, origin, expiresIn, meta }, ctx) => {
    // The origin's form is part of the input's shape, so it is checked before any lookup.
    if (origin !== undefined) checkOrigin(origin, '/origin');
    const instance = findInstance(ctx, instanceId);
    requireNotArchived(instance);
    return mintInstanceToken(ctx, { instanceId: instance.id, origin, expiresIn, meta });
  },
};
