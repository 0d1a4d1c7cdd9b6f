/**
 * Conversations, the agent and history (contract §5, §6, §7): list, get, rename, set the
 * system instruction and delete conversations (`default` cannot be deleted); `ai.prompt` with
 * a fenced `mock-agent` block of tool calls (put, patch with `null`, move, delete of a missing
 * path), a malformed block, a plain prompt (free text), a `responseSchema`, and the read-only
 * and `QUICK` variants; `ai.stop` and `ai.stopInteraction` with nothing in flight; and
 * checkpoints, undo, redo, history and clear.
 *
 * @module
 */
import fc from 'fast-check';
import type { SymJson } from '../../call.ts';
import type { ConformanceCommand } from '../../commands/base.ts';
import type { Model } from '../../model.ts';
import type { Pair } from '../../pair.ts';
import {
  both,
  conversationArbitrary,
  ensureWorkspace,
  facts,
  interactionArbitrary,
  nth,
  pickSpace,
  recording,
  rool,
  roolOp,
  spaceId,
  whoArbitrary,
} from './_rool.ts';
import { objectPath } from './objects.ts';

const space = fc.nat();
const channelPick = fc.nat();

function channelInput(model: Model, space: number, channel: number) {
  const ref = pickSpace(model, space);
  return {
    ref,
    input: {
      spaceId: spaceId(ref),
      channelId: nth(facts(model, ref).channels, channel, 'main'),
    } as Record<string, SymJson>,
  };
}

const prepare = (model: Model, pair: Pair, args: { space: number }) =>
  ensureWorkspace(model, pair, args.space);

/** How a prompt is made. */
type PromptKind = 'tools' | 'tools' | 'tools' | 'badBlock' | 'describe' | 'schema';

function fenced(json: string): string {
  return `Please do this.\n\`\`\`mock-agent\n${json}\n\`\`\``;
}

/**
 * The conversation, prompt and checkpoint commands.
 *
 * @returns The commands.
 */
