/**
 * Commands for `resources.*`: create with a slug unique to the run (or a
 * taken one, 409, or a malformed one, 400), revisions and reads by ID or by
 * slug (or both or neither, 400), paging around the run's own count, and
 * deletion. Files come from the upload command; unknown files give 404.
 *
 * Slugs are chosen by the suite, so a resource's slug is the same on both
 * sides and is passed literally.
 *
 * @module
 */
import fc from 'fast-check';
import type { SymJson } from '../call.ts';
import type { ConformanceConfig } from '../config.ts';
import { type Model, pick, record, type Ref } from '../model.ts';
import type { Pair } from '../pair.ts';
import { type ConformanceCommand, PairCommand, unknownId } from './base.ts';
import { exchangeCreating, idOrUnknown, shown, valueOf } from './_platform.ts';
import { pageWalkCommand } from './_page-walk.ts';
import { UploadFile } from './upload.ts';

/** A slug no resource has. */
const unknownSlug = 'conformance-unknown-resource';

/** Slugs that break `^[a-z0-9][a-z0-9-]{0,62}$`. */
const invalidSlugs: readonly string[] = [
  '',
  'Upper',
  '-leading-dash',
  'has space',
  'under_score',
  'a'.repeat(64),
];

/**
 * A new slug for the run: `conformance-<runTag>-<n>`, where `n` counts the
 * run's resources, so no two resources of a run, nor of two runs, share one.
 *
 * @param model The model.
 * @returns The slug, within the schema's pattern.
 */
function newSlug(model: Model): string {
  const counter = `-${model.entities.resource.length}`;
  return `conformance-${slugTag(model)}`.slice(0, 63 - counter.length) + counter;
}

// The run's tag in a slug's alphabet.
function slugTag(model: Model): string {
  return model.runTag.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
}

/** How a call names a resource. */
export type ResourceKey = 'id' | 'slug' | 'both' | 'neither' | 'unknownId' | 'unknownSlug';

/** The resource fields of an input naming a picked resource the way `key` says. */
function resourceKey(
  model: Model,
  options: { ref: Ref | undefined; key: ResourceKey },
): Record<string, SymJson> {
  const { ref, key } = options;
  const slug = ref ? model.entities.resource[ref.index].label ?? unknownSlug : unknownSlug;
  switch (key) {
    case 'id':
      return { resourceId: idOrUnknown(ref) };
    case 'slug':
      return { resourceSlug: slug };
    case 'both':
      return { resourceId: idOrUnknown(ref), resourceSlug: slug };
    case 'neither':
      return {};
    case 'unknownId':
      return { resourceId: unknownId };
    case 'unknownSlug':
      return { resourceSlug: unknownSlug };
  }
}

const keyArbitrary = fc.constantFrom<ResourceKey>(
  'id',
  'id',
  'slug',
  'slug',
  'both',
  'neither',
  'unknownId',
  'unknownSlug',
);

/** How `resources.create` chooses its slug. */
export type SlugChoice =
  | { kind: 'new' }
  | { kind: 'taken'; n: number }
  | { kind: 'invalid'; value: string };

/**
 * `resources.create` from an uploaded file of the run, or an unknown one. When
 * the run has uploaded nothing yet it uploads a file first, so resources (and
 * their revisions, reads and pages) do not wait for two lucky commands in a row.
 */
export class CreateResource extends PairCommand {
  /**
   * Creates the command.
   *
   * @param args The file pick, the slug choice and the optional fields.
   */
  constructor(
    readonly args: {
      file: number | 'unknown';
      slug: SlugChoice;
      name?: string;
      description?: string;
      label?: string;
    },
  ) {
    super();
  }

  /** @inheritdoc */
  describe(): string {
    const { file, slug, ...rest } = this.args;
    return `resources.create(file@${file}, ${JSON.stringify(slug)}, ${JSON.stringify(rest)})`;
  }

