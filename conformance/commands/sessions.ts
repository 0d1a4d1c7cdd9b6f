/**
 * Commands for `sessions.*`: create (blocking or not, with the WebSocket
 * token's origin and TTL, valid or not), list, and publish, whose answer the
 * instance's `vcsType` decides. Archived instances answer 409 to create and
 * publish, and still list their sessions.
 *
 * @module
 */
import fc from 'fast-check';
import { sym } from '../call.ts';
import type { ConformanceConfig } from '../config.ts';
import { type Model, record } from '../model.ts';
import type { Pair } from '../pair.ts';
import { type ConformanceCommand, PairCommand } from './base.ts';
import {
  expiresInArbitrary,
  idOrUnknown,
  originArbitrary,
  pairingArbitrary,
  pickInstance,
  pickSession,
  type SessionPairing,
  shown,
  valueOf,
  type Want,
  wantArbitrary,
} from './_platform.ts';
import { CreateInstance } from './instances.ts';

/** A preset the default catalogues never seed. */
const unknownPreset = 'conformance-unknown-preset';

/** `sessions.create` in an instance of the run (or an unknown one). */
export class CreateSession extends PairCommand {
  /**
   * Creates the command.
   *
   * @param args The instance pick, the preset, and the optional fields.
   */
  constructor(
    readonly args: {
      n: number;
      want: Want;
      presetId: string;
      blocking?: boolean;
      origin?: string;
      expiresIn?: number;
    },
  ) {
    super();
  }

  /** @inheritdoc */
  describe(): string {
    const { n, want, ...input } = this.args;
    return `sessions.create(${want} instance@${n}, ${JSON.stringify(input)})`;
  }

  /** @inheritdoc */
  async run(model: Model, pair: Pair): Promise<void> {
    const { n: _, want: __, ...rest } = this.args;
    const ref = pickInstance(model, this.args);
    this.shown = `sessions.create(${shown(ref)}, ${JSON.stringify(rest)})`;
    const { target, reference } = await pair.exchange({
      label: 'sessions.create',
      route: 'platform',
      envelope: { method: 'sessions.create', input: { instanceId: idOrUnknown(ref), ...rest } },
    }, model);
    const t = valueOf<{ sessionId: string }>(target);
    const r = valueOf<{ sessionId: string }>(reference);
    if (!ref || !t || !r) return;
    const created = record(model, 'session', {
      target: t.sessionId,
      reference: r.sessionId,
      instance: ref.index,
    });
    if ('error' in created) throw new Error(created.error);
  }
}

/** `sessions.list` of an instance of the run, archived or not, or of an unknown one. */
export class ListSessions extends PairCommand {
  /**
   * Creates the command.
   *
   * @param args The instance pick.
   */
  constructor(readonly args: { n: number; want: Want }) {
    super();
  }

  /** @inheritdoc */
  describe(): string {
    return `sessions.list(${this.args.want} instance@${this.args.n})`;
  }

  /** @inheritdoc */
  async run(model: Model, pair: Pair): Promise<void> {
    const ref = pickInstance(model, this.args);
    this.shown = `sessions.list(${shown(ref)})`;
    await pair.exchange({
      label: 'sessions.list',
      route: 'platform',
      envelope: { method: 'sessions.list', input: { instanceId: idOrUnknown(ref) } },
    }, model);
  }
}

/** `sessions.publish` of a session, with its own instance, another, or an unknown session. */
export class PublishSession extends PairCommand {
  /**
   * Creates the command.
   *
   * @param args The session pick, how it pairs with the instance, and the instance's state.
   */
  constructor(readonly args: { n: number; pairing: SessionPairing; want: Want }) {
    super();
  }

  /** @inheritdoc */
  describe(): string {
    const { n, pairing, want } = this.args;
    return `sessions.publish(session@${n} with ${pairing} ${want} instance)`;
  }

