/**
 * Commands for `tokens.create`: TTLs inside, at and just past their bounds,
 * origins in every valid and invalid form, claims, and archived or unknown
 * instances. Minted tokens are recorded for the instance-route commands, with
 * their expiry on the suite's clock and their origin as the label.
 *
 * @module
 */
import fc from 'fast-check';
import type { ConformanceConfig } from '../config.ts';
import { type Model, record } from '../model.ts';
import type { Pair } from '../pair.ts';
import { type ConformanceCommand, PairCommand } from './base.ts';
import {
  expiresInArbitrary,
  idOrUnknown,
  originArbitrary,
  pickInstance,
  shown,
  valueOf,
  type Want,
  wantArbitrary,
} from './_platform.ts';

/** `tokens.create` for an instance of the run, or an unknown one. */
export class CreateToken extends PairCommand {
  /**
   * Creates the command.
   *
   * @param args The instance pick and the optional fields.
   */
  constructor(
    readonly args: {
      n: number;
      want: Want;
      origin?: string;
      expiresIn?: number;
      meta?: Record<string, string | number>;
    },
  ) {
    super();
  }

  /** @inheritdoc */
  describe(): string {
    const { n, want, ...input } = this.args;
    return `tokens.create(${want} instance@${n}, ${JSON.stringify(input)})`;
  }

  /** @inheritdoc */
  async run(model: Model, pair: Pair): Promise<void> {
    const { n: _, want: __, ...rest } = this.args;
    const ref = pickInstance(model, this.args);
    this.shown = `tokens.create(${shown(ref)}, ${JSON.stringify(rest)})`;
    const { target, reference } = await pair.exchange({
      label: 'tokens.create',
      route: 'platform',
      envelope: { method: 'tokens.create', input: { instanceId: idOrUnknown(ref), ...rest } },
    }, model);
    const t = valueOf<{ token: string }>(target);
    const r = valueOf<{ token: string }>(reference);
    if (!ref || !t || !r) return;
    // The earliest moment the target's token can expire: the request left, plus the TTL.
    const ttl = rest.expiresIn ?? 86400;
    record(model, 'token', {
      target: t.token,
      reference: r.token,
      instance: ref.index,
      expiresAt: target.sentAt + ttl * 1000,
      ...(rest.origin !== undefined ? { label: rest.origin } : {}),
    });
  }
}

/**
 * The `tokens.*` commands.
 *
 * @param _config The target's catalogue (tokens need none of it).
 * @returns The commands.
 */
export function tokenCommands(_config: ConformanceConfig): ConformanceCommand[] {
  return [{
    name: 'tokens.create',
    // The instance route's commands build on tokens.
    weight: 2,
    arbitrary: fc.record({
      n: fc.nat(50),
      want: wantArbitrary,
      origin: originArbitrary,
      expiresIn: expiresInArbitrary,
      meta: fc.option(
        fc.dictionary(
          fc.constantFrom('role', 'userId', 'plan'),
          fc.oneof(fc.string({ maxLength: 8 }), fc.nat(1000)),
          { maxKeys: 2 },
        ),
        { nil: undefined },
      ),
    }, { requiredKeys: ['n', 'want'] }).map((args) => new CreateToken(args)),
  }];
}
