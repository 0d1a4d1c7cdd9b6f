/**
 * The type of the platform handler table, which each namespace file fills a
 * part of.
 *
 * @module
 */
import type { PlatformMethods } from '../../../src/roj/methods.ts';
import type { Handlers } from '../../rpc/handlers.ts';
import type { PlatformContext } from '../context.ts';

/** Handlers of every platform method. */
export type PlatformHandlers = Handlers<PlatformMethods, PlatformContext>;

/** Handlers of the platform methods whose names start with `Prefix`. */
export type NamespaceHandlers<Prefix extends string> = {
  [M in keyof PlatformHandlers as M extends `${Prefix}.${string}` ? M : never]: PlatformHandlers[M];
};