  /** @inheritdoc */
  async run(model: Model, pair: Pair): Promise<void> {
    const { file: fileN, slug: choice, ...rest } = this.args;
    const upload = fileN !== 'unknown' && model.entities.file.length === 0
      ? new UploadFile({
        field: 'file',
        filename: 'resource.txt',
        mimeType: 'text/plain',
        size: 16,
      })
      : undefined;
    if (upload) {
      this.shown = `${upload} then resources.create`;
      await upload.run(model, pair);
    }
    const file = fileN === 'unknown' ? undefined : pick(model, { kind: 'file', n: fileN });
    const taken = choice.kind === 'taken'
      ? pick(model, { kind: 'resource', n: choice.n, where: (e) => !e.gone })
      : undefined;
    const slug = choice.kind === 'invalid'
      ? choice.value
      : taken
      ? model.entities.resource[taken.index].label!
      : newSlug(model);
    // Names, when given, say which run made the resource, as the slug does.
    const name = rest.name === undefined
      ? {}
      : { name: `conformance-${model.runTag} ${rest.name}` };
    const input = { slug, fileId: idOrUnknown(file), ...rest, ...name };
    // Reports name the run generically, so a replay (another run) reads the same.
    const shownSlug = slug.replace(`conformance-${slugTag(model)}-`, 'conformance-<run>-');
    this.shown = `${upload ? `${upload}, then ` : ''}resources.create(${
      JSON.stringify(shownSlug)
    }, ${shown(file)}, ${JSON.stringify(rest)})`;
    const { target, reference } = await exchangeCreating(pair, {
      call: {
        label: 'resources.create',
        route: 'platform',
        envelope: { method: 'resources.create', input },
      },
      model,
      creates: { kind: 'resource', idField: 'resourceId' },
    });
    const t = valueOf<{ resourceId: string }>(target);
    const r = valueOf<{ resourceId: string }>(reference);
    if (!t || !r) return;
    const created = record(model, 'resource', {
      target: t.resourceId,
      reference: r.resourceId,
      label: slug,
    });
    if ('error' in created) throw new Error(created.error);
  }
}

/** `resources.addRevision` to a resource of the run, by ID or slug, with a file of the run. */
export class AddResourceRevision extends PairCommand {
  /**
   * Creates the command.
   *
   * @param args The resource pick and key, the file pick, and the label.
   */
  constructor(
    readonly args: { n: number; key: ResourceKey; file: number | 'unknown'; label?: string },
  ) {
    super();
  }

  /** @inheritdoc */
  describe(): string {
    const { n, key, file, label } = this.args;
    return `resources.addRevision(resource@${n} by ${key}, file@${file}, ${
      JSON.stringify({ label })
    })`;
  }

  /** @inheritdoc */
  async run(model: Model, pair: Pair): Promise<void> {
    const { n, key, file: fileN, label } = this.args;
    const ref = pick(model, { kind: 'resource', n });
    const file = fileN === 'unknown' ? undefined : pick(model, { kind: 'file', n: fileN });
    const input = {
      ...resourceKey(model, { ref, key }),
      fileId: idOrUnknown(file),
      ...(label !== undefined ? { label } : {}),
    };
    this.shown = `resources.addRevision(${shown(ref)} by ${key}, ${shown(file)})`;
    await pair.exchange({
      label: 'resources.addRevision',
      route: 'platform',
      envelope: { method: 'resources.addRevision', input },
    }, model);
  }
}

/** `resources.get` by ID or slug, once or twice in a row. */
export class GetResource extends PairCommand {
  /**
   * Creates the command.
   *
   * @param args The resource pick and key, and whether to read it twice.
   */
  constructor(readonly args: { n: number; key: ResourceKey; twice: boolean }) {
    super();
  }

  /** @inheritdoc */
  describe(): string {
    const { n, key, twice } = this.args;
    return `resources.get(resource@${n} by ${key})${twice ? ' twice' : ''}`;
  }

  /** @inheritdoc */
  async run(model: Model, pair: Pair): Promise<void> {
    const { n, key, twice } = this.args;
    const ref = pick(model, { kind: 'resource', n });
    this.shown = `resources.get(${shown(ref)} by ${key})${twice ? ' twice' : ''}`;
    for (let i = 0; i < (twice ? 2 : 1); i++) {
      await pair.exchange({
        label: 'resources.get',
        route: 'platform',
        envelope: { method: 'resources.get', input: resourceKey(model, { ref, key }) },
      }, model);
    }
  }
}

/**
 * `resources.list` with limits at the edges (and just past them) and offsets
 * from 0 to two past the run's own count. Foreign resources page after the
 * run's own, which are newer (rule `ownPage`).
 */
export class ListResources extends PairCommand {
  /**
   * Creates the command.
   *
   * @param args The limit, and a number the offset is taken from (modulo the run's count + 3).
   */
  constructor(readonly args: { limit?: number; offset?: number }) {
    super();
  }

