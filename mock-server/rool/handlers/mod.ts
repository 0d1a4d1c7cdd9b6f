/**
 * The Rool endpoint's handlers (`POST /v1/rpc`), one file per area. The
 * table's type makes a registry method without a handler a compile error.
 *
 * @module
 */
import type { RoolHandlers } from './_types.ts';
import { channelsHandlers } from './channels.ts';
import { checkpointsHandlers } from './checkpoints.ts';
import { collectionsHandlers } from './collections.ts';
import { conversationsHandlers } from './conversations.ts';
import { membersHandlers } from './members.ts';
import { metadataHandlers } from './metadata.ts';
import { objectsHandlers } from './objects.ts';
import { promptHandlers } from './prompt.ts';
import { proxyHandlers } from './proxy.ts';
import { spacesHandlers } from './spaces.ts';
import { storageHandlers } from './storage.ts';
import { userHandlers } from './user.ts';

export type { NamespaceHandlers, RoolHandlers } from './_types.ts';

/** Handlers of all 52 Rool methods. */
export const roolHandlers: RoolHandlers = {
  ...userHandlers,
  ...storageHandlers,
  ...spacesHandlers,
  ...membersHandlers,
  ...channelsHandlers,
  ...objectsHandlers,
  ...collectionsHandlers,
  ...metadataHandlers,
  ...proxyHandlers,
  ...conversationsHandlers,
  ...promptHandlers,
  ...checkpointsHandlers,
};
