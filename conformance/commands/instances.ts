/**
 * Commands for `instances.*`, the pattern the other command files follow.
 *
 * @module
 */
import fc from 'fast-check';
import { sym } from '../call.ts';
import type { ConformanceConfig } from '../config.ts';
import { type Model, pick, record } from '../model.ts';
import type { Pair } from '../pair.ts';
import { type ConformanceCommand, PairCommand, unknownId } from './base.ts';
import { idOrUnknown, pickInstance, shown, type Want, wantArbitrary } from './_platform.ts';
import { PageWalk } from './_page-walk.ts';

/** `instances.create` with valid, state-aware input (seeded template, optional auto session). */
export class CreateInstance extends PairCommand {
  /**
   * Creates the command.
   *
   * @param args The generated choices.
   */
  constructor(
    readonly args: {
      template: string;
      vcsType?: 'github' | 'gitLocal' | 'none';
      session?: { presetId: string; blocking: boolean };
    },
  ) {
    super();
  }

  /** @inheritdoc */
  describe(): string {
    return `instances.create(${JSON.stringify(this.args)})`;
  }

  /** @inheritdoc */
  async run(model: Model, pair: Pair): Promise<void> {
    const input = {
      templateSlug: this.args.template,
      name: `conformance-${model.runTag}`,
      metadata: { 'x-conformance': model.runTag },
      ...(this.args.vcsType ? { vcsType: this.args.vcsType } : {}),
      ...(this.args.session ? { autoCreateSession: this.args.session } : {}),
    };
    const { target, reference } = await pair.exchange({
      label: 'instances.create',
      route: 'platform',
      envelope: { method: 'instances.create', input },
    }, model);
    this.shown = this.describe();
    const t = (target.body as { value?: { instanceId: string; sessionId?: string } }).value;
    const r = (reference.body as { value?: { instanceId: string; sessionId?: string } }).value;
    if (target.status !== 200 || !t || !r) return;
    const created = record(model, 'instance', { target: t.instanceId, reference: r.instanceId });
    if ('error' in created) throw new Error(created.error);
    if (t.sessionId && r.sessionId) {
      record(model, 'session', {
        target: t.sessionId,
        reference: r.sessionId,
        instance: created.ref.index,
      });
    }
  }
}

/** `instances.get` of an instance of the run (archived or not), or of an unknown ID. */
export class GetInstance extends PairCommand {
  /**
   * Creates the command.
   *
   * @param n Which instance; an out-of-range pick on an empty model reads an unknown ID.
   */
  constructor(readonly n: number) {
    super();
  }

  /** @inheritdoc */
  describe(): string {
    return `instances.get(instance@${this.n})`;
  }

  /** @inheritdoc */
  async run(model: Model, pair: Pair): Promise<void> {
    const ref = pick(model, { kind: 'instance', n: this.n });
    this.shown = `instances.get(${ref ? `instance#${ref.index}` : 'unknown'})`;
    await pair.exchange({
      label: 'instances.get',
      route: 'platform',
      envelope: { method: 'instances.get', input: { instanceId: ref ? sym(ref) : unknownId } },
    }, model);
  }
}

/** `instances.list` with paging edges: limits 1–100, offsets around the number of own items. */
export class ListInstances extends PairCommand {
  /**
   * Creates the command.
   *
   * @param args Page size and offset, either possibly absent.
   */
  constructor(readonly args: { limit?: number; offset?: number }) {
    super();
  }

  /** @inheritdoc */
  describe(): string {
    return `instances.list(${JSON.stringify(this.args)})`;
  }

  /** @inheritdoc */
  async run(model: Model, pair: Pair): Promise<void> {
    this.shown = this.describe();
    await pair.exchange({
      label: 'instances.list',
      route: 'platform',
      envelope: { method: 'instances.list', input: { ...this.args } },
    }, model);
  }
}

/** `instances.status` of an instance of the run (live or archived), or of an unknown ID. */
export class StatusInstance extends PairCommand {
  /**
   * Creates the command.
   *
   * @param args Which instance, and in which state it had better be.
   */
  constructor(readonly args: { n: number; want: Want }) {
    super();
  }

  /** @inheritdoc */
  describe(): string {
    return `instances.status(${this.args.want} instance@${this.args.n})`;
  }

  /** @inheritdoc */
  async run(model: Model, pair: Pair): Promise<void> {
    const ref = pickInstance(model, this.args);
    this.shown = `instances.status(${shown(ref)})`;
    await pair.exchange({
      label: 'instances.status',
      route: 'platform',
      envelope: { method: 'instances.status', input: { instanceId: idOrUnknown(ref) } },
    }, model);
  }
}

