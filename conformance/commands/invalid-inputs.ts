/**
 * Near-miss inputs for every platform method: a valid input, drawn from the
 * method's generated JSON Schema, with exactly one change that breaks it (a
 * wrong type, a missing required field, an unexpected field, a value out of
 * range or outside its enum). Validation comes before any lookup
 * (docs/roj-contract.md §1.1), so both sides must answer 400
 * `validation_error` at the same `path`, whatever the IDs in the input are.
 *
 * @module
 */
import fc from 'fast-check';
import { componentSchemas, methodSchemas } from '../../src/roj/_generated/schemas.ts';
import type { PlatformMethodName } from '../../src/roj/methods.ts';
import { type NearMiss, nearMiss } from '../arbitrary.ts';
import type { Call, SymJson } from '../call.ts';
import type { ConformanceConfig } from '../config.ts';
import type { EntityKind, Model } from '../model.ts';
import type { Pair } from '../pair.ts';
import { type ConformanceCommand, PairCommand } from './base.ts';
import { exchangeCreating } from './_platform.ts';
import { nearMissSweep, sweepLimit } from './_near-miss-sweep.ts';

// What a wrongly accepted near miss would create on the target, for cleanup.
const creates: Partial<Record<PlatformMethodName, { kind: EntityKind; idField: string }>> = {
  'instances.create': { kind: 'instance', idField: 'instanceId' },
  'resources.create': { kind: 'resource', idField: 'resourceId' },
};

/** A platform call with a near-miss input, refused by validation on both sides. */
export class InvalidInput extends PairCommand {
  /**
   * Creates the command.
   *
   * @param method The platform method.
   * @param nearMiss The input and where it breaks the schema.
   */
  constructor(readonly method: PlatformMethodName, readonly nearMiss: NearMiss) {
    super();
  }

  /** @inheritdoc */
  describe(): string {
    const input = JSON.stringify(this.nearMiss.value) ?? 'undefined';
    return `${this.method}(${
      input.length > 120 ? `${input.slice(0, 120)}…` : input
    }) [${this.nearMiss.mutation}]`;
  }

  /** @inheritdoc */
  async run(model: Model, pair: Pair): Promise<void> {
    this.shown = this.describe();
    const call: Call = {
      label: this.method,
      route: 'platform',
      envelope: { method: this.method, input: this.nearMiss.value as SymJson },
    };
    const created = creates[this.method];
    const { reference } = created
      ? await exchangeCreating(pair, { call, model, creates: created })
      : await pair.exchange(call, model);
    // The target agreed with the reference; the reference must also agree with the near miss,
    // or the suite tests nothing here.
    const error = (reference.body as { error?: { type?: string; path?: string } }).error;
    if (
      reference.status !== 400 || error?.type !== 'validation_error' ||
      error.path !== this.nearMiss.path
    ) {
      throw new Error(
        `The reference answered ${reference.status} ${
          JSON.stringify(error ?? null)
        } to ${this.describe()}, expected validation_error at ${
          JSON.stringify(this.nearMiss.path)
        }`,
      );
    }
  }
}

/**
 * An arbitrary of near-miss commands for one method.
 *
 * @param method The platform method.
 * @param config The catalogue, whose bundles a near miss must never name.
 * @returns The arbitrary.
 */
export function invalidInput(
  method: PlatformMethodName,
  config: ConformanceConfig,
): fc.Arbitrary<InvalidInput> {
  const schema = componentSchemas[methodSchemas.platform[method].input];
  // A target that skips validation must not act on a real bundle; and a `~ref` key would be
  // read as a symbolic reference.
  const forbidden = new Set(config.bundles.flatMap((b) => [b.id, b.slug]));
  return nearMiss(schema, componentSchemas)
    .filter((miss) => {
      const json = JSON.stringify(miss.value) ?? '';
      if (json.includes('"~ref"')) return false;
      return method !== 'bundles.delete' ||
        ![...forbidden].some((value) => json.includes(JSON.stringify(value)));
    })
    .map((miss) => new InvalidInput(method, miss));
}

/**
 * Near-miss commands for every platform method, one command per namespace
 * (`instances.invalid`, `resources.invalid`, …) choosing among its methods, so
 * they do not crowd the valid commands out of a sequence.
 *
 * @param config The target's catalogue.
 * @returns The commands.
 */
