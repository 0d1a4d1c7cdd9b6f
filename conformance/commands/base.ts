/**
 * What every conformance command shares: it runs a call on both sides through
 * the {@linkcode Pair}, which compares the answers; then it records what the
 * call created in the model. Commands pick entities by a generated number,
 * resolved when they run, so `check` never refuses and shrinking stays free.
 *
 * @module
 */
import type fc from 'fast-check';
import type { Model } from '../model.ts';
import type { Pair } from '../pair.ts';

/** A command of the suite, named for `--only` and reports. */
export interface ConformanceCommand {
  /** The name `--only` globs match, e.g. `instances.create`, `auth.wrong-key`. */
  name: string;
  /** Generates instances of the command. */
  arbitrary: fc.Arbitrary<fc.AsyncCommand<Model, Pair>>;
  /**
   * How often it is drawn relative to the others (default 1, fractions down to 0.01): more for
   * what other commands build on (`instances.create`), less for what is slow or heavy (a wait
   * for a token to expire, a 25 MiB upload).
   */
  weight?: number;
}

/** A command over the model and the pair. */
export abstract class PairCommand implements fc.AsyncCommand<Model, Pair> {
  /** The call as last run, with its symbolic references resolved to indexes, for reports. */
  protected shown = '';

  /**
   * Every command can run in every state: picks fall back to unknown IDs.
   *
   * @returns `true`.
   */
  check(): boolean {
    return true;
  }

  /** Runs the command on both sides, comparing, and updates the model. */
  abstract run(model: Model, pair: Pair): Promise<void>;

  /** The command's name and arguments. */
  abstract describe(): string;

  /**
   * The command as a report line: how it ran, or how it was generated.
   *
   * @returns The line.
   */
  toString(): string {
    return this.shown || this.describe();
  }
}

/** An ID that exists on neither side. */
export const unknownId = 'conformance_unknown_0000';
