/**
 * A walk over every page of a list method: the defaults first (no `limit`, no
 * `offset`), then one page size at every offset from 0 to one past the run's
 * own items. Random pages rarely land on the one offset or the one default a
 * wrong pager gets wrong; a walk does, in a handful of calls.
 *
 * @module
 */
import fc from 'fast-check';
import type { Model } from '../model.ts';
import type { Pair } from '../pair.ts';
import { type ConformanceCommand, PairCommand } from './base.ts';

/** A list method that pages with `limit` and `offset` (rule `ownPage`). */
export type PagedList = 'instances.list' | 'resources.list';

const owned: Record<PagedList, 'instance' | 'resource'> = {
  'instances.list': 'instance',
  'resources.list': 'resource',
};

/** Lists with the defaults, then with one page size at every offset up to the own count + 1. */
export class PageWalk extends PairCommand {
  /**
   * Creates the command.
   *
   * @param method The list method.
   * @param limit The page size of the walk.
   */
  constructor(readonly method: PagedList, readonly limit: number) {
    super();
  }

  /**
   * What runs before the walk; by default nothing. Subclasses create items, so that the walk
   * has own items to page through.
   *
   * @param _model The model.
   * @param _pair The pair.
   */
  protected async prepare(_model: Model, _pair: Pair): Promise<void> {}

  /** @inheritdoc */
  describe(): string {
    return `${this.method} walk(limit ${this.limit})`;
  }

  /** @inheritdoc */
  async run(model: Model, pair: Pair): Promise<void> {
    await this.prepare(model, pair);
    const own = model.entities[owned[this.method]].filter((e) => !e.gone).length;
    this.shown = `${this.method} walk(defaults, then limit ${this.limit} at offsets 0–${own + 1})`;
    const list = (input: { limit?: number; offset?: number }) =>
      pair.exchange({
        label: this.method,
        route: 'platform',
        envelope: { method: this.method, input },
      }, model);
    // The defaults (limit 20, offset 0) are checked against the baseline even on an empty run.
    await list({});
    if (own === 0) return;
    for (let offset = 0; offset <= own + 1; offset++) await list({ limit: this.limit, offset });
  }
}

/**
 * The walk as a command, named `<namespace>.pageWalk`.
 *
 * @param method The list method.
 * @returns The command.
 */
export function pageWalkCommand(method: PagedList): ConformanceCommand {
  return {
    name: `${method.slice(0, method.indexOf('.'))}.pageWalk`,
    // Cheap (a few calls), but only as good as the items the sequence made before it.
    weight: 0.5,
    arbitrary: fc.constantFrom(1, 2, 3).map((limit) => new PageWalk(method, limit)),
  };
}
