/**
 * Checks seed data before a mock starts from it: the shape, with the
 * generated `MockSeed` validator, then what a schema cannot say: slugs and ids
 * are unique, and every template's bundle exists.
 *
 * @module
 */
import type { ValidationIssue } from '../../src/rpc/validation.ts';
import { componentValidators } from './_generated/validators.ts';
import type { MockSeed } from './seed.ts';

/** What {@linkcode checkSeed} found: the seed, or every problem with its JSON Pointer. */
export type SeedCheck = { ok: true; seed: MockSeed } | { ok: false; issues: ValidationIssue[] };

/**
 * Validates seed data.
 *
 * The shape is checked first; cross-references only once the shape is right, so each reported
 * path points into a well-formed seed.
 *
 * @param value Parsed JSON.
 * @returns The seed, or the issues, each with a JSON Pointer `path` and a `message`.
 *
 * @example A template whose bundle does not exist
 * ```ts
 * import assert from 'node:assert/strict';
 * import { checkSeed } from './seed-check.ts';
 * const result = checkSeed({
 *   templates: [{ slug: 'web', name: 'Web', bundleSlug: 'missing' }],
 *   bundles: [],
 *   presets: [],
 * });
 * assert.deepEqual(result, {
 *   ok: false,
 *   issues: [{ path: '/templates/0/bundleSlug', message: 'No bundle has slug "missing"' }],
 * });
 * ```
 */
export function checkSeed(value: unknown): SeedCheck {
  const shape = componentValidators.MockSeed!(value);
  if (!shape.ok) return { ok: false, issues: shape.issues };
  const seed = value as MockSeed;
  const issues: ValidationIssue[] = [];

  unique(seed.templates.map((t, i) => [t.slug, `/templates/${i}/slug`]), 'template slug', issues);
  unique(seed.bundles.map((b, i) => [b.slug, `/bundles/${i}/slug`]), 'bundle slug', issues);
  unique(seed.presets.map((p, i) => [p.id, `/presets/${i}/id`]), 'preset id', issues);
  const bundleIds: Entry[] = seed.bundles.flatMap((b, i) =>
    b.id === undefined ? [] : [[b.id, `/bundles/${i}/id`] as const]
  );
  unique(bundleIds, 'bundle id', issues);
  const revisionIds: Entry[] = seed.bundles.flatMap((b, i) =>
    b.revisions.flatMap((r, j) =>
      r.id === undefined ? [] : [[r.id, `/bundles/${i}/revisions/${j}/id`] as const]
    )
  );
  unique(revisionIds, 'revision id', issues);
  // Ids left out are generated in this form, so a seeded one could collide with them.
  for (const [id, path] of [...bundleIds, ...revisionIds]) {
    if (/^(bun|rev)_\d{6}$/.test(id)) {
      issues.push({
        path,
        message: `Id ${JSON.stringify(id)} has the form of a generated id; choose another`,
      });
    }
  }
  seed.presets.forEach((preset, i) => {
    const services: Entry[] = preset.services.map((s, j) =>
      [s.serviceType, `/presets/${i}/services/${j}/serviceType`] as const
    );
    unique(services, 'service type in this preset', issues);
  });

  const bundleSlugs = new Set(seed.bundles.map((b) => b.slug));
  seed.templates.forEach((template, i) => {
    if (!bundleSlugs.has(template.bundleSlug)) {
      issues.push({
        path: `/templates/${i}/bundleSlug`,
        message: `No bundle has slug ${JSON.stringify(template.bundleSlug)}`,
      });
    }
  });
  issues.sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }));
  return issues.length === 0 ? { ok: true, seed } : { ok: false, issues };
}

/** A value and the JSON Pointer it was found at. */
type Entry = readonly [value: string, path: string];

/** Reports every repeat of a value, naming where it first appeared. */
function unique(
  entries: readonly Entry[],
  what: string,
  issues: ValidationIssue[],
): void {
  const first = new Map<string, string>();
  for (const [value, path] of entries) {
    const earlier = first.get(value);
    if (earlier === undefined) first.set(value, path);
    else {issues.push({
        path,
        message: `Duplicate ${what} ${JSON.stringify(value)} (also at ${earlier})`,
      });}
  }
}