  /** @inheritdoc */
  async run(model: Model, pair: Pair): Promise<void> {
    const { instance, session } = pickSession(model, this.args);
    this.shown = `sessions.publish(${shown(instance)}, ${shown(session)})`;
    await pair.exchange({
      label: 'sessions.publish',
      route: 'platform',
      envelope: {
        method: 'sessions.publish',
        input: { instanceId: idOrUnknown(instance), sessionId: idOrUnknown(session) },
      },
    }, model);
  }
}

/**
 * Two sessions on one live instance (created, with a generated `vcsType`, when
 * the run has none), then `sessions.list` and `sessions.publish` of the newer
 * session: the order of several sessions, and publishing by version control,
 * are what single commands rarely line up.
 */
export class SessionsWalk extends PairCommand {
  /**
   * Creates the command.
   *
   * @param args The instance pick, a preset, and a template for an instance it must create.
   */
  constructor(
    readonly args: {
      n: number;
      presetId: string;
      template: string;
      vcsType: 'github' | 'gitLocal' | 'none';
    },
  ) {
    super();
  }

  /** @inheritdoc */
  describe(): string {
    return `sessions.walk(live instance@${this.args.n}, ${this.args.presetId})`;
  }

  /** @inheritdoc */
  async run(model: Model, pair: Pair): Promise<void> {
    const { n, presetId, template } = this.args;
    if (!pickInstance(model, { n, want: 'live' })) {
      await new CreateInstance({ template }).run(model, pair);
    }
    const steps: PairCommand[] = [
      new CreateSession({ n, want: 'live', presetId, blocking: false }),
      new CreateSession({ n, want: 'live', presetId, blocking: true }),
      new ListSessions({ n, want: 'live' }),
    ];
    for (const step of steps) {
      await step.run(model, pair);
      this.shown = `sessions.walk: ${step}`;
    }
    const instance = pickInstance(model, { n, want: 'live' });
    const newest = instance &&
      model.entities.session.findLastIndex((e) => e.instance === instance.index);
    if (instance && newest !== undefined && newest >= 0) {
      this.shown = `sessions.walk: sessions.publish(${shown(instance)}, session#${newest})`;
      await pair.exchange({
        label: 'sessions.publish',
        route: 'platform',
        envelope: {
          method: 'sessions.publish',
          input: { instanceId: sym(instance), sessionId: sym({ kind: 'session', index: newest }) },
        },
      }, model);
    }
    this.shown = `sessions.walk(${steps.map(String).join(', ')}, then publish)`;
  }
}

/**
 * The `sessions.*` commands.
 *
 * @param config The target's catalogue: its presets.
 * @returns The commands.
 */
export function sessionCommands(config: ConformanceConfig): ConformanceCommand[] {
  const presets = config.presets.map((p) => p.id);
  return [
    {
      name: 'sessions.create',
      // Publishing, service URLs and the instance route's session methods build on sessions.
      weight: 2,
      arbitrary: fc.record({
        n: fc.nat(50),
        want: wantArbitrary,
        presetId: fc.oneof(
          { arbitrary: fc.constantFrom(...presets), weight: 5 },
          { arbitrary: fc.constant(unknownPreset), weight: 1 },
        ),
        blocking: fc.option(fc.boolean(), { nil: undefined }),
        origin: originArbitrary,
        expiresIn: expiresInArbitrary,
      }, { requiredKeys: ['n', 'want', 'presetId'] }).map((args) => new CreateSession(args)),
    },
    {
      name: 'sessions.walk',
      arbitrary: fc.record({
        n: fc.nat(50),
        presetId: fc.constantFrom(...presets),
        template: fc.constantFrom(...config.templates.map((t) => t.slug)),
        vcsType: fc.constantFrom<'github' | 'gitLocal' | 'none'>('github', 'gitLocal', 'none'),
      }).map((args) => new SessionsWalk(args)),
    },
    {
      name: 'sessions.list',
      arbitrary: fc.record({ n: fc.nat(50), want: wantArbitrary })
        .map((args) => new ListSessions(args)),
    },
    {
      name: 'sessions.publish',
      arbitrary: fc.record({ n: fc.nat(50), pairing: pairingArbitrary, want: wantArbitrary })
        .map((args) => new PublishSession(args)),
    },
  ];
}
