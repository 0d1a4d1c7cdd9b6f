/**
 * The type of the Rool handler table, which each area's file fills a part of.
 * It lives apart from ./mod.ts, which assembles the table from those files,
 * so that they need not import the module that imports them.
 *
 * @module
 */
import type { RoolMethods } from '../../../src/rool/methods.ts';
import type { Handlers } from '../../rpc/handlers.ts';
import type { RoolContext } from '../context.ts';

/** Handlers of every Rool method. */
export type RoolHandlers = Handlers<RoolMethods, RoolContext>;

/**
 * Handlers of the Rool methods whose names start with one of `Prefix`, e.g.
 * `NamespaceHandlers<'objects'>` for `objects.get`, `objects.put`…
 */
export type NamespaceHandlers<Prefix extends string> = {
  [M in keyof RoolHandlers as M extends `${Prefix}.${string}` ? M : never]: RoolHandlers[M];
};
