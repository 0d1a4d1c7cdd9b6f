/**
 * What the Rool commands share: a Rool call as a given user, the picks of a space, channel,
 * collection and object of the run (falling back to unknown ones, so `check` never refuses),
 * suite-chosen interaction IDs, and {@linkcode RoolStep}: one small command whose call is
 * built from its generated arguments when it runs, then updates the run's facts from the
 * reference's answer. Each operation is a {@linkcode RoolOp}; `roolOp` makes it a command.
 *
 * @module
 */
import fc from 'fast-check';
import { type Call, describeCall, sym, type SymJson } from '../../call.ts';
import { type Model, pick, type Ref } from '../../model.ts';
import { Divergence, type Pair } from '../../pair.ts';
import type { Exchange } from '../../side.ts';
import { type ConformanceCommand, PairCommand } from '../../commands/base.ts';
import { openSpaceStreams, suiteClientIds } from '../events/space-events.ts';
import { roolRun, type SpaceFacts } from '../run-state.ts';

/** Who calls: 0 user A, 1 user B. */
export type Who = 0 | 1;

/** Mostly user A (the owner of what the run makes), sometimes user B. */
export const whoArbitrary: fc.Arbitrary<Who> = fc.constantFrom<Who>(0, 0, 0, 1);

/** A space ID that exists nowhere. */
export const unknownSpace = 'spc_conformance_unknown';

/**
 * A Rool call as a user.
 *
 * @param method The method.
 * @param input The input.
 * @param who The caller.
 * @returns The call.
 */
export function rool(
  method: string,
  input: Record<string, SymJson | undefined>,
  who: Who = 0,
): Call {
  return {
    label: method,
    route: 'rool',
    auth: { kind: 'credential', index: who },
    clientId: suiteClientIds[who],
    // Absent optional fields are left out, as JSON would.
    envelope: {
      method,
      input: Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Record<
        string,
        SymJson
      >,
    },
  };
}

/**
 * The value of a successful answer.
 *
 * @param exchange The exchange.
 * @returns The value, or `undefined`.
 */
export function ok<T = Record<string, unknown>>(exchange: Exchange): T | undefined {
  return exchange.status === 200 ? (exchange.body as { value?: T })?.value : undefined;
}

/**
 * A space of the run that is not deleted, or none.
 *
 * @param model The model.
 * @param n A generated number.
 * @returns The space.
 */
export function pickSpace(model: Model, n: number): Ref | undefined {
  return pick(model, { kind: 'space', n, where: (e) => !e.gone });
}

/**
 * A space's ID in an input, or an unknown one.
 *
 * @param ref The space.
 * @returns The symbolic value.
 */
export function spaceId(ref: Ref | undefined): SymJson {
  return ref ? sym(ref) : unknownSpace;
}

/**
 * The facts of a space.
 *
 * @param model The model.
 * @param ref The space.
 * @returns Its facts (a throwaway set for an unknown space).
 */
export function facts(model: Model, ref: Ref | undefined): SpaceFacts {
  return (ref && roolRun(model).spaces[ref.index]) ?? newFacts(0);
}

/**
 * Empty facts of a new space.
 *
 * @param owner Its owner.
 * @returns The facts.
 */
export function newFacts(owner: number): SpaceFacts {
  return {
    owner,
    channels: new Set(),
    collections: new Set(),
    objects: new Set(),
    interactions: [],
  };
}

/**
 * The n-th element of a set, or a fallback when it is empty.
 *
 * @param set The set.
 * @param n A generated number.
 * @param fallback The fallback.
 * @returns The element.
 */
export function nth(set: Iterable<string>, n: number, fallback: string): string {
  const list = [...set];
  return list.length === 0 ? fallback : list[n % list.length];
}

/**
 * Records a space the target and the reference created, and its facts; when only the target
 * created one (a divergence) it is still kept, unpaired, so cleanup deletes it.
 *
 * @param model The model.
 * @param options The exchanges and the owner.
 */
