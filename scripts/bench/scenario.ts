/**
 * What a benchmark scenario is: a name to select it by, and a function that
 * measures and returns its rows. `scripts/bench/cli.ts` runs them in order.
 *
 * @module
 */
import type { BenchRow } from './report.ts';

/** What a scenario gets from the harness. */
export interface BenchContext {
  /** `--quick`: shorter runs and smaller stores, for a CI smoke run under 2 minutes. */
  quick: boolean;
  /** Prints one progress line on stderr, prefixed with the scenario's name. */
  progress(message: string): void;
  /** The repository's root directory. */
  root: string;
  /** A scratch directory under `.tmp/bench/` for bundles and logs; it exists. */
  scratch: string;
}

/** A benchmark scenario. */
export interface Scenario {
  /** Its name, for `--only` and the rows' `scenario`, e.g. `mock-throughput`. */
  name: string;
  /** One line saying what it measures. */
  title: string;
  /**
   * Measures. Loops are bounded in count and time; servers it starts are stopped before it
   * returns, even when it throws.
   */
  run(ctx: BenchContext): Promise<BenchRow[]>;
}
