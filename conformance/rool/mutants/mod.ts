/**
 * Rool mutant backends: each is the Rool mock (under `/rool`, as `deno task mock` serves it)
 * with one realistic deviation from docs/rool-contract.md. The suite must report every one
 * (../mutants.test.ts). Built without touching the mock's code: the mock's `handlers` option
 * wraps a handler, or a `fetch` wrapper rewrites a request or an answer. Not public API.
 *
 * @module
 */
import type { RoolHandlers } from '../../../mock-server/rool/handlers/_types.ts';
import type { RoolContext } from '../../../mock-server/rool/context.ts';
import { readEnvelope, rewriteError, toRequest } from '../../mutants/_build.ts';
import { call, rewriting, type RoolMutant, roolMutantMock } from './_mock.ts';
import { eventMutants } from './events.ts';
import { fileMutants } from './files.ts';

export { type RoolMutant, roolMutantMock };

type Obj = Record<string, unknown>;

/** Every Rool mutant. */
export const roolMutants: readonly RoolMutant[] = [
  {
    name: 'rool-viewer-may-write',
    description: 'A viewer may put objects (§3: objects.put needs editor)',
    caughtBy: 'members.add B viewer + objects.put as B',
    build() {
      const handlers = {
        'objects.put': async (input: Obj, ctx: RoolContext) => {
          const space = ctx.state.spaces.get(String(input.spaceId));
          const role = space?.members.get(ctx.user.id);
          if (!space || role !== 'viewer') return await call('objects.put', input, ctx);
          space.members.set(ctx.user.id, 'editor');
          try {
            return await call('objects.put', input, ctx);
          } finally {
            if (space.members.has(ctx.user.id)) space.members.set(ctx.user.id, 'viewer');
          }
        },
      } as unknown as Partial<RoolHandlers>;
      return roolMutantMock(handlers);
    },
  },
  {
    name: 'rool-patch-null-stored',
    description: 'objects.patch stores null values instead of deleting the fields (§4)',
    caughtBy: 'objects.patch with a null value',
    build() {
      const handlers = {
        'objects.patch': async (input: Obj, ctx: RoolContext) => {
          const out = await call<Obj & { object: { body: Obj } }>('objects.patch', input, ctx);
          const nulls = Object.entries(input.data as Obj).filter(([, v]) => v === null);
          if (nulls.length === 0) return out;
          const space = ctx.state.spaces.get(String(input.spaceId))!;
          const record = space.objects.get(String(input.path))!;
          const body = { ...record.body, ...Object.fromEntries(nulls) };
          space.objects.set(String(input.path), { ...record, body });
          return { ...out, object: { ...out.object, body } };
        },
      } as unknown as Partial<RoolHandlers>;
      return roolMutantMock(handlers);
    },
  },
  {
    name: 'rool-getmany-drops-missing',
    description: 'objects.getMany leaves `missing` empty (§4: the rest are listed in missing)',
    caughtBy: 'objects.getMany with a missing or malformed path',
    build() {
      const handlers = {
        'objects.getMany': async (input: Obj, ctx: RoolContext) => ({
          ...await call<Obj>('objects.getMany', input, ctx),
          missing: [],
        }),
      } as unknown as Partial<RoolHandlers>;
      return roolMutantMock(handlers);
    },
  },
  {
    name: 'rool-null-parent-ignored',
    description: 'parentInteractionId: null is ignored: the interaction continues the leaf (§5)',
    caughtBy: 'two recorded writes, the second with parentInteractionId null',
    build() {
      return rewriting((envelope) => {
        if (envelope.input.parentInteractionId !== null) return undefined;
        const { parentInteractionId: _, ...input } = envelope.input;
        return { ...envelope, input };
      });
    },
  },
  {
    name: 'rool-undo-keeps-schema',
    description: 'checkpoints.undo restores objects and metadata but not the schema (§7)',
    caughtBy: 'checkpoints.create + collections.create + checkpoints.undo + schema.get',
    build() {
      const handlers = {
        'checkpoints.undo': async (input: Obj, ctx: RoolContext) => {
          const space = ctx.state.spaces.get(String(input.spaceId));
          const schema = space && new Map(space.schema);
          const out = await call<Obj>('checkpoints.undo', input, ctx);
          if (space && schema) space.schema.assign(schema);
          return out;
        },
      } as unknown as Partial<RoolHandlers>;
      return roolMutantMock(handlers);
    },
  },
  {
    name: 'rool-drop-leaves-objects',
    description: "collections.drop keeps the collection's objects (§4: drop deletes them)",
    caughtBy: 'collections.drop + objects.get/getMany of an object in it',
    build() {
      const handlers = {
        'collections.drop': async (input: Obj, ctx: RoolContext) => {
          const space = ctx.state.spaces.get(String(input.spaceId));
          const kept = space
            ? [...space.objects].filter(([p]) => p.startsWith(`/space/${input.name}/`))
            : [];
          const out = await call<Obj>('collections.drop', input, ctx);
          for (const [path, record] of kept) space!.objects.set(path, record);
          return out;
        },
      } as unknown as Partial<RoolHandlers>;
      return roolMutantMock(handlers);
    },
  },
  {
    name: 'rool-channel-id-33',
    description: 'A 33-character channel ID is accepted (cut to 32) instead of 400 (§4)',
    caughtBy: 'channels.open with a 33-character ID',
    build() {
      return rewriting((envelope) => {
        const id = envelope.input.channelId;
        if (typeof id !== 'string' || id.length !== 33) return undefined;
        return { ...envelope, input: { ...envelope.input, channelId: id.slice(0, 32) } };
      });
    },
  },
  {
    name: 'rool-ephemeral-recorded',
    description: 'An ephemeral objects.put is recorded all the same (§5)',
    caughtBy: 'objects.put with ephemeral: true',
    build() {
      return rewriting((envelope) => {
        if (envelope.method !== 'objects.put' || envelope.input.ephemeral !== true) {
          return undefined;
        }
        const { ephemeral: _, ...input } = envelope.input;
        return { ...envelope, input };
      });
    },
  },
  {
    name: 'rool-link-access-not-stored',
    description: 'spaces.setLinkAccess answers with the new access but never stores it (§3)',
    caughtBy: 'spaces.setLinkAccess + spaces.get, or a call as B through the link',
    build() {
      const handlers = {
        'spaces.setLinkAccess': async (input: Obj, ctx: RoolContext) => {
          const space = ctx.state.spaces.get(String(input.spaceId));
          const before = space?.linkAccess;
          const out = await call<Obj>('spaces.setLinkAccess', input, ctx);
          if (space && before) space.linkAccess = before;
          return out;
        },
      } as unknown as Partial<RoolHandlers>;
      return roolMutantMock(handlers);
    },
  },
  {
    name: 'rool-move-keeps-stat',
    description: 'objects.move keeps the old stat (time, user, interaction) on the moved object',
    caughtBy: 'objects.put + objects.move (recorded)',
    build() {
      const handlers = {
        'objects.move': async (input: Obj, ctx: RoolContext) => {
          const space = ctx.state.spaces.get(String(input.spaceId));
          const old = space?.objects.get(String(input.from))?.stat;
          const out = await call<Obj>('objects.move', input, ctx);
          if (!space || !old) return out;
          const record = space.objects.get(String(input.to))!;
          const stat = { ...old, path: String(input.to) };
          space.objects.set(String(input.to), { ...record, stat });
          return { ...out, stat };
        },
      } as unknown as Partial<RoolHandlers>;
      return roolMutantMock(handlers);
    },
  },
  {
    name: 'rool-patch-missing-400',
    description: 'objects.patch of a missing object is 400 validation_error instead of 404',
    caughtBy: 'objects.patch of a path that does not exist',
    build() {
      const mock = roolMutantMock();
      return {
        async fetch(input, init) {
          const request = toRequest(input, init);
          const envelope = await readEnvelope(request);
          const response = await mock.fetch(request);
          if (envelope?.method !== 'objects.patch') return response;
          return await rewriteError(
            response,
            (error) =>
              error.type === 'not_found' && /object/i.test(error.message)
                ? { type: 'validation_error', status: 400 }
                : undefined,
          );
        },
      };
    },
  },
  {
    name: 'rool-default-conversation-deletable',
    description: 'conversations.delete of `default` succeeds instead of 409 (§5)',
    caughtBy: 'conversations.delete of default',
    build() {
      const handlers = {
        'conversations.delete': async (input: Obj, ctx: RoolContext) => {
          if ((input.conversationId ?? 'default') !== 'default') {
            return await call('conversations.delete', input, ctx);
          }
          // The checks of a rename, then the deletion.
          await call('conversations.list', input, ctx);
          const channel = ctx.state.spaces.get(String(input.spaceId))?.channels.get(
            String(input.channelId),
          );
          channel?.conversations.delete('default');
          return {};
        },
      } as unknown as Partial<RoolHandlers>;
      return roolMutantMock(handlers);
    },
  },
  {
    name: 'rool-search-case-sensitive',
    description: 'user.search matches the email case-sensitively (§8: case-insensitive)',
    caughtBy: "user.search of the other user's email in upper case",
    build() {
      const handlers = {
        'user.search': async (input: Obj, ctx: RoolContext) => {
          const out = await call<{ user: { email: string } | null }>('user.search', input, ctx);
          return out.user && out.user.email !== input.email ? { user: null } : out;
        },
      } as unknown as Partial<RoolHandlers>;
      return roolMutantMock(handlers);
    },
  },
  ...fileMutants,
  ...eventMutants,
];
