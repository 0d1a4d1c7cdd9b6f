/**
 * The model of one run: the entities the run created, each with its target
 * and reference identity, plus what commands need to steer their inputs
 * (archived, sandbox state, token expiry). Commands pick entities by index at
 * generation time; the index is resolved against the model when they run.
 *
 * @module
 */
import { Bijection } from './bijection.ts';

/** Kinds of entities a run creates. */
export type EntityKind = (typeof entityKinds)[number];

/** Every entity kind: Roj's, then Rool's. */
export const entityKinds = [
  'instance',
  'session',
  'token',
  'sandbox',
  'sandboxToken',
  'file',
  'resource',
  'space',
  'interaction',
  'checkpoint',
  'user',
  // Opaque protocol values (Rool's WebDAV): paired apart from IDs, never rewritten inside text.
  'etag',
  'lock',
  'syncToken',
] as const;

/** An entity: its value on each side, and what commands know of it. */
export interface Entity {
  /** The target's ID or secret. */
  target: string;
  /** The reference's ID or secret. */
  reference: string;
  /** The instance it belongs to (index into `instance`), for sessions, tokens, sandboxes. */
  instance?: number;
  /** Sandbox tokens: the sandbox they belong to (index into `sandbox`). */
  sandbox?: number;
  /** Instances: archived. Resources: deleted. */
  gone?: boolean;
  /** Tokens: expiry on the suite's clock (ms). Resources: unused. */
  expiresAt?: number;
  /** Tokens: the bound origin. Resources: the slug. ETags and locks: the path they belong to. */
  label?: string;
  /** ETags, locks and sync tokens: the space they belong to (index into `space`). */
  space?: number;
}

/** A symbolic reference to an entity, resolved per side when a command runs. */
export interface Ref {
  /** The entity kind. */
  kind: EntityKind;
  /** The index into the model's list of that kind. */
  index: number;
}

/**
 * Counts of foreign items on the target when the run started, by list: for Roj `instances`
 * (the `instances.list` total) and `resources`; for Rool each user's `spaces`.
 */
export type Baseline = Record<string, number>;

/** The model of one run. */
export interface Model {
  /** Entities by kind, in creation order. */
  entities: Record<EntityKind, Entity[]>;
  /** Target ↔ reference ID pairing. */
  ids: Bijection;
  /** What the target held before the run. */
  baseline: Baseline;
  /** A tag unique to the run, used in names and metadata so cleanup finds what the run made. */
  runTag: string;
}

/**
 * A fresh model.
 *
 * @param options The target's baseline and the run's tag.
 * @returns The model.
 */
export function createModel(options: { baseline: Baseline; runTag: string }): Model {
  return {
    entities: Object.fromEntries(entityKinds.map((kind) => [kind, []])) as unknown as Record<
      EntityKind,
      Entity[]
    >,
    ids: new Bijection(),
    baseline: options.baseline,
    runTag: options.runTag,
  };
}

/**
 * Picks an entity of a kind by a generated number.
 *
 * @param model The model.
 * @param pick The kind, a generated non-negative number, and an optional filter.
 * @returns The reference, or `undefined` when none matches.
 */
export function pick(
  model: Readonly<Model>,
  pick: { kind: EntityKind; n: number; where?: (e: Entity, index: number) => boolean },
): Ref | undefined {
  const list = model.entities[pick.kind];
  const candidates = list.map((e, i) => [e, i] as const).filter(([e, i]) =>
    pick.where?.(e, i) ?? true
  );
  if (candidates.length === 0) return undefined;
  return { kind: pick.kind, index: candidates[pick.n % candidates.length][1] };
}

/**
 * Records an entity created on both sides, pairing its IDs.
 *
 * @param model The model.
 * @param kind The kind.
 * @param entity Its values.
 * @returns Its reference, or why the pairing is inconsistent.
 */
export function record(
  model: Model,
  kind: EntityKind,
  entity: Entity,
): { ref: Ref } | { error: string } {
  if (kind !== 'token') {
    const error = model.ids.pair(entity.target, entity.reference);
    if (error) return { error };
  }
  model.entities[kind].push(entity);
  return { ref: { kind, index: model.entities[kind].length - 1 } };
}
