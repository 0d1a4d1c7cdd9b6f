/**
 * Handlers of `storage.get` and `storage.set` (docs/rool-contract.md §8): a
 * user's key-value storage, at most 10 MB counted as the UTF-8 length of each
 * key plus its JSON value. A write past the limit is 413 and changes nothing.
 *
 * @module
 */
import { RpcFault } from '../../rpc/fault.ts';
import { requireJsonDepth } from '../../rpc/json-depth.ts';
import { actorOf } from '../events/actor.ts';
import { notifyUserStorageChanged } from '../events/notify-client.ts';
import { jsonSize, utf8Length } from '../size.ts';
import type { NamespaceHandlers } from './_types.ts';

/** Handlers of the user storage methods. */
export const storageHandlers: NamespaceHandlers<'storage'> = {
  'storage.get': (_input, ctx) => ({
    storage: Object.fromEntries(ctx.user.storage),
    usedBytes: ctx.user.storageBytes,
    limitBytes: ctx.runtime.limits.storageBytesPerUser,
  }),
  'storage.set': ({ key, value }, ctx) => {
    const { user } = ctx;
    requireJsonDepth(value, '/value');
    const entrySize = (v: unknown) => utf8Length(key) + jsonSize(v);
    const old = user.storage.has(key) ? entrySize(user.storage.get(key)) : 0;
    if (value === null) {
      const existed = user.storage.delete(key);
      user.storageBytes -= old;
      if (existed) {
        notifyUserStorageChanged(ctx.runtime, {
          userId: user.id,
          key,
          value: undefined,
          actor: actorOf(ctx),
        });
      }
      return { usedBytes: user.storageBytes };
    }
    const used = user.storageBytes - old + entrySize(value);
    const limit = ctx.runtime.limits.storageBytesPerUser;
    if (used > limit) {
      throw new RpcFault(
        'payload_too_large',
        `User storage would hold ${used} bytes, the most allowed is ${limit}; ` +
          'delete keys or store less',
      );
    }
    user.storage.set(key, value);
    user.storageBytes = used;
    notifyUserStorageChanged(ctx.runtime, { userId: user.id, key, value, actor: actorOf(ctx) });
    return { usedBytes: used };
  },
};
