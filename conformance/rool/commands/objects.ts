/**
 * Objects, collections, schema and metadata (contract §4, §5): put, patch (with `null`
 * deleting fields), move (with a body, onto an existing object), delete (all or nothing),
 * get, getMany (with missing and malformed paths) and stat; collections create, alter and
 * drop; schema and metadata. Writes record interactions under suite-chosen IDs, mostly, or
 * generated ones, or none (ephemeral), with `parentInteractionId` null or unknown; as either
 * user, so viewer writes are refused.
 *
 * @module
 */
import fc from 'fast-check';
import type { SymJson } from '../../call.ts';
import type { ConformanceCommand } from '../../commands/base.ts';
import type { Model, Ref } from '../../model.ts';
import {
  both,
  conversationArbitrary,
  ensureWorkspace,
  facts,
  interactionArbitrary,
  nth,
  ok,
  pickSpace,
  recording,
  rool,
  roolOp,
  spaceId,
  whoArbitrary,
} from './_rool.ts';

/** Collections the run uses, and a name the schema refuses. */
export const collectionNames: readonly string[] = ['notes', 'notes', 'tasks', 'Bad name!'];

/** Paths that are not object paths (400). */
export const badPaths: readonly string[] = [
  '/space/notes/a',
  '/space/.hidden/a.json',
  '/notes/a.json',
  '/space/notes/a.json/x',
  '/space/no tes/a.json',
  `/space/${'n'.repeat(129)}/a.json`,
];

/** How a command picks an object path. */
export type PathChoice = 'existing' | 'new' | 'missingCollection' | 'bad';

const pathChoice = fc.constantFrom<PathChoice>(
  'existing',
  'existing',
  'existing',
  'new',
  'new',
  'missingCollection',
  'bad',
);

/**
 * An object path of the picked space.
 *
 * @param model The model.
 * @param options The space, the choice and a generated number.
 * @returns The path.
 */
export function objectPath(
  model: Model,
  options: { space: Ref | undefined; choice: PathChoice; n: number },
): string {
  const f = facts(model, options.space);
  const collection = nth(f.collections, options.n, 'notes');
  switch (options.choice) {
    case 'existing':
      return nth(f.objects, options.n, `/space/${collection}/a.json`);
    case 'new':
      return `/space/${collection}/o${options.n % 5}.json`;
    case 'missingCollection':
      return '/space/nowhere/a.json';
    case 'bad':
      return badPaths[options.n % badPaths.length];
  }
}

/** Bodies: plain, with `_` fields the agent never sees, nested. */
const bodies: ReadonlyArray<Record<string, SymJson>> = [
  { title: 'Sun', n: 1 },
  { title: 'Moon', tags: ['a', 'b'], _private: 'kept' },
  { nested: { deep: [1, { x: null }] }, flag: true },
];

/** Patches: set, delete with `null`, both. */
const patches: ReadonlyArray<Record<string, SymJson>> = [
  { n: 2 },
  { title: null },
  { title: 'Changed', n: null, extra: 'yes' },
  { _private: null },
];

const space = fc.nat();
const common = {
  space,
  who: whoArbitrary,
  interaction: interactionArbitrary,
  conversation: conversationArbitrary,
  channel: fc.nat(),
};

/** The channel and recording fields of a write. */
function writeFields(
  model: Model,
  args: {
    space: number;
    interaction: Parameters<typeof recording>[1]['choice'];
    conversation?: string;
    channel: number;
  },
) {
  const ref = pickSpace(model, args.space);
  const rec = recording(model, {
    space: ref,
    choice: args.interaction,
    conversation: args.conversation,
  });
  return {
    ref,
    input: {
      spaceId: spaceId(ref),
      channelId: nth(facts(model, ref).channels, args.channel, 'main'),
      ...rec.fields,
    },
    after: rec.after,
  };
}

// Keeps the run's facts in step with the reference's answer.
function tracking(ref: Ref | undefined, change: (f: ReturnType<typeof facts>) => void) {
  return (model: Model, { reference }: { reference: Parameters<typeof ok>[0] }) => {
    if (ref && ok(reference)) change(facts(model, ref));
  };
}

/**
 * The object, collection, schema and metadata commands.
 *
 * @returns The commands.
 */
