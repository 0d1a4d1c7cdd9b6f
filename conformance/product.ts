/**
 * What the suite needs to know of a product: its routes, OpenAPI document,
 * comparison rules and commands; how to build and reset a reference; what a
 * long-lived target already holds; and how to clean up after a run. The
 * runner (`run.ts`) is the same for every product. Roj's is in
 * `products/roj.ts`, Rool's in `products/rool.ts`.
 *
 * @module
 */
import type { Routes } from './call.ts';
import type { ConformanceCommand } from './commands/base.ts';
import type { Baseline, Model } from './model.ts';
import type { OpenApiCheck } from './openapi-check.ts';
import type { Comparator, Pair } from './pair.ts';
import type { RuleTable } from './rules.ts';
import type { Side } from './side.ts';

/** A reference served in process. */
export interface InProcessReference {
  /** Its `fetch`. */
  fetch: (input: Request | string | URL, init?: RequestInit) => Promise<Response>;
  /** Its first credential (Roj: the API key; Rool: user A's token). */
  apiKey: string;
  /** Every credential, by index. */
  credentials: readonly string[];
}

/** A product the suite can check. */
export interface ConformanceProduct {
  /** `roj` or `rool`. */
  name: string;
  /** Route paths by name, from the API definition. */
  routes: Routes;
  /** Checks target answers against the product's OpenAPI document. */
  openapi: OpenApiCheck;
  /** How answers are compared. */
  rules: RuleTable;
  /** Every command. */
  commands: readonly ConformanceCommand[];
  /** Comparisons by route, for routes whose answers are not RPC envelopes (Rool's WebDAV). */
  comparators?: Readonly<Record<string, Comparator>>;
  /**
   * Learns what the suite must know of the target before any run (Rool: who its users are).
   * Throws with a clear message when the target cannot be used.
   */
  prepare?(target: Side): Promise<void>;
  /** A fresh reference in process; called before every run. */
  createReference(): InProcessReference;
  /** Resets a reference reached by URL (a mock); throws when it is not one. */
  resetReference(reference: Side): Promise<void>;
  /** What the target holds before a run, so lists with foreign items can be checked. */
  measureBaseline(target: Side): Promise<Baseline>;
  /** Prepares a fresh run's model on both sides (Rool: pairs the users' IDs). */
  startRun?(model: Model, pair: Pair): Promise<void>;
  /**
   * Checks what a run observed beside its calls once every command ran (Rool: the live events of
   * each space); throws a `Divergence` when the target parted ways.
   */
  finishRun?(model: Model, pair: Pair): Promise<void>;
  /**
   * Archives or deletes what the run created on the target, and nothing else; closes what the
   * run left open (event streams). Called after every run, diverging or not.
   */
  cleanup(target: Side, model: Model): Promise<void>;
}