export function recordSpace(
  model: Model,
  options: { target: Exchange; reference: Exchange; owner: number; copyOf?: SpaceFacts },
): void {
  const t = ok<{ id: string }>(options.target)?.id;
  const r = ok<{ id: string }>(options.reference)?.id;
  if (t === undefined || model.ids.hasTarget(t) && r === undefined) return;
  model.entities.space.push({ target: t, reference: r ?? '' });
  if (r !== undefined) model.ids.pair(t, r);
  const facts = newFacts(options.owner);
  if (options.copyOf) {
    for (const c of options.copyOf.collections) facts.collections.add(c);
    for (const o of options.copyOf.objects) facts.objects.add(o);
  }
  roolRun(model).spaces[model.entities.space.length - 1] = facts;
}

/** What an operation does with the reference's answer. */
export type After = (model: Model, answers: { target: Exchange; reference: Exchange }) => void;

/** An operation: a name, how its arguments are generated, and its call from them. */
export interface RoolOp<A> {
  /** The command name for `--only`, e.g. `objects.put`. */
  name: string;
  /** Generates arguments. */
  args: fc.Arbitrary<A>;
  /** How often it is drawn. */
  weight?: number;
  /** Set-up steps run first, each compared too (create a space, open a channel). */
  prepare?: (model: Model, pair: Pair, args: A) => Promise<void>;
  /** Builds the call once set up, and what to do with the answers. */
  build(model: Model, args: A): { call: Call; after?: After };
}

/** One Rool operation with its generated arguments. */
export class RoolStep<A> extends PairCommand {
  /**
   * Creates the command.
   *
   * @param op The operation.
   * @param args Its generated arguments.
   */
  constructor(readonly op: RoolOp<A>, readonly args: A) {
    super();
  }

  /** @inheritdoc */
  describe(): string {
    return `${this.op.name}(${JSON.stringify(this.args)})`;
  }

  /** @inheritdoc */
  async run(model: Model, pair: Pair): Promise<void> {
    const before = pair.steps.length;
    // Spaces the last command made are watched from now on.
    await openSpaceStreams(model, pair);
    await this.op.prepare?.(model, pair, this.args);
    const { call, after } = this.op.build(model, this.args);
    const steps = pair.steps.slice(before).map((s) => s.call);
    this.shown = [...steps, describeCall(call)].join(' then ');
    try {
      const answers = await pair.exchange(call, model);
      after?.(model, answers);
    } catch (error) {
      // What the target created although it diverged is still cleaned up.
      if (error instanceof Divergence && call.envelope?.method === 'spaces.create') {
        recordSpace(model, {
          ...error.step,
          owner: call.auth?.kind === 'credential' ? call.auth.index : 0,
        });
      }
      throw error;
    }
  }
}

/**
 * An operation as a command.
 *
 * @param op The operation.
 * @returns The command.
 */
export function roolOp<A>(op: RoolOp<A>): ConformanceCommand {
  return {
    name: op.name,
    weight: op.weight,
    arbitrary: op.args.map((args) => new RoolStep(op, args)),
  };
}

/**
 * Makes sure there is a space to work in: creates one (as user A) when the run has none, and
 * opens the channel `main` in the picked space when it has none, and creates the collection
 * `notes` with one object, since most operations need them. Each step is compared like any other.
 *
 * @param model The model.
 * @param pair The pair.
 * @param n The generated number that picks the space.
 */
