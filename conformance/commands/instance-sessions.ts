/**
 * Commands for the session and service methods of the instance route
 * (contract §5): `createSession`, `listSessions`, `publishSession`,
 * `getServiceUrl` and `getServiceUrls`, with sessions of the instance,
 * of another instance (404) or unknown (404), and seeded or unknown presets
 * and service types.
 *
 * @module
 */
import fc from 'fast-check';
import { sym, type SymJson } from '../call.ts';
import type { ConformanceConfig } from '../config.ts';
import { type Model, record } from '../model.ts';
import type { Exchange } from '../side.ts';
import { type ConformanceCommand, unknownId } from './base.ts';
import {
  type Caller,
  InstanceCommand,
  type InstancePick,
  instancePickArbitrary,
  pickInstanceSession,
  type SessionPick,
  sessionPickArbitrary,
  shownRef,
  successValue,
} from './_instance.ts';

/** A preset the default catalogues never seed. */
const unknownPreset = 'conformance-unknown-preset';

/** `createSession` with a seeded preset, or an unknown one (404). */
export class InstanceCreateSession extends InstanceCommand {
  /** @inheritdoc */
  readonly method = 'createSession';

  /**
   * Creates the command.
   *
   * @param at Which instance to call.
   * @param presetId The preset.
   */
  constructor(at: InstancePick, readonly presetId: string) {
    super(at);
  }

  /** @inheritdoc */
  protected args(): string {
    return JSON.stringify(this.presetId);
  }

  /** @inheritdoc */
  protected input(): { input: SymJson; shown: string } {
    return { input: { presetId: this.presetId }, shown: JSON.stringify(this.presetId) };
  }

  /** @inheritdoc */
  protected override after(
    model: Model,
    { target, reference, instance }: { target: Exchange; reference: Exchange; instance: number },
  ): void {
    const t = successValue<{ sessionId: string }>(target);
    const r = successValue<{ sessionId: string }>(reference);
    if (!t || !r) return;
    const created = record(model, 'session', {
      target: t.sessionId,
      reference: r.sessionId,
      instance,
    });
    if ('error' in created) throw new Error(created.error);
  }
}

/** `listSessions`: the instance's sessions, oldest first, `createdAt` in epoch ms. */
export class InstanceListSessions extends InstanceCommand {
  /** @inheritdoc */
  readonly method = 'listSessions';

  /** @inheritdoc */
  protected args(): string {
    return '';
  }

  /** @inheritdoc */
  protected input(): { input: SymJson; shown: string } {
    return { input: {}, shown: '' };
  }
}

/** A method that names a session: one of the instance's, another instance's, or unknown. */
abstract class NamedSessionCommand extends InstanceCommand {
  /**
   * Creates the command.
   *
   * @param at Which instance to call.
   * @param pick Which session to name.
   */
  constructor(at: InstancePick, readonly pick: { n: number; which: SessionPick }) {
    super(at);
  }

  /** @inheritdoc */
  protected args(): string {
    return `${this.pick.which} session@${this.pick.n}`;
  }

  /** @inheritdoc */
  protected override prefers(model: Model, instance: number): boolean {
    return this.pick.which !== 'own' || model.entities.session.some((e) => e.instance === instance);
  }

  /**
   * The named session, symbolic, or an unknown ID.
   *
   * @param model The model.
   * @param instance The instance's index.
   * @returns The value and how a report shows it.
   */
  protected session(model: Model, instance: number): { id: SymJson; shown: string } {
    const ref = pickInstanceSession(model, { instance, ...this.pick });
    return { id: ref ? sym(ref) : unknownId, shown: shownRef(ref) };
  }

  /** @inheritdoc */
  protected input(model: Model, { instance }: Caller): { input: SymJson; shown: string } {
    const { id, shown } = this.session(model, instance);
    return { input: { sessionId: id }, shown };
  }
}

/** `publishSession`: pushed or not by the instance's `vcsType`, a new commit SHA each time. */
export class InstancePublishSession extends NamedSessionCommand {
  /** @inheritdoc */
  readonly method = 'publishSession';
}

/** `getServiceUrls`: the session's services with their codes and ports. */
export class InstanceGetServiceUrls extends NamedSessionCommand {
  /** @inheritdoc */
  readonly method = 'getServiceUrls';
}

/** `getServiceUrl` of a seeded service type (a URL) or another (`null`). */
export class InstanceGetServiceUrl extends NamedSessionCommand {
  /** @inheritdoc */
  readonly method = 'getServiceUrl';

  /**
   * Creates the command.
   *
   * @param at Which instance to call.
   * @param pick Which session to name.
   * @param serviceType The service type.
   */
  constructor(
    at: InstancePick,
    pick: { n: number; which: SessionPick },
    readonly serviceType: string,
  ) {
    super(at, pick);
  }

  /** @inheritdoc */
  protected override args(): string {
    return `${super.args()}, ${JSON.stringify(this.serviceType)}`;
  }

  /** @inheritdoc */
  protected override input(model: Model, { instance }: Caller): { input: SymJson; shown: string } {
    const { id, shown } = this.session(model, instance);
    return {
      input: { sessionId: id, serviceType: this.serviceType },
      shown: `${shown}, ${JSON.stringify(this.serviceType)}`,
    };
  }
}

/**
 * The session and service commands of the instance route.
 *
 * @param config The target's catalogue: its presets and their service types.
 * @returns The commands.
 */
export function instanceSessionCommands(config: ConformanceConfig): ConformanceCommand[] {
  const at = instancePickArbitrary;
  const named = fc.record({ n: fc.nat(50), which: sessionPickArbitrary });
  const presets = config.presets.map((p) => p.id);
  const serviceTypes = [
    ...new Set(config.presets.flatMap((p) => p.services.map((s) => s.serviceType))),
  ];
  if (presets.length === 0) presets.push(unknownPreset);
  if (serviceTypes.length === 0) serviceTypes.push('preview');
  return [
    {
      name: 'instance.createSession',
      arbitrary: fc.tuple(
        at,
        fc.oneof(
          { arbitrary: fc.constantFrom(...presets), weight: 4 },
          { arbitrary: fc.constant(unknownPreset), weight: 1 },
        ),
      ).map(([t, preset]) => new InstanceCreateSession(t, preset)),
    },
    { name: 'instance.listSessions', arbitrary: at.map((a) => new InstanceListSessions(a)) },
    {
      name: 'instance.publishSession',
      arbitrary: fc.tuple(at, named).map(([t, p]) => new InstancePublishSession(t, p)),
    },
    {
      name: 'instance.getServiceUrl',
      arbitrary: fc.tuple(
        at,
        named,
        fc.oneof(
          { arbitrary: fc.constantFrom(...serviceTypes), weight: 4 },
          { arbitrary: fc.constantFrom('conformance-unknown-service', ''), weight: 1 },
        ),
      ).map(([t, p, type]) => new InstanceGetServiceUrl(t, p, type)),
    },
    {
      name: 'instance.getServiceUrls',
      arbitrary: fc.tuple(at, named).map(([t, p]) => new InstanceGetServiceUrls(t, p)),
    },
  ];
}
