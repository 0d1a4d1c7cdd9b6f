/**
 * The system under test for fast-check's model runner: a target and a
 * reference. Each call runs on both, the target's answer is checked against
 * the OpenAPI document, and the answers are compared under the rules. A
 * difference throws a {@linkcode Divergence}, which fast-check then shrinks.
 *
 * @module
 */
import {
  type Call,
  type ConcreteRequest,
  describeCall,
  resolveCall,
  type Routes,
  type SideName,
} from './call.ts';
import { type CompareContext, compareExchanges, type Difference } from './compare.ts';
import type { Model } from './model.ts';
import type { OpenApiCheck } from './openapi-check.ts';
import type { RuleTable } from './rules.ts';
import type { Exchange, Side } from './side.ts';

/** One step of a run: the call and both answers. */
export interface Step {
  /** The call, described with symbolic references. */
  call: string;
  /** The target's exchange. */
  target: Exchange;
  /** The reference's exchange. */
  reference: Exchange;
  /** How they differ; empty when they agree. */
  differences: Difference[];
}

/** The target parted ways with the reference (or with the OpenAPI document). */
export class Divergence extends Error {
  /** The step that diverged. */
  readonly step: Step;

  /**
   * Creates the error.
   *
   * @param step The diverging step.
   */
  constructor(step: Step) {
    super(`${step.call}: ${step.differences.map((d) => `${d.path}: ${d.message}`).join('; ')}`);
    this.name = 'Divergence';
    this.step = step;
  }
}

/**
 * Compares the answers to a call on a route whose answers are not RPC envelopes (WebDAV,
 * archives): the product's own comparison.
 */
export type Comparator = (
  call: Call,
  answers: { target: Exchange; reference: Exchange },
  ctx: CompareContext,
) => Difference[];

/** Options of a {@linkcode Pair}. */
export interface PairOptions {
  /** The deployment under test. */
  target: Side;
  /** What it is compared with. */
  reference: Side;
  /** Route paths. */
  routes: Routes;
  /** The OpenAPI check of target answers. */
  openapi: OpenApiCheck;
  /** Tolerated clock difference between the suite and the target (ms). */
  skewMs: number;
  /** The product's comparison rules. */
  rules: RuleTable;
  /** Comparisons by route, for routes whose answers are not RPC envelopes. */
  comparators?: Readonly<Record<string, Comparator>>;
}

/** A target and a reference, run in step. */
export class Pair {
  /** The steps of the current run, in order. */
  steps: Step[] = [];
  /** Calls made in all runs. */
  calls = 0;
  #options: PairOptions;

  /**
   * Creates the pair.
   *
   * @param options Both sides, routes, the OpenAPI check and the skew.
   */
  constructor(options: PairOptions) {
    this.#options = options;
  }

  /** The target side. */
  get target(): Side {
    return this.#options.target;
  }

  /** The reference side. */
  get reference(): Side {
    return this.#options.reference;
  }

  /**
   * A call as one side sends it: its symbolic references resolved with that side's values, its
   * credentials and its origin (for absolute URLs in headers).
   *
   * @param call The call.
   * @param side Which side.
   * @param model The run's model.
   * @returns The concrete request.
   */
  resolve(call: Call, side: SideName, model: Model): ConcreteRequest {
    const { routes, [side]: { apiKey, credentials, url } } = this.#options;
    return resolveCall(call, { name: side, model, routes, apiKey, credentials, origin: url });
  }

  /**
   * Runs one call on both sides and compares.
   *
   * @param call The call.
   * @param model The run's model (for symbolic references and ID pairing).
   * @returns Both exchanges, once they agree.
   * @throws {Divergence} When they do not.
   */
  async exchange(call: Call, model: Model): Promise<{ target: Exchange; reference: Exchange }> {
    const { target, reference, openapi, skewMs, rules } = this.#options;
    this.calls++;
    const targetRequest = this.resolve(call, 'target', model);
    const referenceRequest = this.resolve(call, 'reference', model);
    const t = await target.send(targetRequest);
    const r = await reference.send(referenceRequest);
    const ctx: CompareContext = {
      label: call.envelope?.method ?? call.label,
      input: (targetRequest.input ?? {}) as Record<string, unknown>,
      model,
      skewMs,
      rules,
      caller: call.auth?.kind === 'credential' ? call.auth.index : undefined,
    };
    const comparator = this.#options.comparators?.[call.route];
    const differences = comparator
      ? comparator(call, { target: t, reference: r }, ctx)
      : [...openapi.check(call, t), ...compareExchanges(t, r, ctx)];
    const step: Step = { call: describeCall(call), target: t, reference: r, differences };
    this.steps.push(step);
    if (differences.length > 0) throw new Divergence(step);
    return { target: t, reference: r };
  }
}