export async function ensureWorkspace(model: Model, pair: Pair, n: number): Promise<void> {
  if (!pickSpace(model, n)) {
    const call = rool('spaces.create', { name: spaceName(model) });
    try {
      recordSpace(model, { ...(await pair.exchange(call, model)), owner: 0 });
    } catch (error) {
      if (error instanceof Divergence) recordSpace(model, { ...error.step, owner: 0 });
      throw error;
    }
    await openSpaceStreams(model, pair);
  }
  const ref = pickSpace(model, n);
  const f = facts(model, ref);
  if (ref && f.channels.size === 0 && f.owner === 0) {
    const answers = await pair.exchange(
      rool('channels.open', { spaceId: sym(ref), channelId: 'main' }),
      model,
    );
    if (ok(answers.reference)) f.channels.add('main');
  }
  // A collection with an object, written ephemerally, so writes and reads have something to use.
  if (ref && f.owner === 0 && f.channels.has('main') && f.collections.size === 0) {
    const base = { spaceId: sym(ref), channelId: 'main', ephemeral: true };
    const made = await pair.exchange(
      rool('collections.create', { ...base, name: 'notes', def: { fields: [] } }),
      model,
    );
    if (ok(made.reference)) f.collections.add('notes');
    if (f.objects.size === 0) {
      const path = '/space/notes/a.json';
      const put = await pair.exchange(
        rool('objects.put', { ...base, path, body: { title: 'First', n: 0 } }),
        model,
      );
      if (ok(put.reference)) f.objects.add(path);
    }
  }
}

/**
 * A new space name: `conformance-<runTag>-<n>`, so what the run made is recognisable.
 *
 * @param model The model.
 * @returns The name.
 */
export function spaceName(model: Model): string {
  return `conformance-${model.runTag}-${model.entities.space.length}`;
}

/** How a recorded mutation names its interaction. */
export type InteractionChoice =
  | 'fresh'
  | 'fresh'
  | 'omit'
  | 'reused'
  | 'ephemeral'
  | 'root'
  | 'unknownParent';

/** Mostly a suite-chosen fresh ID. */
export const interactionArbitrary: fc.Arbitrary<InteractionChoice> = fc.constantFrom<
  InteractionChoice
>('fresh', 'fresh', 'fresh', 'omit', 'reused', 'ephemeral', 'root', 'unknownParent');

/** Which conversation a recorded call names. */
export const conversationArbitrary: fc.Arbitrary<string | undefined> = fc.constantFrom(
  undefined,
  undefined,
  'default',
  'conv-one',
);

/**
 * The recording fields of a mutation's input (contract §5), and what to remember after it.
 *
 * @param model The model.
 * @param options The space, the choice and the conversation.
 * @returns The fields and a hook recording the new interaction ID.
 */
export function recording(
  model: Model,
  options: { space: Ref | undefined; choice: InteractionChoice; conversation?: string },
): { fields: Record<string, SymJson>; after: After } {
  const run = roolRun(model);
  const f = facts(model, options.space);
  const fields: Record<string, SymJson> = {};
  if (options.conversation !== undefined) fields.conversationId = options.conversation;
  const fresh = () => `cf-${model.runTag.replace(/[^A-Za-z0-9_-]/g, '')}-${run.nextInteraction++}`;
  switch (options.choice) {
    case 'fresh':
      fields.interactionId = fresh();
      break;
    case 'reused':
      fields.interactionId = f.interactions.length > 0 ? f.interactions[0] : fresh();
      break;
    case 'ephemeral':
      fields.ephemeral = true;
      break;
    case 'root':
      fields.parentInteractionId = null;
      fields.interactionId = fresh();
      break;
    case 'unknownParent':
      fields.parentInteractionId = 'cf-unknown-parent';
      break;
    case 'omit':
      break;
  }
  return {
    fields,
    after(_model, answers) {
      const interaction = ok<{ interaction?: { id: string } | null }>(answers.target)?.interaction;
      // Only suite-chosen IDs are reused: they are equal on both sides.
      if (interaction?.id?.startsWith('cf-') && !f.interactions.includes(interaction.id)) {
        f.interactions.push(interaction.id);
      }
    },
  };
}

/**
 * Runs hooks in order.
 *
 * @param hooks The hooks.
 * @returns One hook.
 */
export function both(...hooks: Array<After | undefined>): After {
  return (model, answers) => hooks.forEach((h) => h?.(model, answers));
}
