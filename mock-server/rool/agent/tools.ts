/**
 * The agent's tools (docs/rool-contract.md §6): `put_object`, `patch_object`,
 * `move_object` and `delete_objects`, run through the same checks and writes
 * as the `objects.*` methods (the generated validators, then
 * ../object-store.ts). Each call is recorded in the interaction as `running`,
 * then `done` with a result; a failure's result starts with `Error:`, and a
 * read-only prompt's mutations are refused the same way.
 *
 * The agent never sees `_` fields, so it cannot write them either: those it
 * sends are dropped, and those the object has are kept.
 *
 * @module
 */
import { roolValidators } from '../../../src/rool/_generated/validators.ts';
import type { Interaction } from '../../../src/rool/types.ts';
import { findFault } from '../../rpc/body.ts';
import { RpcFault } from '../../rpc/fault.ts';
import type { RoolContext } from '../context.ts';
import { actorOf } from '../events/actor.ts';
import { notifyConversationUpdated, notifyFilesChanged } from '../events/notify.ts';
import { deletedMessage } from '../mutation.ts';
import { nextId, type SpaceRecord } from '../state.ts';
import {
  prepareDelete,
  prepareMove,
  preparePatch,
  preparePut,
  type Stamp,
} from '../object-store.ts';
import { agentToolNames } from './agent.ts';

/** Where the agent's tools act, and how their changes are stamped. */
export interface ToolTarget {
  /** The call's context. */
  ctx: RoolContext;
  /** The space. */
  space: SpaceRecord;
  /** The channel ID. */
  channelId: string;
  /** The prompt's interaction, whose tool calls and modified paths grow. */
  interaction: Interaction;
  /** The stat of a change but its path and time. */
  stamp: Omit<Stamp, 'modifiedAt'>;
  /** Whether mutations are refused. */
  readOnly: boolean;
  /** Paths created or changed, in order, for the answer's `objects`. */
  touched: Set<string>;
}

/** The result of a refused mutation. */
export const readOnlyResult = 'Error: mutations are disabled (read-only)';

/**
 * Runs one tool call and records it.
 *
 * @param target Where the tools act.
 * @param name The tool.
 * @param input Its arguments.
 * @returns The result.
 */
export function runTool(target: ToolTarget, name: string, input: unknown): string {
  const { ctx, interaction } = target;
  const id = nextId(ctx.state, 'tc');
  interaction.toolCalls.push({ id, name, input, status: 'running' });
  announceInteraction(target);
  const result = attempt(target, name, input);
  const at = interaction.toolCalls.findIndex((call) => call.id === id);
  interaction.toolCalls[at] = { id, name, input, status: 'done', result };
  announceInteraction(target);
  return result;
}

/**
 * Announces that the agent changed the prompt's interaction (a tool call started or finished,
 * the prompt ended): `conversationUpdated` (docs/rool-events.md), if the space still holds it:
 * an ephemeral prompt's is never recorded, and a deleted conversation's is gone. Recording it is
 * announced by ../history.ts.
 *
 * @param target Where the tools act.
 */
export function announceInteraction(target: ToolTarget): void {
  const where = target.space.interactionIndex.get(target.interaction.id);
  if (!where) return;
  notifyConversationUpdated(target.ctx.runtime, {
    spaceId: target.space.id,
    channelId: where.channelId,
    conversationId: where.conversationId,
    actor: actorOf(target.ctx, true),
  });
}

function attempt(target: ToolTarget, name: string, input: unknown): string {
  if (!(agentToolNames as readonly string[]).includes(name)) {
    return `Error: unknown tool ${JSON.stringify(name)}; tools: ${agentToolNames.join(', ')}`;
  }
  if (target.readOnly) return readOnlyResult;
  const args = typeof input === 'object' && input !== null ? input as Record<string, unknown> : {};
  try {
    const written = write(target, name, args);
    const stamp = { ...target.stamp, modifiedAt: target.ctx.runtime.clock() };
    const logged = target.space.files.log.seq;
    const done = written(stamp);
    target.space.updatedAt = stamp.modifiedAt;
    for (const path of done.paths) {
      if (!target.interaction.modifiedObjectPaths.includes(path)) {
        target.interaction.modifiedObjectPaths.push(path);
      }
    }
    for (const path of done.paths) target.touched.add(path);
    // Every write under `/space` lands in the change log, so the log says whether files changed.
    if (target.space.files.log.seq !== logged) {
      notifyFilesChanged(target.ctx.runtime, target.space.id, actorOf(target.ctx, true));
    }
    return done.message;
  } catch (error) {
    const fault = findFault(error);
    if (!fault) throw error;
    return `Error: ${fault.message}`;
  }
}

/** Checks a tool call as the matching method's input, and prepares its write. */
function write(
  target: ToolTarget,
  name: string,
  args: Record<string, unknown>,
): (stamp: Stamp) => { message: string; paths: string[] } {
  const { ctx, space } = target;
  const ref = { spaceId: space.id, channelId: target.channelId };
  const stored = (path: unknown) => typeof path === 'string' ? space.objects.get(path)?.body : {};
  switch (name) {
    case 'put_object': {
      const input = check('objects.put', { ...ref, path: args.path, body: args.body });
      const body = withHidden(input.body, stored(input.path));
      return preparePut(ctx, space, input.path, body);
    }
    case 'patch_object': {
      const input = check('objects.patch', { ...ref, path: args.path, data: args.data });
      return preparePatch(ctx, space, input.path, visible(input.data));
    }
    case 'move_object': {
      const input = check('objects.move', {
        ...ref,
        from: args.from,
        to: args.to,
        body: args.body,
      });
      const body = input.body && withHidden(input.body, stored(input.from));
      return prepareMove(ctx, space, { from: input.from, to: input.to, body });
    }
    default: {
      const input = check('objects.delete', { ...ref, paths: args.paths });
      const remove = prepareDelete(ctx, space, input.paths);
      return () => {
        const deleted = remove();
        for (const path of deleted) target.touched.delete(path);
        return { message: deletedMessage(deleted.length), paths: deleted };
      };
    }
  }
}

type Validated<M extends keyof typeof roolValidators> = Extract<
  ReturnType<(typeof roolValidators)[M]['input']>,
  { ok: true }
>['value'];

/** The generated validator of a method; a failure becomes the tool's error. */
function check<M extends keyof typeof roolValidators>(method: M, value: unknown): Validated<M> {
  const result = roolValidators[method].input(JSON.parse(JSON.stringify(value)));
  if (!result.ok) {
    const [first] = result.issues;
    throw new RpcFault('validation_error', `${first.message} at ${first.path || '/'}`);
  }
  return result.value as Validated<M>;
}

/**
 * A body without its `_` fields.
 *
 * @param body The body.
 * @returns The fields the agent may see.
 */
export function visible(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([key]) => !key.startsWith('_')));
}

function withHidden(
  body: Record<string, unknown>,
  old: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const hidden = Object.entries(old ?? {}).filter(([key]) => key.startsWith('_'));
  return { ...visible(body), ...Object.fromEntries(hidden) };
}
