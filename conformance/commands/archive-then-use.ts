/**
 * Archive-then-use: archives an instance of the run, then calls every
 * platform method that takes an instance on it (docs/roj-contract.md §3,
 * `instances.archive`): `sessions.create`, `sessions.publish` and
 * `tokens.create` must answer 409; `instances.get`, `sessions.list`,
 * `instances.status` and `services.getUrl` still answer; archiving again is
 * idempotent. The single commands reach these paths too, but only when a
 * sequence happens to archive first; this one needs nothing but an instance,
 * and checks every use at once, so no deviation depends on luck.
 *
 * @module
 */
import fc from 'fast-check';
import type { SymJson } from '../call.ts';
import type { ConformanceConfig } from '../config.ts';
import { type Model, pick } from '../model.ts';
import type { Pair } from '../pair.ts';
import { type ConformanceCommand, PairCommand } from './base.ts';
import { idOrUnknown, pickInstance, shown } from './_platform.ts';

/** What is called on the archived instance. */
export type AfterArchive =
  | 'instances.get'
  | 'instances.archive'
  | 'sessions.create'
  | 'sessions.publish'
  | 'tokens.create'
  | 'services.getUrl'
  | 'sessions.list'
  | 'instances.status';

/** `instances.archive` of a live instance, then each call of `then` on it, in order. */
export class ArchiveThenUse extends PairCommand {
  /**
   * Creates the command.
   *
   * @param args The instance pick, the method to call after archiving, and its preset and
   * service type where it needs them.
   */
  constructor(
    readonly args: { n: number; then: AfterArchive[]; presetId: string; serviceType: string },
  ) {
    super();
  }

  /** @inheritdoc */
  describe(): string {
    return `instances.archive(live instance@${this.args.n}), then ${this.args.then.join(', ')}`;
  }

  /** @inheritdoc */
  async run(model: Model, pair: Pair): Promise<void> {
    const { n, then, presetId, serviceType } = this.args;
    const ref = pickInstance(model, { n, want: 'live' });
    const session = ref &&
      pick(model, { kind: 'session', n, where: (e) => e.instance === ref.index });
    this.shown = `instances.archive(${shown(ref)}${session ? `, ${shown(session)}` : ''}), then ${
      then.join(', ')
    }`;
    const instanceId = idOrUnknown(ref);
    const { target } = await pair.exchange({
      label: 'instances.archive',
      route: 'platform',
      envelope: { method: 'instances.archive', input: { instanceId } },
    }, model);
    if (ref && target.status === 200) model.entities.instance[ref.index].gone = true;
    const inputs: Record<AfterArchive, Record<string, SymJson>> = {
      'instances.get': { instanceId },
      'instances.archive': { instanceId },
      'sessions.create': { instanceId, presetId },
      'sessions.publish': { instanceId, sessionId: idOrUnknown(session) },
      'tokens.create': { instanceId },
      'services.getUrl': { instanceId, sessionId: idOrUnknown(session), serviceType },
      'sessions.list': { instanceId },
      'instances.status': { instanceId },
    };
    for (const method of then) {
      await pair.exchange({
        label: method,
        route: 'platform',
        envelope: { method, input: inputs[method] },
      }, model);
    }
  }
}

/**
 * The archive-then-use command.
 *
 * @param config The target's catalogue: presets and their service types.
 * @returns The command.
 */
export function archiveThenUseCommands(config: ConformanceConfig): ConformanceCommand[] {
  const presets = config.presets.map((p) => p.id);
  const types = config.presets.flatMap((p) => p.services.map((s) => s.serviceType));
  return [{
    name: 'instances.archiveThenUse',
    // Archiving ends an instance's useful life in the run: not too often.
    weight: 0.75,
    arbitrary: fc.record({
      n: fc.nat(50),
      then: fc.constant<AfterArchive[]>([
        'instances.get',
        'instances.status',
        'sessions.create',
        'sessions.publish',
        'tokens.create',
        'services.getUrl',
        'sessions.list',
        'instances.archive',
      ]),
      presetId: fc.constantFrom(...presets),
      serviceType: types.length > 0 ? fc.constantFrom(...types) : fc.constant('preview'),
    }).map((args) => new ArchiveThenUse(args)),
  }];
}
