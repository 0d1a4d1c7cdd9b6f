/**
 * The Rool method registry: every operation of the Rool workspace API at
 * `POST /v1/rpc`, called with a user's bearer token. The single source of
 * truth for these methods' types; the areas live in their own files.
 *
 * @module
 */
import { defineMethods } from '../rpc/definition.ts';
import { type ConversationMethods, conversationMethods } from './conversation-methods.ts';
import { type ObjectMethods, objectMethods } from './object-methods.ts';
import { type SpaceMethods, spaceMethods } from './space-methods.ts';
import { type UserMethods, userMethods } from './user-methods.ts';

/** Every Rool method. */
export type RoolMethods = UserMethods & SpaceMethods & ObjectMethods & ConversationMethods;

/** Every Rool method. */
export const roolMethods: RoolMethods = defineMethods<RoolMethods>({
  ...userMethods,
  ...spaceMethods,
  ...objectMethods,
  ...conversationMethods,
});
