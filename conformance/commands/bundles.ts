/**
 * Commands for `bundles.*`. The list always asks for 100 so the configured
 * bundles are on the page. Deletion is only ever attempted with IDs and slugs
 * no catalogue has, or with both or neither given: the suite must never
 * delete a real deployment's bundles.
 *
 * @module
 */
import fc from 'fast-check';
import type { ConformanceConfig } from '../config.ts';
import type { Model } from '../model.ts';
import type { Pair } from '../pair.ts';
import { type ConformanceCommand, PairCommand, unknownId } from './base.ts';

/** A bundle slug no catalogue has. */
const unknownSlug = 'conformance-unknown-bundle';

/** `bundles.list` with a page large enough for the configured bundles. */
export class ListBundles extends PairCommand {
  /**
   * Creates the command.
   *
   * @param args Whether to give the default offset explicitly.
   */
  constructor(readonly args: { explicitOffset: boolean }) {
    super();
  }

  /** @inheritdoc */
  describe(): string {
    return `bundles.list(${JSON.stringify(this.#input())})`;
  }

  #input(): { limit: number; offset?: number } {
    return this.args.explicitOffset ? { limit: 100, offset: 0 } : { limit: 100 };
  }

  /** @inheritdoc */
  async run(model: Model, pair: Pair): Promise<void> {
    this.shown = this.describe();
    await pair.exchange({
      label: 'bundles.list',
      route: 'platform',
      envelope: { method: 'bundles.list', input: this.#input() },
    }, model);
  }
}

/** How a harmless `bundles.delete` names its bundle. */
export type BundleDeleteShape = 'unknownId' | 'unknownSlug' | 'both' | 'neither';

/** `bundles.delete` that can delete nothing: an unknown bundle (404) or a bad shape (400). */
export class DeleteBundle extends PairCommand {
  /**
   * Creates the command.
   *
   * @param shape How the input names the bundle.
   */
  constructor(readonly shape: BundleDeleteShape) {
    super();
  }

  /** @inheritdoc */
  describe(): string {
    return `bundles.delete(${JSON.stringify(this.#input())})`;
  }

  #input(): { bundleId?: string; bundleSlug?: string } {
    switch (this.shape) {
      case 'unknownId':
        return { bundleId: unknownId };
      case 'unknownSlug':
        return { bundleSlug: unknownSlug };
      case 'both':
        return { bundleId: unknownId, bundleSlug: unknownSlug };
      case 'neither':
        return {};
    }
  }

  /** @inheritdoc */
  async run(model: Model, pair: Pair): Promise<void> {
    this.shown = this.describe();
    await pair.exchange({
      label: 'bundles.delete',
      route: 'platform',
      envelope: { method: 'bundles.delete', input: this.#input() },
    }, model);
  }
}

/**
 * The `bundles.*` commands.
 *
 * @param config The target's catalogue; its bundles must not be named like the unknown ones.
 * @returns The commands.
 * @throws {Error} When the catalogue has a bundle with the suite's unknown ID or slug.
 */
export function bundleCommands(config: ConformanceConfig): ConformanceCommand[] {
  if (config.bundles.some((b) => b.id === unknownId || b.slug === unknownSlug)) {
    throw new Error(`The catalogue names a bundle ${unknownId} or ${unknownSlug}; rename it`);
  }
  return [
    {
      name: 'bundles.list',
      // Stateless: a few calls a run say all there is to say.
      weight: 0.5,
      arbitrary: fc.boolean().map((explicitOffset) => new ListBundles({ explicitOffset })),
    },
    {
      name: 'bundles.delete',
      weight: 0.5,
      arbitrary: fc.constantFrom<BundleDeleteShape>('unknownId', 'unknownSlug', 'both', 'neither')
        .map((shape) => new DeleteBundle(shape)),
    },
  ];
}
