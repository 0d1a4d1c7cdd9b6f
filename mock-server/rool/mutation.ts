/**
 * How every recorded mutation (`objects.*` writes, `collections.*`,
 * `metadata.set`) runs (docs/rool-contract.md §5): its own checks first, then
 * the record's (parent, chosen ID), then the change, stamped, and its
 * interaction: `status: 'done'`, `ai: false`, no tool calls. Then the live
 * events (docs/rool-events.md): `filesChanged` when the change moved the
 * space's change log (an object or a collection definition under `/space`),
 * and `conversationUpdated` when an interaction was recorded (../history.ts).
 *
 * @module
 */
import type { ConversationRef, RecordOptions } from '../../src/rool/_refs.ts';
import type { Interaction } from '../../src/rool/types.ts';
import type { RoolContext } from './context.ts';
import { actorOf } from './events/actor.ts';
import { notifyFilesChanged } from './events/notify.ts';
import { planRecord, recordInteraction, stampOf, takeInteractionId } from './history.ts';
import type { Stamp } from './object-store.ts';
import type { ChannelRecord, SpaceRecord } from './state.ts';

/** What a change reports for its interaction. */
export interface Change<T> {
  /** What the handler answers with. */
  result: T;
  /** The confirmation message: the interaction's `output`. */
  output: string;
  /** The object paths changed: the interaction's `modifiedObjectPaths`. */
  paths: string[];
}

/** A mutation's outcome. */
export interface Committed<T> {
  /** What the change returned. */
  result: T;
  /** The interaction recorded, or `null` when ephemeral. */
  interaction: Interaction | null;
}

/**
 * Runs a checked mutation and records it.
 *
 * @param ctx The call's context.
 * @param where The space and channel.
 * @param input The call's conversation and record options.
 * @param operation The interaction's `operation` and `input` (the call described).
 * @param apply Makes the change; every check of the call must have passed, so it cannot fail.
 * @returns The change's result and the interaction.
 * @throws {RpcFault} From the record's checks, before anything changes.
 */
export function commitMutation<T>(
  ctx: RoolContext,
  where: { space: SpaceRecord; channel: ChannelRecord },
  input: ConversationRef & RecordOptions,
  operation: { operation: string; input: string },
  apply: (stamp: Stamp) => Change<T>,
): Committed<T> {
  const plan = planRecord(ctx, where.space, where.channel, input);
  // An ephemeral mutation is stamped without an interaction, so it takes no ID.
  const id = plan.ephemeral ? '' : takeInteractionId(ctx, plan);
  const logged = where.space.files.log.seq;
  const change = apply(stampOf(ctx, plan, id));
  where.space.updatedAt = ctx.now;
  // Every write under `/space` lands in the change log, the schema's included, so the log says
  // whether files changed, whatever the change reports.
  if (where.space.files.log.seq !== logged) {
    notifyFilesChanged(ctx.runtime, where.space.id, actorOf(ctx));
  }
  if (plan.ephemeral) return { result: change.result, interaction: null };
  const interaction: Interaction = {
    id,
    parentId: plan.parentId,
    timestamp: ctx.now,
    userId: ctx.user.id,
    userName: ctx.user.name,
    operation: operation.operation,
    input: operation.input,
    output: change.output,
    status: 'done',
    ai: false,
    modifiedObjectPaths: change.paths,
    toolCalls: [],
  };
  recordInteraction(ctx, plan, interaction);
  return { result: change.result, interaction };
}

/**
 * A list of paths for an interaction's `input`, shortened past ten.
 *
 * @param paths The paths.
 * @returns E.g. `/space/a/x.json, /space/a/y.json`, or the first ten and `(and 5 more)`.
 */
export function describePaths(paths: readonly string[]): string {
  const shown = paths.slice(0, 10).join(', ');
  return paths.length > 10 ? `${shown} (and ${paths.length - 10} more)` : shown;
}

/**
 * The confirmation of a deletion.
 *
 * @param count How many objects were deleted.
 * @returns E.g. `Deleted 2 objects`.
 */
export function deletedMessage(count: number): string {
  return `Deleted ${count} ${count === 1 ? 'object' : 'objects'}`;
}