  /** @inheritdoc */
  describe(): string {
    const { limit, offset } = this.args;
    return `resources.list(${JSON.stringify({ limit })}, offset@${offset ?? 'none'})`;
  }

  /** @inheritdoc */
  async run(model: Model, pair: Pair): Promise<void> {
    const own = model.entities.resource.filter((e) => !e.gone).length;
    const input = {
      ...(this.args.limit !== undefined ? { limit: this.args.limit } : {}),
      ...(this.args.offset !== undefined ? { offset: this.args.offset % (own + 3) } : {}),
    };
    this.shown = `resources.list(${JSON.stringify(input)})`;
    await pair.exchange({
      label: 'resources.list',
      route: 'platform',
      envelope: { method: 'resources.list', input },
    }, model);
  }
}

/** `resources.delete` of a resource of the run (deleted or not), or of an unknown ID. */
export class DeleteResource extends PairCommand {
  /**
   * Creates the command.
   *
   * @param args The resource pick, or an unknown ID.
   */
  constructor(readonly args: { n: number; unknown: boolean }) {
    super();
  }

  /** @inheritdoc */
  describe(): string {
    return `resources.delete(${this.args.unknown ? 'unknown' : `resource@${this.args.n}`})`;
  }

  /** @inheritdoc */
  async run(model: Model, pair: Pair): Promise<void> {
    const ref = this.args.unknown ? undefined : pick(model, { kind: 'resource', n: this.args.n });
    this.shown = `resources.delete(${shown(ref)})`;
    const { target } = await pair.exchange({
      label: 'resources.delete',
      route: 'platform',
      envelope: { method: 'resources.delete', input: { resourceId: idOrUnknown(ref) } },
    }, model);
    if (ref && target.status === 200) model.entities.resource[ref.index].gone = true;
  }
}

// Optional names, descriptions and labels: short, well within their schema limits.
const text = fc.option(fc.string({ maxLength: 16 }), { nil: undefined });

/**
 * The `resources.*` commands.
 *
 * @param _config The target's catalogue (resources need none of it).
 * @returns The commands.
 */
export function resourceCommands(_config: ConformanceConfig): ConformanceCommand[] {
  const file = fc.oneof(
    { arbitrary: fc.nat(50), weight: 6 },
    { arbitrary: fc.constant('unknown' as const), weight: 1 },
  );
  return [
    {
      name: 'resources.create',
      // Revisions, reads, pages and deletion build on resources.
      weight: 2,
      arbitrary: fc.record({
        file,
        slug: fc.oneof(
          { arbitrary: fc.constant<SlugChoice>({ kind: 'new' }), weight: 6 },
          { arbitrary: fc.nat(50).map((n): SlugChoice => ({ kind: 'taken', n })), weight: 2 },
          {
            arbitrary: fc.constantFrom(...invalidSlugs).map((value): SlugChoice => ({
              kind: 'invalid',
              value,
            })),
            weight: 1,
          },
        ),
        name: text,
        description: text,
        label: text,
      }, { requiredKeys: ['file', 'slug'] }).map((args) => new CreateResource(args)),
    },
    {
      name: 'resources.addRevision',
      arbitrary: fc.record({ n: fc.nat(50), key: keyArbitrary, file, label: text }, {
        requiredKeys: ['n', 'key', 'file'],
      }).map((args) => new AddResourceRevision(args)),
    },
    {
      name: 'resources.get',
      arbitrary: fc.record({ n: fc.nat(50), key: keyArbitrary, twice: fc.boolean() })
        .map((args) => new GetResource(args)),
    },
    {
      name: 'resources.list',
      arbitrary: fc.record({
        // Now and then just outside 1–100: a near miss of an otherwise valid page (400 at /limit).
        limit: fc.option(
          fc.oneof(
            { arbitrary: fc.constantFrom(1, 2, 100), weight: 4 },
            { arbitrary: fc.integer({ min: 1, max: 100 }), weight: 4 },
            { arbitrary: fc.constantFrom(0, 101), weight: 1 },
          ),
          { nil: undefined },
        ),
        offset: fc.option(fc.nat(50), { nil: undefined }),
      }, { requiredKeys: [] }).map((args) => new ListResources(args)),
    },
    pageWalkCommand('resources.list'),
    {
      name: 'resources.delete',
      arbitrary: fc.record({
        n: fc.nat(50),
        unknown: fc.constantFrom(false, false, false, true),
      }).map((args) => new DeleteResource(args)),
    },
  ];
}