export function invalidInputCommands(config: ConformanceConfig): ConformanceCommand[] {
  const methods = Object.keys(methodSchemas.platform) as PlatformMethodName[];
  const namespaces = [...new Set(methods.map((m) => m.slice(0, m.indexOf('.'))))];
  return namespaces.map((namespace) => ({
    name: `${namespace}.invalid`,
    // Stateless, and six of them: together about three valid commands' share.
    weight: 0.5,
    arbitrary: fc.oneof(
      ...methods.filter((m) => m.startsWith(`${namespace}.`)).map((m) => invalidInput(m, config)),
    ),
  }));
}

/**
 * Every near miss of one method's input, one exchange each, in a fixed order
 * (see {@linkcode nearMissSweep}). It shrinks by skipping the first ones, so
 * a replay ends with the one near miss the target accepted.
 */
export class InvalidInputSweep extends PairCommand {
  /**
   * Creates the command.
   *
   * @param methods The platform methods to sweep, in order.
   * @param args The seed of the valid base inputs, how many near misses to skip, and the
   *   catalogue's bundle IDs and slugs, which a near miss must never name.
   */
  constructor(
    readonly methods: PlatformMethodName[],
    readonly args: { seed: number; skip: number; forbidden: ReadonlySet<string> },
  ) {
    super();
  }

  /** @inheritdoc */
  describe(): string {
    const { seed, skip } = this.args;
    return `${this.methods.join('+')} sweep(seed ${seed}${skip ? `, skipping ${skip}` : ''})`;
  }

  /** @inheritdoc */
  async run(model: Model, pair: Pair): Promise<void> {
    const misses = this.methods.flatMap((method) => {
      const schema = componentSchemas[methodSchemas.platform[method].input];
      return nearMissSweep(schema, { components: componentSchemas, seed: this.args.seed })
        .filter((miss) => usable(method, miss, this.args.forbidden))
        .map((miss) => [method, miss] as const);
    }).slice(this.args.skip);
    for (const [method, miss] of misses) {
      const command = new InvalidInput(method, miss);
      this.shown = `${this.describe()}: ${command.describe()}`;
      await command.run(model, pair);
    }
    this.shown = this.describe();
  }
}

// Whether a near miss may be sent: a target that skips validation must not act on a real bundle,
// and a `~ref` key would be read as a symbolic reference.
function usable(method: PlatformMethodName, miss: NearMiss, forbidden: ReadonlySet<string>) {
  const json = JSON.stringify(miss.value) ?? '';
  if (json.includes('"~ref"')) return false;
  return method !== 'bundles.delete' ||
    ![...forbidden].some((value) => json.includes(JSON.stringify(value)));
}

/**
 * How many near misses a sweep skips: none when generated; when shrunk, more,
 * so the replay keeps only the near miss that diverged (fast-check keeps the
 * first candidate that still fails, and tries the largest skips first).
 */
class SkipArbitrary extends fc.Arbitrary<number> {
  #max: number;

  constructor(max: number) {
    super();
    this.#max = max;
  }

  generate(): fc.Value<number> {
    return new fc.Value(0, undefined);
  }

  canShrinkWithoutContext(value: unknown): value is number {
    return Number.isInteger(value) && (value as number) >= 0 && (value as number) < this.#max;
  }

  shrink(value: number): fc.Stream<fc.Value<number>> {
    const candidates: number[] = [];
    for (let gap = this.#max - 1 - value; gap >= 1; gap = Math.floor(gap / 2)) {
      candidates.push(value + gap);
    }
    return fc.Stream.of(...candidates.map((n) => new fc.Value(n, undefined)));
  }
}

/**
 * Near-miss sweeps, one command per namespace (`instances.sweep`,
 * `resources.sweep`, …) sweeping every method of the namespace, so no missed
 * validation depends on which method a sequence happened to draw.
 *
 * @param config The target's catalogue.
 * @returns The commands.
 */
export function invalidInputSweepCommands(config: ConformanceConfig): ConformanceCommand[] {
  const methods = Object.keys(methodSchemas.platform) as PlatformMethodName[];
  const namespaces = [...new Set(methods.map((m) => m.slice(0, m.indexOf('.'))))];
  const forbidden = new Set(
    config.bundles.flatMap((b) => [b.id, b.slug]).filter((v): v is string => v !== undefined),
  );
  return namespaces.map((namespace) => {
    const own = methods.filter((m) => m.startsWith(`${namespace}.`));
    return {
      name: `${namespace}.sweep`,
      // Stateless, and up to 60 calls each: rarer than a single near miss.
      weight: 0.3,
      arbitrary: fc.record({
        seed: fc.nat(),
        skip: new SkipArbitrary(sweepLimit * own.length),
      }).map(({ seed, skip }) => new InvalidInputSweep(own, { seed, skip, forbidden })),
    };
  });
}
