/**
 * Commands for `services.getUrl`: service types the catalogue's presets
 * expose and one they never do, for a session with its own instance (archived
 * ones still answer), another instance, or an unknown session.
 *
 * @module
 */
import fc from 'fast-check';
import type { ConformanceConfig } from '../config.ts';
import type { Model } from '../model.ts';
import type { Pair } from '../pair.ts';
import { type ConformanceCommand, PairCommand } from './base.ts';
import {
  idOrUnknown,
  pairingArbitrary,
  pickSession,
  type SessionPairing,
  shown,
  type Want,
  wantArbitrary,
} from './_platform.ts';

/** A service type no preset exposes: the answer is `{url: null}`. */
const unknownServiceType = 'conformance-unknown-service';

/** `services.getUrl` for a session of the run. */
export class GetServiceUrl extends PairCommand {
  /**
   * Creates the command.
   *
   * @param args The session pick, its pairing with an instance, and the service type.
   */
  constructor(
    readonly args: { n: number; pairing: SessionPairing; want: Want; serviceType: string },
  ) {
    super();
  }

  /** @inheritdoc */
  describe(): string {
    const { n, pairing, want, serviceType } = this.args;
    return `services.getUrl(session@${n} with ${pairing} ${want} instance, ${serviceType})`;
  }

  /** @inheritdoc */
  async run(model: Model, pair: Pair): Promise<void> {
    const { instance, session } = pickSession(model, this.args);
    const { serviceType } = this.args;
    this.shown = `services.getUrl(${shown(instance)}, ${shown(session)}, ${serviceType})`;
    await pair.exchange({
      label: 'services.getUrl',
      route: 'platform',
      envelope: {
        method: 'services.getUrl',
        input: { instanceId: idOrUnknown(instance), sessionId: idOrUnknown(session), serviceType },
      },
    }, model);
  }
}

/**
 * The `services.*` commands.
 *
 * @param config The target's catalogue: the service types of its presets.
 * @returns The commands.
 */
export function serviceCommands(config: ConformanceConfig): ConformanceCommand[] {
  const types = [...new Set(config.presets.flatMap((p) => p.services.map((s) => s.serviceType)))];
  return [{
    name: 'services.getUrl',
    arbitrary: fc.record({
      n: fc.nat(50),
      pairing: pairingArbitrary,
      want: wantArbitrary,
      serviceType: types.length > 0
        ? fc.oneof(
          { arbitrary: fc.constantFrom(...types), weight: 4 },
          { arbitrary: fc.constant(unknownServiceType), weight: 1 },
        )
        : fc.constant(unknownServiceType),
    }).map((args) => new GetServiceUrl(args)),
  }];
}