export function conversationCommands(): ConformanceCommand[] {
  return [
    roolOp({
      name: 'conversations.list',
      args: fc.record({ space, channel: channelPick, who: whoArbitrary }),
      prepare,
      build: (model, { space, channel, who }) => ({
        call: rool('conversations.list', channelInput(model, space, channel).input, who),
      }),
    }),
    roolOp({
      name: 'conversations.get',
      args: fc.record({
        space,
        channel: channelPick,
        who: whoArbitrary,
        conversation: fc.constantFrom(undefined, 'default', 'conv-one', 'conv-unknown'),
      }),
      prepare,
      build: (model, { space, channel, who, conversation }) => ({
        call: rool('conversations.get', {
          ...channelInput(model, space, channel).input,
          ...(conversation === undefined ? {} : { conversationId: conversation }),
        }, who),
      }),
    }),
    roolOp({
      name: 'conversations.update',
      args: fc.record({
        space,
        channel: channelPick,
        who: whoArbitrary,
        conversation: fc.constantFrom('default', 'conv-one', 'conv-two'),
        change: fc.constantFrom<[string, SymJson]>(
          ['conversations.rename', 'Planning'],
          ['conversations.rename', ''],
          ['conversations.setSystemInstruction', 'Answer briefly.'],
          ['conversations.setSystemInstruction', null],
        ),
      }),
      prepare,
      build: (model, { space, channel, who, conversation, change: [method, value] }) => {
        const field = method === 'conversations.rename' ? { name: value } : { instruction: value };
        return {
          call: rool(method, {
            ...channelInput(model, space, channel).input,
            conversationId: conversation,
            ...field,
          }, who),
        };
      },
    }),
    roolOp({
      name: 'conversations.delete',
      args: fc.record({
        space,
        channel: channelPick,
        who: whoArbitrary,
        conversation: fc.constantFrom(undefined, 'default', 'conv-one', 'conv-unknown'),
      }),
      prepare,
      build: (model, { space, channel, who, conversation }) => ({
        call: rool('conversations.delete', {
          ...channelInput(model, space, channel).input,
          conversationId: conversation,
        }, who),
      }),
    }),
    roolOp({
      name: 'ai.prompt',
      weight: 2,
      args: fc.record({
        space,
        channel: channelPick,
        who: whoArbitrary,
        interaction: interactionArbitrary,
        conversation: conversationArbitrary,
        kind: fc.constantFrom<PromptKind>(
          'tools',
          'tools',
          'tools',
          'badBlock',
          'describe',
          'schema',
        ),
        mode: fc.constantFrom<'normal' | 'readOnly' | 'quick'>(
          'normal',
          'normal',
          'normal',
          'readOnly',
          'quick',
        ),
        n: fc.nat(),
        m: fc.nat(),
      }),
      prepare,
      build: (model, args) => {
        const { ref, input } = channelInput(model, args.space, args.channel);
        const rec = recording(model, {
          space: ref,
          choice: args.interaction,
          conversation: args.conversation,
        });
        const existing = objectPath(model, { space: ref, choice: 'existing', n: args.n });
        const fresh = objectPath(model, { space: ref, choice: 'new', n: args.m });
        const script = {
          message: 'Done as asked.',
          toolCalls: [
            {
              name: 'put_object',
              input: { path: fresh, body: { title: 'From the agent', _x: 1 } },
            },
            { name: 'patch_object', input: { path: existing, data: { title: null, n: 7 } } },
            { name: 'delete_objects', input: { paths: ['/space/notes/never-there.json'] } },
            { name: 'move_object', input: { from: fresh, to: `${fresh.slice(0, -5)}-moved.json` } },
          ].slice(0, 1 + (args.n % 4)),
        };
        const text = args.kind === 'tools'
          ? fenced(JSON.stringify(script))
          : args.kind === 'badBlock'
          ? fenced('{"toolCalls": "not a list"}')
          : 'What is in this space?';
        const extra: Record<string, SymJson> = args.kind === 'schema'
          ? {
            responseSchema: {
              type: 'object',
              properties: { summary: { type: 'string' }, count: { type: 'integer' } },
              required: ['summary', 'count'],
            },
          }
          : {};
        if (args.mode === 'readOnly') extra.readOnly = true;
        if (args.mode === 'quick') extra.effort = 'QUICK';
        return {
          call: rool('ai.prompt', { ...input, ...rec.fields, text, ...extra }, args.who),
          after: both(rec.after, (model, { reference }) => {
            const value = (reference.body as { value?: { objects?: { path: string }[] } })?.value;
            if (ref) value?.objects?.forEach((o) => facts(model, ref).objects.add(o.path));
          }),
        };
      },
    }),
    roolOp({
      name: 'ai.stop',
      weight: 0.5,
      args: fc.record({
        space,
        channel: channelPick,
        who: whoArbitrary,
        byId: fc.boolean(),
        conversation: conversationArbitrary,
      }),
      prepare,
      build: (model, { space, channel, who, byId, conversation }) => {
        const { input } = channelInput(model, space, channel);
        return {
          call: byId
            ? rool('ai.stopInteraction', { ...input, interactionId: 'cf-not-in-flight' }, who)
            : rool('ai.stop', {
              ...input,
              ...(conversation === undefined ? {} : { conversationId: conversation }),
            }, who),
        };
      },
    }),
    roolOp({
      name: 'checkpoints',
      weight: 2,
      args: fc.record({
        space,
        channel: channelPick,
        who: whoArbitrary,
        method: fc.constantFrom(
          'checkpoints.create',
          'checkpoints.create',
          'checkpoints.undo',
          'checkpoints.undo',
          'checkpoints.redo',
          'checkpoints.status',
          'checkpoints.history',
          'checkpoints.clear',
        ),
        label: fc.constantFrom(undefined, 'before', ''),
      }),
      prepare,
      build: (model, { space, channel, who, method, label }) => {
        const { input } = channelInput(model, space, channel);
        const extra = method === 'checkpoints.create' && label !== undefined ? { label } : {};
        return { call: rool(method, { ...input, ...extra }, who) };
      },
    }),
  ];
}