export function objectCommands(): ConformanceCommand[] {
  const prepare = (
    model: Model,
    pair: Parameters<typeof ensureWorkspace>[1],
    args: { space: number },
  ) => ensureWorkspace(model, pair, args.space);
  return [
    roolOp({
      name: 'objects.put',
      weight: 3,
      args: fc.record({ ...common, path: pathChoice, n: fc.nat(), body: fc.nat() }),
      prepare,
      build: (model, args) => {
        const { ref, input, after } = writeFields(model, args);
        const path = objectPath(model, { space: ref, choice: args.path, n: args.n });
        return {
          call: rool(
            'objects.put',
            { ...input, path, body: bodies[args.body % bodies.length] },
            args.who,
          ),
          after: both(after, tracking(ref, (f) => f.objects.add(path))),
        };
      },
    }),
    roolOp({
      name: 'objects.patch',
      weight: 2,
      args: fc.record({ ...common, path: pathChoice, n: fc.nat(), data: fc.nat() }),
      prepare,
      build: (model, args) => {
        const { ref, input, after } = writeFields(model, args);
        const path = objectPath(model, { space: ref, choice: args.path, n: args.n });
        return {
          call: rool(
            'objects.patch',
            { ...input, path, data: patches[args.data % patches.length] },
            args.who,
          ),
          after,
        };
      },
    }),
    roolOp({
      name: 'objects.move',
      weight: 1.5,
      args: fc.record({
        ...common,
        from: pathChoice,
        to: pathChoice,
        n: fc.nat(),
        m: fc.nat(),
        body: fc.option(fc.nat(), { nil: undefined }),
      }),
      prepare,
      build: (model, args) => {
        const { ref, input, after } = writeFields(model, args);
        const from = objectPath(model, { space: ref, choice: args.from, n: args.n });
        const to = objectPath(model, { space: ref, choice: args.to, n: args.m });
        const body = args.body === undefined ? {} : { body: bodies[args.body % bodies.length] };
        return {
          call: rool('objects.move', { ...input, from, to, ...body }, args.who),
          after: both(
            after,
            tracking(ref, (f) => {
              f.objects.delete(from);
              f.objects.add(to);
            }),
          ),
        };
      },
    }),
    roolOp({
      name: 'objects.delete',
      args: fc.record({
        ...common,
        paths: fc.array(fc.record({ choice: pathChoice, n: fc.nat() }), {
          minLength: 0,
          maxLength: 3,
        }),
      }),
      prepare,
      build: (model, args) => {
        const { ref, input, after } = writeFields(model, args);
        const paths = args.paths.map((p) =>
          objectPath(model, { space: ref, choice: p.choice, n: p.n })
        );
        return {
          call: rool('objects.delete', { ...input, paths }, args.who),
          after: both(after, tracking(ref, (f) => paths.forEach((p) => f.objects.delete(p)))),
        };
      },
    }),
    roolOp({
      name: 'objects.get',
      weight: 1.5,
      args: fc.record({
        space,
        who: whoArbitrary,
        path: pathChoice,
        n: fc.nat(),
        method: fc.constantFrom('objects.get', 'objects.stat'),
      }),
      prepare,
      build: (model, { space, who, path, n, method }) => {
        const ref = pickSpace(model, space);
        return {
          call: rool(method, {
            spaceId: spaceId(ref),
            path: objectPath(model, { space: ref, choice: path, n }),
          }, who),
        };
      },
    }),
    roolOp({
      name: 'objects.getMany',
      args: fc.record({
        space,
        who: whoArbitrary,
        paths: fc.array(fc.record({ choice: pathChoice, n: fc.nat() }), { maxLength: 4 }),
      }),
      prepare,
      build: (model, { space, who, paths }) => {
        const ref = pickSpace(model, space);
        return {
          call: rool('objects.getMany', {
            spaceId: spaceId(ref),
            paths: paths.map((p) => objectPath(model, { space: ref, choice: p.choice, n: p.n })),
          }, who),
        };
      },
    }),
    roolOp({
      name: 'collections.create',
      weight: 1.5,
      args: fc.record({
        ...common,
        name: fc.constantFrom(...collectionNames),
        def: fc.constantFrom<SymJson>(
          { fields: [] },
          { fields: [{ name: 'title', type: { kind: 'string' } }] },
          {
            fields: [{ name: 'n', type: { kind: 'maybe', inner: { kind: 'number' } } }],
            schemaOrgType: 'Thing',
          },
          {
            fields: [{ name: 'a', type: { kind: 'string' } }, {
              name: 'a',
              type: { kind: 'number' },
            }],
          },
        ),
        method: fc.constantFrom('collections.create', 'collections.create', 'collections.alter'),
      }),
      prepare,
      build: (model, args) => {
        const { ref, input, after } = writeFields(model, args);
        return {
          call: rool(args.method, { ...input, name: args.name, def: args.def }, args.who),
          after: both(after, tracking(ref, (f) => f.collections.add(args.name))),
        };
      },
    }),
    roolOp({
      name: 'collections.drop',
      weight: 0.5,
      args: fc.record({ ...common, name: fc.constantFrom(...collectionNames) }),
      prepare,
      build: (model, args) => {
        const { ref, input, after } = writeFields(model, args);
        return {
          call: rool('collections.drop', { ...input, name: args.name }, args.who),
          after: both(
            after,
            tracking(ref, (f) => {
              f.collections.delete(args.name);
              for (const o of f.objects) {
                if (o.startsWith(`/space/${args.name}/`)) f.objects.delete(o);
              }
            }),
          ),
        };
      },
    }),
    roolOp({
      name: 'schema.get',
      args: fc.record({
        space,
        who: whoArbitrary,
        method: fc.constantFrom('schema.get', 'metadata.get'),
      }),
      build: (model, { space, who, method }) => ({
        call: rool(method, { spaceId: spaceId(pickSpace(model, space)) }, who),
      }),
    }),
    roolOp({
      name: 'metadata.set',
      args: fc.record({
        ...common,
        key: fc.constantFrom('color', 'owner-note', ''),
        value: fc.constantFrom<SymJson>('blue', 3, null, { a: [1] }),
      }),
      prepare,
      build: (model, args) => {
        const { input, after } = writeFields(model, args);
        return {
          call: rool('metadata.set', { ...input, key: args.key, value: args.value }, args.who),
          after,
        };
      },
    }),
  ];
}
