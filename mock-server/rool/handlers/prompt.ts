/**
 * Handlers of `ai.prompt`, `ai.stop` and `ai.stopInteraction`
 * (docs/rool-contract.md §6). A prompt is recorded at once as `streaming`
 * (unless ephemeral), runs the agent with the caller's rights (read-only for
 * a viewer, with `readOnly` or `QUICK`), and ends `done`, or `error` with
 * output `Stopped` when stopped.
 *
 * @module
 */
import type { PromptInput } from '../../../src/rool/conversation-methods.ts';
import type { Interaction } from '../../../src/rool/types.ts';
import { RpcFault } from '../../rpc/fault.ts';
import { abortableDelay, type AgentFile, type AgentRequest } from '../agent/agent.ts';
import { announceInteraction, runTool, type ToolTarget, visible } from '../agent/tools.ts';
import { fromBase64 } from '../base64.ts';
import { planRecord, recordInteraction, stampOf, takeInteractionId } from '../history.ts';
import { reportEvent } from './user.ts';
import { isObjectPath } from '../paths.ts';
import { atLeast, requireSpaceChannel } from '../roles.ts';
import type { NamespaceHandlers } from './_types.ts';

/** Handlers of the prompt methods. */
export const promptHandlers: NamespaceHandlers<'ai'> = {
  'ai.prompt': async (input, ctx) => {
    const { space, channel, role } = requireSpaceChannel(ctx, input, 'viewer');
    const attached = checkAttachments(input);
    const plan = planRecord(ctx, space, channel, input);
    const id = takeInteractionId(ctx, plan);
    reportEvent(ctx, input.eventName ?? 'prompt_user', null);
    const files = attached.files.map((file, i) => ({
      ...file,
      uri: `rool-machine:/uploads/${id}/${fileName(input.files?.[i].filename, i)}`,
    }));
    const attachments = [...attached.uris, ...files.map((f) => f.uri)];
    const readOnly = input.readOnly === true || input.effort === 'QUICK' ||
      !atLeast(role, 'editor');
    const interaction: Interaction = {
      id,
      parentId: plan.parentId,
      timestamp: ctx.now,
      userId: ctx.user.id,
      userName: ctx.user.name,
      operation: 'prompt',
      input: input.text,
      output: null,
      status: 'streaming',
      ai: true,
      modifiedObjectPaths: [],
      toolCalls: [],
      attachments,
    };
    recordInteraction(ctx, plan, interaction);
    const request: AgentRequest = {
      prompt: input.text,
      systemInstruction: channel.conversations.get(plan.conversationId)?.systemInstruction ?? null,
      schema: Object.fromEntries(space.schema),
      objects: [...space.objects].map(([path, { body }]) => ({ path, body: visible(body) })),
      attachments,
      files,
      ...(input.responseSchema ? { responseSchema: input.responseSchema } : {}),
      effort: input.effort ?? 'STANDARD',
      readOnly,
    };
    const target: ToolTarget = {
      ctx,
      space,
      channelId: channel.id,
      interaction,
      stamp: stampOf(ctx, plan, id),
      readOnly,
      touched: new Set(),
    };
    const prompt = {
      spaceId: space.id,
      channelId: channel.id,
      conversationId: plan.conversationId,
      interactionId: id,
      controller: new AbortController(),
    };
    const { signal } = prompt.controller;
    ctx.runtime.inFlight.add(prompt);
    let message: string;
    try {
      message = await ctx.runtime.agent.run(request, {
        signal,
        step: () => abortableDelay(ctx.runtime.agentDelayMs, signal),
        callTool: (name, args) => {
          if (signal.aborted) throw signal.reason;
          return runTool(target, name, args);
        },
      });
      if (signal.aborted) throw signal.reason;
      interaction.status = 'done';
      interaction.output = message;
    } catch (error) {
      interaction.status = 'error';
      interaction.output = signal.aborted ? 'Stopped' : 'Error: the agent failed';
      if (!signal.aborted) throw error;
      message = 'Stopped';
    } finally {
      ctx.runtime.inFlight.remove(prompt);
      announceInteraction(target);
    }
    const objects = [...target.touched].flatMap((path) => {
      const record = space.objects.get(path);
      return record ? [{ path, body: record.body }] : [];
    });
    return { message, objects, interaction };
  },
  'ai.stop': (input, ctx) => {
    const { space, channel } = requireSpaceChannel(ctx, input, 'viewer');
    const conversationId = input.conversationId ?? 'default';
    const stopped = ctx.runtime.inFlight.stop((p) =>
      p.spaceId === space.id && p.channelId === channel.id && p.conversationId === conversationId
    );
    return { stopped: stopped > 0 };
  },
  'ai.stopInteraction': (input, ctx) => {
    const { space, channel } = requireSpaceChannel(ctx, input, 'viewer');
    const stopped = ctx.runtime.inFlight.stop((p) =>
      p.spaceId === space.id && p.channelId === channel.id &&
      p.interactionId === input.interactionId
    );
    return { stopped: stopped > 0 };
  },
};

/** Attachments as `rool-machine:` URIs, and inline files checked; nothing is stored yet. */
function checkAttachments(input: PromptInput): {
  uris: string[];
  files: Omit<AgentFile, 'uri'>[];
} {
  const uris = (input.attachments ?? []).map((attachment, i) => {
    if (attachment.startsWith('rool-machine:/')) return attachment;
    if (isObjectPath(attachment) || /^\/rool-drive\/./.test(attachment)) {
      return `rool-machine:${attachment}`;
    }
    throw new RpcFault(
      'validation_error',
      'An attachment must be an object path, a /rool-drive/… path or a rool-machine:/… URI',
      { path: `/attachments/${i}` },
    );
  });
  const files = (input.files ?? []).map((file, i) => {
    const bytes = fromBase64(file.data);
    if (!bytes) {
      throw new RpcFault('validation_error', 'File data must be padded base64', {
        path: `/files/${i}/data`,
      });
    }
    return { contentType: file.contentType, size: bytes.byteLength };
  });
  return { uris, files };
}

/** A file's name as a URI segment: its own, made safe, or `file-N`. */
function fileName(name: string | undefined, index: number): string {
  const safe = (name ?? '').replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '').slice(0, 128);
  return safe === '' ? `file-${index + 1}` : `${index + 1}-${safe}`;
}