/**
 * `instances.archive` of an instance of the run, or of an unknown ID; once or
 * twice in a row (it is idempotent), and often of an instance already archived.
 */
export class ArchiveInstance extends PairCommand {
  /**
   * Creates the command.
   *
   * @param args Which instance, in which state, and whether to archive it twice.
   */
  constructor(readonly args: { n: number; want: Want; twice: boolean }) {
    super();
  }

  /** @inheritdoc */
  describe(): string {
    const { n, want, twice } = this.args;
    return `instances.archive(${want} instance@${n})${twice ? ' twice' : ''}`;
  }

  /** @inheritdoc */
  async run(model: Model, pair: Pair): Promise<void> {
    const ref = pickInstance(model, this.args);
    this.shown = `instances.archive(${shown(ref)})${this.args.twice ? ' twice' : ''}`;
    for (let i = 0; i < (this.args.twice ? 2 : 1); i++) {
      const { target } = await pair.exchange({
        label: 'instances.archive',
        route: 'platform',
        envelope: { method: 'instances.archive', input: { instanceId: idOrUnknown(ref) } },
      }, model);
      if (ref && target.status === 200) model.entities.instance[ref.index].gone = true;
    }
  }
}

/**
 * `instances.list` walked page by page (see {@linkcode PageWalk}), after
 * creating up to two instances, so that even a short sequence has own
 * instances past offset 0.
 */
export class InstancePageWalk extends PageWalk {
  /**
   * Creates the command.
   *
   * @param args The page size, how many instances to create first, and from which template.
   */
  constructor(readonly args: { limit: number; fill: number; template: string }) {
    super('instances.list', args.limit);
  }

  /** @inheritdoc */
  override describe(): string {
    return `instances.pageWalk(${JSON.stringify(this.args)})`;
  }

  /** @inheritdoc */
  protected override async prepare(model: Model, pair: Pair): Promise<void> {
    for (let i = 0; i < this.args.fill; i++) {
      await new CreateInstance({ template: this.args.template }).run(model, pair);
    }
  }
}

/**
 * The `instances.*` commands.
 *
 * @param config The target's catalogue.
 * @returns The commands.
 */
export function instanceCommands(config: ConformanceConfig): ConformanceCommand[] {
  const templates = config.templates.map((t) => t.slug);
  const presets = config.presets.map((p) => p.id);
  return [
    {
      name: 'instances.create',
      weight: 4,
      arbitrary: fc.record({
        template: fc.constantFrom(...templates),
        vcsType: fc.option(
          fc.constantFrom('github' as const, 'gitLocal' as const, 'none' as const),
          { nil: undefined },
        ),
        session: fc.option(
          fc.record({ presetId: fc.constantFrom(...presets), blocking: fc.boolean() }),
          { nil: undefined },
        ),
      }, { requiredKeys: ['template'] }).map((args) => new CreateInstance(args)),
    },
    { name: 'instances.get', arbitrary: fc.nat(50).map((n) => new GetInstance(n)) },
    {
      name: 'instances.status',
      arbitrary: fc.record({ n: fc.nat(50), want: wantArbitrary })
        .map((args) => new StatusInstance(args)),
    },
    {
      name: 'instances.archive',
      arbitrary: fc.record({
        n: fc.nat(50),
        want: fc.constantFrom<Want>('live', 'live', 'any'),
        twice: fc.boolean(),
      }).map((args) => new ArchiveInstance(args)),
    },
    {
      name: 'instances.list',
      arbitrary: fc.record({
        limit: fc.option(fc.oneof(fc.constantFrom(1, 2, 100), fc.integer({ min: 1, max: 100 })), {
          nil: undefined,
        }),
        offset: fc.option(fc.oneof(fc.constantFrom(0, 1, 2, 3), fc.nat(30)), { nil: undefined }),
      }, { requiredKeys: [] }).map((args) => new ListInstances(args)),
    },
    {
      name: 'instances.pageWalk',
      // Cheap, and it brings its own instances: drawn in most sequences.
      weight: 1.5,
      arbitrary: fc.record({
        limit: fc.constantFrom(1, 2, 3),
        fill: fc.constantFrom(0, 1, 2),
        template: fc.constantFrom(...templates),
      }).map((args) => new InstancePageWalk(args)),
    },
  ];
}
